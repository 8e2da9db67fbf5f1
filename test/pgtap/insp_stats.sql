-- Statistical checks of draw() (deterministic: fixed seeds, fixed
-- thresholds).  120 draws over the same directory with seeds 'stat-1' ..
-- 'stat-120': every draw meets the quota of every grade exactly, and per
-- grade the number of times each target is drawn fits a uniform
-- distribution (chi-square below the 0.1 % critical value).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(7);

\ir uscc17.inc
INSERT INTO department (code, name) VALUES ('insp_a', 'A'), ('insp_b', 'B');
-- 10 A, 20 B, 30 C, 40 D
INSERT INTO target (uscc, name, risk)
SELECT pg_temp.uscc17('91330100' || lpad(i::text, 9, '0')), 'c' || i,
       CASE WHEN i <= 10 THEN 'A' WHEN i <= 30 THEN 'B' WHEN i <= 60 THEN 'C' ELSE 'D' END
  FROM generate_series(1, 100) i;
INSERT INTO inspector (id, name, department)
SELECT d || '-' || i, d || i, d FROM unnest(ARRAY['insp_a','insp_b']) d, generate_series(1, 6) i;

-- rates A 0.1, B 0.2, C 0.3, D 0.5: quotas 1, 4, 9, 20
CREATE TEMP TABLE runs AS
SELECT s, draw(create_plan('stat ' || s, ARRAY['insp_a','insp_b'], ARRAY[0.1, 0.2, 0.3, 0.5],
                           sha256(convert_to('stat-' || s, 'UTF8')), 2),
               convert_to('stat-' || s, 'UTF8')) AS draw_id
  FROM generate_series(1, 120) s;

SELECT is((SELECT count(*) FROM draw d JOIN runs r ON r.draw_id = d.id WHERE d.selected = ARRAY[1,4,9,20]::bigint[]),
          120::bigint, 'all 120 draws select exactly ceil(rate x candidates) per grade');
SELECT is((SELECT count(*) FROM (SELECT s.draw_id, s.risk, count(*) n FROM draw_selection s JOIN runs r USING (draw_id)
                                  GROUP BY 1, 2) x
            WHERE n <> CASE risk WHEN 'A' THEN 1 WHEN 'B' THEN 4 WHEN 'C' THEN 9 ELSE 20 END), 0::bigint,
          'draw_selection agrees with the quotas in every draw');

CREATE TEMP TABLE freq AS
SELECT t.id, t.risk, count(s.target) AS n
  FROM target t LEFT JOIN (draw_selection s JOIN runs r USING (draw_id)) ON s.target = t.id
 GROUP BY t.id, t.risk;
CREATE TEMP TABLE chi AS
SELECT risk, sum((n - e) ^ 2 / e) AS x, count(*) - 1 AS df
  FROM (SELECT f.*, 120.0 * CASE risk WHEN 'A' THEN 1 / 10.0 WHEN 'B' THEN 4 / 20.0
                                      WHEN 'C' THEN 9 / 30.0 ELSE 20 / 40.0 END AS e FROM freq f) y
 GROUP BY risk;
-- 0.1 % critical values: df 9 27.88, df 19 43.82, df 29 58.30, df 39 72.05
SELECT ok(x < 27.88, 'grade A: uniform selection (chi-square ' || round(x, 2) || ' < 27.88, df 9)') FROM chi WHERE risk = 'A';
SELECT ok(x < 43.82, 'grade B: uniform selection (chi-square ' || round(x, 2) || ' < 43.82, df 19)') FROM chi WHERE risk = 'B';
SELECT ok(x < 58.30, 'grade C: uniform selection (chi-square ' || round(x, 2) || ' < 58.30, df 29)') FROM chi WHERE risk = 'C';
SELECT ok(x < 72.05, 'grade D: uniform selection (chi-square ' || round(x, 2) || ' < 72.05, df 39)') FROM chi WHERE risk = 'D';
SELECT ok((SELECT bool_and(verify_draw(draw_id)) FROM runs), 'all 120 draws verify');

SELECT * FROM finish();
ROLLBACK;
