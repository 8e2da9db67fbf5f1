-- The C errors repeat a caller's text as an error echoes it: through
-- sa_echo() (src/arguments.c) over the one rule, sa_text_echo()
-- (src/core/text.c), which printable() calls too.  Until 2026-12-07 the C
-- errors only cut what they repeated: an unknown calendar, channel,
-- service, the as_of setting, the input of a uscc kept their line feeds and
-- bidirectional controls (a line feed ends the server log's line and writes
-- one of the caller's own after it), and printable() was a regular
-- expression of its own.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(15);
\ir error_detail.inc

-- the one home: printable() is the C rule, as the C errors echo
SELECT is((SELECT l.lanname || ' ' || p.prosrc FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
            WHERE p.oid = 'service_affair.printable(text)'::regprocedure),
          'c sa_printable_sql', 'printable() is the C rule (sa_text_echo()), not a rule of its own');
SELECT is(printable(E'a\nb\u202ec\u0085d\u2066e\u200bf'), E'a?b?c?d?e?f',
          'printable(): a line feed, U+202E, NEL, U+2066 and (since 2026-12-08) a zero-width space are ?');
-- every code point up to U+3000 (but ? itself): ? exactly when in the class of printable()
SELECT is((SELECT pg_catalog.array_agg(cp ORDER BY cp) FROM pg_catalog.generate_series(1, 12288) cp
            WHERE cp <> 63 AND (printable(pg_catalog.chr(cp)) = '?') IS DISTINCT FROM
                  (cp <= 31 OR cp BETWEEN 127 AND 159 OR cp IN (173, 847, 1564) OR cp BETWEEN 4447 AND 4448 OR cp BETWEEN 6068 AND 6069
                   OR cp BETWEEN 6155 AND 6159 OR cp BETWEEN 8203 AND 8207 OR cp BETWEEN 8232 AND 8238 OR cp BETWEEN 8288 AND 8303)
               OR (printable(pg_catalog.chr(cp)) <> '?' AND printable(pg_catalog.chr(cp)) <> pg_catalog.chr(cp))),
          NULL, 'printable(): every code point to U+3000 is ? exactly when a control, line separator, bidirectional control or (since 2026-12-08) invisible, else kept');

-- an unknown calendar (calendar.c)
SELECT is(pg_temp.err_of($q$SELECT service_affair.is_workday('2026-01-05', E'c\nn\u202e')$q$),
          '23503 | calendar "c?n?" does not exist | There is no row named "c?n?" in service_affair.calendar.',
          'an unknown calendar: its line feed and right-to-left override are ?, in the message and the detail');
SELECT is(pg_temp.detail_of(format($q$SELECT service_affair.is_workday('2026-01-05', %L)$q$, repeat(E'\n', 100))),
          'There is no row named "' || repeat('?', 64) || '…" in service_affair.calendar.',
          'a long calendar name: its first 64 characters, each ?, then …');
-- a channel (network.c, rating.c, complaint.c)
SELECT is(pg_temp.detail_of($q$SELECT service_affair.visit_kind(E'a\nb\u202e', 'county', NULL, false)$q$),
          'Channel ''a?b?'' with point level ''county'' (parent NULL) is not a known contact.',
          'visit_kind(): an unknown channel, made printable');
SELECT is(pg_temp.detail_of($q$SELECT service_affair.rating_check(3, E'a\nb\u202e', now())$q$),
          'Channel ''a?b?'' is not one of window, online, mobile, kiosk, sms, phone.',
          'rating_check(): an unknown channel, made printable');
SELECT is(pg_temp.detail_of($q$SELECT service_affair.complaint_check(E'a\nb\u202e', 'complaint', now())$q$),
          'Channel ''a?b?'' is not one of 12345, window, online, letter, cannot_do.',
          'complaint_check(): an unknown channel, made printable');
-- an unknown material code and its service (intake.c)
SELECT is(pg_temp.err_of($q$SELECT * FROM service_affair.classify_materials(E's\nv\u202e', ARRAY['m1'], ARRAY['M'], ARRAY[1], ARRAY[0],
                                                                               ARRAY[E'x\ny\u202e'], ARRAY[]::text[], true)$q$),
          '22023 | unknown material codes for service "s?v?" | Unknown material codes for service "s?v?": x?y?.',
          'classify_materials(): the service and the unknown code, made printable');
-- the input of a uscc (identifiers.c)
SELECT is(pg_temp.err_of($q$SELECT E'91\n350100\u202eM000100Y43'::service_affair.uscc$q$),
          '22P02 | invalid input syntax for type uscc: "91?350100?M000100Y43" | Character U+202E at position 10 is not in the uscc alphabet 0123456789ABCDEFGHJKLMNPQRTUWXY.',
          'a uscc''s input: its line feed (white space, skipped) and override ? in the message, the override named by its code point in the detail');
SELECT matches(pg_temp.detail_of($q$SELECT E'91350100\u202eM000100Y43'::service_affair.uscc$q$),
          '^Character U\+202E at position 9 ',
          'a right-to-left override in a uscc is named by its code point, not quoted as typed');
-- the setting service_affair.as_of (routing.c)
SELECT FROM set_config('service_affair.as_of', E'2026-11-20\n\u202e', true);
SELECT is(pg_temp.detail_of('SELECT service_affair.sla_as_of()'),
          'The setting service_affair.as_of is ''2026-11-20??'' (14 bytes), which is no timestamptz literal.',
          'sla_as_of(): the setting echoed with its line feed and override as ?');
SELECT FROM set_config('service_affair.as_of', '', true);
-- the table history_month() is given (settle.c; until 2026-12-07 only cut)
SELECT is(pg_temp.err_of($q$SELECT service_affair.history_month(E'ca\nses\u202e', 1)$q$),
          '22023 | "ca?ses?" is not a table of the case family | ',
          'history_month(): a table not of the family, its line feed and override ?');
-- no control character in any of them
SELECT ok(pg_temp.detail_of($q$SELECT service_affair.is_workday('2026-01-05', E'\r\n\u0085\u2028\u2029\u061c\u200e\u200f\u202a\u2066\u2069')$q$)
          !~ '[\u0001-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]',
          'no control character of the class reaches the detail');
SELECT is(pg_temp.detail_of($q$SELECT service_affair.is_workday('2026-01-05', E'\r\n\u0085\u2028\u2029\u061c\u200e\u200f\u202a\u2066\u2069')$q$),
          'There is no row named "???????????" in service_affair.calendar.', 'each one ?, one for one');

SELECT * FROM finish();
ROLLBACK;
