-- Renames in the catalog and the licences they issued (doc/licences.md,
-- "Renames"): a review found that renaming an item between the stages of a
-- bundle issued its licence a second time (the licence kept the old code,
-- the task took the new one), and that renaming an evidence type changed
-- the code signed into every licence of the type, so that none verified
-- offline.  Both fail on the tree of 2026-12-02.  Since 2026-12-05 an item
-- keeps its code (catalog_code_kept(), 55000; test/pgtap/catalog_item_rename.sql):
-- the rename between the stages is refused, and stage 2 still issues its
-- own licence only.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(9);
\ir licence_fixture.inc

-- ------------------------------------------------------------ 1. an item renamed between two stages
-- bundle lc_shop: stage 1 lc_reg (issues lc_bizlic), stage 2 lc_food (issues lc_food_permit) and lc_sign
SELECT submit('lc_shop', :q, '{form,id}', 'window', '{}', '2026-08-10 09:00+08') AS b1 \gset
SELECT is(pg_temp.decide(:b1, 'approved', '2026-08-11 10:00+08'), 1, 'stage 1 approved');
SELECT is((SELECT array_agg(number) FROM licence WHERE case_id = :b1), '{BL3302252026000001}'::text[], 'it issued its licence');
SELECT throws_ok($$UPDATE item SET code = 'lc_reg2' WHERE code = 'lc_reg'$$, '55000', 'the code of item "lc_reg" cannot be changed',
  'the item is not renamed between the stages: it keeps its code (until 2026-12-05 the licence and the task followed the new one)');
SELECT is(pg_temp.decide(:b1, 'approved', '2026-08-12 10:00+08'), 2, 'stage 2 approved');
SELECT results_eq(format($$SELECT item, number, status FROM licence WHERE case_id = %s ORDER BY id$$, :b1),
  $$VALUES ('lc_reg'::text, 'BL3302252026000001'::text, 'valid'::text),
           ('lc_food', 'lc_food_permit-330225-2026-000001', 'valid')$$,
  'stage 2 issues its own licence only: stage 1''s is neither issued again nor superseded (two lc_bizlic, the first superseded, before)');

-- ------------------------------------------------------------ 2. an evidence type that has licences keeps its code
SELECT throws_ok($$UPDATE evidence_type SET code = 'lc_bizlicence' WHERE code = 'lc_bizlic'$$, '23503', NULL,
  'renaming a type that has licences: 23503 (its code is signed into each)');
SELECT is((SELECT count(*) FROM licence l JOIN licence_key k ON k.key_id = l.key_id JOIN applicant a ON a.id = l.holder
            WHERE l.hmac = licence_hmac(k.key, licence_message(l.number, l.evidence_type, coalesce(a.resident_id::text, a.uscc::text),
                                                               local_day(l.issued_at, 'cn'), l.valid_until))),
          (SELECT count(*) FROM licence), 'every licence still verifies against its signed message');
UPDATE evidence_type SET code = 'lc_orgcertificate' WHERE code = 'lc_orgcert';
SELECT is((SELECT output_evidence_type FROM item WHERE code = 'lc_org'), 'lc_orgcertificate',
  'a type without licences is renamed, and the items issuing it follow');
SELECT throws_ok($$DELETE FROM item WHERE code = 'lc_reg'$$, '23503', NULL, 'an item that issued a licence is not deleted: 23503');

SELECT * FROM finish();
ROLLBACK;
