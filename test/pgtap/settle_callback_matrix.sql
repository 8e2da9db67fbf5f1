-- settle_cases() and the steps of a bad rating's rectification, table by
-- table (doc/scale.md "Slice 2", doc/ratings.md record_callback()): every
-- combination of closed or open, called back or not, appealed or not, before
-- and after settle.quiet_days, and a rating of level 3 (no rectification).
-- The candidate query, the re-check under the case lock and the C core
-- (src/settle.c, src/core/settle.c) must agree: a case settles once quiet
-- when its rating was appealed (nothing is owed to it) or its rectification
-- is both closed and called back, whichever came first, or closed and its
-- call-back missed (more than settle.quiet_days after its due day; since
-- 2026-12-07, settle_callback_missed.sql), or its rectification lapsed,
-- not closed more than settle.quiet_days after its fix due day (since
-- 2026-12-07, settle_fix_lapsed.sql).  The period here is the default 90
-- days: the call-backs were due in February, so within the period of the
-- cases they are owed, and after it, in June, missed; the fixes were due in
-- March, open in June, lapsed in December.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(8);
\ir route_fixture.inc
SELECT set_config('sa.p', :'p', false) AS sa_p \gset

CREATE TEMP TABLE m (level integer, closed boolean, called boolean, appealed boolean,
                     k bigint, r bigint, PRIMARY KEY (level, closed, called, appealed));
INSERT INTO m (level, closed, called, appealed)
SELECT 1, c, b, a FROM (VALUES (false), (true)) x(c), (VALUES (false), (true)) y(b), (VALUES (false), (true)) z(a)
UNION ALL SELECT 3, false, false, false;

DO $$
DECLARE
    x record;
    v_k bigint;
    v_r bigint;
BEGIN
    FOR x IN SELECT * FROM m ORDER BY level, closed, called, appealed LOOP
        v_k := service_affair.submit('rt_biz', current_setting('sa.p')::bigint, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08');
        PERFORM service_affair.complete_task((SELECT t.id FROM service_affair.task t WHERE t.case_id = v_k), 'approved', '2026-02-18 10:00+08');
        PERFORM service_affair.deliver(v_k, 'window', '2026-02-19 10:00+08');
        v_r := service_affair.rate(v_k, x.level, 'window', 'matrix', '2026-02-19 11:00+08');
        -- the close first, then the call-back (the order record_callback() allows
        -- and that the close-only case left stranded until 2026-12-07)
        IF x.closed THEN
            PERFORM service_affair.close_rectification(v_r, 'fixed', '2026-02-20 10:00+08');
        END IF;
        IF x.called THEN
            PERFORM service_affair.record_callback(v_r, '2026-02-20 11:00+08');
        END IF;
        IF x.appealed THEN
            PERFORM service_affair.appeal_rating(v_r, 'mistaken', '2026-02-20 12:00+08');
        END IF;
        UPDATE m SET k = v_k, r = v_r
         WHERE m.level = x.level AND m.closed = x.closed AND m.called = x.called AND m.appealed = x.appealed;
    END LOOP;
END
$$;

-- what the reviewers who owe the call-back read (they do not read
-- rectification): a closed rectification still shows whether it was called
-- back (until 2026-12-07 case_followups said 'closed' and nothing more)
SELECT results_eq(
  $$SELECT m.closed, m.called, x.rectification_status, x.called_back
      FROM m JOIN case_followups x ON x.case_id = m.k WHERE m.level = 1 AND NOT m.appealed ORDER BY 1, 2$$,
  $$VALUES (false, false, 'open', false), (false, true, 'called_back', true),
           (true, false, 'closed', false), (true, true, 'closed', true)$$,
  'case_followups: a closed rectification whose call-back is owed is told from one called back');

SELECT is(settle_cases('2026-03-01 10:00+08'), 0, 'within settle.quiet_days no case of the table settles, whatever its rectification');
SELECT is((SELECT count(*) FROM m JOIN cases c ON c.id = m.k WHERE c.settled), 0::bigint, 'none is settled');

SELECT is((SELECT count(*) FROM m JOIN rectification f ON f.rating_id = m.r
            WHERE f.fix_due + 90 < '2026-06-01' OR f.callback_due + 90 >= '2026-06-01'), 0::bigint,
  'on 2026-06-01 the call-backs are missed and the fixes not lapsed');
SELECT is(settle_cases('2026-06-01 10:00+08'), 7, 'after the period: the appealed four, the two closed (called back or missed), and the level 3 one');
SELECT results_eq(
  $$SELECT m.level, m.closed, m.called, m.appealed, c.settled FROM m JOIN cases c ON c.id = m.k ORDER BY 1, 2, 3, 4$$,
  $$VALUES (1, false, false, false, false), (1, false, false, true, true),
           (1, false, true,  false, false), (1, false, true,  true, true),
           (1, true,  false, false, true),  (1, true,  false, true, true),
           (1, true,  true,  false, true),  (1, true,  true,  true, true),
           (3, false, false, false, true)$$,
  'settled exactly when appealed, or closed (its call-back made or, in June, missed), or not a bad rating');

-- of the open two, the one not called back is closed late (its missed
-- call-back is refused, 55000: record_callback()), the other is never
-- closed and lapses: nothing else is owed, and no event restarted the quiet
-- period, so both settle in December
DO $$
DECLARE
    x record;
BEGIN
    FOR x IN SELECT m.* FROM m JOIN service_affair.cases c ON c.id = m.k WHERE NOT c.settled LOOP
        IF NOT x.closed AND NOT x.called THEN
            PERFORM service_affair.close_rectification(x.r, 'fixed late', '2026-06-01 11:00+08');
        END IF;
        IF NOT x.called THEN
            BEGIN
                PERFORM service_affair.record_callback(x.r, '2026-11-30 11:00+08');
                RAISE EXCEPTION 'the missed call-back of rating % was recorded', x.r;
            EXCEPTION WHEN object_not_in_prerequisite_state THEN
                NULL;  -- missed: refused
            END;
        END IF;
    END LOOP;
END
$$;
SELECT is(settle_cases('2026-12-01 12:00+08'), 2, 'closed at last or lapsed, the other two settle');
SELECT results_eq($$SELECT bool_and(c.settled) AND bool_and(f.settled IS NOT FALSE) FROM m JOIN cases c ON c.id = m.k
                      LEFT JOIN rectification f ON f.rating_id = m.r$$,
  $$VALUES (true)$$, 'every case of the table and every rectification is in the history');

SELECT * FROM finish();
ROLLBACK;
