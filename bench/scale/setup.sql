-- Growth-curve benchmark (doc/scale.md, "Growth curve"): the catalog and the
-- constant open set.  History is added by history.sql in steps.
--   sc_item (SC_D): the item of the history and of the open cases
--   sc_q    (SC_Q): the queue item of the claim + complete runs
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
INSERT INTO department (code, name, region) VALUES ('SC_D', 'Scale department', '330225'),
  ('SC_Q', 'Scale queue', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit)
VALUES ('sc_item', 'Scale item', 'SC_D', 'promised', 20, 10), ('sc_q', 'Scale queue item', 'SC_Q', 'promised', 20, 5);
UPDATE item SET online = true WHERE code LIKE 'sc\_%';
INSERT INTO material (item, code, name)
SELECT i, 'm' || g, 'Material ' || g FROM unnest(ARRAY['sc_item', 'sc_q']) i, generate_series(1, 4) g;
-- 1000 persons with valid resident ids (GB 11643 check character)
INSERT INTO applicant (kind, resident_id, name)
SELECT 'person', (b || substr('10X98765432',
         (SELECT sum(substr(b, p, 1)::int * (ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[p]) FROM generate_series(1, 17) p)::int % 11 + 1, 1))::resident_id,
       'Person ' || g
  FROM (SELECT g, '330225' || to_char(date '1970-01-01' + g, 'YYYYMMDD') || lpad((g % 1000)::text, 3, '0') AS b
          FROM generate_series(1, 1000) g) s;
-- the open set: :open accepted cases of sc_item submitted through submit()
-- (routed by the acceptance trigger: one open task each), spread over the
-- last 30 days before the measuring day (2026-11-16).  In statements of
-- 2,000 submissions, each committed and followed by ANALYZE: in one
-- statement (as until 2026-12-02) the plans the session caches while the
-- tables are empty include a hashed subplan over a table the statement
-- fills, and each submission costs more than the last (20,000 took over 8
-- minutes on the partitioned schema)
SELECT format($s$SELECT count(submit('sc_item', 1 + g %% 1000, '{m1,m2,m3,m4}', 'online', '{}',
                    timestamptz '2026-10-17 09:00+08' + (g %% 30) * interval '1 day' + (g %% 480) * interval '1 minute')) AS open_cases
  FROM generate_series(%s, %s) g$s$, lo, least(lo + 1999, :open)), 'ANALYZE'
  FROM generate_series(1, :open, 2000) lo \gexec
-- pgbench helpers: the applicant of a submission
CREATE FUNCTION public.sc_applicant() RETURNS bigint LANGUAGE sql AS $$ SELECT 1 + (random() * 999)::bigint $$;
