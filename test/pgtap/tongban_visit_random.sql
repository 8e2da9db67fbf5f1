-- Randomised sequences of recorded visits, a completing supplement and a
-- conclusion, each possibly recorded late (dated before visits recorded
-- already), on cases received at points whose levels never change: every
-- visit is filed by its own time, as the count its event records
-- (counted).  Each case's visits, visits before the acceptance and visits
-- of the collection are compared with what the times the test chose say:
--   visits                   = the submission's + every recorded visit's count
--   visits_before_acceptance = the submission's (the case was returned) +
--                              those dated before the completing supplement
--   visits_collection        = those dated at or after the conclusion
-- (a review of 2026-12-07: the moves by detail.counted give what the
-- point's level gave while no level changes).
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(5);

INSERT INTO material (item, code, name) VALUES ('tb_res5', 'photo', 'Photo');
CREATE TEMP TABLE plan_case (case_id bigint, point text, cnt integer, sub_at timestamptz, s_at timestamptz, c_at timestamptz);
CREATE TEMP TABLE plan_visit (case_id bigint, at timestamptz, phase text);

DO $$
DECLARE
    pts text[] := '{C5,T5,V5,B5,M5}';
    p text;
    cid bigint;
    s timestamptz;
    c timestamptz;
    t timestamptz;
    base timestamptz := '2026-11-18 10:00+08';
    i integer;
    j integer;
BEGIN
    PERFORM setseed(0.2026);
    FOR i IN 1..60 LOOP
        p := pts[1 + floor(random() * 5)::integer];
        cid := pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', p);
        -- visits while returned, at any time of the day
        FOR j IN 1..floor(random() * 4)::integer LOOP
            t := base + make_interval(mins => 1 + floor(random() * 600)::integer);
            PERFORM record_visit(cid, t, 'returned');
            INSERT INTO plan_visit VALUES (cid, t, 'returned');
        END LOOP;
        -- the completing supplement, perhaps dated before some of them
        s := base + make_interval(mins => 5 + floor(random() * 300)::integer);
        PERFORM supplement(cid, '{photo}', s, 'online');
        -- visits while accepted: before the acceptance too (recorded late)
        FOR j IN 1..floor(random() * 4)::integer LOOP
            t := base + make_interval(mins => 1 + floor(random() * 700)::integer);
            PERFORM record_visit(cid, t, 'accepted');
            INSERT INTO plan_visit VALUES (cid, t, 'accepted');
        END LOOP;
        -- the conclusion, perhaps dated before some of them
        c := s + make_interval(mins => 1 + floor(random() * 400)::integer);
        PERFORM complete_task((SELECT k.id FROM task k WHERE k.case_id = cid), 'approved', c);
        FOR j IN 1..floor(random() * 3)::integer LOOP
            t := base + make_interval(mins => 1 + floor(random() * 800)::integer);
            PERFORM record_visit(cid, t, 'concluded');
            INSERT INTO plan_visit VALUES (cid, t, 'concluded');
        END LOOP;
        INSERT INTO plan_case VALUES (cid, p, CASE WHEN p = 'M5' THEN 0 ELSE 1 END, base, s, c);
    END LOOP;
END $$;

SELECT is((SELECT count(*)::int FROM cases x JOIN plan_case p ON p.case_id = x.id WHERE x.status = 'concluded'), 60,
          'sixty cases, each concluded');
SELECT is((SELECT count(*)::int FROM case_event e JOIN plan_case p ON p.case_id = e.case_id
            WHERE e.kind = 'visit' AND (e.detail->>'counted')::int IS DISTINCT FROM p.cnt), 0,
          'every visit event records the count its point gives (mobile unit 0, else 1)');
SELECT is((SELECT count(*)::int FROM cases x JOIN plan_case p ON p.case_id = x.id
            WHERE x.visits <> p.cnt + p.cnt * (SELECT count(*) FROM plan_visit v WHERE v.case_id = p.case_id)), 0,
          'visits: the submission''s and every recorded visit''s count');
SELECT is(ARRAY(SELECT x.id FROM cases x JOIN plan_case p ON p.case_id = x.id
                 WHERE x.visits_before_acceptance <> p.cnt + p.cnt * (SELECT count(*) FROM plan_visit v WHERE v.case_id = p.case_id AND v.at < p.s_at)
                 ORDER BY x.id),
          '{}'::bigint[],
          'visits before the acceptance: the submission''s and those dated before the completing supplement');
SELECT is(ARRAY(SELECT x.id || ':' || x.visits_collection || '/' || p.cnt * (SELECT count(*) FROM plan_visit v WHERE v.case_id = p.case_id AND v.at >= p.c_at)
                  FROM cases x JOIN plan_case p ON p.case_id = x.id
                 WHERE x.visits_collection <> p.cnt * (SELECT count(*) FROM plan_visit v WHERE v.case_id = p.case_id AND v.at >= p.c_at)
                 ORDER BY x.id),
          '{}'::text[],
          'visits of the collection: those dated at or after the conclusion');

SELECT * FROM finish();
ROLLBACK;
