-- The planner's estimate of one_licence_service's identity test (2026-12-06):
-- a required material counts when one of its types at submission is an
-- identity type of the registry, read in each query.  Written as
-- evidence_types && (SELECT array_agg(code) ... WHERE identity), the test
-- was an InitPlan parameter the planner could not read: it estimated the
-- default 1% of the required materials (about 29,700 where 1,200,000 pass
-- at 10^6 cases) and probed the cases through a Memoize once per
-- material.  The semi-join on the identity types (EXISTS ... code = ANY
-- (evidence_types)) is estimated at about 14% of them, whatever the data:
-- a hash join (doc/benchmarks.md, "The identity filter's estimate").
--
-- Fixture, written directly as bench/indicators/licences_setup.sql writes
-- it: 3 identity types and 3 others; 600 accepted cases over 4 local
-- months, each with 3 required materials and 1 optional: m1 an identity
-- type (two of them in one case in three), m2 another type, m3 an identity
-- type in one case in five (a second identity material), another
-- otherwise; 720 required identity materials of 1,800 (the bench's share,
-- 40%).  ANALYZE reads every row of so small a table.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(7);

INSERT INTO department (code, name, region) VALUES
  ('OA', 'Estimates A', '330201'), ('OB', 'Estimates B', '330201'), ('OC', 'Estimates C', '330202');
INSERT INTO evidence_type (code, name, identity) VALUES
  ('oe_id', 'Resident ID card', true), ('oe_biz', 'Business licence', true), ('oe_rep', 'Legal representative ID', true),
  ('oe_home', 'Household register', false), ('oe_prop', 'Property certificate', false), ('oe_tax', 'Tax clearance', false);
SET LOCAL session_replication_role = replica;
INSERT INTO cases (service, service_kind, item, department, applicant, channel, status, returned,
                   submitted_at, accepted_at, calendar, promised_limit, legal_limit)
SELECT 'oe_s', 'item', 'oe_s', (ARRAY['OA', 'OB', 'OC'])[1 + g % 3], 1, 'online', 'accepted', false, t, t, 'cn', 5, 10
  FROM generate_series(0, 599) AS g,
       LATERAL (SELECT timestamptz '2026-01-05 09:00+08' + (g % 4) * interval '1 month' + g * interval '1 minute' AS t) y;
INSERT INTO case_material (case_id, material, name, required, initial_status, status, evidence_types)
SELECT c.id, m.material, m.material, m.material <> 'm4', s.st, s.st,
       CASE m.material
         WHEN 'm1' THEN CASE c.id % 3 WHEN 0 THEN '{oe_id}'::text[] WHEN 1 THEN '{oe_biz}' ELSE '{oe_biz,oe_rep}' END
         WHEN 'm2' THEN CASE WHEN c.id % 2 = 0 THEN '{oe_home}'::text[] ELSE '{oe_prop}' END
         WHEN 'm3' THEN CASE WHEN c.id % 5 = 0 THEN '{oe_id}'::text[] ELSE '{oe_tax}' END
         ELSE '{oe_tax,oe_id}' END
  FROM cases c CROSS JOIN (VALUES ('m1'), ('m2'), ('m3'), ('m4')) m(material),
       LATERAL (SELECT CASE WHEN m.material = 'm4' THEN 'optional' WHEN (c.id + length(m.material)) % 4 = 0 THEN 'present'
                            ELSE 'shared' END AS st) s
 WHERE c.department IN ('OA', 'OB', 'OC');
SET LOCAL session_replication_role = origin;
ANALYZE service_affair.cases, service_affair.case_material, service_affair.evidence_type;

-- every node of a plan (EXPLAIN (FORMAT JSON)), with its children
CREATE FUNCTION pg_temp.plan_nodes(q text) RETURNS SETOF jsonb LANGUAGE plpgsql AS $$
DECLARE p jsonb;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || q INTO p;
    RETURN QUERY WITH RECURSIVE n(node) AS (
        SELECT p->0->'Plan'
        UNION ALL
        SELECT c FROM n, jsonb_array_elements(n.node->'Plans') c)
      SELECT node FROM n;
END $$;
-- the per-case aggregate of the view (grouped by c.id) and its input: the
-- required identity materials of accepted cases, joined to their cases
CREATE TEMP TABLE est AS
SELECT (a.node->>'Plan Rows')::numeric AS cases,
       (SELECT (i->>'Plan Rows')::numeric FROM jsonb_array_elements(a.node->'Plans') i
         WHERE i->>'Parent Relationship' = 'Outer') AS materials
  FROM pg_temp.plan_nodes('SELECT * FROM service_affair.one_licence_service') a(node)
 WHERE a.node->'Group Key' @> '["c.id"]';

SELECT diag('estimated: ' || (SELECT materials FROM est) || ' identity materials, ' || (SELECT cases FROM est) || ' cases');
SELECT is((SELECT pg_catalog.sum(cases) FROM one_licence_service), 600::numeric,
          'the fixture: 600 cases counted (every case has a required identity material)');
SELECT is((SELECT pg_catalog.count(*) FROM case_material cm JOIN cases c ON c.id = cm.case_id
            WHERE c.department IN ('OA', 'OB', 'OC') AND cm.required AND cm.evidence_types && '{oe_id,oe_biz,oe_rep}'),
          720::bigint, 'the fixture: 720 required identity materials');
SELECT is((SELECT pg_catalog.count(*) FROM est), 1::bigint, 'the plan has one aggregate per case (grouped by c.id)');
SELECT cmp_ok((SELECT materials FROM est), '>=', 720 / 4.0,
              'the identity materials are estimated within a factor 4 of the 720 (before 2026-12-06: 18, the default 1% of 1,800)');
SELECT cmp_ok((SELECT materials FROM est), '<=', 720 * 4.0, 'and not above 4 times them');
SELECT cmp_ok((SELECT cases FROM est), '>=', 600 / 4.0,
              'the cases counted are estimated within a factor 4 of the 600 (before: 18)');
SELECT cmp_ok((SELECT cases FROM est), '<=', 600 * 4.0, 'and not above 4 times them');

SELECT * FROM finish();
ROLLBACK;
