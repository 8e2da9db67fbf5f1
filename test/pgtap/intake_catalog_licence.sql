-- catalog_entries() (45_assess.sql): flag 8 from a valid licence and flag 32
-- from an earlier stage of the bundle, read by LEFT JOINs since 366e625.
-- intake_assess_summary.sql compares assess_summary() with the former query
-- over random catalogs but writes no licence; here the licence arm is checked
-- case by case (valid, last valid day in the item's calendar, expired by
-- date or by status, superseded, revoked, another holder's, several licences
-- of one holder: one row per entry), the bundle arm for an item in two
-- bundles and a type issued by two earlier items, and the whole result is
-- compared with the former correlated-EXISTS query over random licences.
BEGIN;
SET search_path = service_affair, public;
SET TIME ZONE 'UTC';  -- the session's zone is not the calendar's: local days come from the item's calendar
SELECT plan(20);

INSERT INTO department (code, name, region) VALUES ('IT_LCE', 'Licence entries test department', '330225');
INSERT INTO evidence_type (code, name) VALUES ('le1', 'E1'), ('le2', 'E2'), ('le3', 'E3'), ('le4', 'E4'), ('le5', 'E5');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('le_item', 'Item', 'IT_LCE', 'promised', 20, 5);
INSERT INTO material (item, code, name, required, evidence_type) VALUES
  ('le_item', 'm0', 'No type', true, NULL),
  ('le_item', 'm1', 'Valid, no end', true, 'le1'),
  ('le_item', 'm2', 'Valid to a day, and a superseded one', true, 'le2'),
  ('le_item', 'm3', 'Superseded, revoked, expired only', true, 'le3'),
  ('le_item', 'm4', 'Another holder''s', true, 'le4'),
  ('le_item', 'm5', 'Status valid, date past', true, 'le5');
INSERT INTO applicant (kind, resident_id, name) VALUES
  ('person', '11010519491231002X', 'LE P'), ('person', '330225198001010018', 'LE Q');
INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91110000600037341L', 'LE O');
SELECT id AS p FROM applicant WHERE name = 'LE P' \gset
SELECT id AS q FROM applicant WHERE name = 'LE Q' \gset
SELECT id AS o FROM applicant WHERE name = 'LE O' \gset
INSERT INTO licence_key (key_id, key) VALUES ('le_k', '\x000102030405060708090a0b0c0d0e0f');

CREATE FUNCTION pg_temp.lic(holder bigint, t text, status text, valid_until date) RETURNS void
LANGUAGE sql AS $f$
  INSERT INTO service_affair.licence (number, evidence_type, holder, case_id, issued_at, valid_until, status, changed_at,
                                      department, origin, key_id, hmac, calendar)
  VALUES ('LE-' || pg_catalog.gen_random_uuid(), t, holder, 0, '2026-01-01 10:00+08', valid_until, status,
          CASE WHEN status <> 'valid' THEN '2026-02-01 10:00+08'::timestamptz END, 'IT_LCE', 'recorded', 'le_k', repeat('0', 64), 'cn')
$f$;
SELECT pg_temp.lic(:p, 'le1', 'valid', NULL);
SELECT pg_temp.lic(:p, 'le2', 'superseded', '2030-01-01');
SELECT pg_temp.lic(:p, 'le2', 'valid', '2026-11-20');
SELECT pg_temp.lic(:p, 'le3', 'superseded', NULL);
SELECT pg_temp.lic(:p, 'le3', 'revoked', NULL);
SELECT pg_temp.lic(:p, 'le3', 'expired', '2030-01-01');
SELECT pg_temp.lic(:q, 'le4', 'valid', NULL);
SELECT pg_temp.lic(:p, 'le5', 'valid', '2026-11-01');

-- flag 8 of one entry
CREATE FUNCTION pg_temp.f8(svc text, app bigint, code text, at timestamptz) RETURNS boolean
LANGUAGE sql AS $f$
  SELECT (e.flags & 8) <> 0 FROM service_affair.catalog_entries(svc, app, 'person', at) e WHERE e.code = f8.code
$f$;

SELECT is((SELECT count(*)::integer FROM catalog_entries('le_item', :p, 'person', '2026-11-19 10:00+08')), 6,
          'one row per material entry, whatever the number of licences of a holder and type');
SELECT is(pg_temp.f8('le_item', :p, 'm0', '2026-11-19 10:00+08'), false, 'no evidence type: no licence counts');
SELECT is(pg_temp.f8('le_item', :p, 'm1', '2026-11-19 10:00+08'), true, 'a valid licence without an end counts');
SELECT is(pg_temp.f8('le_item', :p, 'm2', '2026-11-20 23:30+08'), true,
          'valid on its last day (local day of the item''s calendar; 15:30 UTC)');
SELECT is(pg_temp.f8('le_item', :p, 'm2', '2026-11-21 00:30+08'), false,
          'not the next local day (still 2026-11-20 in UTC); the superseded one with a later date does not count');
SELECT is(pg_temp.f8('le_item', :p, 'm3', '2026-11-19 10:00+08'), false, 'superseded, revoked or expired (by status): none counts');
SELECT is(pg_temp.f8('le_item', :p, 'm4', '2026-11-19 10:00+08'), false, 'another holder''s valid licence does not count');
SELECT is(pg_temp.f8('le_item', :q, 'm4', '2026-11-19 10:00+08'), true, 'it counts for its holder');
SELECT is(pg_temp.f8('le_item', :p, 'm5', '2026-11-19 10:00+08'), false, 'status valid but its last day past: does not count');
SELECT is(pg_temp.f8('le_item', NULL, 'm1', '2026-11-19 10:00+08'), false, 'no applicant: no licence counts');
SELECT is((SELECT status FROM completeness('le_item', :p, '{m0}', '{}', '2026-11-19 10:00+08') WHERE material = 'm1'),
          'shared', 'completeness(): the valid licence is shared evidence');
SELECT is((SELECT status FROM completeness('le_item', :p, '{m0}', '{}', '2026-11-19 10:00+08') WHERE material = 'm3'),
          'missing', 'completeness(): superseded, revoked and expired licences leave it missing');

-- flag 32: an item in two bundles, at a later stage in one, the first in the other;
-- the type issued by two earlier items (one row); an earlier item issuing nothing
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, output_evidence_type) VALUES
  ('le_a', 'A', 'IT_LCE', 'promised', 20, 5, 'le1'),
  ('le_b', 'B', 'IT_LCE', 'promised', 20, 5, 'le1'),
  ('le_c', 'C', 'IT_LCE', 'promised', 20, 5, NULL),
  ('le_x', 'X', 'IT_LCE', 'promised', 20, 5, NULL);
INSERT INTO material (item, code, name, required, evidence_type) VALUES
  ('le_x', 'x1', 'Issued by A and B', true, 'le1'), ('le_x', 'x2', 'Issued by nobody', true, 'le2'),
  ('le_x', 'x0', 'No type', true, NULL), ('le_a', 'x1', 'Shared code', true, 'le1');
INSERT INTO bundle (code, name, lead_department) VALUES ('le_b1', 'B1', 'IT_LCE'), ('le_b2', 'B2', 'IT_LCE');
INSERT INTO bundle_item (bundle, item, stage) VALUES
  ('le_b1', 'le_a', 1), ('le_b1', 'le_b', 1), ('le_b1', 'le_c', 1), ('le_b1', 'le_x', 2),
  ('le_b2', 'le_x', 1), ('le_b2', 'le_a', 2);
SELECT results_eq($$SELECT item, code, flags & 32 FROM catalog_entries('le_b1', NULL, 'person', '2026-11-19 10:00+08')$$,
  $$VALUES ('le_a'::text, 'x1'::text, 0), ('le_x', 'x0', 0), ('le_x', 'x1', 32), ('le_x', 'x2', 0)$$,
  'bundle 1: the type two earlier items issue flags its later entry once; no type, no issuer, the first stage: not flagged');
SELECT results_eq($$SELECT item, code, flags & 32 FROM catalog_entries('le_b2', NULL, 'person', '2026-11-19 10:00+08')$$,
  $$VALUES ('le_a'::text, 'x1'::text, 0), ('le_x', 'x0', 0), ('le_x', 'x1', 0), ('le_x', 'x2', 0)$$,
  'bundle 2: the same item at the first stage is not flagged (its stage in bundle 1 does not leak)');
SELECT results_eq($$SELECT item, code, flags & 32 FROM catalog_entries('le_x', NULL, 'person', '2026-11-19 10:00+08')$$,
  $$VALUES ('le_x'::text, 'x0'::text, 0), ('le_x', 'x1', 0), ('le_x', 'x2', 0)$$,
  'the item as a service of its own: never flagged');

-- the former query (0ffce9d), correlated EXISTS per entry
CREATE FUNCTION pg_temp.former_entries(service text, applicant bigint, applicant_kind text, at timestamptz)
RETURNS TABLE (item text, code text, name text, flags integer, tolerance_days integer)
LANGUAGE sql STABLE AS $f$
    SELECT m.item, m.code, m.name,
           m.required::integer
           | (m.tolerable::integer << 1)
           | (m.commitment_allowed::integer << 2)
           | ((e.applicant IS NOT NULL
               OR EXISTS (SELECT FROM service_affair.licence l
                           WHERE l.holder = former_entries.applicant AND l.evidence_type = m.evidence_type
                             AND l.status = 'valid'
                             AND (l.valid_until IS NULL
                                  OR l.valid_until >= service_affair.local_day(former_entries.at, i.calendar))))::integer << 3)
           | ((m.applies_to = 'any' OR m.applies_to = former_entries.applicant_kind)::integer << 4)
           | ((m.evidence_type IS NOT NULL AND EXISTS (
                 SELECT FROM service_affair.bundle_item b1
                   JOIN service_affair.bundle_item b0 ON b0.bundle = b1.bundle AND b0.stage < b1.stage
                   JOIN service_affair.item i0 ON i0.code = b0.item
                  WHERE b1.bundle = former_entries.service AND b1.item = m.item
                    AND i0.output_evidence_type = m.evidence_type))::integer << 5),
           i.tolerance_days
      FROM service_affair.service_item_codes(former_entries.service) s
      JOIN service_affair.material m ON m.item = s
      JOIN service_affair.item i ON i.code = m.item
      LEFT JOIN service_affair.evidence e
             ON e.applicant = former_entries.applicant AND e.evidence_type = m.evidence_type
            AND (e.valid_until IS NULL OR e.valid_until >= service_affair.local_day(former_entries.at, i.calendar))
     ORDER BY m.item, m.code
$f$;

-- random licences (at most one valid per holder and type, any number of others),
-- evidence rows, and instants around the last valid days; every row in order
CREATE FUNCTION pg_temp.compare(rounds integer, seed float8, OUT compared integer, OUT differing integer,
                                OUT with_licence_flag integer, OUT without_licence_flag integer)
LANGUAGE plpgsql AS $f$
DECLARE
  r integer; app bigint; t text; svc text; at0 timestamptz; n integer; fa text[]; fb text[];
BEGIN
  compared := 0; differing := 0; with_licence_flag := 0; without_licence_flag := 0;
  PERFORM setseed(seed);
  FOR r IN 1..rounds LOOP
    DELETE FROM service_affair.licence WHERE key_id = 'le_k';
    DELETE FROM service_affair.evidence WHERE evidence_type LIKE 'le%';
    FOR app IN SELECT id FROM service_affair.applicant WHERE name LIKE 'LE %' LOOP
      FOREACH t IN ARRAY ARRAY['le1', 'le2', 'le3', 'le4', 'le5'] LOOP
        FOR n IN 1..floor(random() * 3)::int LOOP
          PERFORM pg_temp.lic(app, t, (ARRAY['superseded', 'revoked', 'expired'])[1 + floor(random() * 3)::int],
                              (ARRAY[NULL, '2026-11-18', '2026-11-20', '2030-01-01']::date[])[1 + floor(random() * 4)::int]);
        END LOOP;
        IF random() < 0.6 THEN
          PERFORM pg_temp.lic(app, t, 'valid',
                              (ARRAY[NULL, '2026-11-18', '2026-11-19', '2026-11-20']::date[])[1 + floor(random() * 4)::int]);
        END IF;
        IF random() < 0.15 THEN
          INSERT INTO service_affair.evidence (applicant, evidence_type, valid_until)
          VALUES (app, t, (ARRAY[NULL, '2026-11-18', '2027-01-01']::date[])[1 + floor(random() * 3)::int]);
        END IF;
      END LOOP;
    END LOOP;
    FOR app IN SELECT id FROM service_affair.applicant WHERE name LIKE 'LE %' UNION ALL SELECT NULL LOOP
      FOREACH svc IN ARRAY ARRAY['le_item', 'le_b1', 'le_b2', 'le_x'] LOOP
        at0 := '2026-11-18 12:00+08'::timestamptz + (floor(random() * 80) || ' hours')::interval;
        SELECT array_agg(ROW(i, c, nm, f, td)::text ORDER BY k) INTO fa
          FROM pg_temp.former_entries(svc, app, 'person', at0) WITH ORDINALITY x(i, c, nm, f, td, k);
        -- the former query had no evidence type (the sixth column)
        SELECT array_agg(ROW(i, c, nm, f, td)::text ORDER BY k) INTO fb
          FROM service_affair.catalog_entries(svc, app, 'person', at0) WITH ORDINALITY x(i, c, nm, f, td, et, k);
        compared := compared + 1;
        IF fa IS DISTINCT FROM fb THEN
          differing := differing + 1;
          RAISE NOTICE 'differs for % % %: former % / now %', svc, app, at0, fa, fb;
        END IF;
        with_licence_flag := with_licence_flag
          + (SELECT count(*) FROM service_affair.catalog_entries(svc, app, 'person', at0) e
              JOIN service_affair.material m ON m.item = e.item AND m.code = e.code
             WHERE (e.flags & 8) <> 0
               AND NOT EXISTS (SELECT FROM service_affair.evidence v WHERE v.applicant = app AND v.evidence_type = m.evidence_type))::integer;
        without_licence_flag := without_licence_flag
          + (SELECT count(*) FROM service_affair.catalog_entries(svc, app, 'person', at0) e
              JOIN service_affair.material m ON m.item = e.item AND m.code = e.code
             WHERE (e.flags & 8) = 0
               AND EXISTS (SELECT FROM service_affair.licence l WHERE l.holder = app AND l.evidence_type = m.evidence_type))::integer;
      END LOOP;
    END LOOP;
  END LOOP;
END $f$;

SELECT * INTO TEMP cmp FROM pg_temp.compare(60, 0.29);
SELECT diag('rounds: ' || row_to_json(cmp)::text) FROM cmp;
SELECT is((SELECT differing FROM cmp), 0, 'catalog_entries() gives the former query''s rows, flags and order over random licences');
SELECT ok((SELECT compared = 960 AND with_licence_flag >= 50 AND without_licence_flag >= 50 FROM cmp),
          'the random rounds had entries flagged by a licence alone and entries a holder''s licence did not flag');

-- the invariant the join relies on
SELECT is((SELECT pg_get_indexdef('service_affair.licence_one_valid'::regclass)),
          'CREATE UNIQUE INDEX licence_one_valid ON service_affair.licence USING btree (holder, evidence_type) WHERE (status = ''valid''::text)',
          'licence_one_valid: unique on (holder, evidence_type) where status = valid');
SELECT throws_ok(format($$SELECT pg_temp.lic(%s, 'le1', 'valid', NULL); SELECT pg_temp.lic(%s, 'le1', 'valid', NULL)$$, :p, :p),
                 '23505', NULL, 'a second valid licence of a holder and type is refused');
SELECT is((SELECT count(*)::integer FROM catalog_entries('le_b1', :p, 'person', '2026-11-19 10:00+08')), 4,
          'a bundle: one row per entry of its items');

SELECT * FROM finish();
ROLLBACK;
