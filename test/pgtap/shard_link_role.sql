-- The shard extension's part of the companion checks (doc/scale.md
-- "Security", "On a shard: what the province node reads"): what
-- service_affair_shard does alone, without service_affair_router (PL/Proxy)
-- or service_affair_province, so it runs whether or not PL/Proxy is
-- installed.  The shard map's guards, setup_shard(), the licence format
-- trigger, and the province's link role on a shard: link_relations(),
-- link_privileges(), link_opaque_reads(), create_roles() revoking and
-- warning on an unfit function, the column grants hiding restored_by of the
-- archived-count tables.  province_hostile.sql has what the province does
-- (it runs without PL/Proxy too), companion_hostile.sql what needs the
-- router (it skips without PL/Proxy).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(64);

SET client_min_messages = warning;
CREATE EXTENSION service_affair_shard;
-- the group roles, as service_affair_router.create_roles() makes them in
-- companion_hostile.sql; service_affair_shard.create_roles() runs below,
-- where the link role's checks begin (the licence format trigger is
-- checked before it, without USAGE on schema service_affair_shard)
SELECT service_affair.create_roles();
RESET client_min_messages;

INSERT INTO service_affair_shard.shard VALUES ('hz', 1), ('nb', 2);
INSERT INTO service_affair_shard.shard_region VALUES ('3301', 'hz'), ('3302', 'nb');

CREATE ROLE sa_comp_admin LOGIN IN ROLE service_affair_admin;
CREATE ROLE sa_comp_login LOGIN;

-- ---- a plain login ----------------------------------------------------------------------
SET ROLE sa_comp_login;
SELECT throws_ok($$SELECT service_affair_shard.shard_of_region('3301')$$, '42501', NULL,
  'a plain login cannot use the shard map');
RESET ROLE;

-- the messages name the values they refuse, truncated
CREATE FUNCTION pg_temp.comp_msg(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ' ' || pg_catalog.octet_length(SQLERRM)::text;
END $$;
SELECT ok((SELECT pg_temp.comp_msg($$SELECT service_affair_shard.require_shard_of_region(pg_catalog.repeat('9', 100000))$$))
          ~ '^23503 [0-9]{1,3}$',
  'require_shard_of_region() names a huge region truncated (router submit() passes the caller''s region)');
SELECT ok((SELECT pg_temp.comp_msg($$SELECT service_affair_shard.setup_shard(pg_catalog.repeat('x', 100000))$$))
          ~ '^23503 [0-9]{1,3}$',
  'setup_shard() names a huge shard truncated');

-- ---- the licence format trigger, as the administrators who edit evidence types ---------------
SET ROLE sa_comp_admin;
SELECT throws_ok($$INSERT INTO service_affair.evidence_type (code, name, number_format) VALUES ('COMP_T', 'x', '{type}-{year}-{seq}')$$,
  '22023', NULL, 'an administrator setting a format without {region}: 22023 naming it, not 42501 on the shard schema');
RESET ROLE;
INSERT INTO service_affair.evidence_type (code, name) VALUES ('COMP_T', 'x');
SET ROLE sa_comp_admin;
SELECT throws_ok($$UPDATE service_affair.evidence_type SET number_format = '{type}-{seq}' WHERE code = 'COMP_T'$$,
  '22023', NULL, 'an administrator updating a format to one without {region}: 22023');
RESET ROLE;

-- ---- setup_shard() on a database that already holds numbered rows ---------------------------
-- Until 2026-12-03 only cases were refused: targets loaded before it kept
-- ids outside the shard's range, and every draw on the shard was refused.
CREATE TEMP TABLE shard_before AS
  SELECT n.tab FROM service_affair_shard.numbered_tables() n;
-- a catalog loaded locally writes its history (catalog_version): no obstacle
INSERT INTO service_affair.department (code, name, region) VALUES ('SH_CAT', 'Shard catalog', '330100');
INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit) VALUES ('sh_cat', 'Shard item', 'SH_CAT', 'promised', 20, 5);
INSERT INTO service_affair.target (uscc, name, risk) VALUES ('91330201MA2CNKXL08', 'Loaded too early', 'A');
INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Registered too early');
SELECT ok((SELECT count(DISTINCT tab) FROM shard_before
            WHERE tab IN ('service_affair.cases'::regclass, 'service_affair.target'::regclass, 'service_affair.applicant'::regclass,
                          'service_affair.task'::regclass, 'service_affair.rating'::regclass, 'service_affair.draw'::regclass)) = 6,
  'numbered_tables() lists the cases, tasks, ratings, targets, applicants and draws');
SELECT throws_ok($$SELECT service_affair_shard.setup_shard('hz')$$, '55000',
  'this database already holds rows that a shard numbers', 'setup_shard() with targets and applicants loaded: 55000');
\ir error_detail.inc
SELECT ok(pg_temp.detail_of($$SELECT service_affair_shard.setup_shard('hz')$$)
          ~ '^service_affair\.applicant, service_affair\.target hold rows',
  'the detail names the tables that hold rows, not the catalog''s history (catalog_version has rows)');
SELECT is((SELECT count(*) FROM service_affair_shard.local_shard), 0::bigint, 'and the database did not become a shard');
DELETE FROM service_affair.target WHERE name = 'Loaded too early';
DELETE FROM service_affair.applicant WHERE name = 'Registered too early';

-- ---- a shard's identity (superuser, as the shard map's editors) -----------------------------
SELECT throws_ok($$UPDATE service_affair_shard.shard SET number = 7 WHERE name = 'hz'$$, '55000',
  'the number of shard hz is fixed', 'renumbering a shard of the map: 55000 (its ids carry the number)');
SELECT lives_ok($$UPDATE service_affair_shard.shard SET number = number WHERE name = 'hz'$$,
  'an update that keeps the number passes');
-- renamed on the province node, the rename replicated to the shard (no
-- cascade under logical apply) left its local_shard naming no shard and
-- every case of its regions refused (a review, 2026-12-04)
SELECT throws_ok($$UPDATE service_affair_shard.shard SET name = 'hangzhou' WHERE name = 'hz'$$, '55000',
  'the name of shard hz is fixed', 'renaming a shard of the map: 55000 (its local_shard row and servers carry the name)');
SELECT is((SELECT string_agg(prefix || '=' || shard, ',' ORDER BY prefix) FROM service_affair_shard.shard_region),
  '3301=hz,3302=nb', 'and nothing cascaded to the region map');
SELECT lives_ok($$UPDATE service_affair_shard.shard SET name = name, number = number WHERE name = 'nb'$$,
  'an update that keeps name and number passes');
-- nor be given to another shard once its row is deleted: until 2026-12-06
-- (a review) a shard row nothing referenced could be deleted and its number
-- reused, and every id the first shard gave then routed to the new one
INSERT INTO service_affair_shard.shard VALUES ('tz', 3), ('jx', 4), ('hu', 5);
DELETE FROM service_affair_shard.shard WHERE name = 'tz';
SELECT throws_ok($$INSERT INTO service_affair_shard.shard VALUES ('wz', 3)$$, '55000',
  'shard number 3 was shard tz''s', 'a deleted shard''s number given to another shard: 55000');
SELECT ok(pg_temp.detail_of($$INSERT INTO service_affair_shard.shard VALUES ('wz', 3)$$)
          ~ '^Shard tz, deleted from the map, numbered its ids with 3: they carry it, and with shard wz they would be routed to it\.$',
  '... the detail names the deleted shard, its number and the new shard');
SELECT lives_ok($$INSERT INTO service_affair_shard.shard VALUES ('tz', 3)$$,
  'the same shard (name and number) may come back');
SELECT is((SELECT count(*)::int FROM service_affair_shard.retired_number WHERE number = 3), 0,
  '... which takes its number out of retired_number');
DELETE FROM service_affair_shard.shard WHERE name = 'tz';
SET client_min_messages = warning;  -- the cascade's notices
TRUNCATE service_affair_shard.shard_region, service_affair_shard.shard CASCADE;
RESET client_min_messages;
SELECT is((SELECT string_agg(number || '=' || name, ',' ORDER BY number) FROM service_affair_shard.retired_number),
  '1=hz,2=nb,3=tz,4=jx,5=hu', 'a deleted row and a truncated map leave every number in retired_number');
SELECT throws_ok($$INSERT INTO service_affair_shard.shard VALUES ('wz', 4)$$, '55000',
  'shard number 4 was shard jx''s', '... and none of them is given to another shard');
-- the map as it was for what follows
INSERT INTO service_affair_shard.shard VALUES ('hz', 1), ('nb', 2);
INSERT INTO service_affair_shard.shard_region VALUES ('3301', 'hz'), ('3302', 'nb');

-- a region being moved keeps its row of the map (deleted, the move's row went
-- with it by cascade and the write freeze ended; a review, 2026-12-04)
INSERT INTO service_affair_shard.region_move (prefix, to_shard) VALUES ('3302', 'hz');
SELECT throws_ok($$DELETE FROM service_affair_shard.shard_region WHERE prefix = '3302'$$, '55000',
  'region 3302 is being moved', 'deleting the map row of a region being moved: 55000');
SELECT throws_ok($$UPDATE service_affair_shard.shard_region SET prefix = '330203' WHERE prefix = '3302'$$, '55000',
  'region 3302 is being moved', 'changing its prefix: 55000');
SELECT is((SELECT count(*)::int FROM service_affair_shard.region_move WHERE prefix = '3302'), 1, 'the move stands');
SELECT lives_ok($$UPDATE service_affair_shard.shard_region SET shard = shard WHERE prefix = '3302'$$,
  'the serving shard may still be written (finish_region_move() does)');
DELETE FROM service_affair_shard.region_move WHERE prefix = '3302';

INSERT INTO service_affair_shard.local_shard (shard) VALUES ('hz');
SELECT throws_ok($$UPDATE service_affair_shard.local_shard SET shard = 'nb'$$, '55000',
  'this database is shard hz', 'changing which shard this database is: 55000 (its sequences stay in the range of hz)');
SELECT is((SELECT shard FROM service_affair_shard.local_shard), 'hz', 'and the row is as it was');
-- nor by a DELETE then an INSERT naming another shard while the database
-- holds rows numbered in its range: until 2026-12-06 (a review) the
-- INSERT's trigger restarted the sequences in the new shard's range while
-- the rows kept hz's ids (setup_shard() refused it; plain DML did not)
INSERT INTO service_affair.target (uscc, name, risk) VALUES ('91330201MA2CNKXL08', 'Numbered by hz', 'A');
SELECT throws_ok($$DELETE FROM service_affair_shard.local_shard; INSERT INTO service_affair_shard.local_shard (shard) VALUES ('nb')$$, '55000',
  'this database holds rows numbered by shard hz',
  'DELETE then INSERT of local_shard naming another shard, with a target numbered by hz: 55000');
SELECT ok(pg_temp.detail_of($$DELETE FROM service_affair_shard.local_shard; INSERT INTO service_affair_shard.local_shard (shard) VALUES ('nb')$$)
          ~ '^service_affair\.target hold rows numbered in the range of shard hz \[1000000000000, 1999999999999\]; becoming shard nb',
  '... the detail names the tables, the old shard''s range and the new shard');
SELECT is((SELECT l.shard || ' ' || q.seqmin FROM service_affair_shard.local_shard l,
                  pg_catalog.pg_sequence q WHERE q.seqrelid = pg_catalog.pg_get_serial_sequence('service_affair.target', 'id')::regclass),
          'hz 1000000000000', '... the database is still hz, its sequences in hz''s range');
SELECT lives_ok($$DELETE FROM service_affair_shard.local_shard; INSERT INTO service_affair_shard.local_shard (shard) VALUES ('hz')$$,
  'the same shard''s row put back passes (as a restore inserts it)');
DELETE FROM service_affair.target WHERE name = 'Numbered by hz';
SELECT lives_ok($$DELETE FROM service_affair_shard.local_shard; INSERT INTO service_affair_shard.local_shard (shard) VALUES ('nb');
                  DELETE FROM service_affair_shard.local_shard; INSERT INTO service_affair_shard.local_shard (shard) VALUES ('hz')$$,
  'with no numbered rows the row may name another shard (the sequences move, as setup_shard() moves them)');

-- the shard's link view of complaints (doc/scale.md, "The province's
-- login"): every column of complaint that the single node's complaint_queue
-- and complaint_facts read, which the province re-creates over it, but the
-- complainant (anonymous instead).  Until 2026-12-05 (a review) the view
-- narrowed on 2026-12-05 lacked effective_due, the generated column
-- complaint_queue reads since that day: the province complaint_queue
-- failed on every shard (42703; scale_shards.pl)
SELECT is(ARRAY(SELECT DISTINCT a.attname::text
                  FROM pg_catalog.pg_rewrite r
                  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
                   AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = 'service_affair.complaint'::regclass
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                 WHERE r.ev_class IN ('service_affair.complaint_queue'::regclass, 'service_affair.complaint_facts'::regclass)
                   AND a.attname <> 'applicant'
                EXCEPT
                SELECT b.attname::text FROM pg_catalog.pg_attribute b
                 WHERE b.attrelid = 'service_affair_shard.complaint'::regclass AND b.attnum > 0 AND NOT b.attisdropped
                ORDER BY 1),
          '{}'::text[],
          'service_affair_shard.complaint has every column complaint_queue and complaint_facts read (effective_due included), the complainant aside');
-- and every column of complaint_event that complaint_facts reads: since
-- 2026-12-07 a transfer's department (whose the replies before it were);
-- without it the province's complaint counts of a moving region fail (42703)
SELECT is(ARRAY(SELECT DISTINCT a.attname::text
                  FROM pg_catalog.pg_rewrite r
                  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
                   AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = 'service_affair.complaint_event'::regclass
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                 WHERE r.ev_class = 'service_affair.complaint_facts'::regclass
                EXCEPT
                SELECT b.attname::text FROM pg_catalog.pg_attribute b
                 WHERE b.attrelid = 'service_affair_shard.complaint_event'::regclass AND b.attnum > 0 AND NOT b.attisdropped
                ORDER BY 1),
          '{}'::text[],
          'service_affair_shard.complaint_event has every column complaint_facts reads (department included)');

-- ---- the shard's link view of cases (issue 10: personal data only through a reason) ----
-- The link role reads no more of a shard's cases than id and department,
-- what find_case() and the other province readers need: until 2026-12-06
-- (a review) service_affair_shard.cases showed every column, the
-- applicant's id and the agent's included (doc/scale.md, "On a shard: what
-- the province node reads"; companion_hostile.sql checks find_case())
SELECT service_affair_shard.create_roles();
SELECT is(ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = 'service_affair_shard.cases'::regclass AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY a.attnum),
          ARRAY['id', 'department'],
  'service_affair_shard.cases, the province''s link view, shows id and department only, what its readers read');
SELECT is_empty($$SELECT a.attrelid::regclass::text || '.' || a.attname
                    FROM pg_catalog.pg_attribute a
                   WHERE a.attrelid IN ('service_affair.cases'::regclass, 'service_affair_shard.cases'::regclass)
                     AND a.attnum > 0 AND NOT a.attisdropped AND a.attname NOT IN ('id', 'department')
                     AND pg_catalog.has_column_privilege('service_affair_province_link', a.attrelid, a.attnum, 'SELECT')$$,
  'service_affair_province_link may select no column of cases but id and department (not applicant, not agent), in the table nor in the view');
CREATE ROLE sa_comp_link LOGIN IN ROLE service_affair_province_link;
SET ROLE sa_comp_link;
SELECT throws_ok($$SELECT applicant FROM service_affair_shard.cases$$, '42703', NULL,
  'the province''s link role: applicant of service_affair_shard.cases is no column (42703)');
SELECT throws_ok($$SELECT applicant FROM service_affair.cases$$, '42501', NULL,
  '... and the table cases is refused (42501): an administrator''s');
SELECT lives_ok($$SELECT id, department FROM service_affair_shard.cases WHERE id = 1$$,
  '... which reads id and department there, what find_case() and the other province readers need');
RESET ROLE;


-- ---- ACLs of service_affair_shard after its create_roles() -------------------------------
-- (companion_acl.inc; companion_hostile.sql runs it over the three companion
-- extensions after service_affair_router.create_roles(), with PL/Proxy only)
\set acl_schemas '{service_affair_shard}'
\set acl_label 'service_affair_shard'
\ir companion_acl.inc

-- ---- the province's login on a shard: service_affair_province_link alone ----------------------
-- The login is a member of service_affair_province_link and of no other
-- group role (doc/scale.md, "On a shard: what the province node reads"):
-- the link role reads the indicator views, rollups and counts the province
-- mirrors itself.  Until 2026-12-06 (a review) the login was an analyst as
-- well, for those views, and so read every relation and function of the
-- analysts on the shard: every task with its reviewers' free text (note,
-- suspend_reason, extension_reason), applicant_masked, the access log's
-- daily counts per login, licence_review, the catalog's history ...
-- (province_hostile.sql compares link_relations() with the province's
-- mirrored)
SET ROLE sa_comp_link;
SELECT lives_ok($x$DO $d$
DECLARE v text;
BEGIN
    FOREACH v IN ARRAY ARRAY['efficiency', 'efficiency_department', 'efficiency_region', 'efficiency_point', 'efficiency_overall',
                             'efficiency_rollup', 'efficiency_counts', 'satisfaction', 'satisfaction_department',
                             'satisfaction_region', 'satisfaction_point', 'satisfaction_overall', 'satisfaction_rollup',
                             'satisfaction_counts', 'complaint_indicators', 'complaint_indicators_region',
                             'complaint_indicators_point', 'complaint_indicators_overall', 'complaint_rollup', 'complaint_counts'] LOOP
        EXECUTE pg_catalog.format('SELECT * FROM service_affair.%I LIMIT 1', v);
    END LOOP;
END $d$$x$,
  'the link role alone reads every indicator view, rollup and counts the province imports (until 2026-12-06 only as an analyst too: 42501)');
SELECT throws_ok($$SELECT note FROM service_affair.task$$, '42501', NULL,
  '... and not the tasks, with their reviewers'' notes and reasons (an analyst''s)');
SELECT throws_ok($$SELECT name FROM service_affair.applicant_masked$$, '42501', NULL,
  '... nor applicant_masked (an analyst''s)');
RESET ROLE;
SELECT is_empty($$SELECT a.attrelid::regclass::text || '.' || a.attname
                    FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
                   WHERE c.relnamespace IN ('service_affair'::regnamespace, 'service_affair_shard'::regnamespace)
                     AND a.attnum > 0 AND NOT a.attisdropped
                     AND a.attname IN ('applicant', 'agent', 'resident_id', 'uscc', 'identifier', 'evidence', 'reference',
                                       'note', 'comment', 'reason', 'suspend_reason', 'extension_reason', 'findings',
                                       'actor', 'login', 'assignee', 'before_image', 'after_image', 'payload')
                     AND pg_catalog.has_column_privilege('service_affair_province_link', a.attrelid, a.attnum, 'SELECT')
                     AND NOT pg_catalog.has_column_privilege('public', a.attrelid, a.attnum, 'SELECT')$$,
  'service_affair_province_link selects no column of a person, an actor or free text of staff (applicant, resident_id, note, reasons, actor, ...) on a shard (but the calendar days'' notes, PUBLIC''s)');
SELECT is_empty($$SELECT r.rolname::text FROM pg_catalog.pg_auth_members m
                    JOIN pg_catalog.pg_roles r ON r.oid = m.roleid
                   WHERE m.member = 'service_affair_province_link'::regrole$$,
  'service_affair_province_link is a member of no role (no analyst''s privileges through it)');

-- link_privileges() grants what pg_depend shows a function reads (a SQL
-- function with a BEGIN ATOMIC body); the reads of any other body are
-- opaque to it: such a function the link role would execute is refused
-- (55000) unless IMMUTABLE and not SECURITY DEFINER.  Until 2026-12-06 (a
-- review) it was granted unseen: a rates function of a mirrored view
-- rewritten with a string body as SECURITY DEFINER read applicant for the
-- link role, which may select no column of it
-- pg_temp.unfit_efficiency_rates(): efficiency_rates() (a mirrored view's,
-- granted to the link role) rewritten unfit for it: SECURITY DEFINER with a
-- string body, reading applicant
CREATE FUNCTION pg_temp.unfit_efficiency_rates() RETURNS void LANGUAGE plpgsql AS $u$
BEGIN
    CREATE OR REPLACE FUNCTION service_affair.efficiency_rates(x service_affair.efficiency_rollup, OUT online_rate numeric,
        OUT zero_visit_rate numeric, OUT at_most_once_rate numeric, OUT zero_visit_reform_rate numeric,
        OUT at_most_once_reform_rate numeric, OUT promise_kept_rate numeric, OUT immediate_rate numeric,
        OUT material_reduction_rate numeric, OUT time_compression numeric, OUT avg_workdays numeric, OUT overdue_rate numeric)
        LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = pg_catalog, pg_temp
    AS $f$ SELECT (SELECT count(*) FROM service_affair.applicant)::numeric, NULL::numeric, NULL::numeric, NULL::numeric, NULL::numeric,
                  NULL::numeric, NULL::numeric, NULL::numeric, NULL::numeric, NULL::numeric, NULL::numeric $f$;
END $u$;
SAVEPOINT opaque;
SELECT pg_temp.unfit_efficiency_rates();
SELECT throws_ok($$SELECT * FROM service_affair_shard.link_privileges()$$, '55000',
  'service_affair_province_link would execute functions whose reads pg_depend does not show: service_affair.efficiency_rates(service_affair.efficiency_rollup) (sql with a string body, SECURITY DEFINER)',
  'link_privileges() refuses a function a mirrored view calls whose body pg_depend does not show (a SQL string body) run as its owner (55000, naming it)');
ROLLBACK TO SAVEPOINT opaque;
SAVEPOINT opaque;
ALTER FUNCTION service_affair.satisfaction_rates(service_affair.satisfaction_rollup) STABLE;
SELECT throws_ok($$SELECT * FROM service_affair_shard.link_privileges()$$, '55000',
  'service_affair_province_link would execute functions whose reads pg_depend does not show: service_affair.satisfaction_rates(service_affair.satisfaction_rollup) (plpgsql, STABLE)',
  'link_privileges() refuses a PL/pgSQL function the link role would execute that is not IMMUTABLE (it may read relations pg_depend does not show)');
ROLLBACK TO SAVEPOINT opaque;
SELECT lives_ok($$SELECT * FROM service_affair_shard.link_privileges()$$,
  '... and grants the IMMUTABLE PL/pgSQL and C functions the views call (the rates, month_floor_at()), which read no relation');
-- a SECURITY DEFINER function with a BEGIN ATOMIC body reads as its
-- owner: what pg_depend shows it reads is no grant of the link role's
-- (until 2026-12-06, a review, it was: SELECT on applicant, here)
SAVEPOINT definer;
CREATE OR REPLACE FUNCTION service_affair.efficiency_rates(x service_affair.efficiency_rollup, OUT online_rate numeric,
    OUT zero_visit_rate numeric, OUT at_most_once_rate numeric, OUT zero_visit_reform_rate numeric,
    OUT at_most_once_reform_rate numeric, OUT promise_kept_rate numeric, OUT immediate_rate numeric,
    OUT material_reduction_rate numeric, OUT time_compression numeric, OUT avg_workdays numeric, OUT overdue_rate numeric)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT (SELECT count(*) FROM service_affair.applicant)::numeric, NULL::numeric, NULL::numeric, NULL::numeric, NULL::numeric,
           NULL::numeric, NULL::numeric, NULL::numeric, NULL::numeric, NULL::numeric, NULL::numeric;
END;
SELECT results_eq($$SELECT g.q FROM service_affair_shard.link_privileges() g(q)
                     WHERE g.q LIKE '%service_affair.applicant %' OR g.q LIKE '%service_affair.efficiency_rates(%'$$,
                  $$VALUES ('GRANT EXECUTE ON FUNCTION service_affair.efficiency_rates(service_affair.efficiency_rollup) TO service_affair_province_link'::text)$$,
  'a SECURITY DEFINER function with a BEGIN ATOMIC body a mirrored view calls: EXECUTE on it granted, SELECT on what it reads as its owner (applicant) not');
ROLLBACK TO SAVEPOINT definer;

-- Functions PUBLIC may execute are checked too: the working-day functions
-- the views call (local_day(), workdays_between(), add_workdays(): STABLE
-- C, reading the calendars through SPI, which pg_depend does not show)
-- are known by service_affair_shard.link_opaque_reads(), and what they
-- read is granted; any other opaque function that is not IMMUTABLE, or a
-- listed one made SECURITY DEFINER, is refused.  Until 2026-12-06 (a
-- review) a function PUBLIC may execute was not looked at.
SELECT results_eq($$SELECT g.q FROM service_affair_shard.link_privileges() g(q) WHERE g.q ~ '\.calendar'$$,
                  $$VALUES ('GRANT SELECT ON service_affair.calendar TO service_affair_province_link'::text),
                           ('GRANT SELECT ON service_affair.calendar_day TO service_affair_province_link')$$,
  'link_privileges() grants the link role what the working-day functions the views call read (calendar, calendar_day: link_opaque_reads())');
SELECT is_empty($$SELECT k.fn FROM service_affair_shard.link_opaque_reads() k
                   WHERE pg_catalog.to_regprocedure(k.fn) IS NULL OR pg_catalog.to_regclass(k.rel) IS NULL
                      OR (SELECT p.prosqlbody IS NOT NULL OR p.provolatile = 'i' FROM pg_catalog.pg_proc p WHERE p.oid = pg_catalog.to_regprocedure(k.fn))$$,
  '... whose every entry names an existing relation and an existing opaque function that is not IMMUTABLE (what the list is for)');
SAVEPOINT public_opaque;
ALTER FUNCTION service_affair.workdays_between(date, date, text) SECURITY DEFINER;
SELECT throws_ok($$SELECT * FROM service_affair_shard.link_privileges()$$, '55000',
  'service_affair_province_link would execute functions whose reads pg_depend does not show: service_affair.workdays_between(date,date,text) (c, SECURITY DEFINER)',
  'a working-day function PUBLIC may execute made SECURITY DEFINER: refused (55000), its listed reads notwithstanding');
ROLLBACK TO SAVEPOINT public_opaque;
SAVEPOINT public_opaque;
CREATE OR REPLACE FUNCTION service_affair.local_month(at timestamptz, cal text DEFAULT 'cn') RETURNS date
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $f$ SELECT pg_catalog.date_trunc('month', service_affair.local_day(at, cal)::pg_catalog.timestamp)::pg_catalog.date $f$;
SELECT throws_ok($$SELECT * FROM service_affair_shard.link_privileges()$$, '55000',
  'service_affair_province_link would execute functions whose reads pg_depend does not show: service_affair.local_month(timestamp with time zone,text) (sql with a string body, STABLE)',
  'a function PUBLIC may execute, STABLE with a string body, not in link_opaque_reads(): refused (55000)');
ROLLBACK TO SAVEPOINT public_opaque;

-- The link role's privileges on service_affair are link_privileges()'s: a
-- run revokes first what the role holds there that is no longer in the set
-- (a grant made by hand, a column no longer read).  Until 2026-12-06 (a
-- review) what an earlier run or a DBA granted stayed.
SAVEPOINT stale;
GRANT SELECT ON service_affair.applicant TO service_affair_province_link;
GRANT SELECT (restored_by) ON service_affair.efficiency_archived TO service_affair_province_link;
SELECT results_eq($$SELECT g.q FROM service_affair_shard.link_privileges() g(q) WHERE g.q LIKE 'REVOKE %'$$,
                  $$VALUES ('REVOKE SELECT (restored_by) ON service_affair.efficiency_archived FROM service_affair_province_link'::text),
                           ('REVOKE SELECT ON service_affair.applicant FROM service_affair_province_link')$$,
  'link_privileges() revokes what the link role holds on service_affair beyond its set (SELECT on applicant, restored_by granted by hand)');
SELECT service_affair_shard.create_roles();
SELECT is(ARRAY[pg_catalog.has_table_privilege('service_affair_province_link', 'service_affair.applicant', 'SELECT'),
                pg_catalog.has_column_privilege('service_affair_province_link', 'service_affair.efficiency_archived', 'restored_by', 'SELECT')],
          ARRAY[false, false],
  '... and create_roles() runs it: the link role selects neither afterwards');
ROLLBACK TO SAVEPOINT stale;
-- a function granted before an update made it unfit (SECURITY DEFINER
-- with a string body, reading applicant): create_roles() takes back every
-- privilege of the link role on service_affair and warns (an error would
-- roll the revocation back: until 2026-12-06 the grant stayed)
SAVEPOINT unfit;
SELECT ok(pg_catalog.has_function_privilege('service_affair_province_link',
            'service_affair.efficiency_rates(service_affair.efficiency_rollup)', 'EXECUTE'),
  'the link role may execute efficiency_rates() (create_roles() granted it)');
SELECT pg_temp.unfit_efficiency_rates();
SELECT ok(pg_catalog.has_function_privilege('service_affair_province_link',
            'service_affair.efficiency_rates(service_affair.efficiency_rollup)', 'EXECUTE'),
  '... rewritten as SECURITY DEFINER with a string body, it keeps the grant (CREATE OR REPLACE keeps the ACL)');
SET LOCAL client_min_messages = error;
SELECT lives_ok($$SELECT service_affair_shard.create_roles()$$,
  '... create_roles() again: not an error, which would roll back what it takes back (a WARNING with link_privileges()''s 55000 message)');
RESET client_min_messages;
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
                   WHERE p.pronamespace = 'service_affair'::regnamespace
                     AND NOT pg_catalog.has_function_privilege('public', p.oid, 'EXECUTE')
                     AND pg_catalog.has_function_privilege('service_affair_province_link', p.oid, 'EXECUTE')
                  UNION ALL
                  SELECT c.oid::regclass::text FROM pg_catalog.pg_class c
                   WHERE c.relnamespace = 'service_affair'::regnamespace
                     AND pg_catalog.has_any_column_privilege('service_affair_province_link', c.oid, 'SELECT')
                     AND NOT pg_catalog.has_any_column_privilege('public', c.oid, 'SELECT')$$,
  '... and the link role may execute no function and select no relation of service_affair but PUBLIC''s: efficiency_rates() taken back');
ROLLBACK TO SAVEPOINT unfit;

-- restored_by of efficiency_archived and satisfaction_archived (the login of
-- the administrator who restored a month) is no column the link role nor
-- the analysts read: the period functions read the counts (until
-- 2026-12-06, a review, both tables were granted whole)
SELECT is(ARRAY(SELECT r || ':' || t FROM pg_catalog.unnest(ARRAY['service_affair_province_link', 'service_affair_analyst']) r,
                       pg_catalog.unnest(ARRAY['efficiency_archived', 'satisfaction_archived', 'item_cases_archived',
                                               'data_sharing_archived', 'one_licence_archived', 'licence_monthly_archived']) t
                 WHERE pg_catalog.has_column_privilege(r, ('service_affair.' || t)::regclass, 'restored_by', 'SELECT')),
          '{}'::text[],
  'neither the link role nor the analysts may select restored_by of any of the six archived-count tables');
SELECT is(ARRAY(SELECT r || ':' || t FROM pg_catalog.unnest(ARRAY['service_affair_province_link', 'service_affair_analyst']) r,
                       pg_catalog.unnest(ARRAY['efficiency_archived', 'satisfaction_archived']) t
                 WHERE NOT pg_catalog.has_column_privilege(r, ('service_affair.' || t)::regclass, 'month', 'SELECT')),
          '{}'::text[],
  '... both may select their counts (month, the control)');

SELECT * FROM finish();
ROLLBACK;
