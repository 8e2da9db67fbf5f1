-- settle_cases() (issue 17, part 1.1, slice 2; doc/scale.md "Slice 2:
-- settling"): which cases settle and when, what moves where, what is refused
-- afterwards, what is still read, and the function's own errors.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(67);
\ir route_fixture.inc

-- k1 concluded (with a suspension), k2 withdrawn, k3 returned, k4 accepted,
-- k5 concluded and rated badly, all submitted 2026-02-13 (ids of 2026-02)
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS k1 \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS k2 \gset
SELECT submit('rt_biz', :p, '{}', 'window', '{}', '2026-02-13 10:00+08') AS k3 \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS k4 \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS k5 \gset
SELECT id AS t1 FROM task WHERE case_id = :k1 \gset
SELECT id AS t5 FROM task WHERE case_id = :k5 \gset
SELECT suspend(:t1, 'testing', '2026-02-16 10:00+08');
SELECT resume(:t1, '2026-02-17 10:00+08');
SELECT complete_task(:t1, 'approved', '2026-02-18 10:00+08');
SELECT withdraw(:k2, '2026-02-14 10:00+08');
SELECT complete_task(:t5, 'approved', '2026-02-18 10:00+08');
SELECT deliver(:k5, 'window', '2026-02-19 10:00+08');
-- k5's rectification is given a year (365 working days) so that it stays
-- open through the runs below: a rectification not closed more than
-- settle.quiet_days after its fix due day lapses and settles with its case
-- (since 2026-12-07, settle_fix_lapsed.sql)
UPDATE setting SET value = '365' WHERE name = 'rating.fix_days';
SELECT rate(:k5, 1, 'window', 'slow', '2026-02-19 11:00+08') AS r5 \gset
UPDATE setting SET value = '15' WHERE name = 'rating.fix_days';
SELECT receive_complaint('window', 'complaint', 'about k2', '2026-02-20 10:00+08', case_id => :k2, applicant => :p) AS q2 \gset

SELECT is(settle_moving(), false, 'settle_moving() is false outside settle_cases()');
SELECT is(settle_cases('2026-03-01 00:00+08'), 0, 'within the quiet period (90 days): nothing settles');
SELECT is(settle_cases('2026-12-01 00:00+08', 1000), 2,
  'months later: the withdrawn and the returned case settle; k1 (not delivered), k4 (accepted), k5 (rectification open) stay');
SELECT results_eq(format('SELECT id, settled FROM cases WHERE id IN (%s, %s, %s, %s, %s) ORDER BY id', :k1, :k2, :k3, :k4, :k5),
  format('VALUES (%s::bigint, false), (%s, true), (%s, true), (%s, false), (%s, false)', :k1, :k2, :k3, :k4, :k5),
  'exactly k2 and k3 are settled');
SELECT is(settle_cases('2026-12-01 00:00+08'), 0, 'a second run at the same instant settles nothing more');

-- k1: delivered now, then quiet for 90 days
SELECT deliver(:k1, 'window', '2026-12-01 10:00+08');
SELECT is(settle_cases('2027-02-28 10:00+08'), 0, '89 days after its delivery k1 is not settled');
SELECT count(*) AS n1 FROM case_event WHERE case_id = :k1 \gset
SELECT is(settle_cases('2027-03-01 10:00+08'), 1, '90 days after it is');
SELECT results_eq(format($q$SELECT * FROM case_progress(%s, '11010519491231002X')$q$, :k1),
  format($q$SELECT c.status, NULL::integer, c.department, c.due, '{}'::text[], NULL::text, NULL::date, NULL::timestamptz, NULL::timestamptz FROM cases c WHERE c.id = %s AND c.settled$q$, :k1),
  'its applicant still reads its progress from the history: its status, no open task, nothing missing, no point to collect at (no legs)');
SELECT results_eq(format($q$
  SELECT tableoid::regclass::text FROM cases WHERE id = %1$s
  UNION ALL SELECT tableoid::regclass::text FROM task WHERE id = %2$s
  UNION ALL SELECT DISTINCT tableoid::regclass::text FROM task_suspension WHERE task_id = %2$s
  UNION ALL SELECT DISTINCT tableoid::regclass::text FROM case_material WHERE case_id = %1$s
  UNION ALL SELECT DISTINCT tableoid::regclass::text FROM case_event WHERE case_id = %1$s$q$, :k1, :t1),
  $$VALUES ('cases_settled_202602'), ('task_settled_202602'), ('task_suspension_settled_202602'),
           ('case_material_settled_202602'), ('case_event_settled_202602')$$,
  'k1 and all its rows lie in the history partitions of February 2026');
SELECT is((SELECT count(*) FROM case_event_active WHERE case_id = :k1) + (SELECT count(*) FROM task_active WHERE case_id = :k1)
          + (SELECT count(*) FROM case_material_active WHERE case_id = :k1) + (SELECT count(*) FROM cases_active WHERE id = :k1),
  0::bigint, 'nothing of k1 is left in the open partitions');
SELECT results_eq(format('SELECT kind, at, detail FROM case_event WHERE case_id = %s ORDER BY id DESC LIMIT 1', :k1),
  $$VALUES ('settled', '2027-03-01 10:00+08'::timestamptz, '{"quiet_days": 90}'::jsonb)$$,
  'its history ends with the settled event');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :k1), :n1::bigint + 1,
  'every event of k1 moved, none lost or doubled, and the settled event added');
SELECT is((SELECT count(*) FROM pg_inherits WHERE inhparent = 'service_affair.cases_settled'::regclass), 1::bigint,
  'one month partition of cases_settled was made');
SELECT results_eq($$SELECT c.oid::regclass::text FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid
                     WHERE i.inhparent::regclass::text ~ '_settled$' AND c.oid::regclass::text ~ '_settled_202602$' ORDER BY 1$$,
  $$VALUES ('case_event_settled_202602'), ('case_material_settled_202602'), ('cases_settled_202602'),
           ('task_settled_202602'), ('task_suspension_settled_202602')$$,
  'the month''s partition of each table that had rows to move, and no other (k2 and k3 had no tasks, k1 no rating, leg or check)');
SELECT is((SELECT count(*) FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid
            WHERE c.relname ~ '_settled_202602$'
              AND (obj_description(c.oid, 'pg_class') IS NULL
                   OR EXISTS (SELECT FROM aclexplode(c.relacl) a WHERE a.grantee <> c.relowner))), 0::bigint,
  'each has a comment and grants nothing to anyone');

-- k5: the bad rating's rectification keeps it open; closed, it settles after the period
SELECT is(settle_cases('2027-03-01 10:00+08'), 0, 'k5 stays open while its rectification is');
-- closed without its call-back (the close may come first): the call-back
-- was due in February 2026, more than settle.quiet_days (90) days ago: it
-- is missed, no longer owed, record_callback() refuses it and the case
-- settles (until 2026-12-07 a call-back never made kept the case open for
-- ever; one still owed keeps it open: settle_callback_missed.sql)
SELECT close_rectification(:r5, 'apologised', '2027-03-01 11:00+08');
SELECT throws_ok(format('SELECT record_callback(%s, %L)', :r5, '2027-03-01 11:30+08'), '55000',
  format('the call-back of rating %s was missed', :r5), 'the call-back, missed, is refused');
SELECT is((SELECT called_back_at FROM rectification WHERE rating_id = :r5), NULL, 'the missed call-back is not recorded');
SELECT is((SELECT settled FROM cases WHERE id = :k5), false, 'k5 is not settled before the run');
SELECT is(settle_cases('2027-03-01 13:00+08'), 1, 'closed, its call-back missed: k5 settles (its last case event is of February)');
SELECT results_eq(format('SELECT (SELECT settled FROM rating WHERE id = %1$s), (SELECT settled FROM rectification WHERE rating_id = %1$s)', :r5),
  $$VALUES (true, true)$$, 'its rating and rectification moved with it');

-- k4 is accepted: never
SELECT is((SELECT settled FROM cases WHERE id = :k4), false, 'an accepted case is never settled, however old');

-- writes to settled cases: 55000
SELECT throws_ok(format('SELECT rate(%s, 5, %L, NULL, %L)', :k1, 'window', '2027-03-02 10:00+08'),
  '55000', format('case %s is settled', :k1), 'rate() of a settled case');
SELECT throws_ok(format('SELECT record_visit(%s, %L)', :k1, '2027-03-02 10:00+08'),
  '55000', format('case %s is settled', :k1), 'record_visit() of a settled case');
SELECT throws_ok(format('SELECT supplement(%s, %L, %L)', :k3, '{form}', '2027-03-02 10:00+08'),
  '55000', format('case %s is settled', :k3), 'supplement() of a settled returned case: a new submission is needed');
SELECT throws_ok(format('SELECT withdraw(%s, %L)', :k3, '2027-03-02 10:00+08'),
  '55000', format('case %s is settled', :k3), 'withdraw() of a settled case');
SELECT throws_ok(format('SELECT complete_task(%s, %L, %L)', :t1, 'denied', '2027-03-02 10:00+08'),
  '55000', format('task %s is settled', :t1), 'complete_task() of a settled case''s task');
SELECT throws_ok(format('SELECT appeal_rating(%s, %L, %L)', :r5, 'wrong', '2027-03-02 10:00+08'),
  '55000', format('rating %s is settled', :r5), 'appeal_rating() of a settled rating');
SELECT throws_ok(format('SELECT record_callback(%s, %L)', :r5, '2027-03-02 10:00+08'),
  '55000', format('rating %s is settled', :r5), 'record_callback() of a settled rating');
SELECT throws_ok(format('SELECT close_rectification(%s, %L, %L)', :r5, 'again', '2027-03-02 10:00+08'),
  '55000', format('rating %s is settled', :r5), 'close_rectification() of a settled rating');
SELECT throws_ok(format('SELECT complaint_from_rating(%s, %L, %L)', :r5, 'late', '2027-03-02 10:00+08'),
  '55000', format('rating %s is settled', :r5), 'complaint_from_rating() of a settled rating');
SELECT throws_ok(format('SELECT appeal_rating(9, %L, %L)', 'wrong', '2027-03-02 10:00+08'),
  '23503', 'unknown rating', 'appeal_rating() of an unknown rating: 23503, as before');

-- reads of settled cases
SELECT is((SELECT applicant FROM case_applicant(:k2)), :p::bigint, 'case_applicant() reads a settled case');
SELECT is((SELECT count(*) FROM notice(:k3)), (SELECT count(*) FROM material WHERE item = 'rt_biz' AND required),
  'notice() lists what the settled returned case lacked (all its required materials)');
SELECT is((SELECT case_id FROM complaint WHERE id = :q2), :k2::bigint, 'a complaint about a settled case keeps naming it');
SELECT lives_ok(format('SELECT receive_complaint(%L, %L, %L, %L, case_id => %s, applicant => %s)', 'window', 'complaint',
                       'about settled k1', '2027-03-02 10:00+08', :k1, :p), 'a complaint may name a settled case');
SELECT throws_ok(format('SELECT receive_complaint(%L, %L, %L, %L, case_id => 9, applicant => %s)', 'window', 'complaint',
                        'about nothing', '2027-03-02 10:00+08', :p), '23503', 'unknown case', 'but not an unknown one');
SELECT is((SELECT count(*) FROM case_sla WHERE case_id IN (:k1, :k2, :k3, :k5)), 0::bigint, 'case_sla lists no settled case');

-- the history stays append-only outside settling
SELECT throws_ok(format('UPDATE case_event SET settled = true WHERE case_id = %s', :k4), '42501',
  'case history is append-only', 'moving open history by hand is refused');
SELECT throws_ok(format('DELETE FROM case_event WHERE case_id = %s', :k1), '42501',
  'case history is append-only', 'deleting settled history is refused');
SELECT throws_ok(format('UPDATE case_event SET kind = %L WHERE case_id = %s', 'x', :k1), '42501',
  'case history is append-only', 'changing settled history is refused');
-- and a TRUNCATE of a partition, named or reached by a cascade (the
-- parent's trigger fired for the parent only: a DBA's review of 2026-12-04)
SELECT throws_ok('TRUNCATE service_affair.case_event_active', '42501', 'case history is append-only',
  'truncating the open cases'' history is refused');
SELECT throws_ok('TRUNCATE service_affair.case_event_settled', '42501', 'case history is append-only',
  'truncating the settled history is refused');
SELECT throws_ok(format('TRUNCATE service_affair.%I',
                        (SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                          WHERE i.inhparent = 'service_affair.case_event_settled'::regclass ORDER BY c.relname LIMIT 1)),
  '42501', 'case history is append-only', 'truncating a month settle_cases() made is refused');
SELECT throws_ok('TRUNCATE service_affair.cases CASCADE', '42501', 'case history is append-only',
  'a TRUNCATE of cases that cascades to the history is refused');
SELECT throws_ok('TRUNCATE service_affair.item CASCADE', '42501', 'the catalog is versioned: TRUNCATE of item is not allowed',
  'a TRUNCATE of the catalog is refused');
SELECT throws_ok('TRUNCATE service_affair.bundle_item', '42501', 'the catalog is versioned: TRUNCATE of bundle_item is not allowed',
  'bundle_item too');
SELECT is((SELECT count(*) FROM case_event WHERE case_id IN (:k1, :k4)) > 0, true, 'the history is there');

-- the arguments and the setting
SELECT throws_ok('SELECT settle_cases(NULL)', '22023', 'at must be a finite time', 'at NULL: 22023');
SELECT throws_ok('SELECT settle_cases(''infinity'')', '22023', 'at must be a finite time', 'at infinite: 22023');
SELECT throws_ok('SELECT settle_cases(now(), 0)', '22023', 'max_cases must be between 1 and 100000', 'max_cases 0: 22023');
SELECT throws_ok('SELECT settle_cases(now(), 100001)', '22023', 'max_cases must be between 1 and 100000', 'max_cases too large: 22023');
SELECT throws_ok('SELECT settle_cases(now(), NULL)', '22023', 'max_cases must be between 1 and 100000', 'max_cases NULL: 22023');
SELECT throws_ok('INSERT INTO setting (name, value) VALUES (''settle.quiet_days'', ''-1'')', '23514', NULL,
  'settle.quiet_days must be a number of days');
SELECT throws_ok('INSERT INTO setting (name, value) VALUES (''settle.quiet_days'', ''36501'')', '23514', NULL,
  'at most 36500');
SELECT lives_ok('INSERT INTO setting (name, value) VALUES (''settle.quiet_days'', ''0'')', 'settle.quiet_days 0: settle at once');

-- max_cases bounds a run
SELECT submit('rt_biz', :p, '{}', 'window', '{}', '2026-02-20 10:00+08') AS k6 \gset
SELECT submit('rt_biz', :p, '{}', 'window', '{}', '2026-02-20 10:00+08') AS k7 \gset
SELECT is(settle_cases('2026-02-21 10:00+08', 1), 1, 'max_cases 1: one case a run');
SELECT is(settle_cases('2026-02-21 10:00+08', 1), 1, 'and the next run the next');

-- an upheld appeal: the open rectification of a rating shown mistaken or
-- malicious no longer keeps its case open (until 2026-12-07 it did for ever)
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-20 10:00+08') AS k9 \gset
SELECT id AS t9 FROM task WHERE case_id = :k9 \gset
SELECT complete_task(:t9, 'approved', '2026-02-20 11:00+08');
SELECT deliver(:k9, 'window', '2026-02-20 12:00+08');
SELECT rate(:k9, 1, 'window', 'rated the wrong office', '2026-02-20 13:00+08') AS r9 \gset
SELECT appeal_rating(:r9, 'meant another office', '2026-02-20 14:00+08');
SELECT format('%s|%s|%s', rating_id, rectification_status, fix_due) AS followup9,
       (SELECT count(*) FROM satisfaction_facts WHERE case_id = :k9) AS facts9
  FROM case_followups WHERE case_id = :k9 \gset
SELECT is(settle_cases('2026-02-21 10:00+08'), 1, 'a case whose bad rating was appealed settles, its rectification left open');
SELECT results_eq(format('SELECT c.settled, r.settled, f.settled, f.closed_at IS NULL FROM cases c JOIN rating r ON r.case_id = c.id
                           JOIN rectification f ON f.rating_id = r.id WHERE c.id = %s', :k9),
  $$VALUES (true, true, true, true)$$, 'the case, its appealed rating and its open rectification moved to the history');
-- afterwards the open rectification is history as any settled row: its
-- writers say the rating is settled (55000), the reads show what they
-- showed before (satisfaction_facts leaves an appealed rating out either way)
SELECT throws_ok(format('SELECT close_rectification(%s, %L, %L)', :r9, 'fixed after all', '2026-02-22 10:00+08'),
  '55000', format('rating %s is settled', :r9), 'close_rectification() of the settled open rectification: 55000, the rating settled');
SELECT throws_ok(format('SELECT record_callback(%s, %L)', :r9, '2026-02-22 10:00+08'),
  '55000', format('rating %s is settled', :r9), 'record_callback() likewise');
SELECT throws_ok(format('SELECT appeal_rating(%s, %L, %L)', :r9, 'again', '2026-02-22 10:00+08'),
  '55000', format('rating %s is settled', :r9), 'appeal_rating() likewise');
SELECT is(ARRAY[(SELECT format('%s|%s|%s', rating_id, rectification_status, fix_due) FROM case_followups WHERE case_id = :k9),
                split_part(:'followup9', '|', 2)],
          ARRAY[:'followup9', 'open'], 'case_followups shows the settled case''s rectification as before settling (open)');
SELECT is(ARRAY[:facts9, (SELECT count(*) FROM satisfaction_facts WHERE case_id = :k9)], ARRAY[0, 0]::bigint[],
  'satisfaction_facts: the appealed rating counted neither before nor after settling');

-- a task numbered by another shard (after a region moved, src/core/caseid.h):
-- its month partition is named and bounded by its own id
SELECT last_value AS task_seq_was FROM task_id_seq \gset
SELECT setval('task_id_seq', 1000000000000) > 0 AS shard_one \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-20 10:00+08') AS k8 \gset
SELECT withdraw(:k8, '2026-02-20 11:00+08');
SELECT is(settle_cases('2026-02-21 10:00+08'), 1, 'a case whose task another shard numbered settles');
SELECT is((SELECT tableoid::regclass::text FROM task WHERE case_id = :k8), 'task_settled_k1_202602',
  'its task lies in the month partition of shard 1');

-- sequences do not roll back: the next suites number tasks as before
SELECT setval('task_id_seq', :task_seq_was) > 0 AS restored \gset
SELECT * FROM finish();
ROLLBACK;
