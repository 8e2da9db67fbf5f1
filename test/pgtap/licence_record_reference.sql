-- record_evidence() with a reference holding a line feed or another control
-- character: refused with 22023, the detail echoing the reference through
-- printable() (each control character shown as ?), and nothing written.
-- Until 2026-12-07 the reference was stored as typed (a review).
-- The control characters are printable()'s (one home, src/core/text.c):
-- the first refusal kept a list of its own without the bidirectional
-- controls, and a reference with U+202E (right-to-left override) or U+2066
-- was recorded, to show reversed to a relying party; assertions 5 and 6
-- fail on that code (a second read).
BEGIN;
SET search_path = service_affair, public;
SET TIME ZONE 'UTC';
SELECT plan(8);
\ir licence_fixture.inc

SELECT submit('lc_sign', :p, '{form,bizlic}', 'window', '{}', '2026-08-03 09:00+08') AS c1 \gset
SELECT is(pg_temp.decide(:c1, 'approved', '2026-08-04 10:00+08'), 1, 'fixture: the case is approved');
SELECT throws_ok(format($$SELECT record_evidence(%s, 'lc_bizlic', E'paper BL-1\nforged line', NULL)$$, :c1), '22023',
  'reference holds a control character', 'a reference with a line feed: 22023');
CREATE FUNCTION pg_temp.detail(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE d text;
BEGIN
    EXECUTE q;
    RETURN NULL;
EXCEPTION WHEN invalid_parameter_value THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    RETURN d;
END $f$;
SELECT is(pg_temp.detail(format($$SELECT record_evidence(%s, 'lc_bizlic', E'BL\x01-\u2028x', NULL)$$, :c1)),
  'The reference ''BL?-?x'' holds a control or invisible character (shown as ?); give it on one line of printable text.',
  '... the detail echoes it through printable()');
SELECT throws_ok(format($$SELECT record_evidence(%s, 'lc_bizlic', E'BL-1\u0085', NULL)$$, :c1), '22023',
  'reference holds a control character', 'a C1 control character (NEL): 22023');
SELECT throws_ok(format($$SELECT record_evidence(%s, 'lc_bizlic', E'BL-1 \u202E1-LB', NULL)$$, :c1), '22023',
  'reference holds a control character', 'a bidirectional override (U+202E), as printable() shows it: 22023');
SELECT is(pg_temp.detail(format($$SELECT record_evidence(%s, 'lc_bizlic', E'BL\u2066-1\u200F', NULL)$$, :c1)),
  'The reference ''BL?-1?'' holds a control or invisible character (shown as ?); give it on one line of printable text.',
  '... an isolate (U+2066) or a direction mark (U+200F) too, as printable() shows them');
SELECT is((SELECT count(*)::int FROM licence WHERE case_id = :c1), 0, '... and nothing is written');
SELECT lives_ok(format($$SELECT record_evidence(%s, 'lc_bizlic', 'paper BL-1 第1号', NULL)$$, :c1),
  'a reference on one line of printable text (CJK included) is recorded');

SELECT * FROM finish();
ROLLBACK;
