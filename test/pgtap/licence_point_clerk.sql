-- record_evidence() is for the clerks of the case's region (and
-- administrators), not for the staff of its receiving point (doc/licences.md,
-- "Manual record"; doc/access.md, "The receiving point's clerk (通办)").
-- lock_case() admits the point's staff to the steps at their window
-- (supplement(), withdraw(), record_visit(), deliver(): require_case_step(),
-- 42_tongban.sql), and record_evidence() went through it: until 2026-12-06
-- a clerk of a third region's department posted to the receiving point
-- recorded a licence for the case's applicant, in the name of the handling
-- department, superseding the holder's recorded one, while case_evidence()
-- refused it the evidence on file (a review).
BEGIN;
SET search_path = service_affair, public;
SET TIME ZONE 'UTC';
\ir tongban_fixture.inc
SELECT plan(10);

-- a clerk of Beilun's department (neither region of the case) posted to T5
CREATE ROLE tb_lp_clerk IN ROLE service_affair_clerk;
INSERT INTO staff (login, department) VALUES ('tb_lp_clerk', 'TB_M0');
INSERT INTO staff_point (login, point) VALUES ('tb_lp_clerk', 'T5');
INSERT INTO evidence_type (code, name) VALUES ('tb_cert', 'Residence certificate on paper');
UPDATE material SET evidence_type = 'tb_cert' WHERE item = 'tb_res5' AND code = 'form';

-- cx: a Xiangshan resident's case received at T5, concluded and approved,
-- its result not delivered yet (the point still has business with it)
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'T5') AS cx \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :cx), 'approved', now() - interval '1 hour');
SELECT is((SELECT status || ' ' || decision || ' ' || (delivered_at IS NULL)::text FROM cases WHERE id = :cx),
          'concluded approved true', 'fixture: the case is concluded, approved, not delivered');
SELECT is((SELECT evidence_types FROM case_material WHERE case_id = :cx AND material = 'form'), '{tb_cert}',
          'fixture: its material declared the type at submission');
SELECT is(pg_temp.state_as('tb_lp_clerk', format($$SELECT count(*) FROM case_applicant(%s)$$, :cx)), '00000',
          'fixture: the point''s clerk reads the applicant (its business at the window)');
SELECT is(pg_temp.state_as('tb_lp_clerk', format($$SELECT count(*) FROM case_evidence(%s)$$, :cx)), '42501',
          'fixture: ... not the evidence on file');

-- the point's clerk records no licence
SELECT is(pg_temp.state_as('tb_lp_clerk', format($$SELECT record_evidence(%s, 'tb_cert', 'paper seen', NULL)$$, :cx)), '42501',
          'record_evidence(): the receiving point''s clerk of a third region''s department is refused (42501; 00000 until 2026-12-06)');
SELECT is((SELECT count(*)::int FROM licence WHERE case_id = :cx), 0, '... and no licence is written');
-- in the words of require_case(), the same as for a number that is no case
SELECT is(pg_temp.detail_as('tb_lp_clerk', format($$SELECT record_evidence(%s, 'tb_cert', 'paper seen', NULL)$$, :cx)),
          replace(pg_temp.detail_as('tb_lp_clerk', $$SELECT record_evidence(999999999, 'tb_cert', 'paper seen', NULL)$$),
                  '999999999', :cx::text),
          '... in the same words as for an unknown case number');
SELECT is(pg_temp.state_as('tb_lp_clerk', $$SELECT record_evidence(NULL, 'tb_cert', 'paper seen', NULL)$$), '22023',
          '... and a NULL case id is 22023, as for everybody');

-- the clerk of the case's region still records it
SELECT is(pg_temp.state_as('tb_clerk5', format($$SELECT record_evidence(%s, 'tb_cert', 'paper seen', NULL)$$, :cx)), '00000',
          'record_evidence(): a clerk of the case''s region records the licence, as before');
SELECT is((SELECT array_agg(origin || ' ' || department || ' ' || status ORDER BY id) FROM licence WHERE case_id = :cx),
          '{"recorded TB_M5 valid"}', '... one licence, recorded, valid');

SELECT * FROM finish();
ROLLBACK;
