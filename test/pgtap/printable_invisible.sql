-- printable() shows, since 2026-12-08, the characters that show as nothing
-- as ? too, one for one, as it shows the control and bidirectional
-- characters: U+00AD, U+034F, U+115F/U+1160, U+180E, U+200B-U+200D,
-- U+2060-U+2064, U+206A-U+206F, U+3164, U+FEFF, U+FFA0, U+FFF9-U+FFFB, the
-- tags U+E0000-U+E007F, and a variation selector that follows no character
-- it selects a glyph of (a CJK ideograph, a Mongolian letter).  Until then
-- they were kept, so that claim_task(), which refuses an assignee when
-- printable(assignee) <> assignee, took 'ann' followed by a zero-width
-- space as an assignee that reads as 'ann' and is not, and every echo of a
-- caller's text kept them.  One home: src/core/text.c.  Assertions 1-9 and 11
-- fail on that code.
BEGIN;
SET search_path = service_affair, public;
SET TIME ZONE 'UTC';
SELECT plan(14);
\ir route_fixture.inc

SELECT submit('rt_q', :p, '{form}', 'online', '{}', '2026-03-02 10:00+08') AS q1 \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'online', '{}', '2026-03-02 10:00+08') AS b1 \gset
\ir error_detail.inc

-- each invisible character, alone and between letters: ?
SELECT is((SELECT pg_catalog.array_agg(pg_catalog.to_hex(cp) ORDER BY cp)
             FROM pg_catalog.unnest(ARRAY[173, 847, 4447, 4448, 6158, 8203, 8204, 8205, 8288, 8289, 8290, 8291, 8292,
                                          8298, 8299, 8300, 8301, 8302, 8303, 12644, 65279, 65440, 65529, 65530, 65531,
                                          917504, 917505, 917536, 917631]) cp
            WHERE printable('a' || pg_catalog.chr(cp) || 'b') <> 'a?b'),
          NULL, 'printable(): every zero-width, filler, joiner, format and tag character is ?');
SELECT is(printable(E'ann\u200Bbob\uFEFF'), 'ann?bob?', 'a zero-width space and a byte order mark, each one ?');
SELECT is(printable(E'\u00ADx\u2060y\U000E0041'), '?x?y?', 'a soft hyphen, a word joiner and a tag letter, each one ?');
SELECT is(printable(E'\uFE0Fa\uFE0F'), '?a?', 'a variation selector first or after a Latin letter: ?');
SELECT is(printable(E'\u3164\uFFA0'), '??', 'the Hangul fillers: ?');

-- claim_task() refuses them, as it refuses a control character
SELECT throws_ok($$SELECT claim_task('RT_Q', E'ann\u200B', '2026-03-11 09:00+08')$$, '22023',
  'assignee holds a control character', 'claim_task(): an assignee ending with a zero-width space: 22023');
SELECT is(pg_temp.detail_of($$SELECT claim_task('RT_Q', E'Li\u2060Wei\uFEFF', '2026-03-11 09:00+08')$$),
  'The assignee ''Li?Wei?'' holds a control or invisible character (shown as ?); name who takes the task on one line of printable text.',
  '... a word joiner and a byte order mark: the detail shows each as ?');
SELECT throws_ok($$SELECT claim_task('RT_Q', E'ann\U000E0001', '2026-03-11 09:00+08')$$, '22023',
  'assignee holds a control character', '... a tag character: 22023');
SELECT is((SELECT count(*)::int FROM task WHERE case_id = :q1 AND assignee IS NOT NULL), 0, '... and nothing is written');

-- kept: a variation selector after a CJK ideograph (a standardized or an
-- ideographic variation sequence: a rare character of a name is written
-- so), a free variation selector after a Mongolian letter, and ordinary
-- names (these pass on the former code too)
SELECT is(printable(E'\u845B\uFE00\u845B\U000E0101'), E'\u845B\uFE00\u845B\U000E0101',
          'a variation selector right after a CJK ideograph is kept');
SELECT is(printable(E'\u845B\uFE00\uFE00'), E'\u845B\uFE00?', '... a second one after it is ?');
SELECT is(printable(E'\u1820\u180B'), E'\u1820\u180B', 'a free variation selector after a Mongolian letter is kept');
SELECT is(printable(E'阿卜杜·热合曼 O''Brien 张三'), E'阿卜杜·热合曼 O''Brien 张三',
          'a middle dot, spaces, an apostrophe and CJK are kept');
SELECT is(claim_task('RT_MKT', E'\u845B\uFE00敏', '2026-03-11 09:00+08'), (SELECT id FROM task WHERE case_id = :b1),
  'claim_task(): an assignee with a variation sequence of a CJK ideograph is taken');

SELECT * FROM finish();
ROLLBACK;
