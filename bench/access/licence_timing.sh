#!/usr/bin/env bash
# The time verify_licence() takes to answer unknown (doc/benchmarks-access.md,
# "verify_licence(): the time of a wrong pair"): an existing licence number
# with another applicant's identifier against an unknown licence number with
# the same identifier (an unknown number that sorts between two existing
# ones).  Fixture: 1,000 applicants and 100,000 licences
# (999 valid, one a holder, the others expired; inserted directly), analysed.  SESSIONS (default 300)
# sessions, each: 10 right pairs (no budget spent: every statement prepared
# and past the sixth call), then its 10 wrong pairs (the session's budget)
# alternating known and unknown, the first of them known in odd sessions and
# unknown in even ones; each timed in the server (clock_timestamp() around
# the call).  Prints the median and quartiles per path, in microseconds, and
# unknown - known.  Run it at two commits to compare them; timings are not
# asserted anywhere.
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
SESSIONS=${SESSIONS:-300}
sa_build
sa_cluster_start
sa_createdb sa_bench service_affair
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
SET search_path = service_affair;
INSERT INTO department (code, name, region) VALUES ('LB', 'Licence bench', '330225');
INSERT INTO evidence_type (code, name, holder_kind, source_department, validity_days, share_without_consent, number_format)
VALUES ('lb_lic', 'Bench licence', 'any', 'LB', 365, true, 'LB{region}{year}{seq}');
-- resident ids with a valid check digit (ISO 7064 MOD 11-2)
INSERT INTO applicant (kind, resident_id, name)
SELECT 'person', (b || substr('10X98765432', (SELECT sum(substr(b, k, 1)::int * ((2 ^ (18 - k))::bigint % 11)) FROM generate_series(1, 17) k)::int % 11 + 1, 1))::resident_id,
       'Holder ' || g
  FROM (SELECT g, '33022519800101' || lpad(g::text, 3, '0') AS b FROM generate_series(1, 999) g) s;
INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91110000600037341L', '某公司');
INSERT INTO licence (number, evidence_type, holder, case_id, issued_at, valid_until, status, changed_at, department, origin, reference, key_id, hmac)
SELECT 'LB3302252026' || lpad(g::text, 8, '0'), 'lb_lic', a.id, g, '2026-01-01', NULL,
       CASE WHEN g <= 999 THEN 'valid' ELSE 'expired' END, CASE WHEN g > 999 THEN '2026-02-01'::timestamptz END,
       'LB', 'recorded', 'bench', 'k1', repeat('0', 64)
  FROM generate_series(1, 100000) g
  JOIN applicant a ON a.id = (SELECT min(id) FROM applicant) + g % 999;
ANALYZE;
CREATE TABLE public.licence_timing (path text, us double precision);
CREATE FUNCTION public.licence_bench(known text, ident text, unknown text, known_first boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; t1 timestamptz; i int; p text;
BEGIN
    FOR i IN 1..10 LOOP
        IF service_affair.verify_licence(known, ident) <> 'valid' THEN RAISE 'fixture: not valid'; END IF;
    END LOOP;
    FOR i IN 1..10 LOOP
        p := CASE WHEN (i % 2 = 1) = known_first THEN 'known' ELSE 'unknown' END;
        t0 := clock_timestamp();
        PERFORM service_affair.verify_licence(CASE p WHEN 'known' THEN known ELSE unknown END, '91110000600037341L');
        t1 := clock_timestamp();
        INSERT INTO public.licence_timing VALUES (p, extract(epoch FROM t1 - t0) * 1e6);
    END LOOP;
END $$;
SQL
read -r known ident < <(psql -X -At -F ' ' -d sa_bench -c "
SELECT l.number, a.resident_id FROM service_affair.licence l JOIN service_affair.applicant a ON a.id = l.holder
 WHERE l.number = 'LB3302252026' || lpad('500', 8, '0')")
echo "commit $(git -C "$SA_TOP" rev-parse --short HEAD), $SESSIONS sessions, known licence $known"
for i in $(seq 1 "$SESSIONS"); do
	# between two existing numbers (the one before it with a letter appended)
	unknown="LB3302252026$(printf '%08d' $((1000 + i * 300)))A"
	psql -X -q -At -d sa_bench -c "SELECT public.licence_bench('$known', '$ident', '$unknown', $((i % 2)) = 1)" >/dev/null
done
psql -X -At -F ' ' -d sa_bench -c "
SELECT path, count(*) AS n,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY us)::numeric, 1) AS median_us,
       round(percentile_cont(0.25) WITHIN GROUP (ORDER BY us)::numeric, 1) AS p25,
       round(percentile_cont(0.75) WITHIN GROUP (ORDER BY us)::numeric, 1) AS p75
  FROM public.licence_timing GROUP BY path ORDER BY path" | sed 's/^/path n median p25 p75: /'
psql -X -At -d sa_bench -c "
SELECT 'unknown - known, median: ' || round((percentile_cont(0.5) WITHIN GROUP (ORDER BY us) FILTER (WHERE path = 'unknown')
                                       - percentile_cont(0.5) WITHIN GROUP (ORDER BY us) FILTER (WHERE path = 'known'))::numeric, 1) || ' us'
  FROM public.licence_timing"
