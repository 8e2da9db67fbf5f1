-- Property "no second surprise" (一次性告知): over many random catalogs and
-- submissions, a returned case supplied with exactly the materials of its
-- notice is accepted, even when the applicant's evidence expires or credit
-- changes in between (only a catalog change may break it).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(5);

INSERT INTO department (code, name, region) VALUES ('IT_PROP', 'Property test department', '330225');
INSERT INTO evidence_type (code, name) VALUES ('e1', 'Evidence 1'), ('e2', 'Evidence 2');  -- the registry (44_licences)
INSERT INTO applicant (kind, resident_id, uscc, name, credit_ok) VALUES
  ('person', '11010519491231002X', NULL, 'P1', true),
  ('person', '330225198001010018', NULL, 'P2', false),
  ('org', NULL, '91110000600037341L', 'O1', true),
  ('org', NULL, '91350100M000100Y43', 'O2', false);

CREATE FUNCTION pg_temp.no_second_surprise(rounds integer, seed float8,
    OUT returned integer, OUT accepted integer, OUT surprises integer, OUT notice_mismatch integer,
    OUT bundles integer, OUT tolerated integer)
LANGUAGE plpgsql AS $f$
DECLARE
  r integer; k integer; j integer;
  nitems integer; svc text; is_bundle boolean;
  app bigint; codes text[]; subs text[]; coms text[];
  cid bigint; st text; notice_codes text[]; expect_codes text[];
  at0 timestamptz;
BEGIN
  returned := 0; accepted := 0; surprises := 0; notice_mismatch := 0; bundles := 0; tolerated := 0;
  PERFORM setseed(seed);
  FOR r IN 1..rounds LOOP
    nitems := 1 + floor(random() * 4)::int;
    FOR k IN 1..nitems LOOP
      INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online)
      SELECT 'ip_' || r || '_' || k, 'Item', 'IT_PROP', kd,
             CASE WHEN random() < 0.8 THEN 20 END,
             CASE WHEN kd = 'promised' AND random() < 0.7 THEN floor(random() * 15)::int END,
             floor(random() * 8)::int, true
        FROM (SELECT CASE WHEN random() < 0.3 THEN 'immediate' ELSE 'promised' END AS kd) x;
      FOR j IN 1..floor(random() * 9)::int LOOP
        INSERT INTO service_affair.material (item, code, name, required, tolerable, evidence_type, commitment_allowed, applies_to)
        VALUES ('ip_' || r || '_' || k, 'c' || floor(random() * 12)::int, 'Material',
                random() < 0.75, random() < 0.3,
                (ARRAY['e1', 'e2', NULL, NULL])[1 + floor(random() * 4)::int],
                random() < 0.3, (ARRAY['any', 'any', 'person', 'org'])[1 + floor(random() * 4)::int])
        ON CONFLICT DO NOTHING;
      END LOOP;
    END LOOP;
    is_bundle := nitems > 1 AND random() < 0.7;
    IF is_bundle THEN
      bundles := bundles + 1;
      svc := 'ipb_' || r;
      INSERT INTO service_affair.bundle (code, name, lead_department) VALUES (svc, 'Bundle', 'IT_PROP');
      INSERT INTO service_affair.bundle_item (bundle, item, stage)
      SELECT svc, 'ip_' || r || '_' || g, 1 + floor(random() * 3)::int FROM generate_series(1, nitems) g;
    ELSE
      svc := 'ip_' || r || '_1';
    END IF;

    SELECT a.id INTO app FROM service_affair.applicant a WHERE a.name IN ('P1', 'P2', 'O1', 'O2')
     ORDER BY random() LIMIT 1;
    UPDATE service_affair.applicant a SET credit_ok = random() < 0.7 WHERE a.id = app;
    DELETE FROM service_affair.evidence e WHERE e.applicant = app;
    INSERT INTO service_affair.evidence (applicant, evidence_type, valid_until)
    SELECT app, t, (ARRAY[NULL, '2026-01-01', '2027-01-01']::date[])[1 + floor(random() * 3)::int]
      FROM unnest(ARRAY['e1', 'e2']) t WHERE random() < 0.5;

    SELECT array_agg(DISTINCT m.code) INTO codes FROM service_affair.material m
     WHERE m.item = svc OR m.item IN (SELECT bi.item FROM service_affair.bundle_item bi WHERE bi.bundle = svc);
    SELECT COALESCE(array_agg(c), '{}') INTO subs FROM unnest(codes) c WHERE random() < 0.4;
    SELECT COALESCE(array_agg(c), '{}') INTO coms FROM unnest(codes) c WHERE random() < 0.3;
    at0 := '2026-11-18 10:00+08'::timestamptz + (floor(random() * 200) || ' hours')::interval;

    SELECT array_agg(x.material ORDER BY x.material) INTO expect_codes
      FROM service_affair.completeness(svc, app, subs, coms, at0) x WHERE x.status IN ('missing', 'tolerated');
    cid := service_affair.submit(svc, app, subs, 'online', coms, at0);
    SELECT array_agg(n.material ORDER BY n.material) INTO notice_codes FROM service_affair.notice(cid) n;
    IF notice_codes IS DISTINCT FROM expect_codes THEN
      notice_mismatch := notice_mismatch + 1;
    END IF;
    SELECT c.status INTO st FROM service_affair.cases c WHERE c.id = cid;
    IF st = 'accepted' THEN
      accepted := accepted + 1;
      IF notice_codes IS NOT NULL THEN tolerated := tolerated + 1; END IF;
      CONTINUE;
    END IF;
    returned := returned + 1;
    -- the applicant's data may change before the second visit: not a catalog change
    IF random() < 0.5 THEN
      UPDATE service_affair.applicant a SET credit_ok = NOT a.credit_ok WHERE a.id = app;
      DELETE FROM service_affair.evidence e WHERE e.applicant = app;
    END IF;
    st := service_affair.supplement(cid, notice_codes, at0 + interval '3 days', 'window');
    IF st <> 'accepted' OR EXISTS (SELECT 1 FROM service_affair.cases c WHERE c.id = cid AND (c.tolerance_due IS NOT NULL OR c.tolerated)) THEN
      surprises := surprises + 1;
      RAISE NOTICE 'surprise: case % service % status % after supplying %', cid, svc, st, notice_codes;
    END IF;
  END LOOP;
END $f$;

SELECT * INTO TEMP prop FROM pg_temp.no_second_surprise(300, 0.42);
SELECT diag('rounds: ' || row_to_json(prop)::text) FROM prop;
SELECT cmp_ok((SELECT returned FROM prop), '>=', 60, 'many random submissions were returned');
SELECT cmp_ok((SELECT accepted FROM prop), '>=', 20, 'some random submissions were accepted at once');
SELECT cmp_ok((SELECT bundles FROM prop), '>=', 50, 'many random services were bundles');
SELECT is((SELECT notice_mismatch FROM prop), 0, 'the notice lists exactly what completeness() found missing or tolerated');
SELECT is((SELECT surprises FROM prop), 0, 'supplying exactly the notice always yields accepted with nothing pending');

SELECT * FROM finish();
ROLLBACK;
