-- A NULL id is a bad argument (22023, "<what> must not be null"), not an
-- unknown reference (23503 "No case has id NULL."): every API function that
-- looks a row up by an id asks refuse_null_id() (06_arguments.sql) when its
-- lookup found nothing, draw() in C.  Called as the superuser with every
-- other argument well formed, so that the id is what is refused, and the
-- case readers as a clerk too; a failed call writes nothing.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(38);
SELECT create_roles() \gset
INSERT INTO department (code, name, region) VALUES ('NI', 'Null ids', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('ni_item', 'Null ids item', 'NI', 'promised', 20, 10);

CREATE TEMP TABLE before AS
SELECT (SELECT count(*) FROM case_event) AS ev, (SELECT count(*) FROM complaint_event) AS cev,
       (SELECT count(*) FROM credit_event) AS cr, (SELECT count(*) FROM rating) AS ra;

CREATE FUNCTION pg_temp.null_id(q text, what text) RETURNS text LANGUAGE sql AS $$
  SELECT throws_ok(q, '22023', what || ' must not be null', q || ': 22023 ' || what || ' must not be null')
$$;

SELECT pg_temp.null_id(q, what) FROM (VALUES
  ($$SELECT withdraw(NULL, '2026-10-20 10:00+08')$$, 'case id'),
  ($$SELECT notice(NULL)$$, 'case id'),
  ($$SELECT deliver(NULL, 'window', '2026-10-20 10:00+08')$$, 'case id'),
  ($$SELECT receive_originals(NULL, '2026-10-20 10:00+08')$$, 'case id'),
  ($$SELECT record_visit(NULL, '2026-10-20 10:00+08')$$, 'case id'),
  ($$SELECT record_evidence(NULL, 'lc_bizlic', 'x', NULL)$$, 'case id'),
  ($$SELECT case_applicant(NULL)$$, 'case id'),
  ($$SELECT case_evidence(NULL)$$, 'case id'),
  ($$SELECT case_guide(NULL)$$, 'case id'),
  ($$SELECT rate(NULL, 5, 'online', NULL, '2026-10-20 10:00+08')$$, 'case id'),
  ($$SELECT complete_task(NULL, 'approved', '2026-10-20 10:00+08')$$, 'task id'),
  ($$SELECT suspend(NULL, 'testing', '2026-10-20 10:00+08')$$, 'task id'),
  ($$SELECT resume(NULL, '2026-10-20 10:00+08')$$, 'task id'),
  ($$SELECT extend(NULL, 2, 'site visit', '2026-10-20 10:00+08')$$, 'task id'),
  ($$SELECT record_check(NULL, 'kept', NULL, '2026-10-20 10:00+08')$$, 'check id'),
  ($$SELECT review_credit_event(NULL, true, 'checked', '2026-10-20 10:00+08')$$, 'credit event id'),
  ($$SELECT repair_credit_event(NULL, 'rectified', '2026-10-20 10:00+08')$$, 'credit event id'),
  ($$SELECT record_callback(NULL, '2026-10-20 10:00+08')$$, 'rating id'),
  ($$SELECT close_rectification(NULL, 'fixed', '2026-10-20 10:00+08')$$, 'rating id'),
  ($$SELECT appeal_rating(NULL, 'wrong office', '2026-10-20 10:00+08')$$, 'rating id'),
  ($$SELECT complaint_from_rating(NULL, 'body', '2026-10-20 10:00+08')$$, 'rating id'),
  ($$SELECT assign_complaint(NULL, 'nowhere', '2026-10-20 10:00+08')$$, 'complaint id'),
  ($$SELECT transfer_complaint(NULL, 'nowhere', 'not ours', '2026-10-20 10:00+08')$$, 'complaint id'),
  ($$SELECT supervise_complaint(NULL, '2026-12-31', '2026-10-20 10:00+08')$$, 'complaint id'),
  ($$SELECT reply_complaint(NULL, 'done', '2026-10-20 10:00+08')$$, 'complaint id'),
  ($$SELECT record_complaint_callback(NULL, true, '2026-10-20 10:00+08')$$, 'complaint id'),
  ($$SELECT close_complaint(NULL, '2026-10-20 10:00+08')$$, 'complaint id'),
  ($$SELECT review_catalog_change(NULL, true, 'ok')$$, 'catalog change id'),
  ($$SELECT review_catalog_version(NULL, 'ok')$$, 'catalog version id'),
  ($$SELECT draw(NULL, '\x01'::bytea)$$, 'plan id'),
  ($$SELECT record_result(NULL, 1, 'pass', NULL, '2026-10-20 10:00+08')$$, 'draw id'),
  ($$SELECT publish_results(NULL, '2026-10-20 10:00+08')$$, 'draw id'),
  ($$SELECT submit('ni_item', NULL::bigint, '{}', 'window', '{}', '2026-10-20 10:00+08')$$, 'applicant id'),
  ($$SELECT completeness('ni_item', NULL::bigint, '{}', '{}', '2026-10-20 10:00+08')$$, 'applicant id')
) v(q, what);

-- a clerk asking for a case's applicant with a NULL id: the bad argument, not
-- "permission denied for case NULL" (require_case_worker(), 41_identity.sql)
CREATE ROLE ni_clerk LOGIN IN ROLE service_affair_clerk;
INSERT INTO staff (login, department) VALUES ('ni_clerk', 'NI');
SET ROLE ni_clerk;
SELECT pg_temp.null_id(q, 'case id') FROM (VALUES
  ($$SELECT service_affair.case_applicant(NULL)$$), ($$SELECT service_affair.case_guide(NULL)$$)) v(q);
RESET ROLE;

SELECT is((SELECT (count(*) FILTER (WHERE p.proname IS NOT NULL))::int FROM (VALUES
  ('withdraw'), ('notice'), ('deliver'), ('receive_originals'), ('record_visit'), ('record_evidence'), ('case_applicant'),
  ('case_evidence'), ('case_guide'), ('rate'), ('complete_task'), ('suspend'), ('resume'), ('extend'), ('record_check'),
  ('review_credit_event'), ('repair_credit_event'), ('record_callback'), ('close_rectification'), ('appeal_rating'),
  ('complaint_from_rating'), ('assign_complaint'), ('transfer_complaint'), ('supervise_complaint'), ('reply_complaint'),
  ('record_complaint_callback'), ('close_complaint'), ('review_catalog_change'), ('review_catalog_version'), ('draw'),
  ('record_result'), ('publish_results')) n(name)
  LEFT JOIN pg_proc p ON p.proname = n.name AND p.pronamespace = 'service_affair'::regnamespace), 32,
  'the 32 functions called above are the extension''s (none is a stray overload)');
SELECT is((SELECT (ev, cev, cr, ra)::text FROM before),
          ((SELECT count(*) FROM case_event), (SELECT count(*) FROM complaint_event),
           (SELECT count(*) FROM credit_event), (SELECT count(*) FROM rating))::text,
          'the refused calls wrote nothing');

SELECT * FROM finish();
ROLLBACK;
