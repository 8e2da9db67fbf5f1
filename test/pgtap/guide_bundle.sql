-- public_bundle_guide (44_licences.sql): each document of a bundle once, and
-- one an earlier stage issues is not asked for: the guide agrees with the
-- completeness engine, whose status for it is produced (a review of
-- 2026-12-04: 开餐馆一件事's guide asked for the business licence its first
-- stage issues).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(7);

INSERT INTO department (code, name, region) VALUES ('GB_D', 'Bundle guide test department', '330225');
INSERT INTO evidence_type (code, name) VALUES ('gb_lic', 'GB licence'), ('gb_id', 'GB id');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, output_evidence_type) VALUES
  ('gb_reg', 'Registration', 'GB_D', 'promised', 20, 5, 'gb_lic'),
  ('gb_reg2', 'Registration elsewhere', 'GB_D', 'promised', 20, 5, 'gb_lic'),
  ('gb_perm', 'Permit', 'GB_D', 'promised', 20, 5, NULL),
  ('gb_sign', 'Sign', 'GB_D', 'promised', 20, 5, NULL);
INSERT INTO material (item, code, name, required, evidence_type) VALUES
  ('gb_reg', 'form', '登记申请书', true, NULL),
  ('gb_perm', 'form', '登记申请书', true, NULL),
  ('gb_perm', 'lic', '营业执照', true, 'gb_lic'),
  ('gb_sign', 'lic', '营业执照', true, 'gb_lic'),
  ('gb_sign', 'photo', '效果图', false, NULL);
INSERT INTO bundle (code, name, lead_department) VALUES ('gb_bundle', '开店一件事', 'GB_D'), ('gb_flat', '同一阶段', 'GB_D');
INSERT INTO bundle_item (bundle, item, stage) VALUES
  ('gb_bundle', 'gb_reg', 1), ('gb_bundle', 'gb_reg2', 1), ('gb_bundle', 'gb_perm', 2), ('gb_bundle', 'gb_sign', 3),
  ('gb_flat', 'gb_reg', 1), ('gb_flat', 'gb_perm', 1);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'GB P');

SELECT is((SELECT required::text || ' ' || COALESCE(issued_by::text, '-') FROM public_bundle_guide
            WHERE bundle = 'gb_bundle' AND material = 'lic'), 'false {gb_reg,gb_reg2}',
          'the licence stage 1 issues is not required by the later stages, and names both its issuers');
SELECT is((SELECT required::text || ' ' || COALESCE(issued_by::text, '-') FROM public_bundle_guide
            WHERE bundle = 'gb_bundle' AND material = 'form'), 'true -', 'the form is required, issued by none');
SELECT is((SELECT required FROM public_bundle_guide WHERE bundle = 'gb_bundle' AND material = 'photo'), false,
          'an optional material stays optional');
SELECT is((SELECT required::text || ' ' || COALESCE(issued_by::text, '-') FROM public_bundle_guide
            WHERE bundle = 'gb_flat' AND material = 'lic'), 'true -',
          'in one stage nothing is issued earlier: the licence is required');
-- the guide agrees with the engine: with nothing brought, the required
-- materials of the guide are exactly those the engine finds missing
SELECT is((SELECT array_agg(g.material ORDER BY g.material) FROM public_bundle_guide g
            WHERE g.bundle = 'gb_bundle' AND g.required),
          (SELECT array_agg(c.material ORDER BY c.material)
             FROM completeness('gb_bundle', (SELECT id FROM applicant WHERE name = 'GB P'), '{}') c
            WHERE c.status = 'missing'),
          'gb_bundle: the guide''s required materials are the engine''s missing ones');
SELECT is((SELECT status FROM completeness('gb_bundle', (SELECT id FROM applicant WHERE name = 'GB P'), '{}')
            WHERE material = 'lic'), 'produced', '... and the engine says the licence is produced');
SELECT is((SELECT array_agg(g.material ORDER BY g.material) FROM public_bundle_guide g
            WHERE g.bundle = 'gb_flat' AND g.required),
          (SELECT array_agg(c.material ORDER BY c.material)
             FROM completeness('gb_flat', (SELECT id FROM applicant WHERE name = 'GB P'), '{}') c
            WHERE c.status = 'missing'),
          'gb_flat: likewise');

SELECT * FROM finish();
ROLLBACK;
