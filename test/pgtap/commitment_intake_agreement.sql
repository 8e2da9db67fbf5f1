-- completeness() and submit() decide commitments in one place
-- (intake_credit(): intake_credit_ok() and the commitments to assess): over a grid of applicants (a
-- clean record, a broken commitment in force, another serious fact, the
-- manual flag false), items with credit_check true and false, and
-- submissions with and without commitments, the statuses completeness()
-- answers are those submit() records.  And a commitment an applicant with a
-- broken commitment in force may not make is no refusal: the material is
-- assessed as not committed, listed in the one-time notice, and the case's
-- history keeps what was offered (commitments) beside what is missing, as
-- for an applicant whose credit bars commitments (doc/credit.md, "Intake").
-- Review of 2026-12-07 (of 7c33e043): passes on that code too, a guard of
-- the one home of the rule (with submit()'s call of intake_commitments(),
-- now intake_credit(), taken out, assertions 2 and 3 fail).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(5);
\ir credit_fixture.inc
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225199001010012', 'Clean Person');
INSERT INTO applicant (kind, resident_id, name, credit_ok) VALUES ('person', '330225198001010018', 'Flagged Person', false);
-- o: a broken commitment in force; p: another serious fact
SELECT submit('k_fast', o, ARRAY['form'], 'window', ARRAY['cond'], '2026-10-09 10:00+08') AS f1 FROM kf \gset
SELECT record_check((SELECT id FROM commitment_check WHERE case_id = :f1), 'broken', 'conditions not met', '2026-10-21 10:00+08');
SELECT record_credit_event('11010519491231002X', 'serious', 'sanction reported by another system', '2026-10-21 10:00+08') AS ev \gset
CREATE TEMP TABLE mismatch (what text);
CREATE TEMP TABLE tried (n int);
DO $$
DECLARE
    a bigint;
    chk boolean;
    s record;
    v_case bigint;
    at timestamptz := '2026-10-22 10:00+08';
BEGIN
    FOREACH chk IN ARRAY ARRAY[true, false] LOOP
        UPDATE service_affair.item SET credit_check = chk WHERE code IN ('k_std', 'k_fast', 'k_other');
        FOR a IN SELECT id FROM service_affair.applicant ORDER BY id LOOP
            FOR s IN SELECT * FROM (VALUES
                    ('k_std', ARRAY['form', 'later'], ARRAY['proof']),
                    ('k_std', ARRAY['form'], ARRAY['proof']),
                    ('k_std', ARRAY['form', 'proof'], '{}'::text[]),
                    ('k_std', ARRAY['form'], ARRAY['proof', 'later']),
                    ('k_other', ARRAY['form'], ARRAY['proof']),
                    ('k_fast', ARRAY['form'], ARRAY['cond']),
                    ('k_fast', ARRAY['form', 'cond'], '{}'::text[])) v(svc, mats, coms) LOOP
                at := at + interval '1 minute';
                v_case := service_affair.submit(s.svc, a, s.mats, 'window', s.coms, at);
                INSERT INTO tried VALUES (1);
                INSERT INTO mismatch
                SELECT format('%s credit_check %s applicant %s %s %s: %s', s.svc, chk, a, s.mats, s.coms, coalesce(x.material, y.material))
                  FROM (SELECT c.material, c.status FROM service_affair.completeness(s.svc, a, s.mats, s.coms, at) c) x
                  FULL JOIN (SELECT m.material, m.initial_status AS status FROM service_affair.case_material m WHERE m.case_id = v_case) y
                    ON y.material = x.material
                 WHERE x.status IS DISTINCT FROM y.status;
            END LOOP;
        END LOOP;
    END LOOP;
END $$;
SELECT diag(what) FROM mismatch LIMIT 5;
SELECT is((SELECT count(*)::int FROM tried), 56, 'every submission of the grid was made');
SELECT is((SELECT count(*)::int FROM mismatch), 0, 'completeness() answers what submit() records, on every one');

-- the applicant with a broken commitment in force, credit_check false
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-23 10:00+08') AS r FROM kf \gset
SELECT is((SELECT status FROM cases WHERE id = :r), 'returned', 'the commitment is not made: the case is returned');
SELECT is((SELECT array_agg(material ORDER BY material) FROM notice(:r)), ARRAY['proof'],
          'the one-time notice lists the material he offered to commit to');
SELECT is((SELECT (detail->'commitments') || (detail->'missing') FROM case_event WHERE case_id = :r AND kind = 'submitted'),
          '["proof", "proof"]'::jsonb, 'the history keeps the commitment offered, and the material as missing');

SELECT * FROM finish();
ROLLBACK;
