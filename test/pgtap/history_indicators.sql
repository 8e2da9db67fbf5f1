-- An archived month keeps its indicators (a review, 2026-12-06): every
-- analyst view of efficiency, satisfaction and complaint_items returns the
-- same rows before and after archive_history_month() takes a month out of
-- the history, from the counts it records (efficiency_archived,
-- satisfaction_archived, item_cases_archived; 64_history.sql).  Until then
-- a month archived fell out of the views: its satisfaction and efficiency
-- went to nothing.
--
-- A county-like quarter, after indicator_quarter.sql: three departments in
-- two regions (HA and HC in 330201, HB in 330202), a county centre and a
-- town centre, a promised item with a legal limit and materials reduced by a
-- commitment, a 跑零次 item without a legal limit, an immediate item.
-- case  submitted (+08)   item  point  notes
--   j1  07-01 09:00       ha_a  PC     2 visits, window; rated 5
--   j2  07-01 15:00       ha_a  PT     returned, supplemented; rated 2, rectified on time
--   j3  07-07 09:00       ha_a  —      online; rated 4
--   j4  07-08 09:00       ha_z  PT     跑零次 item at the window (promise broken)
--   j5  07-09 09:00       hb_b  PC     immediate; rated 5
--   j6  07-10 09:00       hc_c  —      withdrawn
--   j7  08-01 05:00       hc_c  PC     local month August, case number of July (UTC 07-31 21:00)
--   j8  08-04 10:00       hb_b  PT     August, stays in the history; rated 3
--   j9  07-20 09:00       ha_a  PC     a July case settled after July was archived: July archived twice
-- Complaints about ha_a (none about a case): two in July, one in August.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(131);
DO $$ BEGIN PERFORM service_affair.create_roles(); END $$;

INSERT INTO department (code, name, region) VALUES
  ('HA', 'History A', '330201'), ('HB', 'History B', '330202'), ('HC', 'History C', '330201');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online, mobile) VALUES
  ('ha_a', 'History promised', 'HA', 'promised', 20, 5, 1, true, true),
  ('ha_z', 'History zero visit', 'HA', 'promised', NULL, 3, 0, true, false),
  ('hc_c', 'History C', 'HC', 'promised', 10, 10, 1, true, false),
  ('hb_b', 'History immediate', 'HB', 'immediate', 5, NULL, 1, true, false);
-- the licence views (data_sharing, one_licence_service, licence_monthly):
-- ha_a's residence proof is of an identity type, its decision issues a
-- licence valid for ever (a licence with a last day would hold July)
INSERT INTO evidence_type (code, name, holder_kind, source_department, validity_days, identity, number_format) VALUES
  ('h_home', 'Residence proof', 'any', 'HB', NULL, true, '{type}-{seq}'),
  ('h_lic', 'History licence', 'any', 'HA', NULL, false, '{type}-{seq}');
UPDATE item SET output_evidence_type = 'h_lic' WHERE code = 'ha_a';
INSERT INTO material (item, code, name, required, evidence_type, commitment_allowed) VALUES
  ('ha_a', 'form', 'Form', true, NULL, false),
  ('ha_a', 'home', 'Residence proof', true, 'h_home', true),
  ('ha_z', 'formz', 'Form Z', true, NULL, false),
  ('hc_c', 'formc', 'Form C', true, NULL, false),
  ('hb_b', 'formb', 'Form B', true, NULL, false);
INSERT INTO service_point (code, name, level, region) VALUES
  ('PC', 'County centre', 'county', '330201'),
  ('PT', 'Town centre', 'town', '330201');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'History Person');
CREATE FUNCTION pg_temp.p() RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM service_affair.applicant WHERE name = 'History Person' $$;
CREATE FUNCTION pg_temp.done(dept text, at timestamptz) RETURNS void LANGUAGE sql AS
$$ SELECT service_affair.complete_task(service_affair.claim_task(dept, 'rev', at), 'approved', at) $$;
CREATE TEMP TABLE k (name text PRIMARY KEY, id bigint);
CREATE FUNCTION pg_temp.at_point(n text, pt text) RETURNS void LANGUAGE sql AS
$$ UPDATE service_affair.cases SET receiving_point = pt WHERE id = (SELECT id FROM k WHERE name = n) $$;
CREATE FUNCTION pg_temp.id(n text) RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM k WHERE name = n $$;

-- July
INSERT INTO k SELECT 'j1', submit('ha_a', pg_temp.p(), '{form,home}', 'window', '{}', '2026-07-01 09:00+08');
SELECT pg_temp.at_point('j1', 'PC');
SELECT pg_temp.done('HA', '2026-07-03 10:00+08');
SELECT deliver(pg_temp.id('j1'), 'window', '2026-07-06 10:00+08');
INSERT INTO k SELECT 'j2', submit('ha_a', pg_temp.p(), '{}', 'window', '{}', '2026-07-01 15:00+08');
SELECT pg_temp.at_point('j2', 'PT');
SELECT supplement(pg_temp.id('j2'), '{form,home}', '2026-07-02 09:00+08', 'window');
SELECT pg_temp.done('HA', '2026-07-06 10:00+08');
SELECT deliver(pg_temp.id('j2'), 'electronic', '2026-07-06 11:00+08');
INSERT INTO k SELECT 'j3', submit('ha_a', pg_temp.p(), '{form,home}', 'online', '{}', '2026-07-07 09:00+08');
SELECT pg_temp.done('HA', '2026-07-07 16:00+08');
SELECT deliver(pg_temp.id('j3'), 'mail', '2026-07-08 10:00+08');
INSERT INTO k SELECT 'j4', submit('ha_z', pg_temp.p(), '{formz}', 'window', '{}', '2026-07-08 09:00+08');
SELECT pg_temp.at_point('j4', 'PT');
SELECT pg_temp.done('HA', '2026-07-15 10:00+08');
SELECT deliver(pg_temp.id('j4'), 'electronic', '2026-07-15 11:00+08');
INSERT INTO k SELECT 'j5', submit('hb_b', pg_temp.p(), '{formb}', 'window', '{}', '2026-07-09 09:00+08');
SELECT pg_temp.at_point('j5', 'PC');
SELECT pg_temp.done('HB', '2026-07-09 09:30+08');
SELECT deliver(pg_temp.id('j5'), 'window', '2026-07-09 09:40+08');
INSERT INTO k SELECT 'j6', submit('hc_c', pg_temp.p(), '{formc}', 'window', '{}', '2026-07-10 09:00+08');
SELECT withdraw(pg_temp.id('j6'), '2026-07-11 09:00+08');
-- the local first of August, the UTC last of July
INSERT INTO k SELECT 'j7', submit('hc_c', pg_temp.p(), '{formc}', 'window', '{}', '2026-08-01 05:00+08');
SELECT pg_temp.at_point('j7', 'PC');
SELECT pg_temp.done('HC', '2026-08-03 10:00+08');
SELECT deliver(pg_temp.id('j7'), 'window', '2026-08-03 11:00+08');
-- August
INSERT INTO k SELECT 'j8', submit('hb_b', pg_temp.p(), '{formb}', 'window', '{}', '2026-08-04 10:00+08');
SELECT pg_temp.at_point('j8', 'PT');
SELECT pg_temp.done('HB', '2026-08-04 10:30+08');
SELECT deliver(pg_temp.id('j8'), 'window', '2026-08-04 10:40+08');
-- ratings, and the bad one rectified in time
SELECT rate(pg_temp.id(n), lv, 'online', NULL, '2026-08-05 10:00+08')
  FROM (VALUES ('j1', 5), ('j2', 2), ('j3', 4), ('j5', 5), ('j8', 3)) r(n, lv);
SELECT id AS bad FROM rating WHERE case_id = pg_temp.id('j2') \gset
SELECT record_callback(:bad, '2026-08-06 10:00+08');
SELECT close_rectification(:bad, 'apologised', '2026-08-06 11:00+08');
-- complaints about the item (no case: they hold no month)
SELECT receive_complaint('12345', 'complaint', 'slow', '2026-07-20 10:00+08', item => 'ha_a'),
       receive_complaint('window', 'cannot_do', 'could not', '2026-07-21 10:00+08', item => 'ha_a', blocker => 'a stamp'),
       receive_complaint('online', 'complaint', 'rude', '2026-08-10 10:00+08', item => 'ha_a');

SELECT is(settle_cases('2026-11-30 00:00+08', 1000), 8, 'every case of July and August settles');
SELECT is(history_month_blocker('2026-07-01'), NULL, 'nothing holds July');
SELECT is((SELECT count(*) FROM cases WHERE case_month(id) = '2026-07-01'), 7::bigint,
  'July''s case numbers: j1 to j7 (j7 submitted on the local first of August)');

-- every view of the analysts, and each period function, as text rows
CREATE TEMP TABLE v (name text PRIMARY KEY, q text);
INSERT INTO v VALUES
  ('efficiency', 'SELECT x::text FROM service_affair.efficiency x'),
  ('efficiency_department', 'SELECT x::text FROM service_affair.efficiency_department x'),
  ('efficiency_region', 'SELECT x::text FROM service_affair.efficiency_region x'),
  ('efficiency_point', 'SELECT x::text FROM service_affair.efficiency_point x'),
  ('efficiency_overall', 'SELECT x::text FROM service_affair.efficiency_overall x'),
  ('efficiency_counts', 'SELECT x::text FROM service_affair.efficiency_counts x'),
  ('efficiency_rollup', 'SELECT x::text FROM service_affair.efficiency_rollup x'),
  ('efficiency_period', $$SELECT x::text FROM service_affair.efficiency_period('2026-07-01', '2026-08-31') x$$),
  ('efficiency_period_region', $$SELECT x::text FROM service_affair.efficiency_period_region('2026-07-01', '2026-07-31') x$$),
  ('efficiency_period_point', $$SELECT x::text FROM service_affair.efficiency_period_point('2026-08-01', '2026-08-31') x$$),
  ('satisfaction', 'SELECT x::text FROM service_affair.satisfaction x'),
  ('satisfaction_department', 'SELECT x::text FROM service_affair.satisfaction_department x'),
  ('satisfaction_region', 'SELECT x::text FROM service_affair.satisfaction_region x'),
  ('satisfaction_point', 'SELECT x::text FROM service_affair.satisfaction_point x'),
  ('satisfaction_overall', 'SELECT x::text FROM service_affair.satisfaction_overall x'),
  ('satisfaction_counts', 'SELECT x::text FROM service_affair.satisfaction_counts x'),
  ('satisfaction_rollup', 'SELECT x::text FROM service_affair.satisfaction_rollup x'),
  ('satisfaction_period', $$SELECT x::text FROM service_affair.satisfaction_period('2026-07-01', '2026-08-31') x$$),
  ('satisfaction_period_region', $$SELECT x::text FROM service_affair.satisfaction_period_region('2026-07-01', '2026-07-31') x$$),
  ('satisfaction_period_point', $$SELECT x::text FROM service_affair.satisfaction_period_point('2026-07-01', '2026-08-31') x$$),
  ('complaint_items', 'SELECT x::text FROM service_affair.complaint_items x'),
  ('data_sharing', 'SELECT x::text FROM service_affair.data_sharing x'),
  ('one_licence_service', 'SELECT x::text FROM service_affair.one_licence_service x'),
  ('licence_monthly', 'SELECT x::text FROM service_affair.licence_monthly x');
CREATE TEMP TABLE before1 (name text, r text);
CREATE FUNCTION pg_temp.snap(tbl text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE x record;
BEGIN
    FOR x IN SELECT * FROM v LOOP
        EXECUTE format('INSERT INTO %I SELECT %L, r FROM (%s) s(r)', tbl, x.name, x.q);
    END LOOP;
END $$;
SELECT pg_temp.snap('before1');
-- the data set shows in every view: July and August, both regions, both points
SELECT ok((SELECT count(*) FROM before1 b WHERE b.name = v.name) > 0, v.name || ': rows before archiving') FROM v ORDER BY v.name;
SELECT is((SELECT array_agg(month ORDER BY month) FROM efficiency_overall), ARRAY['2026-07-01', '2026-08-01']::date[],
  'efficiency_overall: July and August');

SELECT ok(archive_history_month('2026-07-01') > 0, 'July archived');
SELECT is((SELECT count(*) FROM cases WHERE case_month(id) = '2026-07-01'), 0::bigint, 'July''s cases have left the history');
CREATE TEMP TABLE after1 (name text, r text);
SELECT pg_temp.snap('after1');
SELECT is(ARRAY(SELECT r FROM after1 a WHERE a.name = v.name ORDER BY r), ARRAY(SELECT r FROM before1 b WHERE b.name = v.name ORDER BY r),
  v.name || ': the same rows after July was archived') FROM v ORDER BY v.name;

-- what was recorded: counts, not rates, at the finest grain
SELECT results_eq($$SELECT department, service, point, month, submitted, concluded, collected FROM efficiency_archived ORDER BY 1, 2, 3, 4$$,
  $$VALUES ('HA', 'ha_a', 'PC', '2026-07-01'::date, 1::bigint, 1::bigint, 1::bigint),
           ('HA', 'ha_a', 'PT', '2026-07-01', 1, 1, 1),
           ('HA', 'ha_a', NULL, '2026-07-01', 1, 1, 1),
           ('HA', 'ha_z', 'PT', '2026-07-01', 1, 1, 1),
           ('HB', 'hb_b', 'PC', '2026-07-01', 1, 1, 1),
           ('HC', 'hc_c', 'PC', '2026-08-01', 1, 1, 1),
           ('HC', 'hc_c', NULL, '2026-07-01', 1, 0, 0)$$,
  'efficiency_archived: one row per department, service, point and local month (j7 under August)');
SELECT is((SELECT sum(ratings)::integer || '/' || sum(level2)::integer || '/' || sum(rectified_on_time)::integer FROM satisfaction_archived),
  '4/1/1', 'satisfaction_archived: the four ratings of July''s cases, the bad one rectified on time');
SELECT results_eq($$SELECT item, month, cases FROM item_cases_archived ORDER BY 1, 2$$,
  $$VALUES ('ha_a', '2026-07-01'::date, 3::bigint), ('ha_z', '2026-07-01', 1), ('hb_b', '2026-07-01', 1),
           ('hc_c', '2026-07-01', 1), ('hc_c', '2026-08-01', 1)$$,
  'item_cases_archived: cases per item and local month');

SELECT results_eq($$SELECT (SELECT sum(issued + renewed) FROM licence_monthly_archived)::integer,
                           (SELECT sum(cases) FROM one_licence_archived)::integer,
                           (SELECT sum(hits + misses) FROM data_sharing_archived)::integer$$,
  $$VALUES (3, 3, 3)$$,
  'the licence views'' counts of July recorded: j1 to j3''s licences, cases with an identity material, residence proofs');

-- a July case settled after July left: July archived a second time, added to the first
INSERT INTO k SELECT 'j9', submit('ha_a', pg_temp.p(), '{form,home}', 'window', '{}', '2026-07-20 09:00+08');
SELECT pg_temp.at_point('j9', 'PC');
SELECT pg_temp.done('HA', '2026-07-21 10:00+08');
SELECT deliver(pg_temp.id('j9'), 'window', '2026-07-21 11:00+08');
SELECT rate(pg_temp.id('j9'), 4, 'online', NULL, '2026-07-22 10:00+08');
SELECT is(settle_cases('2026-11-30 00:00+08', 1000), 1, 'j9 settles into July made again');
CREATE TEMP TABLE before2 (name text, r text);
SELECT pg_temp.snap('before2');
SELECT ok(archive_history_month('2026-07-01') > 0, 'July archived a second time');
CREATE TEMP TABLE after2 (name text, r text);
SELECT pg_temp.snap('after2');
SELECT is((SELECT count(*) FROM v WHERE ARRAY(SELECT r FROM after2 a WHERE a.name = v.name ORDER BY r)
                                    IS DISTINCT FROM ARRAY(SELECT r FROM before2 b WHERE b.name = v.name ORDER BY r)), 0::bigint,
  'every view: the same rows after the second archive of July (the two archives summed)');
SELECT is((SELECT submitted FROM efficiency WHERE department = 'HA' AND service = 'ha_a' AND month = '2026-07-01'), 4::bigint,
  'ha_a in July: j1, j2, j3 from the first archive and j9 from the second');

-- what cannot be kept from counts: the per-case facts lose the month
SELECT is((SELECT count(*) FROM efficiency_facts WHERE month = '2026-07-01'), 0::bigint,
  'efficiency_facts (one row per case) has no row of an archived month (doc/ratings.md says so)');

-- append-only, read by analysts, written by nobody but archive_history_month()
SELECT throws_ok($$UPDATE service_affair.efficiency_archived SET submitted = submitted + 1$$, '42501', 'efficiency_archived is append-only',
  'UPDATE of efficiency_archived: 42501');
SELECT throws_ok($$DELETE FROM service_affair.satisfaction_archived$$, '42501', 'satisfaction_archived is append-only',
  'DELETE of satisfaction_archived: 42501');
SELECT throws_ok($$TRUNCATE service_affair.item_cases_archived$$, '42501', 'item_cases_archived is append-only',
  'TRUNCATE of item_cases_archived: 42501');
-- (the analysts: the counts, not restored_by, the login of the administrator
-- who restored a month: column grants since 2026-12-06, a review)
SELECT ok(has_column_privilege('service_affair_analyst', 'service_affair.efficiency_archived', 'submitted', 'SELECT')
          AND has_column_privilege('service_affair_analyst', 'service_affair.satisfaction_archived', 'ratings', 'SELECT')
          AND has_column_privilege('service_affair_analyst', 'service_affair.item_cases_archived', 'cases', 'SELECT')
          AND has_table_privilege('service_affair_admin', 'service_affair.efficiency_archived', 'SELECT'),
  'analysts and administrators read the counts of archived months');
SELECT ok(NOT has_table_privilege('service_affair_admin', 'service_affair.efficiency_archived', 'INSERT')
          AND NOT has_table_privilege('service_affair_admin', 'service_affair.satisfaction_archived', 'INSERT')
          AND NOT has_table_privilege('service_affair_admin', 'service_affair.item_cases_archived', 'INSERT')
          AND NOT has_table_privilege('service_affair_analyst', 'service_affair.efficiency_archived', 'INSERT')
          AND NOT has_table_privilege('public', 'service_affair.efficiency_archived', 'SELECT'),
  'nobody inserts into them (administrators write them through archive_history_month()), PUBLIC reads nothing');
SELECT is((SELECT count(*) FROM pg_extension e, unnest(e.extconfig) u(rel)
            WHERE e.extname = 'service_affair'
              AND u.rel IN ('service_affair.efficiency_archived'::regclass, 'service_affair.satisfaction_archived'::regclass,
                            'service_affair.item_cases_archived'::regclass)), 3::bigint,
  'the three are dumped with their rows (pg_extension_config_dump): a restore keeps an archived month''s indicators');

-- Bringing July back (restore_history_month(), a review 2026-12-06): until
-- then the DBA attached the archived tables by hand and the month was
-- counted twice, its cases live again and its counts still archived.
CREATE FUNCTION pg_temp.differ(a text, b text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM v WHERE ARRAY(SELECT r FROM %I a WHERE a.name = v.name ORDER BY r)
                    IS DISTINCT FROM ARRAY(SELECT r FROM %I b WHERE b.name = v.name ORDER BY r)', a, b) INTO n;
    RETURN n;
END $$;
-- efficiency_counts and satisfaction_counts (grouped since 2026-12-06 by
-- the triple (department, service, point) as one text[] and the month, the
-- region and the point's level joined after) against the six-column
-- grouping they replaced, row for row (EXCEPT ALL both ways: NULL keys,
-- the points of cases received online, equal as GROUP BY has them)
CREATE FUNCTION pg_temp.counts_differ() RETURNS bigint LANGUAGE sql AS $f$
    WITH old_e AS (
        SELECT u.department, u.region, u.service, u.point, u.point_level, u.month,
               sum(u.submitted)::bigint, sum(u.accepted)::bigint, sum(u.returned)::bigint, sum(u.tolerated)::bigint,
               sum(u.online)::bigint, sum(u.concluded)::bigint, sum(u.collected)::bigint, sum(u.awaiting_collection)::bigint,
               sum(u.zero_visit)::bigint, sum(u.at_most_once)::bigint, sum(u.zero_visit_reform)::bigint,
               sum(u.at_most_once_reform)::bigint, sum(u.promise_kept)::bigint, sum(u.immediate)::bigint,
               sum(u.overdue)::bigint, sum(u.workdays)::bigint, sum(u.reduced_materials)::bigint,
               sum(u.required_materials)::bigint, sum(u.promised_days)::bigint, sum(u.legal_days)::bigint,
               sum(u.no_legal_limit)::bigint
          FROM (SELECT e.department, e.region, e.service, e.point, e.point_level, e.month,
                       count(*) AS submitted, count(*) FILTER (WHERE e.accepted) AS accepted,
                       count(*) FILTER (WHERE e.returned) AS returned, count(*) FILTER (WHERE e.tolerated) AS tolerated,
                       count(*) FILTER (WHERE e.online) AS online, count(*) FILTER (WHERE e.concluded) AS concluded,
                       count(*) FILTER (WHERE e.collected) AS collected,
                       count(*) FILTER (WHERE e.awaiting_collection) AS awaiting_collection,
                       count(*) FILTER (WHERE e.zero_visit) AS zero_visit, count(*) FILTER (WHERE e.at_most_once) AS at_most_once,
                       count(*) FILTER (WHERE e.zero_visit_reform) AS zero_visit_reform,
                       count(*) FILTER (WHERE e.at_most_once_reform) AS at_most_once_reform,
                       count(*) FILTER (WHERE e.promise_kept) AS promise_kept, count(*) FILTER (WHERE e.immediate) AS immediate,
                       count(*) FILTER (WHERE e.overdue) AS overdue,
                       COALESCE(sum(e.workdays), 0)::bigint AS workdays,
                       COALESCE(sum(e.reduced_materials), 0)::bigint AS reduced_materials,
                       COALESCE(sum(e.required_materials), 0)::bigint AS required_materials,
                       COALESCE(sum(e.promised_days), 0)::bigint AS promised_days,
                       COALESCE(sum(e.legal_days), 0)::bigint AS legal_days,
                       count(*) FILTER (WHERE e.no_legal_limit) AS no_legal_limit
                  FROM service_affair.efficiency_facts e
                 GROUP BY e.department, e.region, e.service, e.point, e.point_level, e.month
                UNION ALL
                SELECT a.department, d.region, a.service, a.point, sp.level, a.month,
                       a.submitted, a.accepted, a.returned, a.tolerated, a.online, a.concluded, a.collected,
                       a.awaiting_collection, a.zero_visit, a.at_most_once, a.zero_visit_reform, a.at_most_once_reform,
                       a.promise_kept, a.immediate, a.overdue, a.workdays, a.reduced_materials, a.required_materials,
                       a.promised_days, a.legal_days, a.no_legal_limit
                  FROM service_affair.efficiency_archived a
                  LEFT JOIN service_affair.department d ON d.code = a.department
                  LEFT JOIN service_affair.service_point sp ON sp.code = a.point) u
         GROUP BY u.department, u.region, u.service, u.point, u.point_level, u.month),
    old_s AS (
        SELECT u.department, u.region, u.service, u.point, u.point_level, u.month,
               sum(u.ratings)::bigint, sum(u.level5)::bigint, sum(u.level4)::bigint, sum(u.level3)::bigint,
               sum(u.level2)::bigint, sum(u.level1)::bigint, sum(u.rectified_on_time)::bigint
          FROM (SELECT e.department, e.region, e.service, e.point, e.point_level, e.month,
                       count(*) AS ratings, count(*) FILTER (WHERE e.level5) AS level5, count(*) FILTER (WHERE e.level4) AS level4,
                       count(*) FILTER (WHERE e.level3) AS level3, count(*) FILTER (WHERE e.level2) AS level2,
                       count(*) FILTER (WHERE e.level1) AS level1, count(*) FILTER (WHERE e.rectified_on_time) AS rectified_on_time
                  FROM service_affair.satisfaction_facts e
                 GROUP BY e.department, e.region, e.service, e.point, e.point_level, e.month
                UNION ALL
                SELECT a.department, d.region, a.service, a.point, sp.level, a.month,
                       a.ratings, a.level5, a.level4, a.level3, a.level2, a.level1, a.rectified_on_time
                  FROM service_affair.satisfaction_archived a
                  LEFT JOIN service_affair.department d ON d.code = a.department
                  LEFT JOIN service_affair.service_point sp ON sp.code = a.point) u
         GROUP BY u.department, u.region, u.service, u.point, u.point_level, u.month)
    SELECT (SELECT count(*) FROM ((TABLE old_e EXCEPT ALL TABLE service_affair.efficiency_counts)
                                  UNION ALL (TABLE service_affair.efficiency_counts EXCEPT ALL TABLE old_e)) x)
         + (SELECT count(*) FROM ((TABLE old_s EXCEPT ALL TABLE service_affair.satisfaction_counts)
                                  UNION ALL (TABLE service_affair.satisfaction_counts EXCEPT ALL TABLE old_s)) x)
$f$;
SELECT cmp_ok((SELECT count(*) FROM service_affair.efficiency_counts WHERE point IS NULL), '>', 0::bigint,
              'efficiency_counts: groups of cases with no receiving point (a NULL key)');
SELECT is(pg_temp.counts_differ(), 0::bigint,
          'efficiency_counts, satisfaction_counts: the rows of the six-column grouping they replaced (July archived a second time, August live)');
SELECT is((SELECT count(*) FROM pg_tables WHERE schemaname = 'service_affair_archive' AND tablename ~ '_202607_2$') > 0, true,
  'July archived twice: the archive holds its _2 tables');
-- the manual way (doc/deployment.md), cases only: attached by hand, July counts twice
SAVEPOINT by_hand;
DO $$
DECLARE c record;
BEGIN
    INSERT INTO service_affair_archive.cases_settled_202607 SELECT * FROM service_affair_archive.cases_settled_202607_2;
    FOR c IN SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
              WHERE conrelid = 'service_affair.cases_settled'::regclass AND contype = 'c' LOOP
        EXECUTE format('ALTER TABLE service_affair_archive.cases_settled_202607 ADD CONSTRAINT %I %s', c.conname, c.def);
    END LOOP;
    ALTER TABLE service_affair_archive.cases_settled_202607 SET SCHEMA service_affair;
    EXECUTE format('ALTER TABLE service_affair.cases_settled ATTACH PARTITION service_affair.cases_settled_202607 FOR VALUES FROM (%s) TO (%s)',
                   (SELECT min(case_month_floor) FROM (SELECT month_floor(id) AS case_month_floor FROM service_affair.cases_settled_202607) x),
                   (SELECT min(case_month_floor) + 10000000000 FROM (SELECT month_floor(id) AS case_month_floor FROM service_affair.cases_settled_202607) x));
END $$;
SELECT is((SELECT submitted FROM efficiency WHERE department = 'HA' AND service = 'ha_a' AND month = '2026-07-01'), 8::bigint,
  'attached by hand: ha_a in July counts its four cases twice (live and archived)');
ROLLBACK TO SAVEPOINT by_hand;

SELECT throws_ok($$SELECT service_affair.restore_history_month(NULL)$$, '22023', 'restore_history_month() needs a month',
  'restore_history_month(NULL): 22023');
SELECT throws_ok($$SELECT service_affair.restore_history_month('2026-08-01')$$, '55000', 'month 2026-08 is not archived',
  'restore_history_month() of a month never archived: 55000');
SELECT ok(has_function_privilege('service_affair_admin', 'service_affair.restore_history_month(date)', 'EXECUTE')
          AND NOT has_function_privilege('service_affair_analyst', 'service_affair.restore_history_month(date)', 'EXECUTE')
          AND NOT has_function_privilege('public', 'service_affair.restore_history_month(date)', 'EXECUTE'),
  'administrators bring a month back, nobody else');

-- a month made again in the history (a partition of it) is refused, nothing changed
SAVEPOINT made_again;
SELECT history_month('cases', pg_temp.id('j1'));
CREATE TEMP TABLE counts_before AS
  SELECT (SELECT count(*) FROM efficiency_archived) AS e, (SELECT count(*) FROM satisfaction_archived) AS s,
         (SELECT count(*) FROM item_cases_archived) AS i,
         (SELECT count(*) FROM pg_tables WHERE schemaname = 'service_affair_archive') AS t;
SELECT throws_ok($$SELECT service_affair.restore_history_month('2026-07-01')$$, '55000', 'month 2026-07 is in the history again',
  'restore_history_month() of a month with a partition in the history again: 55000');
SELECT is((SELECT ROW((SELECT count(*) FROM efficiency_archived), (SELECT count(*) FROM satisfaction_archived),
                      (SELECT count(*) FROM item_cases_archived),
                      (SELECT count(*) FROM pg_tables WHERE schemaname = 'service_affair_archive'))::text),
          (SELECT ROW(e, s, i, t)::text FROM counts_before), 'the refused call changed nothing');
ROLLBACK TO SAVEPOINT made_again;

SELECT is(restore_history_month('2026-07-01'), 7, 'July comes back: one table per family that had rows (the two archives merged)');
CREATE TEMP TABLE restored1 (name text, r text);
SELECT pg_temp.snap('restored1');
SELECT is(pg_temp.differ('restored1', 'after2'), 0::bigint, 'every view: the same rows after July came back');
SELECT is(pg_temp.differ('restored1', 'before2'), 0::bigint, 'every view: the same rows as before July was archived the second time');
SELECT is((SELECT submitted FROM efficiency WHERE department = 'HA' AND service = 'ha_a' AND month = '2026-07-01'), 4::bigint,
  'ha_a in July: four cases, counted once (live), not twice');
SELECT is((SELECT count(*) FROM cases WHERE case_month(id) = '2026-07-01'), 8::bigint, 'July''s eight cases are in the history again (j9 with them)');
SELECT is((SELECT count(*) FROM efficiency_facts WHERE month = '2026-07-01'), 7::bigint, 'efficiency_facts has July''s cases again (j7 under August)');
SELECT is((SELECT count(*) FROM pg_tables WHERE schemaname = 'service_affair_archive' AND tablename ~ '_202607'), 0::bigint,
  'the archive holds no table of July any more (the _2 tables merged and dropped)');
SELECT is((SELECT sum(submitted) FROM efficiency_archived WHERE archived_month = '2026-07-01')::bigint, 0::bigint,
  'efficiency_archived: July''s counts taken back to nothing');
SELECT is((SELECT sum(ratings) FROM satisfaction_archived WHERE archived_month = '2026-07-01')::bigint, 0::bigint,
  'satisfaction_archived: July''s ratings taken back');
SELECT is((SELECT sum(cases) FROM item_cases_archived WHERE archived_month = '2026-07-01')::bigint, 0::bigint,
  'item_cases_archived: July''s cases taken back');
SELECT ok((SELECT bool_and(restored_by = session_user AND restored_at = now() AND submitted < 0)
             FROM efficiency_archived WHERE restored_at IS NOT NULL)
          AND (SELECT count(*) FROM efficiency_archived WHERE restored_at IS NULL) = 8,
  'the rows of the restore are new rows, negated, with when and who; the archives'' rows stay (append-only)');
-- past the insert guard (the marker of archive_history_month() and
-- restore_history_month(), set by hand): the check refuses the row
SET LOCAL service_affair.history_archiving = 'on';
SELECT throws_ok($$INSERT INTO service_affair.efficiency_archived (archived_month, archived_at, department, service, month, submitted, accepted, returned, tolerated, online, concluded, collected, awaiting_collection, zero_visit, at_most_once, zero_visit_reform, at_most_once_reform, promise_kept, immediate, overdue, workdays, reduced_materials, required_materials, promised_days, legal_days, no_legal_limit)
                   VALUES ('2026-07-01', now(), 'HA', 'ha_a', '2026-07-01', -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)$$,
  '23514', NULL, 'a negated row without restored_at/by is refused (23514)');
-- every archived count fits an integer (the <t>_range checks): the views sum
-- an archived row's counts as integer, so one row over 2^31 - 1 made
-- efficiency_counts, satisfaction_counts, every efficiency view and
-- complaint_items fail with 22003 (until 2026-12-06)
SELECT throws_ok($$INSERT INTO service_affair.efficiency_archived (archived_month, archived_at, department, service, month, submitted, accepted, returned, tolerated, online, concluded, collected, awaiting_collection, zero_visit, at_most_once, zero_visit_reform, at_most_once_reform, promise_kept, immediate, overdue, workdays, reduced_materials, required_materials, promised_days, legal_days, no_legal_limit)
                   VALUES ('2026-05-01', now(), 'HA', 'ha_big', '2026-05-01', 2147483648, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)$$,
  '23514', 'new row for relation "efficiency_archived" violates check constraint "efficiency_archived_range"',
  'efficiency_archived: submitted 2^31 is refused (23514, efficiency_archived_range)');
SELECT throws_ok($$INSERT INTO service_affair.efficiency_archived (archived_month, archived_at, department, service, month, submitted, accepted, returned, tolerated, online, concluded, collected, awaiting_collection, zero_visit, at_most_once, zero_visit_reform, at_most_once_reform, promise_kept, immediate, overdue, workdays, reduced_materials, required_materials, promised_days, legal_days, no_legal_limit)
                   VALUES ('2026-05-01', now(), 'HA', 'ha_big', '2026-05-01', 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2147483648, 0, 0, 0, 0, 0)$$,
  '23514', 'new row for relation "efficiency_archived" violates check constraint "efficiency_archived_range"',
  'efficiency_archived: workdays 2^31 in a row of one case is refused too');
SELECT throws_ok($$INSERT INTO service_affair.efficiency_archived (archived_month, archived_at, department, service, month, submitted, accepted, returned, tolerated, online, concluded, collected, awaiting_collection, zero_visit, at_most_once, zero_visit_reform, at_most_once_reform, promise_kept, immediate, overdue, workdays, reduced_materials, required_materials, promised_days, legal_days, no_legal_limit, restored_at, restored_by)
                   VALUES ('2026-05-01', now(), 'HA', 'ha_big', '2026-05-01', -2147483648, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, now(), 'x')$$,
  '23514', 'new row for relation "efficiency_archived" violates check constraint "efficiency_archived_range"',
  'efficiency_archived: a row of a restore taking back -2^31 is refused');
SELECT throws_ok($$INSERT INTO service_affair.satisfaction_archived (archived_month, archived_at, department, service, month, ratings, level5, level4, level3, level2, level1, rectified_on_time)
                   VALUES ('2026-05-01', now(), 'HA', 'ha_big', '2026-05-01', 2147483648, 2147483648, 0, 0, 0, 0, 0)$$,
  '23514', 'new row for relation "satisfaction_archived" violates check constraint "satisfaction_archived_range"',
  'satisfaction_archived: ratings 2^31 is refused (23514, satisfaction_archived_range)');
SELECT throws_ok($$INSERT INTO service_affair.item_cases_archived (archived_month, archived_at, item, month, cases)
                   VALUES ('2026-05-01', now(), 'ha_a', '2026-05-01', 2147483648)$$,
  '23514', 'new row for relation "item_cases_archived" violates check constraint "item_cases_archived_range"',
  'item_cases_archived: cases 2^31 is refused (23514, item_cases_archived_range)');
SELECT lives_ok($$SELECT * FROM service_affair.efficiency_counts$$, 'efficiency_counts reads, after the refused rows');
SELECT lives_ok($$SELECT * FROM service_affair.satisfaction_counts$$, 'satisfaction_counts reads, after the refused rows');
SELECT lives_ok($$SELECT * FROM service_affair.efficiency$$, 'efficiency reads, after the refused rows');
SELECT lives_ok($$SELECT * FROM service_affair.complaint_items$$, 'complaint_items reads, after the refused rows');
-- 2^31 - 1, the bound itself, is kept and summed
SAVEPOINT at_bound;
SELECT lives_ok($$INSERT INTO service_affair.efficiency_archived (archived_month, archived_at, department, service, month, submitted, accepted, returned, tolerated, online, concluded, collected, awaiting_collection, zero_visit, at_most_once, zero_visit_reform, at_most_once_reform, promise_kept, immediate, overdue, workdays, reduced_materials, required_materials, promised_days, legal_days, no_legal_limit)
                   VALUES ('2026-05-01', now(), 'HA', 'ha_big', '2026-05-01', 2147483647, 2147483647, 0, 0, 0, 2147483647, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2147483647, 0, 0, 0, 0, 0),
                          ('2026-05-01', now(), 'HA', 'ha_big', '2026-05-01', 2147483647, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)$$,
  'efficiency_archived: two rows of 2^31 - 1 are kept');
SELECT is((SELECT ROW(submitted, accepted, workdays)::text FROM efficiency_counts WHERE service = 'ha_big'),
          ROW(4294967294::bigint, 2147483647::bigint, 2147483647::bigint)::text,
          'efficiency_counts sums them past 2^31 (in bigint), no 22003');
-- so does complaint_items its cases: two rows of an item and month within
-- the bound (a month archived from two shards, or a local month reached by
-- two archived months) made it fail with 22003, its sum cast to integer
-- (until 2026-12-06, a review)
SELECT lives_ok($$INSERT INTO service_affair.item_cases_archived (archived_month, archived_at, item, month, cases)
                   VALUES ('2026-05-01', now(), 'ha_a', '2026-07-01', 2147483647),
                          ('2026-05-01', now(), 'ha_a', '2026-07-01', 2147483647)$$,
  'item_cases_archived: two rows of 2^31 - 1 under one item and month are kept');
SELECT lives_ok($$SELECT * FROM service_affair.complaint_items$$, 'complaint_items reads them (no 22003)');
SELECT ok((SELECT bool_and(cases > 4294967293) FROM service_affair.complaint_items WHERE item = 'ha_a' AND month = '2026-07-01'),
          'complaint_items sums them past 2^31 (in bigint)');
ROLLBACK TO SAVEPOINT at_bound;
RESET service_affair.history_archiving;
-- the restored months are as settling makes them: checks, foreign keys, the TRUNCATE guard
SELECT is((SELECT count(*) FROM history_partitions WHERE month = '2026-07-01'), 7::bigint, 'history_partitions: July''s seven partitions');
SELECT is((SELECT count(*) FROM pg_constraint p
            WHERE p.conrelid = 'service_affair.cases_settled'::regclass AND p.contype IN ('c', 'f')
              AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conrelid = 'service_affair.cases_settled_202607'::regclass
                                                           AND c.conname = p.conname)), 0::bigint,
  'cases_settled_202607 has every check and foreign key of cases_settled again');
SELECT throws_ok($$TRUNCATE service_affair.case_event_settled_202607$$, '42501', 'case history is append-only',
  'the month of case_event has its TRUNCATE guard again');
SELECT ok(settle_cases('2026-11-30 00:00+08', 1000) = 0 AND history_month_blocker('2026-07-01') IS NULL, 'nothing of July is open');

-- and archived again: still the same rows
-- a month whose counts of a group would pass 2^31 - 1 is refused by name
-- (54000) and stays in the history: a trigger of the test inflates the
-- workdays archive_history_month() writes (2^31 cases are beyond a test)
CREATE FUNCTION pg_temp.inflate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.restored_at IS NULL THEN NEW.workdays := 2147483648; ELSE NEW.submitted := -2147483648; END IF;
    RETURN NEW;
END $$;
SAVEPOINT too_large;
CREATE TRIGGER inflate BEFORE INSERT ON service_affair.efficiency_archived FOR EACH ROW EXECUTE FUNCTION pg_temp.inflate();
SELECT throws_ok($$SELECT service_affair.archive_history_month('2026-07-01')$$, '54000', 'month 2026-07 has counts too large to archive',
  'archive_history_month(): a count over 2^31 - 1 refuses the month by name (54000)');
SELECT is((SELECT count(*) FROM history_partitions WHERE month = '2026-07-01'), 7::bigint, 'July stays in the history');
ROLLBACK TO SAVEPOINT too_large;
SELECT ok(archive_history_month('2026-07-01') > 0, 'July archived a third time');
CREATE TEMP TABLE after3 (name text, r text);
SELECT pg_temp.snap('after3');
SELECT is(pg_temp.differ('after3', 'before2'), 0::bigint, 'every view: the same rows after July was archived again');
SELECT is(pg_temp.counts_differ(), 0::bigint, 'efficiency_counts, satisfaction_counts: the rows of the six-column grouping, July archived');
SAVEPOINT too_large;
CREATE TRIGGER inflate BEFORE INSERT ON service_affair.efficiency_archived FOR EACH ROW EXECUTE FUNCTION pg_temp.inflate();
SELECT throws_ok($$SELECT service_affair.restore_history_month('2026-07-01')$$, '54000', 'month 2026-07 has counts too large to take back',
  'restore_history_month(): a count over 2^31 - 1 to take back refuses the month by name (54000)');
SELECT is((SELECT count(*) FROM history_partitions WHERE month = '2026-07-01'), 0::bigint, 'July stays archived');
ROLLBACK TO SAVEPOINT too_large;
-- two rows of one archive under one key, each within the bound (two
-- shards' cases of one department, service, point and local month) summing
-- past it: until 2026-12-06 (a second review) the restore negated the sum
-- and refused the month (54000) it had let be archived; now row by row
SAVEPOINT two_shards;
SET LOCAL service_affair.history_archiving = 'on';
INSERT INTO service_affair.efficiency_archived (archived_month, archived_at, department, service, point, month, submitted, accepted, returned, tolerated, online, concluded, collected, awaiting_collection, zero_visit, at_most_once, zero_visit_reform, at_most_once_reform, promise_kept, immediate, overdue, workdays, reduced_materials, required_materials, promised_days, legal_days, no_legal_limit)
SELECT a.archived_month, a.archived_at, a.department, a.service, a.point, a.month, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2147483647, 0, 0, 0, 0, 0
  FROM (SELECT * FROM service_affair.efficiency_archived WHERE archived_month = '2026-07-01' AND restored_at IS NULL ORDER BY archived_at DESC LIMIT 1) a,
       generate_series(1, 2);
INSERT INTO service_affair.item_cases_archived (archived_month, archived_at, item, month, cases)
SELECT a.archived_month, a.archived_at, a.item, a.month, 2147483647
  FROM (SELECT * FROM service_affair.item_cases_archived WHERE archived_month = '2026-07-01' AND restored_at IS NULL ORDER BY archived_at DESC LIMIT 1) a,
       generate_series(1, 2);
RESET service_affair.history_archiving;
SELECT lives_ok($$SELECT service_affair.restore_history_month('2026-07-01')$$,
  'restore_history_month(): two rows of one archive and key within the bound, summing past it, are taken back (no 54000)');
SELECT is((SELECT count(*) FROM (SELECT 1 FROM service_affair.efficiency_archived WHERE archived_month = '2026-07-01'
                                  GROUP BY archived_at, department, service, point, month HAVING sum(submitted) <> 0 OR sum(workdays) <> 0) x)
          + (SELECT count(*) FROM (SELECT 1 FROM service_affair.item_cases_archived WHERE archived_month = '2026-07-01'
                                    GROUP BY archived_at, item, month HAVING sum(cases) <> 0) x),
          0::bigint, 'every key of July''s archives taken back whole');
ROLLBACK TO SAVEPOINT two_shards;
SELECT is(restore_history_month('2026-07-01'), 7, 'and brought back again');
CREATE TEMP TABLE restored2 (name text, r text);
SELECT pg_temp.snap('restored2');
SELECT is(pg_temp.differ('restored2', 'before2'), 0::bigint, 'every view: the same rows after the second restore (only the third archive taken back)');
SELECT is((SELECT sum(submitted) FROM efficiency_archived WHERE archived_month = '2026-07-01')::bigint, 0::bigint,
  'efficiency_archived: July nets to nothing again');
SELECT is(pg_temp.counts_differ(), 0::bigint, 'efficiency_counts, satisfaction_counts: the rows of the six-column grouping, after the second restore');
SELECT is((SELECT string_agg(format_type(a.atttypid, a.atttypmod), ',' ORDER BY a.attnum) FROM pg_attribute a
            WHERE a.attrelid = format('service_affair.%s', v)::regclass AND a.attnum > 0),
          'text,text,text,text,text,date' || repeat(',bigint', n),
          v || ': the column types of the six-column grouping')
  FROM (VALUES ('efficiency_counts', 21), ('satisfaction_counts', 7)) x(v, n);

-- the views whose one aggregate reads the live cases and the archived rows
-- unioned group them by at most two keys (a pair or triple of keys as one
-- text[], the region and the point's level joined after grouping): the
-- planner has no statistics for the columns of a UNION ALL and expects 200
-- values of each, so three keys or more (six until 2026-12-06 in the counts
-- views) looked like hundreds of thousands of groups and it sorted the cases,
-- an external merge of ~120 MB at 10^6 cases, instead of hashing a few
-- thousand groups (doc/benchmarks.md, "Indicators", "The counts views
-- sorted their cases"); every Group Key of each view's plan, whatever the
-- data
CREATE FUNCTION pg_temp.group_keys(q text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE p jsonb;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || q INTO p;
    RETURN (SELECT max(jsonb_array_length(k)) FROM jsonb_path_query(p, 'strict $.**."Group Key"') k);
END $$;
SELECT cmp_ok(pg_temp.group_keys('SELECT * FROM service_affair.' || v), '<=', 2,
              v || ': every aggregate of its plan groups by at most two keys')
  FROM unnest(ARRAY['efficiency_counts', 'satisfaction_counts', 'efficiency', 'efficiency_department',
                    'efficiency_region', 'efficiency_point', 'efficiency_overall']) v;

-- efficiency_facts reads the promise of a case's service from its item (the
-- primary key) or its bundle (grouped by its code), not by a join with
-- service_promise, a UNION ALL whose service column the planner has no
-- statistics for: past 200 services it took each for 200 values and
-- expected every case to match the catalog's rows / 200 of them (5.2M rows
-- for 10^6 cases, a hash join spilling at 4 MB in every efficiency view;
-- doc/benchmarks.md, "Indicators", "The complaint views and the catalog
-- promise").  With 250 more items, the facts are expected no more often
-- than the cases.  (The bundles are grouped by their code, whose uniqueness
-- the planner does not see: past 200 bundles it would expect too many
-- again.)
INSERT INTO item (code, name, department, kind)
SELECT 'hx_' || g, 'History extra ' || g, 'HA', 'immediate' FROM generate_series(1, 250) g;
ANALYZE service_affair.item;
ANALYZE service_affair.bundle;
ANALYZE service_affair.bundle_item;
ANALYZE service_affair.cases;
CREATE FUNCTION pg_temp.plan_rows(q text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE p jsonb;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || q INTO p;
    RETURN (p->0->'Plan'->>'Plan Rows')::numeric;
END $$;
SELECT cmp_ok(pg_temp.plan_rows('SELECT * FROM service_affair.efficiency_facts'), '<=',
              pg_temp.plan_rows('SELECT * FROM service_affair.cases'),
              'efficiency_facts: expected no more rows than the cases (past 200 catalogued services)');

SELECT * FROM finish();
ROLLBACK;
