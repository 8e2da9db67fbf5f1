-- commitment_accountability under a random sequence of steps (seeded, so
-- reproducible): submissions with commitments (approval on commitment at
-- the acceptance, or waiting for a second stage, checked by the deciding or
-- another department), task decisions, kept, waived and broken outcomes
-- (revoking cases and cancelling their other checks), withdrawals, day
-- after day from 2026-10-09 to 2026-12-04, the record read as of each
-- evening.  After every day: each row's counts add up (due = done_on_time
-- + done_late + overdue + cancelled + the open checks not yet past due),
-- no month before the current one changed its due count, and, finer, no
-- check due on a past day entered or left the count or moved its due (no
-- step here back-dates an outcome or edits the calendar: doc/credit.md,
-- "Accountability").  Review of 2026-12-07: with the code of 212d81ff a
-- waiting check cancelled by another department's broken outcome entered
-- the count in its provisional due's past day (here check 108, due
-- 2026-11-05, on 2026-11-24); assertion 3 fails on it (seeds 0.1, 0.7 and
-- -0.3 pass on the fixed code too).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(5);
\ir credit_fixture.inc
UPDATE item SET check_days = 5 WHERE code = 'k_fast';
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, approval_mode, check_department, check_days)
  VALUES ('k_fastb', 'Approved on commitment, checked by KB', 'KA', 'promised', 20, 5, 'commitment', 'KB', 2);
INSERT INTO material (item, code, name, required, tolerable, commitment_allowed) VALUES
  ('k_fastb', 'cond', 'Conditions met', true, false, true);
INSERT INTO bundle (code, name, lead_department) VALUES
  ('k_seq', 'Standard, then on commitment', 'KA'),
  ('k_seqb', 'Standard, then on commitment checked by KB', 'KA'),
  ('k_both', 'Checked by two departments', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES
  ('k_seq', 'k_std', 1), ('k_seq', 'k_fast', 2),
  ('k_seqb', 'k_std', 1), ('k_seqb', 'k_fastb', 2),
  ('k_both', 'k_std', 1), ('k_both', 'k_other', 1);
-- 300 applicants with valid resident ids (GB 11643 check character), so
-- that a broken commitment bars few of the later submissions
INSERT INTO applicant (kind, resident_id, name)
SELECT 'person', (b || substr('10X98765432', (SELECT sum(substr(b, i, 1)::int * ((2 ^ (18 - i))::int % 11)) FROM generate_series(1, 17) i)::int % 11 + 1, 1))::resident_id,
       'Random ' || n
  FROM (SELECT n, '33022519800101' || lpad(n::text, 3, '0') AS b FROM generate_series(1, 300) n) x;
SELECT setseed(0.42);
CREATE TEMP TABLE acc_log (day date, department text, month date, due int);
CREATE TEMP TABLE bad (day date, what text);
CREATE TEMP TABLE steps (what text, n int DEFAULT 1);
CREATE TEMP TABLE mem (day date, id bigint, due date);

DO $$
DECLARE
    d date := '2026-10-09';
    at timestamptz;
    r record;
    v_app bigint;
    v_svc text;
    v_id bigint;
    k int;
    i int;
    prev_ct int;
BEGIN
    WHILE d <= '2026-12-04' LOOP
        PERFORM pg_catalog.set_config('service_affair.as_of', (d::timestamp + time '20:00')::text || '+08', true);
        IF service_affair.is_workday(d, 'cn') THEN
            FOR i IN 1..12 LOOP
                at := (d::timestamp + time '09:00' + (i * 20) * interval '1 minute') AT TIME ZONE 'Asia/Shanghai';
                k := floor(random() * 10)::int;
                BEGIN
                    IF k <= 3 THEN
                        SELECT id INTO v_app FROM service_affair.applicant WHERE name LIKE 'Random %' ORDER BY random() LIMIT 1;
                        v_svc := (ARRAY['k_seq', 'k_seqb', 'k_both', 'k_fast', 'k_std'])[1 + floor(random() * 5)::int];
                        PERFORM service_affair.submit(v_svc, v_app,
                                    CASE v_svc WHEN 'k_fast' THEN ARRAY['form'] WHEN 'k_seq' THEN ARRAY['form', 'later', 'cond']
                                               WHEN 'k_seqb' THEN ARRAY['form', 'later', 'cond'] ELSE ARRAY['form', 'later'] END,
                                    'window', CASE v_svc WHEN 'k_fast' THEN ARRAY['cond'] ELSE ARRAY['proof'] END, at);
                        INSERT INTO steps VALUES ('submit');
                    ELSIF k = 4 THEN
                        SELECT t.id INTO v_id FROM service_affair.task t WHERE t.status = 'open' AND NOT t.settled ORDER BY random() LIMIT 1;
                        PERFORM service_affair.complete_task(v_id, 'approved', at);
                        INSERT INTO steps VALUES ('complete');
                    ELSIF k = 5 THEN
                        SELECT x.id INTO v_id FROM service_affair.commitment_check x WHERE x.status = 'open' AND NOT x.settled ORDER BY random() LIMIT 1;
                        PERFORM service_affair.record_check(v_id, 'broken', 'random finding', at);
                        INSERT INTO steps VALUES ('broken');
                    ELSIF k = 6 THEN
                        SELECT x.id INTO v_id FROM service_affair.commitment_check x WHERE x.status = 'open' AND NOT x.settled ORDER BY random() LIMIT 1;
                        PERFORM service_affair.record_check(v_id, (ARRAY['kept', 'kept', 'waived'])[1 + floor(random() * 3)::int], 'random finding', at);
                        INSERT INTO steps VALUES ('kept/waived');
                    ELSIF k = 7 THEN
                        IF random() < 0.3 THEN
                            SELECT c.id INTO v_id FROM service_affair.cases c WHERE c.status = 'accepted' AND NOT c.settled ORDER BY random() LIMIT 1;
                            PERFORM service_affair.withdraw(v_id, at);
                            INSERT INTO steps VALUES ('withdraw');
                        END IF;
                    END IF;
                EXCEPTION WHEN OTHERS THEN
                    INSERT INTO steps VALUES ('refused ' || SQLSTATE || ' ' || regexp_replace(left(SQLERRM, 60), '[0-9]+', 'N', 'g'));
                END;
            END LOOP;
        END IF;
        -- the counts add up
        INSERT INTO bad
        SELECT d, 'sum ' || a.department || ' ' || a.month
          FROM service_affair.commitment_accountability a
          LEFT JOIN LATERAL (
              SELECT count(*)::int AS n FROM service_affair.commitment_check k
               WHERE k.department = a.department AND date_trunc('month', k.due)::date = a.month AND k.status = 'open'
                 AND k.due >= service_affair.local_day(service_affair.sla_as_of(), k.calendar)
                 AND NOT (k.on_commitment AND EXISTS (
                          SELECT FROM service_affair.task t JOIN service_affair.item it ON it.code = t.item
                           WHERE t.case_id = k.case_id AND NOT t.settled AND t.status = 'waiting'
                             AND t.item = ANY (k.items) AND it.approval_mode = 'commitment'))) o ON true
         WHERE a.due <> a.done_on_time + a.done_late + a.overdue + a.cancelled + o.n;
        -- no past month changed its due count since the day before
        INSERT INTO bad
        SELECT d, 'past month ' || coalesce(p.department, c.department) || ' ' || coalesce(p.month, c.month)
               || ': ' || coalesce(p.due, 0) || ' -> ' || coalesce(c.due, 0)
          FROM (SELECT * FROM acc_log WHERE day = (SELECT max(day) FROM acc_log)) p
          FULL JOIN (SELECT department, month, due FROM service_affair.commitment_accountability) c
            ON c.department = p.department AND c.month = p.month
         WHERE coalesce(p.month, c.month) < date_trunc('month', d)::date
           AND coalesce(p.due, 0) IS DISTINCT FROM coalesce(c.due, 0)
           AND EXISTS (SELECT FROM acc_log);
        INSERT INTO acc_log SELECT d, department, month, due FROM service_affair.commitment_accountability;
        -- finer: the checks the view counts (its condition) due before the
        -- day: none enters or leaves that set, nor changes its due, once
        -- its due day has passed
        INSERT INTO mem
        SELECT d, k.id, k.due FROM service_affair.commitment_check k
         WHERE k.due < d
           AND (k.status <> 'cancelled' OR service_affair.local_day(k.checked_at, k.calendar) > k.due)
           AND NOT (k.status = 'open' AND k.on_commitment AND EXISTS (
                    SELECT FROM service_affair.task t JOIN service_affair.item it ON it.code = t.item
                     WHERE t.case_id = k.case_id AND NOT t.settled AND t.status = 'waiting'
                       AND t.item = ANY (k.items) AND it.approval_mode = 'commitment'));
        INSERT INTO bad
        SELECT d, 'past day: check ' || coalesce(p.id, c.id) || ' due ' || coalesce(p.due, c.due) || ' ' ||
                  CASE WHEN p.id IS NULL THEN 'entered' WHEN c.id IS NULL THEN 'left' ELSE 'moved to ' || c.due END
          FROM (SELECT id, due FROM mem WHERE day = d - 1) p
          FULL JOIN (SELECT id, due FROM mem WHERE day = d AND due < d - 1) c ON c.id = p.id
         WHERE (p.id IS NULL OR c.id IS NULL OR p.due <> c.due) AND d > '2026-10-09';
        d := d + 1;
    END LOOP;
END $$;
SELECT diag(what || ': ' || sum(n)) FROM steps GROUP BY what ORDER BY what;
SELECT diag(day || ' ' || what) FROM bad ORDER BY day, what LIMIT 10;
SELECT is((SELECT count(*)::int FROM bad WHERE what LIKE 'sum %'), 0, 'every row adds up: due = done_on_time + done_late + overdue + cancelled + open not yet past due');
SELECT is((SELECT count(*)::int FROM bad WHERE what LIKE 'past month %'), 0, 'no step changed the due count of a past month');
SELECT is((SELECT count(*)::int FROM bad WHERE what LIKE 'past day: %'), 0, 'no check due on a past day entered or left the count, or moved its due');
-- the sequence did what it is for
SELECT cmp_ok((SELECT count(*)::int FROM commitment_check WHERE status = 'cancelled'), '>', 0, 'some checks were cancelled');
SELECT cmp_ok((SELECT count(DISTINCT month)::int FROM acc_log), '>=', 2, 'the checks fall in more than one month');
SELECT * FROM finish();
ROLLBACK;
