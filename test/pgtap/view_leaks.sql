-- Leaky functions against the views (doc/access.md, "Leaky functions and
-- views").  A view that is not a security barrier is merged into the query
-- that reads it: the planner may evaluate the reader's own WHERE clause on
-- the rows of the tables below before the view's filters and joins leave
-- rows out, and the view runs with its owner's rights.  A role that may
-- SELECT a view can write a function of its own with a tiny COST that
-- reports its argument (RAISE NOTICE, or as here a row in a table) and put
-- it in its WHERE clause: it then sees values of rows the view would never
-- return to it.
--
-- Data-driven: for every view of the schema and every group role but the
-- administrators (through the login members of the access fixture), when
-- the role may SELECT the view, the attacker's function is put on each
-- column in turn and on the whole row.  One assertion per (role, view): no
-- value the function saw is hidden from the role, where hidden means
--   not NULL, and
--   not a value of that column in the view as the role reads it, and
--   not a value of a column of the same name in a relation the role may
--   SELECT (the same case number or month in another indicator view is
--   no secret: the analysts read efficiency_facts);
--   for the whole row: not a row of the view as the role reads it, with a
--   value of a column that no row of the view shows the role (a nested
--   loop pairs rows of the view's tables the view returns anyway).
-- A role that could write the view's query itself (every relation the view
-- reads is a table it may SELECT, every function it calls one it may
-- EXECUTE) learns nothing from it, and passes without a probe.
-- The fixture adds rows each view leaves out: an unpublished inspection
-- result and a target of no plan (public_results), the inspection ledger
-- next to the catalog's (catalog_ledger), material versions (not power
-- changes: catalog_power_changes), a licence never revoked
-- (licence_review), cases within their promise (visit_promise_exceeded).
BEGIN;
SET search_path = service_affair, public;
SET LOCAL statement_timeout = '300s';
\ir access_fixture.inc

-- ---- rows the views leave out ----------------------------------------------
SELECT record_result(:drawn, :t1, 'pass', 'published finding', '2026-11-18 15:00+08');
SELECT publish_results(:drawn, '2026-11-20 10:00+08');
-- recorded after the publication: not public until the next one
SELECT record_result(:drawn, :t2, 'issues', 'VL unpublished finding', '2026-11-21 15:00+08');
INSERT INTO target (uscc, name, region, industry, risk) VALUES ('91330225MA2Q627826', 'VL directory only', '330225', 'food', 'B');
INSERT INTO evidence_type (code, name, holder_kind, source_department) VALUES ('vl_permit', 'VL permit', 'any', 'AX_M');
UPDATE item SET output_evidence_type = 'vl_permit' WHERE code = 'ax_biz';
-- a material that is evidence of that type, and a case that relies on the
-- licence (else licence_review's plan may end before it reads a licence)
UPDATE material SET evidence_type = 'vl_permit' WHERE item = 'ax_food' AND code = 'health';
SELECT complete_task(:tm, 'approved', '2026-11-19 10:00+08');
SELECT submit('ax_food', :p, '{form}', 'window', '{}', '2026-11-20 10:00+08') \g /dev/null
-- a department with no item and no bundle: the public does not read
-- department, and public_item_list and public_bundle_list (inner joins to
-- it) showed its name to a leaky function until 2026-12-05
INSERT INTO department (code, name, region) VALUES ('VL_EMPTY', 'VL department of no item', '330226');

-- ---- the attacker's function -----------------------------------------------
-- IMMUTABLE (so that it may be pushed into grouped subqueries too) and of
-- the smallest cost (so that it runs before the view's own filters on the
-- same row); it records through a VOLATILE helper, as RAISE NOTICE would
-- print.
CREATE TEMP TABLE vl_seen (val text);
GRANT INSERT ON vl_seen TO PUBLIC;
CREATE FUNCTION pg_temp.vl_record(v text) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  INSERT INTO pg_temp.vl_seen VALUES (v);
END $$;
CREATE FUNCTION pg_temp.vl_leak(v anyelement) RETURNS boolean LANGUAGE plpgsql IMMUTABLE COST 0.0000001 AS $$
BEGIN
  PERFORM pg_temp.vl_record(v::text);
  RETURN true;
END $$;
-- the same as an operator (prefix ===)
CREATE OPERATOR pg_temp.=== (RIGHTARG = anyelement, FUNCTION = pg_temp.vl_leak);

-- ---- what each role reads ----------------------------------------------------
CREATE TEMP TABLE vl_role (grp text, login name);
INSERT INTO vl_role VALUES ('clerk', 'access_clerk'), ('reviewer', 'access_reviewer'), ('inspector', 'access_inspector'),
                           ('analyst', 'access_analyst'), ('public', 'access_public');
CREATE TEMP TABLE vl_view AS
SELECT r.grp, r.login, c.oid::regclass AS v, c.relname::text AS name
  FROM vl_role r
  JOIN pg_class c ON c.relnamespace = 'service_affair'::regnamespace AND c.relkind = 'v'
 WHERE has_table_privilege(r.login, c.oid, 'SELECT');
-- every value of every column of every relation of the schema a role may SELECT, read as the role
CREATE TEMP TABLE vl_visible (login name, rel regclass, col text, val text);
CREATE FUNCTION pg_temp.vl_read_all(r name) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  x record;
  q text;
  rows text[];
BEGIN
  FOR x IN SELECT c.oid::regclass AS rel,
                  string_agg(format('(%L, t.%I::text)', a.attname, a.attname), ', ' ORDER BY a.attnum) AS cols
             FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
              AND has_table_privilege(r, c.oid, 'SELECT')
            GROUP BY c.oid LOOP
    q := format('SELECT array_agg(DISTINCT u.col || E''\x1f'' || u.val) FROM %s t CROSS JOIN LATERAL (VALUES (''*'', t::text), %s) u(col, val) WHERE u.val IS NOT NULL',
                x.rel, x.cols);
    EXECUTE format('SET LOCAL ROLE %I', r);
    BEGIN
      EXECUTE q INTO rows;
    EXCEPTION WHEN OTHERS THEN
      rows := NULL;  -- unreadable as the role: nothing visible through it
    END;
    RESET ROLE;
    INSERT INTO vl_visible SELECT r, x.rel, split_part(e, E'\x1f', 1), substr(e, strpos(e, E'\x1f') + 1) FROM unnest(rows) e;
  END LOOP;
END $$;
SELECT pg_temp.vl_read_all(login) FROM vl_role;
CREATE INDEX ON vl_visible (login, col, val);

-- a role that could write the view's query itself: every relation the view
-- reads is a table it may SELECT, without row-level security unless the view
-- is security_invoker (a view owned by the extension's owner reads every
-- row), or a view it may SELECT whose query it could write itself (so
-- service_promise over bundle_promise: both over the catalog the analysts
-- read), every function it calls one it may EXECUTE
CREATE FUNCTION pg_temp.vl_own_query(r name, v regclass) RETURNS boolean LANGUAGE sql AS $$
  SELECT bool_and(CASE d.refclassid
                    WHEN 'pg_class'::regclass THEN (SELECT CASE WHEN c.relkind = 'v'
                                                                THEN COALESCE(pg_temp.vl_own_query(r, c.oid::regclass), false)
                                                                ELSE c.relkind IN ('r', 'p')
                                                                     AND (NOT c.relrowsecurity
                                                                          OR (SELECT 'security_invoker=true' = ANY (x.reloptions)
                                                                                FROM pg_class x WHERE x.oid = v)) END
                                                      FROM pg_class c WHERE c.oid = d.refobjid)
                                                   AND has_table_privilege(r, d.refobjid, 'SELECT')
                    WHEN 'pg_proc'::regclass THEN has_function_privilege(r, d.refobjid, 'EXECUTE')
                    ELSE true END)
    FROM pg_rewrite w JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid
   WHERE w.ev_class = v AND d.refobjid <> v
$$;

-- the probe: as role r, the attacker's function on column col of view v
-- (NULL: on the whole row); the values it saw that are hidden from r.  The
-- attacker turns index scans off (any role may): an index condition of the
-- view's own filter would otherwise spare the function the rows it excludes.
CREATE FUNCTION pg_temp.vl_probe(r name, v regclass, col text) RETURNS text[] LANGUAGE plpgsql
  -- the attacker's session settings: sequential scans visit every row
  SET enable_indexscan = off SET enable_indexonlyscan = off SET enable_bitmapscan = off
AS $$
DECLARE
  hidden text[];
  rows_now text[];
  fields_now jsonb[];
BEGIN
  DELETE FROM pg_temp.vl_seen;
  EXECUTE format('SET LOCAL ROLE %I', r);
  BEGIN
    IF col IS NULL THEN
      -- the view's own rows for the role, read at the probe (the whole row
      -- is compared with them, not with the reading at the start)
      EXECUTE format('SELECT array_agg(t::text), array_agg(to_jsonb(t)) FROM %s t', v) INTO rows_now, fields_now;
      EXECUTE format('SELECT count(*) FROM %s x WHERE pg_temp.vl_leak(x)', v);
    ELSE
      EXECUTE format('SELECT count(*) FROM %s x WHERE pg_temp.vl_leak(x.%I)', v, col);
    END IF;
  EXCEPTION WHEN OTHERS THEN
    RESET ROLE;
    RETURN ARRAY[format('%s: %s', SQLSTATE, SQLERRM)];
  END;
  RESET ROLE;
  IF col IS NULL THEN
    -- a whole row the view does not return, with a value of one of its
    -- columns the view returns in no row (a row the view leaves out).  Not
    -- a pairing of values of rows the view returns: when a join runs as a
    -- nested loop, a function cheaper than the join's own condition sees
    -- every pair of the two sides (an item beside every department's name),
    -- which tells nothing the view does not.
    EXECUTE format($q$
      SELECT array_agg(DISTINCT s.val ORDER BY s.val)
        FROM pg_temp.vl_seen s
       WHERE s.val IS NOT NULL AND s.val <> ALL ($1)
         AND EXISTS (SELECT FROM jsonb_each_text(to_jsonb(s.val::%s)) f
                      WHERE f.value IS NOT NULL
                        AND NOT EXISTS (SELECT FROM unnest($2) w WHERE w ->> f.key = f.value))$q$, v)
      INTO hidden USING COALESCE(rows_now, '{}'), COALESCE(fields_now, '{}');
  ELSE
    SELECT array_agg(DISTINCT s.val ORDER BY s.val) INTO hidden
      FROM pg_temp.vl_seen s
     WHERE s.val IS NOT NULL
       AND NOT EXISTS (SELECT FROM pg_temp.vl_visible w
                        WHERE w.login = r AND w.col = vl_probe.col AND w.val = s.val);
  END IF;
  RETURN COALESCE(hidden, '{}');
END $$;

CREATE TEMP TABLE vl_result AS
SELECT x.grp, x.name, own.own,
       CASE WHEN own.own THEN '{}'::text[]
            ELSE (SELECT COALESCE(array_agg(COALESCE(p.col, 'the whole row') || ': ' || h ORDER BY p.col NULLS LAST, h), '{}')
                    FROM (SELECT a.attname::text AS col FROM pg_attribute a
                           WHERE a.attrelid = x.v AND a.attnum > 0 AND NOT a.attisdropped
                          UNION ALL SELECT NULL) p
                   CROSS JOIN LATERAL unnest(pg_temp.vl_probe(x.login, x.v, p.col)) h) END AS hidden
  FROM vl_view x
 CROSS JOIN LATERAL (SELECT COALESCE(pg_temp.vl_own_query(x.login, x.v), false) AS own) own;

SELECT plan((SELECT count(*)::integer FROM vl_result) + 12);

-- the probe finds what it should: the base table itself, read through a
-- view of it that filters, leaks when the view is no barrier
CREATE TEMP VIEW vl_plain AS SELECT l.seq, l.payload FROM service_affair.inspection_log l WHERE l.ledger = 'catalog';
GRANT SELECT ON vl_plain TO access_public;
SELECT ok(cardinality(pg_temp.vl_probe('access_public', 'vl_plain', 'payload')) > 0,
  'control: a plain view filtering the inspection log lets the public''s leaky function see the other ledgers');
SELECT ok(cardinality(pg_temp.vl_probe('access_public', 'vl_plain', NULL)) > 0,
  'control: and the whole rows of the other ledgers, on the whole row');
-- a nested loop shows a leaky function every pair of a join's two sides,
-- rows of the view's tables the view returns anyway: no leak (in two
-- fresh-clone runs a plan of this kind reported an item beside another
-- department's name as hidden)
SET LOCAL enable_hashjoin = off;
SET LOCAL enable_mergejoin = off;
SELECT is(pg_temp.vl_probe('access_public', 'service_affair.public_item_list', NULL), '{}'::text[],
  'control: an item paired with another department''s name by a nested loop is no hidden row');
RESET enable_hashjoin;
RESET enable_mergejoin;
ALTER VIEW vl_plain SET (security_barrier = true);
SELECT is(pg_temp.vl_probe('access_public', 'vl_plain', 'payload'), '{}'::text[],
  'control: the same view as a security barrier does not');

-- ---- every view, every role ------------------------------------------------------
SELECT CASE WHEN r.own THEN pass(format('%s as %s: the role could write its query itself (it reads every table, runs every function)', r.name, r.grp))
            ELSE is(r.hidden, '{}'::text[], format('%s as %s: a leaky WHERE clause sees nothing the view hides', r.name, r.grp)) END
  FROM vl_result r ORDER BY r.name, r.grp;

-- ---- the leaks found (0.2.0), by name ----------------------------------------------
SELECT is(pg_temp.vl_probe('access_public', 'service_affair.catalog_ledger', 'payload'), '{}'::text[],
  'catalog_ledger: the public does not read the inspection ledgers (results before publication) through it');
SELECT is(pg_temp.vl_probe('access_public', 'service_affair.public_results', 'findings'), '{}'::text[],
  'public_results: the public does not read an unpublished finding');
SELECT is(pg_temp.vl_probe('access_analyst', 'service_affair.public_results', 'name'), '{}'::text[],
  'public_results: analysts do not read the directory of targets');
SELECT is(pg_temp.vl_probe('access_analyst', 'service_affair.licence_review', 'number'), '{}'::text[],
  'licence_review: analysts do not read the numbers of licences never revoked');
SELECT is(pg_temp.vl_probe('access_analyst', 'service_affair.visit_promise_exceeded', 'status'), '{}'::text[],
  'visit_promise_exceeded: analysts do not read the status of cases within their promise');
-- 2026-12-05: the inner join to department of the two public catalog views
SELECT is(pg_temp.vl_probe('access_public', 'service_affair.public_item_list', 'department_name'), '{}'::text[],
  'public_item_list: the public does not read the name of a department with no item');
SELECT is(pg_temp.vl_probe('access_public', 'service_affair.public_bundle_list', 'department_name'), '{}'::text[],
  'public_bundle_list: the public does not read the name of a department that leads no bundle');

-- a leaky operator is a leaky function
DELETE FROM vl_seen;
SET LOCAL ROLE access_public;
SET LOCAL enable_indexscan = off;
SET LOCAL enable_bitmapscan = off;
SELECT count(*) FROM service_affair.catalog_ledger x WHERE OPERATOR(pg_temp.===) x.payload \g /dev/null
RESET enable_indexscan;
RESET enable_bitmapscan;
RESET ROLE;
SELECT is((SELECT count(*) FROM vl_seen s WHERE s.val NOT IN (SELECT x.payload::text FROM service_affair.catalog_ledger x)), 0::bigint,
  'catalog_ledger: a leaky operator of the public sees no entry of another ledger');

SELECT * FROM finish();
ROLLBACK;
