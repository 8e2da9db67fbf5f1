-- pgTAP: mutation test of uscc and resident_id input.
--
-- Valid values get thousands of random single-character mutations
-- (substitution, insertion, deletion, adjacent transposition, case change),
-- deterministic through setseed.  Each mutated value must be either accepted
-- (and then is_valid_* says true) or rejected with 22P02 and a message naming
-- the type (and then is_valid_* says false); is_valid_* must agree with an
-- independent PL/pgSQL check-digit validator written here from the standards.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(22);

-- Reference validators, independent of the C code: the uscc weights are
-- 3^i mod 31, the resident_id weights 2^(17-i) mod 11.
CREATE FUNCTION pg_temp.ref_uscc(t text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    alpha constant text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
    s text := translate(t, E' \t\n\r\f\x0b', '');
    total int := 0;
    w int := 1;
    v int;
BEGIN
    s := translate(s, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    IF length(s) <> 18 THEN RETURN false; END IF;
    FOR i IN 1..18 LOOP
        v := strpos(alpha, substr(s, i, 1)) - 1;
        IF v < 0 THEN RETURN false; END IF;
        IF i = 18 THEN RETURN v = (31 - total % 31) % 31; END IF;
        total := total + v * w;
        w := (w * 3) % 31;
    END LOOP;
END $$;

CREATE FUNCTION pg_temp.ref_resident_id(t text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    s text := translate(translate(t, E' \t\n\r\f\x0b', ''), 'x', 'X');
    total int := 0;
    y int; m int; d int;
BEGIN
    IF s !~ '^[0-9]{17}[0-9X]$' THEN RETURN false; END IF;
    FOR i IN 1..17 LOOP
        total := total + substr(s, i, 1)::int * ((2 ^ (18 - i))::bigint % 11)::int;
    END LOOP;
    IF substr('10X98765432', total % 11 + 1, 1) <> substr(s, 18, 1) THEN RETURN false; END IF;
    y := substr(s, 7, 4)::int; m := substr(s, 11, 2)::int; d := substr(s, 13, 2)::int;
    IF y NOT BETWEEN 1850 AND 2099 OR m NOT BETWEEN 1 AND 12 OR d < 1 THEN RETURN false; END IF;
    RETURN d <= extract(day FROM make_date(y, m, 1) + interval '1 month' - interval '1 day');
END $$;

-- What the type input does with a value: 'ok' or SQLSTATE and message.
CREATE FUNCTION pg_temp.outcome(val text, typ text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SELECT %L::service_affair.%s', val, typ);
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END $$;

-- The reference validators accept the known-good values and reject mutants.
SELECT ok(pg_temp.ref_uscc('91110000600037341L') AND pg_temp.ref_uscc('91350100m000100y43')
          AND NOT pg_temp.ref_uscc('91110000600037341M'), 'reference uscc validator works');
SELECT ok(pg_temp.ref_resident_id('11010519491231002x') AND NOT pg_temp.ref_resident_id('110105194912310021')
          AND NOT pg_temp.ref_resident_id('110105194913310021'), 'reference resident_id validator works');

CREATE TEMP TABLE base (typ text, k int, v text);
INSERT INTO base VALUES
    ('uscc', 0, '91110000600037341L'), ('uscc', 1, '91350100M000100Y43'),
    ('uscc', 2, '913301001432052307'), ('uscc', 3, '91330106MA27XJ1P0H'),
    ('uscc', 4, '121000004000101751'), ('uscc', 5, 'Y1110000000000000Q'),
    ('resident_id', 0, '11010519491231002X'), ('resident_id', 1, '330106199003071236'),
    ('resident_id', 2, '330106200002290045'), ('resident_id', 3, '440305199912315517'),
    ('resident_id', 4, '110105185001010013'), ('resident_id', 5, '110105209912319998');

SELECT setseed(0.2026);
-- Characters to substitute or insert: both alphabets, their lower case, the
-- excluded letters, punctuation, white space, and non-ASCII look-alikes.
CREATE TEMP TABLE mut AS
WITH pool(p) AS (
    SELECT '0123456789ABCDEFGHJKLMNPQRTUWXYabcdefghjklmnpqrtuwxyIOSVZiosvzX x-/.#' || E'\t' || '九１　Ｘ'
), draws AS (
    SELECT g, typ,
           floor(random() * 6)::int AS k,
           (ARRAY['sub', 'ins', 'del', 'swap', 'case'])[1 + floor(random() * 5)::int] AS kind,
           1 + floor(random() * 18)::int AS pos,
           random() AS r
      FROM unnest(ARRAY['uscc', 'resident_id']) AS typ, generate_series(1, 1500) AS g
     ORDER BY typ, g
)
SELECT d.typ, d.kind, b.v AS base,
       CASE d.kind
         WHEN 'sub'  THEN overlay(b.v PLACING substr(p, 1 + floor(d.r * length(p))::int, 1) FROM d.pos FOR 1)
         WHEN 'ins'  THEN overlay(b.v PLACING substr(p, 1 + floor(d.r * length(p))::int, 1) FROM d.pos FOR 0)
         WHEN 'del'  THEN overlay(b.v PLACING '' FROM d.pos FOR 1)
         WHEN 'swap' THEN overlay(b.v PLACING substr(b.v, least(d.pos, 17) + 1, 1) || substr(b.v, least(d.pos, 17), 1)
                                  FROM least(d.pos, 17) FOR 2)
         WHEN 'case' THEN overlay(b.v PLACING lower(substr(b.v, d.pos, 1)) FROM d.pos FOR 1)
       END AS v
  FROM draws d JOIN base b USING (typ, k), pool;

ALTER TABLE mut ADD COLUMN outcome text, ADD COLUMN valid boolean, ADD COLUMN ref boolean;
UPDATE mut SET outcome = pg_temp.outcome(v, typ),
               valid = CASE typ WHEN 'uscc' THEN is_valid_uscc(v) ELSE is_valid_resident_id(v) END,
               ref = CASE typ WHEN 'uscc' THEN pg_temp.ref_uscc(v) ELSE pg_temp.ref_resident_id(v) END;

-- The sample is large and exercises both outcomes.
SELECT cmp_ok((SELECT count(*) FROM mut WHERE typ = t), '=', 1500::bigint, t || ': 1500 mutations')
  FROM unnest(ARRAY['uscc', 'resident_id']) t;
SELECT cmp_ok((SELECT count(*) FROM mut WHERE typ = t AND outcome = 'ok'), '>', 100::bigint,
              t || ': more than 100 mutations are still valid (case changes, inserted white space, swaps of equal characters)')
  FROM unnest(ARRAY['uscc', 'resident_id']) t;
SELECT cmp_ok((SELECT count(*) FROM mut WHERE typ = t AND outcome <> 'ok'), '>', 800::bigint,
              t || ': more than 800 mutations are rejected')
  FROM unnest(ARRAY['uscc', 'resident_id']) t;

-- Every outcome is either acceptance or 22P02 naming the type.
SELECT is_empty(format($$SELECT v, outcome FROM mut WHERE typ = %L AND outcome <> 'ok'
                          AND outcome NOT LIKE '22P02 invalid input syntax for type %s: %%'$$, t, t),
                t || ': every rejection is 22P02 with a message naming the type')
  FROM unnest(ARRAY['uscc', 'resident_id']) t;
-- is_valid_* says exactly what the input function does.
SELECT is_empty(format($$SELECT v, outcome, valid FROM mut WHERE typ = %L AND valid <> (outcome = 'ok')$$, t),
                t || ': is_valid agrees with the input function on every mutation')
  FROM unnest(ARRAY['uscc', 'resident_id']) t;
-- ... and with the independent reference validator.
SELECT is_empty(format($$SELECT v, valid, ref FROM mut WHERE typ = %L AND valid <> ref$$, t),
                t || ': is_valid agrees with the PL/pgSQL reference on every mutation')
  FROM unnest(ARRAY['uscc', 'resident_id']) t;
-- A check character catches every single substitution: an accepted
-- substitution, insertion, deletion or case change is the same value.
SELECT is_empty($$SELECT base, v FROM mut WHERE typ = 'uscc' AND outcome = 'ok' AND kind <> 'swap'
                   AND v::service_affair.uscc <> base::service_affair.uscc$$,
                'uscc: accepted non-transposition mutations equal the original');
SELECT is_empty($$SELECT base, v FROM mut WHERE typ = 'resident_id' AND outcome = 'ok' AND kind <> 'swap'
                   AND v::service_affair.resident_id <> base::service_affair.resident_id$$,
                'resident_id: accepted non-transposition mutations equal the original');
-- Adjacent transpositions inside the first 17 characters are always caught.
SELECT is_empty($$SELECT base, v FROM mut WHERE kind = 'swap' AND outcome = 'ok' AND v <> base
                   AND substr(v, 18) = substr(base, 18)$$,
                'adjacent transpositions within the first 17 characters are rejected');

-- is_valid_* never raise on garbage: random strings of random code points.
CREATE TEMP TABLE garbage AS
SELECT string_agg(chr(c), '') AS v
  FROM (SELECT g, CASE WHEN random() < 0.7 THEN 32 + floor(random() * 95)::int
                       WHEN random() < 0.5 THEN 1 + floor(random() * 31)::int
                       ELSE 128 + floor(random() * 40000)::int END AS c
          FROM generate_series(1, 2000) g, generate_series(1, 25) i) s
 GROUP BY g;
INSERT INTO garbage SELECT repeat(v, 1000) FROM garbage LIMIT 10;
SELECT lives_ok($$SELECT count(*) FILTER (WHERE is_valid_uscc(v)) + count(*) FILTER (WHERE is_valid_resident_id(v))
                    FROM garbage$$, 'is_valid_* do not raise on 2010 random strings');
SELECT is((SELECT count(*) FROM garbage WHERE is_valid_uscc(v) <> pg_temp.ref_uscc(v)), 0::bigint,
          'is_valid_uscc agrees with the reference on random strings');
SELECT is((SELECT count(*) FROM garbage WHERE is_valid_resident_id(v) <> pg_temp.ref_resident_id(v)), 0::bigint,
          'is_valid_resident_id agrees with the reference on random strings');
-- and every one of them is rejected by the input function with 22P02
SELECT is((SELECT count(*) FROM garbage WHERE pg_temp.outcome(v, 'uscc') NOT LIKE '22P02 invalid input syntax for type uscc: %'), 0::bigint,
          'uscc input rejects random strings with 22P02');
SELECT is((SELECT count(*) FROM garbage WHERE pg_temp.outcome(v, 'resident_id') NOT LIKE '22P02 invalid input syntax for type resident_id: %'), 0::bigint,
          'resident_id input rejects random strings with 22P02');

SELECT * FROM finish();
ROLLBACK;
