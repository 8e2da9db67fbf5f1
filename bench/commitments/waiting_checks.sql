-- bench/commitments/waiting_checks.sql — the sweep's and commitment_accountability's
-- condition on checks waiting for their stage (doc/benchmarks.md, "Commitment
-- checks waiting for a stage").  A pgTAP file: copy it to test/pgtap/ and run
--   SUITES=pgtap PGTAP_FILES=test/pgtap/waiting_checks.sql make test
-- (the numbers come out as diagnostics).  The sweepq_new line called
-- commitment_check_waits(), gone since: it is left out here.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(1);
\ir credit_fixture.inc
UPDATE item SET check_days = 5 WHERE code = 'k_fast';
INSERT INTO bundle (code, name, lead_department) VALUES ('k_seq', 'Standard, then on commitment', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_seq', 'k_std', 1), ('k_seq', 'k_fast', 2);
SELECT clock_timestamp() AS t0 \gset
SELECT count(submit('k_seq', p, ARRAY['form', 'later', 'proof'], 'window', ARRAY['cond'], '2026-10-09 10:00+08')) FROM kf, generate_series(1, 2000);
SELECT count(submit('k_fast', o, ARRAY['form'], 'window', ARRAY['cond'], '2026-10-09 10:00+08')) FROM kf, generate_series(1, 2000);
SELECT count(submit('k_std', o, ARRAY['form','later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08')) FROM kf, generate_series(1, 2000);
SELECT diag('setup ' || (clock_timestamp() - :'t0'::timestamptz)::text || ' checks ' || (SELECT count(*) FROM commitment_check));
ANALYZE;
SET LOCAL service_affair.as_of = '2026-11-23 12:00+08';
CREATE TEMP TABLE tm (what text, ms float8);
DO $$
DECLARE t timestamptz; n int;
BEGIN
  FOR i IN 1..7 LOOP
    t := clock_timestamp();
    PERFORM * FROM service_affair.commitment_accountability;
    INSERT INTO tm VALUES ('view_new', extract(epoch FROM clock_timestamp() - t) * 1000);
    t := clock_timestamp();
    PERFORM k.department, pg_catalog.date_trunc('month', k.due)::date AS month,
       pg_catalog.count(*)::integer AS due,
       pg_catalog.count(*) FILTER (WHERE k.status <> 'open' AND service_affair.local_day(k.checked_at, k.calendar) <= k.due)::integer,
       pg_catalog.count(*) FILTER (WHERE k.status <> 'open' AND service_affair.local_day(k.checked_at, k.calendar) > k.due)::integer,
       pg_catalog.count(*) FILTER (WHERE k.status = 'open' AND k.due < service_affair.local_day((SELECT service_affair.sla_as_of()), k.calendar))::integer,
       pg_catalog.count(*) FILTER (WHERE k.status = 'broken')::integer
      FROM service_affair.commitment_check k WHERE k.status <> 'cancelled'
     GROUP BY k.department, pg_catalog.date_trunc('month', k.due);
    INSERT INTO tm VALUES ('view_old', extract(epoch FROM clock_timestamp() - t) * 1000);
    t := clock_timestamp();
    SELECT count(*) INTO n FROM service_affair.commitment_check k
     WHERE k.status = 'open' AND NOT k.settled AND k.sla_state IS NULL AND k.due < DATE '2026-11-23'
       AND NOT (k.on_commitment AND EXISTS (
                SELECT FROM service_affair.task t JOIN service_affair.item i ON i.code = t.item
                 WHERE t.case_id = k.case_id AND NOT t.settled AND t.status = 'waiting'
                   AND t.item = ANY (k.items) AND i.approval_mode = 'commitment'));
    INSERT INTO tm VALUES ('sweepq_inline n=' || n, extract(epoch FROM clock_timestamp() - t) * 1000);
    t := clock_timestamp();
    SELECT count(*) INTO n FROM service_affair.commitment_check k
     WHERE k.status = 'open' AND NOT k.settled AND k.sla_state IS NULL AND k.due < DATE '2026-11-23';
    INSERT INTO tm VALUES ('sweepq_old n=' || n, extract(epoch FROM clock_timestamp() - t) * 1000);
  END LOOP;
END $$;
SELECT diag(what || ': median ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2) || ' ms, min ' || round(min(ms)::numeric, 2)) FROM tm GROUP BY what ORDER BY what;
SELECT diag((SELECT string_agg(x::text, ' ') FROM (SELECT overdue FROM commitment_accountability ORDER BY department, month) y(x)));
SELECT pass('bench');
SELECT * FROM finish();
ROLLBACK;
