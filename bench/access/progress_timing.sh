#!/usr/bin/env bash
# The time case_progress() takes to refuse a wrong pair (doc/benchmarks-access.md,
# "case_progress(): the time of a wrong pair"): an existing case number with
# another applicant's identifier against an unknown case number with the same
# identifier.  Fixture: 100,000 open cases (inserted directly, returned) and
# the history's partition of their ids made (history_month(), empty), so that
# an unknown number is looked up in a month that exists, as on a county
# whose months are made ahead.  SESSIONS (default 300) sessions, each: 10
# right pairs (no budget spent: every statement prepared and past the sixth
# call), then its 10 wrong pairs (the session's budget) alternating known and
# unknown, the first of them known in odd sessions and unknown in even ones;
# each timed in the server (clock_timestamp() around the call).  Prints the
# median and quartiles per path, in microseconds, and unknown - known.
# Run it at two commits to compare them; timings are not asserted anywhere.
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
SESSIONS=${SESSIONS:-300}
sa_build
sa_cluster_start
sa_createdb sa_bench service_affair
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
SET search_path = service_affair;
INSERT INTO department (code, name, region)
SELECT 'B' || g, 'Dept ' || g, (330200 + g)::text FROM generate_series(1, 10) g;
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, online)
SELECT 'b' || g, 'Item ' || g, 'B' || g, 'promised', 20, 5, true FROM generate_series(1, 10) g;
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', '张三');
INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91110000600037341L', '某公司');
INSERT INTO cases (service, service_kind, item, department, region, applicant, channel, status, returned,
                   submitted_at, calendar, promised_limit, legal_limit)
SELECT 'b' || (g % 10 + 1), 'item', 'b' || (g % 10 + 1), 'B' || (g % 10 + 1), (330200 + g % 10 + 1)::text, 1, 'online',
       'returned', true, '2026-01-01'::timestamptz + g * interval '1 minute', 'cn', 5, 20
  FROM generate_series(1, 100000) g;
SELECT service_affair.history_month('cases', (SELECT max(id) + 500 FROM cases));
ANALYZE;
CREATE TABLE public.progress_timing (path text, us double precision);
CREATE FUNCTION public.progress_bench(known bigint, unknown bigint, known_first boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; t1 timestamptz; i int; p text;
BEGIN
    FOR i IN 1..10 LOOP
        PERFORM * FROM service_affair.case_progress(known, '11010519491231002X');
    END LOOP;
    FOR i IN 1..10 LOOP
        p := CASE WHEN (i % 2 = 1) = known_first THEN 'known' ELSE 'unknown' END;
        t0 := clock_timestamp();
        PERFORM * FROM service_affair.case_progress(CASE p WHEN 'known' THEN known ELSE unknown END, '91110000600037341L');
        t1 := clock_timestamp();
        INSERT INTO public.progress_timing VALUES (p, extract(epoch FROM t1 - t0) * 1e6);
    END LOOP;
END $$;
SQL
read -r known unknown < <(psql -X -At -F ' ' -d sa_bench -c "SELECT max(id) / 2, max(id) + 500 FROM service_affair.cases")
echo "commit $(git -C "$SA_TOP" rev-parse --short HEAD), $SESSIONS sessions, known case $known, unknown $unknown"
for i in $(seq 1 "$SESSIONS"); do
	psql -X -q -At -d sa_bench -c "SELECT public.progress_bench($known, $((unknown + i)), $((i % 2)) = 1)" >/dev/null
done
psql -X -At -F ' ' -d sa_bench -c "
SELECT path, count(*) AS n,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY us)::numeric, 1) AS median_us,
       round(percentile_cont(0.25) WITHIN GROUP (ORDER BY us)::numeric, 1) AS p25,
       round(percentile_cont(0.75) WITHIN GROUP (ORDER BY us)::numeric, 1) AS p75
  FROM public.progress_timing GROUP BY path ORDER BY path" | sed 's/^/path n median p25 p75: /'
psql -X -At -d sa_bench -c "
SELECT 'unknown - known, median: ' || round((percentile_cont(0.5) WITHIN GROUP (ORDER BY us) FILTER (WHERE path = 'unknown')
                                       - percentile_cont(0.5) WITHIN GROUP (ORDER BY us) FILTER (WHERE path = 'known'))::numeric, 1) || ' us'
  FROM public.progress_timing"
