-- Analyst views against an independent computation: generated cases and
-- ratings are counted one by one in a PL/pgSQL loop (month from AT TIME ZONE,
-- working days by walking the days), and every column of efficiency and
-- satisfaction, their department and overall variants and the period
-- functions must match.  Then the edge cases: zero denominators, appeals,
-- month boundaries in local time, rectification on the due day.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(54);
\ir rate_fixture.inc

-- 2400 generated cases from 2026-06-28 to 2026-10-05 (Asia/Shanghai), all
-- four services, every status, with materials and ratings.
CREATE FUNCTION pg_temp.h(i integer, salt integer) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT abs(hashint4(i * 7919 + salt)) $$;
DO $$
DECLARE
    i integer;
    svc text;
    sub timestamptz;
    acc timestamptz;
    con timestamptz;
    cid bigint;
    ret boolean;
    lvl integer;
    rid bigint;
    st text;
BEGIN
    FOR i IN 1..2400 LOOP
        svc := (ARRAY['ra_p', 'ra_i', 'rb_u', 'rb_bundle'])[1 + pg_temp.h(i, 1) % 4];
        sub := '2026-06-28 00:00+08'::timestamptz + make_interval(mins => pg_temp.h(i, 2) % (100 * 24 * 60));
        ret := pg_temp.h(i, 3) % 5 = 0;
        acc := CASE WHEN ret AND pg_temp.h(i, 3) % 10 = 0 THEN NULL
                    WHEN ret THEN sub + interval '2 days 3 hours' ELSE sub END;
        con := CASE WHEN acc IS NOT NULL AND pg_temp.h(i, 5) % 3 <> 0
                    THEN acc + make_interval(hours => (pg_temp.h(i, 5) % 40) * 5) END;
        cid := pg_temp.mk_case(svc, sub, acc, con,
                  visits => pg_temp.h(i, 7) % 3,
                  channel => (ARRAY['window', 'online', 'mobile', 'kiosk'])[1 + pg_temp.h(i, 8) % 4],
                  returned => ret,
                  tolerated => acc IS NOT NULL AND pg_temp.h(i, 9) % 7 = 0,
                  due => CASE WHEN acc IS NOT NULL THEN (acc AT TIME ZONE 'UTC')::date + pg_temp.h(i, 10) % 9 END,
                  withdrawn => con IS NULL AND pg_temp.h(i, 11) % 4 = 0);
        FOR j IN 1..4 LOOP
            st := (ARRAY['present', 'shared', 'committed', 'tolerated', 'optional', 'present'])[1 + pg_temp.h(i * 5 + j, 12) % 6];
            INSERT INTO case_material (case_id, material, name, required, initial_status, status)
            VALUES (cid, 'm' || j, 'Material ' || j, j <= 3 AND st <> 'optional', st, st);
        END LOOP;
        -- what submit() keeps on the case (0.2): material counts, delivery
        -- (collection) and the visits made before acceptance
        UPDATE cases k SET required_materials = (SELECT count(*) FROM case_material m WHERE m.case_id = cid AND m.required),
               reduced_materials = (SELECT count(*) FROM case_material m WHERE m.case_id = cid AND m.required
                                       AND m.initial_status IN ('shared', 'committed')),
               delivered_at = CASE WHEN con IS NOT NULL AND pg_temp.h(i, 18) % 4 <> 0 THEN con + interval '1 day' END,
               visits_before_acceptance = CASE WHEN ret THEN LEAST(k.visits, 1) ELSE 0 END
         WHERE k.id = cid;
        IF acc IS NOT NULL AND pg_temp.h(i, 13) % 2 = 0 THEN
            lvl := 1 + pg_temp.h(i, 14) % 5;
            INSERT INTO rating (case_id, level, channel, at, rater, appealed, appeal_reason, appealed_at)
            VALUES (cid, lvl, 'online', acc + interval '1 hour',
                    (SELECT applicant FROM cases WHERE cases.id = cid),
                    pg_temp.h(i, 15) % 13 = 0,
                    CASE WHEN pg_temp.h(i, 15) % 13 = 0 THEN 'malicious' END,
                    CASE WHEN pg_temp.h(i, 15) % 13 = 0 THEN acc + interval '2 days' END)
            RETURNING rating.id INTO rid;
            IF lvl <= 2 THEN
                INSERT INTO rectification (rating_id, callback_due, fix_due, closed_at, closed_on)
                SELECT rid, d + 1, d + 20, c, (c AT TIME ZONE 'Asia/Shanghai')::date
                  FROM (SELECT (acc AT TIME ZONE 'Asia/Shanghai')::date AS d,
                               CASE pg_temp.h(i, 16) % 3 WHEN 0 THEN NULL
                                    ELSE acc + make_interval(days => pg_temp.h(i, 17) % 30) END AS c) x;
            END IF;
        END IF;
    END LOOP;
END $$;

-- The independent computation: one pass over the cases, one over the ratings.
CREATE TEMP TABLE exp_eff (department text, service text, month date,
    submitted bigint DEFAULT 0, accepted bigint DEFAULT 0, returned bigint DEFAULT 0, tolerated bigint DEFAULT 0,
    online bigint DEFAULT 0, concluded bigint DEFAULT 0, zero bigint DEFAULT 0, once bigint DEFAULT 0,
    collected bigint DEFAULT 0, awaiting bigint DEFAULT 0, zero_r bigint DEFAULT 0, once_r bigint DEFAULT 0, kept bigint DEFAULT 0,
    immediate bigint DEFAULT 0, overdue bigint DEFAULT 0, workdays bigint DEFAULT 0,
    reduced bigint DEFAULT 0, required bigint DEFAULT 0, promised bigint DEFAULT 0, legal bigint DEFAULT 0,
    PRIMARY KEY (department, service, month));
CREATE TEMP TABLE exp_sat (department text, service text, month date,
    ratings bigint DEFAULT 0, l5 bigint DEFAULT 0, l4 bigint DEFAULT 0, l3 bigint DEFAULT 0, l2 bigint DEFAULT 0,
    l1 bigint DEFAULT 0, on_time bigint DEFAULT 0, PRIMARY KEY (department, service, month));
CREATE FUNCTION pg_temp.expected() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c record;
    m record;
    r record;
    tz text;
    mon date;
    a date;
    b date;
    d date;
    wd integer;
    red integer;
    req integer;
BEGIN
    FOR c IN SELECT * FROM service_affair.cases x WHERE x.department IN ('RA', 'RB') LOOP
        SELECT timezone INTO tz FROM service_affair.calendar WHERE name = c.calendar;
        mon := (to_char(c.submitted_at AT TIME ZONE tz, 'YYYY-MM') || '-01')::date;
        INSERT INTO exp_eff (department, service, month) VALUES (c.department, c.service, mon) ON CONFLICT DO NOTHING;
        UPDATE exp_eff e SET submitted = submitted + 1,
               online = online + (c.channel IN ('online', 'mobile'))::integer,
               returned = returned + c.returned::integer
         WHERE (e.department, e.service, e.month) = (c.department, c.service, mon);
        IF c.accepted_at IS NOT NULL THEN
            red := 0; req := 0;
            FOR m IN SELECT * FROM service_affair.case_material x WHERE x.case_id = c.id LOOP
                IF m.required THEN
                    req := req + 1;
                    IF m.initial_status = 'shared' OR m.initial_status = 'committed' THEN red := red + 1; END IF;
                END IF;
            END LOOP;
            UPDATE exp_eff e SET accepted = accepted + 1, tolerated = tolerated + c.tolerated::integer,
                   reduced = reduced + red, required = required + req,
                   promised = promised + c.promised_limit, legal = legal + c.legal_limit
             WHERE (e.department, e.service, e.month) = (c.department, c.service, mon);
        END IF;
        IF c.concluded_at IS NOT NULL THEN
            a := (c.accepted_at AT TIME ZONE tz)::date;
            b := (c.concluded_at AT TIME ZONE tz)::date;
            wd := 0;
            d := a + 1;
            WHILE d <= b LOOP
                IF service_affair.is_workday(d, c.calendar) THEN wd := wd + 1; END IF;
                d := d + 1;
            END LOOP;
            UPDATE exp_eff e SET concluded = concluded + 1,
                   awaiting = awaiting + (c.status = 'concluded' AND c.delivered_at IS NULL)::integer,
                   immediate = immediate + (a = b)::integer, overdue = overdue + (b > c.due)::integer,
                   workdays = workdays + wd
             WHERE (e.department, e.service, e.month) = (c.department, c.service, mon);
        END IF;
        IF c.delivered_at IS NOT NULL THEN  -- collected: every visit rate, max_visits 1 for all four services
            UPDATE exp_eff e SET collected = collected + 1,
                   zero = zero + (c.visits = 0)::integer, once = once + (c.visits <= 1)::integer,
                   zero_r = zero_r + (c.visits - c.visits_before_acceptance = 0)::integer,
                   once_r = once_r + (c.visits - c.visits_before_acceptance <= 1)::integer,
                   kept = kept + (c.visits - c.visits_before_acceptance <= 1)::integer
             WHERE (e.department, e.service, e.month) = (c.department, c.service, mon);
        END IF;
    END LOOP;
    FOR r IN SELECT x.level, x.appealed, f.fix_due, f.closed_at, k.department, k.service, k.submitted_at, k.calendar
               FROM service_affair.rating x JOIN service_affair.cases k ON k.id = x.case_id
               LEFT JOIN service_affair.rectification f ON f.rating_id = x.id
              WHERE k.department IN ('RA', 'RB') LOOP
        CONTINUE WHEN r.appealed;
        SELECT timezone INTO tz FROM service_affair.calendar WHERE name = r.calendar;
        mon := (to_char(r.submitted_at AT TIME ZONE tz, 'YYYY-MM') || '-01')::date;
        INSERT INTO exp_sat (department, service, month) VALUES (r.department, r.service, mon) ON CONFLICT DO NOTHING;
        UPDATE exp_sat e SET ratings = ratings + 1,
               l5 = l5 + (r.level = 5)::integer, l4 = l4 + (r.level = 4)::integer, l3 = l3 + (r.level = 3)::integer,
               l2 = l2 + (r.level = 2)::integer, l1 = l1 + (r.level = 1)::integer,
               on_time = on_time + (r.level <= 2 AND r.closed_at IS NOT NULL
                                    AND (r.closed_at AT TIME ZONE tz)::date <= r.fix_due)::integer
         WHERE (e.department, e.service, e.month) = (r.department, r.service, mon);
    END LOOP;
END $$;
SELECT pg_temp.expected();

CREATE FUNCTION pg_temp.q(n bigint, d bigint) RETURNS numeric LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN d = 0 THEN NULL ELSE n::numeric / d END $$;
CREATE TEMP VIEW exp_efficiency AS
SELECT department, service, month, submitted, accepted, returned, tolerated, concluded, collected,
       awaiting AS awaiting_collection,
       pg_temp.q(online, submitted) AS online_rate, pg_temp.q(zero, collected) AS zero_visit_rate,
       pg_temp.q(once, collected) AS at_most_once_rate,
       pg_temp.q(zero_r, collected) AS zero_visit_reform_rate, pg_temp.q(once_r, collected) AS at_most_once_reform_rate,
       pg_temp.q(kept, collected) AS promise_kept_rate, pg_temp.q(immediate, concluded) AS immediate_rate,
       pg_temp.q(reduced, required) AS material_reduction_rate,
       CASE WHEN legal = 0 THEN NULL ELSE 1 - promised::numeric / legal END AS time_compression,
       pg_temp.q(workdays, concluded) AS avg_workdays, pg_temp.q(overdue, concluded) AS overdue_rate
  FROM exp_eff;
CREATE TEMP VIEW exp_satisfaction AS
SELECT department, service, month, ratings, l5 AS level5, l4 AS level4, l3 AS level3, l2 AS level2, l1 AS level1,
       pg_temp.q(l5 + l4, ratings) AS good_rate, pg_temp.q(l2 + l1, ratings) AS bad_rate,
       pg_temp.q(on_time, l2 + l1) AS rectified_on_time_rate
  FROM exp_sat;

-- the generated data exercises every branch
SELECT ok((SELECT count(*) FROM exp_eff) >= 16 AND (SELECT sum(concluded) FROM exp_eff) > 500
          AND (SELECT sum(collected) FROM exp_eff) > 300 AND (SELECT sum(awaiting) FROM exp_eff) > 50
          AND (SELECT sum(once_r) - sum(once) FROM exp_eff) > 0
          AND (SELECT sum(overdue) FROM exp_eff) > 0 AND (SELECT sum(immediate) FROM exp_eff) > 0
          AND (SELECT sum(reduced) FROM exp_eff) > 0 AND (SELECT sum(on_time) FROM exp_sat) > 0
          AND (SELECT count(*) FROM rating WHERE appealed) > 0
          AND (SELECT count(*) FROM rectification WHERE closed_on > fix_due) > 0,
          'generated data: 4 services x 5 months, collected and awaiting, visits before acceptance, overdue, immediate, reduced materials, appeals, late and on-time fixes');

-- every column of efficiency, one assertion each
CREATE FUNCTION pg_temp.col_eq(v text, e text, col text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    RETURN results_eq(
        format('SELECT department, service, month, %I FROM %s WHERE department IN (''RA'', ''RB'') ORDER BY 1, 2, 3', col, v),
        format('SELECT department, service, month, %I FROM %s ORDER BY 1, 2, 3', col, e),
        format('%s.%s equals the independent count', v, col));
END $$;
SELECT pg_temp.col_eq('service_affair.efficiency', 'exp_efficiency', c)
  FROM unnest(ARRAY['submitted', 'accepted', 'returned', 'tolerated', 'concluded', 'collected', 'awaiting_collection',
                    'online_rate', 'zero_visit_rate', 'at_most_once_rate', 'zero_visit_reform_rate',
                    'at_most_once_reform_rate', 'promise_kept_rate', 'immediate_rate', 'material_reduction_rate', 'time_compression',
                    'avg_workdays', 'overdue_rate']) c;
SELECT pg_temp.col_eq('service_affair.satisfaction', 'exp_satisfaction', c)
  FROM unnest(ARRAY['ratings', 'level5', 'level4', 'level3', 'level2', 'level1', 'good_rate', 'bad_rate',
                    'rectified_on_time_rate']) c;

-- department and overall levels re-aggregate the counts, not the rates
SELECT results_eq(
  $$SELECT department, month, submitted, online_rate, at_most_once_rate, material_reduction_rate, time_compression, avg_workdays
      FROM efficiency_department WHERE department IN ('RA', 'RB') ORDER BY 1, 2$$,
  $$SELECT department, month, sum(submitted)::bigint, pg_temp.q(sum(online)::bigint, sum(submitted)::bigint),
           pg_temp.q(sum(once)::bigint, sum(collected)::bigint), pg_temp.q(sum(reduced)::bigint, sum(required)::bigint),
           1 - sum(promised) / sum(legal), pg_temp.q(sum(workdays)::bigint, sum(concluded)::bigint)
      FROM exp_eff GROUP BY 1, 2 ORDER BY 1, 2$$,
  'efficiency_department: sums of the counts, then the formulas');
SELECT results_eq(
  $$SELECT department, month, ratings, good_rate, rectified_on_time_rate FROM satisfaction_department
     WHERE department IN ('RA', 'RB') ORDER BY 1, 2$$,
  $$SELECT department, month, sum(ratings)::bigint, pg_temp.q(sum(l5 + l4)::bigint, sum(ratings)::bigint),
           pg_temp.q(sum(on_time)::bigint, sum(l2 + l1)::bigint)
      FROM exp_sat GROUP BY 1, 2 ORDER BY 1, 2$$,
  'satisfaction_department: sums of the counts, then the formulas');
SELECT results_eq(
  $$SELECT month, submitted, zero_visit_rate, immediate_rate, overdue_rate FROM efficiency_overall ORDER BY 1$$,
  $$SELECT month, sum(submitted)::bigint, pg_temp.q(sum(zero)::bigint, sum(collected)::bigint),
           pg_temp.q(sum(immediate)::bigint, sum(concluded)::bigint), pg_temp.q(sum(overdue)::bigint, sum(concluded)::bigint)
      FROM exp_eff GROUP BY 1 ORDER BY 1$$,
  'efficiency_overall per month');
SELECT results_eq(
  $$SELECT month, ratings, bad_rate FROM satisfaction_overall ORDER BY 1$$,
  $$SELECT month, sum(ratings)::bigint, pg_temp.q(sum(l2 + l1)::bigint, sum(ratings)::bigint) FROM exp_sat GROUP BY 1 ORDER BY 1$$,
  'satisfaction_overall per month');
SELECT results_eq(
  $$SELECT department, submitted, at_most_once_rate, time_compression FROM efficiency_period('2026-07-01', '2026-09-30')$$,
  $$SELECT * FROM (SELECT department, sum(submitted)::bigint, pg_temp.q(sum(once)::bigint, sum(collected)::bigint),
                          1 - sum(promised) / sum(legal)
                     FROM exp_eff WHERE month BETWEEN '2026-07-01' AND '2026-09-01' GROUP BY ROLLUP (department)) x
     ORDER BY department NULLS LAST$$,
  'efficiency_period over the third quarter: per department, then overall');
SELECT results_eq(
  $$SELECT department, ratings, good_rate FROM satisfaction_period('2026-07-15', '2026-08-31')$$,
  $$SELECT * FROM (SELECT department, sum(ratings)::bigint, pg_temp.q(sum(l5 + l4)::bigint, sum(ratings)::bigint)
                     FROM exp_sat WHERE month BETWEEN '2026-07-01' AND '2026-08-01' GROUP BY ROLLUP (department)) x
     ORDER BY department NULLS LAST$$,
  'satisfaction_period: a from day inside a month takes the whole month');

-- edge cases on a clean slate
-- (history and task rows of routing refer to the cases: drop them all without
-- the referential triggers, inside this rolled-back transaction)
SET LOCAL session_replication_role = replica;
DELETE FROM rectification; DELETE FROM rating; DELETE FROM case_material;
DELETE FROM task_suspension; DELETE FROM task;
DELETE FROM cases WHERE department IN ('RA', 'RB');
SET LOCAL session_replication_role = origin;

-- zero denominators: only returned, never-accepted cases -> every rate over concluded/accepted cases is NULL
SELECT pg_temp.mk_case('ra_p', '2026-03-02 10:00+08', NULL, NULL, channel => 'window', returned => true);
SELECT pg_temp.mk_case('ra_p', '2026-03-03 10:00+08', NULL, NULL, channel => 'mobile', returned => true);
SELECT is((SELECT ARRAY[submitted, accepted, returned, tolerated, online_rate] FROM efficiency WHERE service = 'ra_p' AND month = '2026-03-01'),
          ARRAY[2, 0, 2, 0, 0.5], 'returned-only month: counts and online_rate 0.5');
SELECT is((SELECT ARRAY[zero_visit_rate, at_most_once_rate, immediate_rate, material_reduction_rate, time_compression, avg_workdays, overdue_rate]
             FROM efficiency WHERE service = 'ra_p' AND month = '2026-03-01'),
          ARRAY[NULL, NULL, NULL, NULL, NULL, NULL, NULL]::numeric[], 'no concluded or accepted case: the other rates are NULL, not 0');
-- an immediate item with no legal days: time_compression NULL, immediate_rate 1
SELECT pg_temp.mk_case('ra_i', '2026-03-04 10:00+08', '2026-03-04 10:00+08', '2026-03-04 16:00+08');
SELECT is((SELECT ARRAY[time_compression, immediate_rate, avg_workdays, overdue_rate] FROM efficiency WHERE service = 'ra_i'),
          ARRAY[NULL, 1, 0, 0]::numeric[], 'Σ legal limits 0: time_compression NULL; same-day conclusion is immediate');
SELECT is((SELECT count(*) FROM satisfaction WHERE department IN ('RA', 'RB')), 0::bigint, 'no ratings: no satisfaction rows');

-- month boundaries in local time: 23:59:59 on the last day vs 00:00 on the first, per calendar time zone
SELECT pg_temp.mk_case('ra_p', '2026-07-31 23:59:59+08', NULL, NULL, returned => true);
SELECT pg_temp.mk_case('ra_p', '2026-08-01 00:00:00+08', NULL, NULL, returned => true);
SELECT pg_temp.mk_case('rb_u', '2026-07-31 23:30:00+00', NULL, NULL, returned => true); -- 08-01 07:30 in Shanghai, July in UTC
SELECT pg_temp.mk_case('rb_u', '2026-08-01 00:30:00+08', NULL, NULL, returned => true); -- 07-31 16:30 UTC: July
SELECT results_eq($$SELECT service, month, submitted FROM efficiency WHERE month IN ('2026-07-01', '2026-08-01') ORDER BY 1, 2$$,
                  $$VALUES ('ra_p', '2026-07-01'::date, 1::bigint), ('ra_p', '2026-08-01', 1), ('rb_u', '2026-07-01', 2)$$,
                  'month is the local month of submission in the case calendar''s time zone');

-- appeals: an appealed rating leaves every count; a group whose only rating is appealed disappears
CREATE TEMP TABLE e AS SELECT
  pg_temp.mk_case('rb_u', '2026-05-05 10:00+08', '2026-05-05 10:00+08', '2026-05-06 10:00+08') AS c1,
  pg_temp.mk_case('rb_u', '2026-05-06 10:00+08', '2026-05-06 10:00+08', '2026-05-07 10:00+08') AS c2,
  pg_temp.mk_case('rb_u', '2026-05-07 10:00+08', '2026-05-07 10:00+08', '2026-05-08 10:00+08') AS c3,
  pg_temp.mk_case('ra_p', '2026-05-07 10:00+08', '2026-05-07 10:00+08', '2026-05-08 10:00+08') AS c4;
CREATE TEMP TABLE er AS SELECT
  rate(c1, 5, 'online', NULL, '2026-05-20 10:00+08') AS r1,
  rate(c2, 1, 'online', NULL, '2026-05-20 10:00+08') AS r2,
  rate(c3, 2, 'online', NULL, '2026-05-20 10:00+08') AS r3,
  rate(c4, 1, 'online', NULL, '2026-05-20 10:00+08') AS r4 FROM e;
SELECT is((SELECT ARRAY[ratings, good_rate, bad_rate, rectified_on_time_rate] FROM satisfaction WHERE service = 'rb_u' AND month = '2026-05-01'),
          ARRAY[3, 1/3::numeric, 2/3::numeric, 0], 'three ratings, two bad, none rectified yet: on-time rate 0');
-- 2026-05-20 (Wed) + 15 weekdays (UTC calendar, weekmask only) = 2026-06-10
SELECT is((SELECT fix_due FROM rectification WHERE rating_id = (SELECT r2 FROM er)), '2026-06-10'::date, 'fix due 2026-06-10');
-- an open rectification is not on time in the facts either: false, not NULL,
-- so that doc/indicators.md's filter NOT rectified_on_time finds it (until
-- 2026-12-07 NULL: that filter left out exactly the bad ratings outstanding)
SELECT is((SELECT rectified_on_time FROM satisfaction_facts WHERE rating_id = (SELECT r2 FROM er)), false,
          'satisfaction_facts: a bad rating whose rectification is open is not rectified on time (false, not NULL)');
SELECT is((SELECT count(*) FROM satisfaction_facts
            WHERE (level1 OR level2) AND NOT rectified_on_time AND service = 'rb_u' AND month = '2026-05-01'), 2::bigint,
          'satisfaction_facts: doc/indicators.md''s filter of the bad ratings not rectified on time finds the open ones');
SELECT close_rectification(r2, 'fixed', '2026-06-10 23:59:00+00') FROM er;  -- still 06-10 in UTC
SELECT close_rectification(r3, 'fixed', '2026-06-11 00:00:01+00') FROM er;  -- a second late
SELECT is((SELECT rectified_on_time_rate FROM satisfaction WHERE service = 'rb_u' AND month = '2026-05-01'), 0.5,
          'closed on the due day (local) is on time; a second after midnight is late');
SELECT appeal_rating(r3, 'rated a different office', '2026-05-21 10:00+08') FROM er;
SELECT is((SELECT ARRAY[ratings, level2, level1, bad_rate, rectified_on_time_rate] FROM satisfaction WHERE service = 'rb_u' AND month = '2026-05-01'),
          ARRAY[2, 0, 1, 0.5, 1], 'the appealed rating leaves ratings, level2, bad_rate and the rectification rate');
SELECT appeal_rating(r4, 'malicious', '2026-05-21 10:00+08') FROM er;
SELECT is((SELECT count(*) FROM satisfaction WHERE service = 'ra_p' AND month = '2026-05-01'), 0::bigint,
          'a group whose only rating is appealed has no satisfaction row');
SELECT is((SELECT count(*) FROM rating WHERE appealed), 2::bigint, 'appealed ratings are kept');
SELECT is((SELECT rectified_on_time_rate FROM satisfaction WHERE service = 'rb_bundle'), NULL, 'no row for a service without ratings');
SELECT rate(pg_temp.mk_case('rb_bundle', '2026-05-07 10:00+08', '2026-05-07 10:00+08', NULL), 3, 'window', NULL, '2026-05-08 10:00+08');
SELECT is((SELECT department || ' ' || ARRAY[ratings, good_rate, bad_rate, rectified_on_time_rate]::numeric[]::text FROM satisfaction WHERE service = 'rb_bundle'),
          'RB {1,0.00000000000000000000,0.00000000000000000000,NULL}', 'a bundle counts for its lead department; no bad ratings: rectification rate NULL');

-- analysts see aggregates only: no personal data in any analyst view
SELECT is((SELECT count(*) FROM information_schema.columns
            WHERE table_schema = 'service_affair'
              AND table_name IN ('efficiency', 'efficiency_counts', 'efficiency_department', 'efficiency_overall',
                                 'satisfaction', 'satisfaction_counts', 'satisfaction_department', 'satisfaction_overall')
              AND (udt_name IN ('resident_id', 'uscc') OR column_name ~ 'name|applicant|rater|comment|resident|id$')),
          0::bigint, 'no analyst view column carries an identifier, a name or a comment');
SELECT is((SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind = 'v'
              AND c.relname ~ '^(efficiency|satisfaction)' AND a.attnum > 0
              AND col_description(c.oid, a.attnum) IS NULL), 0::bigint, 'every analyst view column has a comment');
SELECT is((SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relname IN ('efficiency', 'satisfaction') AND c.relnamespace = 'service_affair'::regnamespace AND a.attnum > 0
              AND format_type(a.atttypid, a.atttypmod) NOT IN ('text', 'date', 'bigint', 'numeric')), 0::bigint,
          'analyst view columns are text, date, bigint or numeric');
SELECT lives_ok('SELECT create_roles()', 'create_roles()');
SELECT ok(has_table_privilege('service_affair_analyst', 'service_affair.efficiency', 'SELECT')
          AND has_table_privilege('service_affair_analyst', 'service_affair.satisfaction_overall', 'SELECT')
          AND NOT has_table_privilege('service_affair_analyst', 'service_affair.cases', 'SELECT')
          AND NOT has_table_privilege('service_affair_analyst', 'service_affair.rating', 'SELECT'),
          'analysts read the views but not the cases or ratings');

SELECT * FROM finish();
ROLLBACK;
