-- A caller who may not act on a rating learns nothing of it: not whether the
-- id exists, not whether it is settled (doc/ratings.md, "Order of the
-- checks"; doc/access.md, "The right before the state").  Until 2026-12-05
-- record_callback() and close_rectification() locked the rating first
-- (lock_rating()): a reviewer of another department got 23503 for an
-- unknown id, 55000 for a settled rating, 42501 only for an open one; and
-- complaint_from_rating() let a clerk through to lock_rating()'s 23503 for
-- an unknown id (a review).  Now rating_require_staff() and
-- complaint_rating_intake() refuse the three alike; the reviewers of the
-- department and administrators still get 55000 and 23503.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(10);
\ir rate_fixture.inc
SELECT create_roles();
CREATE ROLE aro_rev_b LOGIN IN ROLE service_affair_reviewer;   -- a reviewer of RB (another department)
CREATE ROLE aro_rev_a LOGIN IN ROLE service_affair_reviewer;   -- a reviewer of RA (the ratings' cases)
CREATE ROLE aro_clerk_b LOGIN IN ROLE service_affair_clerk;    -- a clerk of RB, region 330226
CREATE ROLE aro_admin LOGIN IN ROLE service_affair_admin;
INSERT INTO staff (login, department) VALUES ('aro_rev_b', 'RB'), ('aro_rev_a', 'RA'), ('aro_clerk_b', 'RB');

-- a rated returned case of RA settled with its rating; then an open case
-- of RA with a bad rating; and a rating id nobody gave
SELECT pg_temp.mk_case('ra_p', '2026-10-01 09:00+08', NULL, NULL, returned => true) AS k1 \gset
INSERT INTO case_event (case_id, at, kind, from_status, to_status, detail)
VALUES (:k1, '2026-10-01 09:00+08', 'submitted', NULL, 'returned', '{}');  -- every case has its submission
SELECT rate(:k1, 5, 'window', NULL, '2026-10-02 10:00+08') AS r_settled \gset
INSERT INTO setting (name, value) VALUES ('settle.quiet_days', '0');
SELECT is(settle_cases('2026-11-20 12:00+08'), 1, 'the rated case settles, with its rating');
SELECT pg_temp.mk_case('ra_p', '2026-11-02 09:00+08', NULL, NULL, returned => true) AS k2 \gset
SELECT rate(:k2, 1, 'window', 'slow', '2026-11-21 10:00+08') AS r_open \gset
SELECT max(id) + 1000 AS r_unknown FROM rating \gset
SELECT ok((SELECT settled FROM rating WHERE id = :r_settled) AND NOT (SELECT settled FROM rating WHERE id = :r_open)
          AND NOT EXISTS (SELECT FROM rating WHERE id = :r_unknown),
          'a settled rating, an open bad rating of RA and an unknown id');
CREATE TEMP TABLE rs AS SELECT :r_unknown::bigint AS unknown, :r_open::bigint AS open, :r_settled::bigint AS settled;
GRANT SELECT ON rs TO PUBLIC;

CREATE FUNCTION pg_temp.refusal(q text, k bigint) RETURNS text LANGUAGE plpgsql AS $$
DECLARE m text; d text; s text;
BEGIN
    EXECUTE format(q, k);
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
    RETURN regexp_replace(s || ' ' || m || ' / ' || COALESCE(d, ''), '\m' || k || '\M', '<rating>', 'g');
END
$$;
CREATE TEMP TABLE calls (f text, q text);
INSERT INTO calls VALUES
  ('record_callback', 'SELECT service_affair.record_callback(%s, ''2026-11-22 10:00+08'')'),
  ('close_rectification', 'SELECT service_affair.close_rectification(%s, ''done'', ''2026-11-22 10:00+08'')'),
  ('complaint_from_rating', 'SELECT service_affair.complaint_from_rating(%s, NULL, ''2026-11-22 10:00+08'')');
GRANT SELECT ON calls TO PUBLIC;
CREATE TEMP TABLE seen (who text, f text, kind text, e text);
GRANT ALL ON seen TO PUBLIC;

SET ROLE aro_rev_b;
INSERT INTO seen SELECT 'stranger', f, kind, pg_temp.refusal(q, k)
  FROM calls, rs, LATERAL (VALUES ('unknown', rs.unknown), ('open', rs.open), ('settled', rs.settled)) v (kind, k)
 WHERE f <> 'complaint_from_rating';
RESET ROLE;
SET ROLE aro_clerk_b;
INSERT INTO seen SELECT 'stranger', f, kind, pg_temp.refusal(q, k)
  FROM calls, rs, LATERAL (VALUES ('unknown', rs.unknown), ('open', rs.open), ('settled', rs.settled)) v (kind, k)
 WHERE f = 'complaint_from_rating';
RESET ROLE;

SELECT is((SELECT array_agg(DISTINCT e) FROM seen WHERE who = 'stranger' AND f = c.f),
          ARRAY[c.e],
          c.f || '(): an unknown id, another department''s open rating and a settled rating refused alike (42501)')
  FROM (VALUES
    ('record_callback', '42501 permission denied for rating <rating> / Role aro_rev_b may not act on rating <rating>: administrators and the reviewers of the department of its case do.'),
    ('close_rectification', '42501 permission denied for rating <rating> / Role aro_rev_b may not act on rating <rating>: administrators and the reviewers of the department of its case do.'),
    ('complaint_from_rating', '42501 permission denied for rating <rating> / Role aro_clerk_b may not open a complaint from rating <rating>: administrators and the clerks of the region of its case do.')) c (f, e);

-- a NULL id is a bad argument for everybody
SET ROLE aro_rev_b;
SELECT throws_ok('SELECT service_affair.record_callback(NULL, ''2026-11-22 10:00+08'')', '22023', 'rating id must not be null',
                 'a NULL rating id: 22023, for a stranger too');
RESET ROLE;

-- the reviewers of the department and administrators still get the state
SET ROLE aro_rev_a;
INSERT INTO seen SELECT 'own', f, kind, pg_temp.refusal(q, k)
  FROM calls, rs, LATERAL (VALUES ('unknown', rs.unknown), ('settled', rs.settled)) v (kind, k)
 WHERE f <> 'complaint_from_rating';
RESET ROLE;
SET ROLE aro_admin;
INSERT INTO seen SELECT 'admin', f, kind, pg_temp.refusal(q, k)
  FROM calls, rs, LATERAL (VALUES ('unknown', rs.unknown), ('settled', rs.settled)) v (kind, k);
RESET ROLE;
SELECT is((SELECT array_agg(f || ' ' || kind || ' ' || left(e, 5) ORDER BY f, kind) FROM seen WHERE who = 'own'),
          '{"close_rectification settled 55000","close_rectification unknown 42501","record_callback settled 55000","record_callback unknown 42501"}',
          'a reviewer of RA: a settled rating of RA is 55000; an unknown id is refused (it has no department)');
SELECT is((SELECT array_agg(f || ' ' || kind || ' ' || left(e, 5) ORDER BY f, kind) FROM seen WHERE who = 'admin'),
          '{"close_rectification settled 55000","close_rectification unknown 23503","complaint_from_rating settled 55000","complaint_from_rating unknown 23503","record_callback settled 55000","record_callback unknown 23503"}',
          'an administrator: 23503 unknown, 55000 settled');

-- the reviewer of the department passes (the decision is unchanged)
SET ROLE aro_rev_a;
SELECT lives_ok(format('SELECT service_affair.record_callback(%s, ''2026-11-22 10:00+08'')', :r_open),
                'a reviewer of RA records the call-back of its bad rating');
RESET ROLE;
SELECT is((SELECT called_back_at FROM rectification WHERE rating_id = :r_open), '2026-11-22 10:00+08'::timestamptz, 'and it is recorded');

SELECT * FROM finish();
ROLLBACK;
