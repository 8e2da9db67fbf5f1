-- register_applicant() refuses, since 2026-12-08, a name holding a control,
-- bidirectional or invisible character (printable()'s class, one C call):
-- 22023, the detail showing the name masked (* and ?) and the code points
-- and positions of the refused characters, nothing written.
-- Until then such a name was stored, and applicant_masked, which shows a
-- person's first character as given, showed the analyst a right-to-left
-- override or a line feed.  mask_name() shows such a first character as *
-- (the rows registered before).  Ordinary names (CJK, a middle dot, a Latin
-- name with spaces and an apostrophe, a CJK ideograph's variation
-- selector) are taken.  Assertions 1-8 fail on the code before 2026-12-08; 2-4 (the detail
-- masked) on the first branch of that day.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(17);
\ir error_detail.inc

SELECT throws_ok($$SELECT register_applicant('person', '330225198001010018', E'\u202E张三')$$, '22023',
  'applicant name holds a control or invisible character', 'a name beginning with a right-to-left override: 22023');
SELECT is(pg_temp.detail_of($$SELECT register_applicant('person', '330225198001010018', E'张\n三\u200B')$$),
  'The name of 4 characters (masked: ''*?*?'') holds a control or invisible character at 2 (U+000A), 4 (U+200B); give the name as printed on the identity document or licence.',
  '... a line feed and a zero-width space: the detail shows the name masked and where they are, not its letters');
-- the detail goes to the server log: no letter of the name in it (a
-- second read: it repeated the name through printable())
SELECT is(pg_temp.detail_of($$SELECT register_applicant('person', '330225198001010018', E'\u845B\uFE00\u4EAEx\uFE0F' || repeat(E'\u200B', 9))$$),
  'The name of 14 characters (masked: ''****??????????'') holds a control or invisible character at 5 (U+FE0F), 6 (U+200B), 7 (U+200B), 8 (U+200B), 9 (U+200B), 10 (U+200B), 11 (U+200B), 12 (U+200B) and 2 more; give the name as printed on the identity document or licence.',
  '... a variation selector after a CJK ideograph kept, after a Latin letter refused; the first 8 listed, the rest counted');
SELECT ok(pg_temp.detail_of($$SELECT register_applicant('person', '330225198001010018', E'Zhang\u200BSan')$$) !~ 'Zhang|San',
  '... no part of the name in the detail');
SELECT throws_ok($$SELECT register_applicant('person', '330225198001010018', E'\uFEFF李四')$$, '22023',
  'applicant name holds a control or invisible character', '... a byte order mark: 22023');
SELECT throws_ok($$SELECT register_applicant('person', '330225198001010018', E'Li\u2066 Wei')$$, '22023',
  'applicant name holds a control or invisible character', '... an isolate: 22023');
SELECT throws_ok($$SELECT register_applicant('org', '91330225MA2Q627826', E'某公司\u200D')$$, '22023',
  'applicant name holds a control or invisible character', 'an organisation''s name with a zero-width joiner: 22023');
SELECT is((SELECT count(*)::int FROM applicant WHERE resident_id::text = '330225198001010018' OR uscc::text = '91330225MA2Q627826'),
  0, '... and nothing is written');
-- mask_name(): a first character printable() changes is *
SELECT is(mask_name(E'\u202E张三'), '***', 'mask_name(): a right-to-left override first is *');
SELECT is(mask_name(E'\n'), '**', 'mask_name(): a line feed alone is *, and at least one * after it');

-- taken as given (these pass on the former code too)
SELECT ok(register_applicant('person', '330225198001010026', '张三丰') > 0, 'an ordinary CJK name is taken');
SELECT ok(register_applicant('person', '330225198001010034', '阿卜杜·热合曼') > 0, 'a name with a middle dot (U+00B7) is taken');
SELECT ok(register_applicant('person', '330225198001010042', 'Mary O''Neil Smith') > 0, 'a Latin name with spaces and an apostrophe is taken');
SELECT ok(register_applicant('person', '330225198001010050', E'\u845B\uFE00亮') > 0, 'a name with a CJK ideograph''s variation selector is taken');
SELECT is((SELECT pg_catalog.array_agg(name ORDER BY resident_id::text) FROM applicant
            WHERE resident_id::text IN ('330225198001010026', '330225198001010034', '330225198001010042', '330225198001010050')),
  ARRAY['张三丰', '阿卜杜·热合曼', 'Mary O''Neil Smith', E'\u845B\uFE00亮'], '... and stored as given');
SELECT is((SELECT pg_catalog.array_agg(name ORDER BY resident_id::text) FROM applicant_masked
            WHERE id IN (SELECT id FROM applicant WHERE resident_id::text IN ('330225198001010026', '330225198001010034'))),
  ARRAY['张**', '阿******'], 'applicant_masked: the first character as given, then *');
SELECT is(mask_name('A'), 'A*', 'mask_name(''A'') is still A*');

SELECT * FROM finish();
ROLLBACK;
