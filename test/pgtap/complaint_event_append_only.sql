-- The complaint history is append-only by trigger, as case_event and
-- credit_event (complaint_event_append_only(), 62_complaints.sql): the table
-- owner and superusers, whom the grants do not stop, cannot update, delete
-- nor truncate it.  Until 2026-12-07 by grants only: this file, run as the
-- superuser, changed and deleted a reply's judgement (on_time), which the
-- indicators count.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
\ir complaint_fixture.inc
SELECT receive_complaint('12345', 'complaint', 'kept', '2026-11-02 10:00+08', applicant => p) AS c1 FROM cf \gset
SELECT assign_complaint(:c1, 'CA', '2026-11-02 11:00+08');
SELECT reply_complaint(:c1, 'late', '2026-11-20 10:00+08');

SELECT throws_ok(format('UPDATE complaint_event SET on_time = true WHERE complaint_id = %s AND kind = %L', :c1, 'replied'),
                 '42501', 'complaint history is append-only', 'the superuser cannot turn a late reply on time');
SELECT throws_ok(format('DELETE FROM complaint_event WHERE complaint_id = %s', :c1),
                 '42501', 'complaint history is append-only', 'the superuser cannot delete the history');
SELECT throws_ok('TRUNCATE complaint_event', '42501', 'complaint history is append-only', 'nor truncate it');
-- the table owner (the extension's objects belong to the installing superuser;
-- a DBA may hand them to a plain role): refused as well
CREATE ROLE cea_owner;
ALTER TABLE complaint_event OWNER TO cea_owner;
GRANT USAGE ON SCHEMA service_affair TO cea_owner;
SET ROLE cea_owner;
SELECT throws_ok(format('DELETE FROM service_affair.complaint_event WHERE complaint_id = %s', :c1),
                 '42501', 'complaint history is append-only', 'the table owner cannot delete the history');
RESET ROLE;
SELECT is((SELECT array_agg(ROW(kind, on_time)::text ORDER BY id) FROM complaint_event WHERE complaint_id = :c1),
          ARRAY[ROW('received', NULL::boolean)::text, ROW('assigned', NULL::boolean)::text, ROW('replied', false)::text],
          'the history is as recorded, the late reply late');
-- the trigger function guards complaint_event only
CREATE TEMP TABLE cea_other (x int);
CREATE TRIGGER cea_other BEFORE DELETE ON cea_other FOR EACH ROW EXECUTE FUNCTION service_affair.complaint_event_append_only();
INSERT INTO cea_other VALUES (1);
SELECT throws_ok('DELETE FROM cea_other', '42501', 'complaint_event_append_only() is not a trigger of this table',
                 'the trigger function refuses to run on another table');
SELECT * FROM finish();
ROLLBACK;
