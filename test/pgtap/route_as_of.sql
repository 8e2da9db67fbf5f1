-- The setting service_affair.as_of has one parse (rt_parse_as_of, src/routing.c)
-- for sla_as_of() and the SLA functions: a value that is no timestamptz
-- literal is 22007, an infinite one 22023, from every reader alike, the
-- detail naming the setting and echoing at most 64 bytes of it.  Until
-- 2026-12-05 sla_as_of() was a SQL cast of its own: a 100 kB value came
-- back whole in timestamptz_in's message (so did the SLA functions'), and
-- infinity was returned, for local_day() to refuse in
-- commitment_accountability with 22008, not naming the setting.
--
-- A value that moves with the clock ('now', 'today', 'tomorrow',
-- 'yesterday', alone or with a time) is refused: by the SET itself once the
-- library has defined the variable (its check hook, 22023), and by every
-- read before that (a value set first thing in a session, 22023 "must be a
-- fixed time").  Until 2026-12-06 they were read like any literal, so that
-- a report "as of yesterday" moved on with every transaction (a review).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(41);
\ir error_detail.inc
-- hint_of(query): the hint of the error the query raises
CREATE FUNCTION pg_temp.hint_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE h text;
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
  RETURN h;
END $$;

-- set first thing in the session, before the library defines the variable
-- (a placeholder, not in pg_settings): refused at the read, in the words
-- of the SET's refusal
SELECT is((SELECT count(*) FROM pg_settings WHERE name = 'service_affair.as_of'), 0::bigint,
          'the variable is not defined yet in this session');
SET LOCAL service_affair.as_of = 'yesterday';
SELECT is(pg_temp.err_of('SELECT service_affair.sla_as_of()'),
          '22023 | service_affair.as_of must be a fixed time | The value ''yesterday'' names "yesterday", which moves with the clock (read from the start of each transaction); the setting pins one instant.',
          'a value set before the definition that moves with the clock: 22023 at the read');
SELECT is(pg_temp.hint_of('SELECT service_affair.sla_as_of()'),
          'Set it to the instant itself, such as ''2026-09-30 17:00+08'', or to '''' for now().',
          '... with a hint');
\ir credit_fixture.inc
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c1 FROM kf \gset

-- the readers of the setting: the function itself, the two SLA views (per
-- row in C; case_sla also once a statement), the accountability view (once a
-- statement, an InitPlan) and credit_now() (per call, PL/pgSQL)
CREATE TEMP TABLE readers (q text, what text);
INSERT INTO readers VALUES
  ('SELECT service_affair.sla_as_of()', 'sla_as_of()'),
  ('SELECT max(state) FROM service_affair.task_sla', 'task_sla'),
  ('SELECT max(state) FROM service_affair.case_sla', 'case_sla'),
  ('SELECT sum(overdue) FROM service_affair.commitment_accountability', 'commitment_accountability'),
  ('SELECT service_affair.credit_now()', 'credit_now()');

SELECT ok((SELECT count(*) FROM task_sla WHERE case_id = :c1) > 0 AND (SELECT count(*) FROM case_sla WHERE case_id = :c1) = 1
          AND (SELECT count(*) FROM commitment_check WHERE case_id = :c1 AND status = 'open') > 0,
          'the fixture: a case with its task in task_sla and case_sla, and an open commitment check');
SELECT is(sla_as_of(), '2026-11-20 12:00+08'::timestamptz, 'sla_as_of() is the setting when set');
SELECT isnt((SELECT sum(overdue) FROM commitment_accountability), NULL, 'commitment_accountability reads it');

-- a 100 kB value: 22007, a short message, a detail of at most 64 bytes of it
SELECT FROM set_config('service_affair.as_of', '2026-11-20 ' || repeat('x', 100000), true);
SELECT is(pg_temp.err_of(r.q),
          '22007 | service_affair.as_of is not a valid time | The setting service_affair.as_of is ''2026-11-20 '
            || repeat('x', 53) || '''... (100011 bytes), longer than 1024 bytes.',
          r.what || ': a 100 kB service_affair.as_of is 22007, the message short, the detail echoing 64 bytes')
  FROM readers r ORDER BY r.what;
-- multibyte: cut at a character, not inside one
SELECT FROM set_config('service_affair.as_of', repeat('时', 40000), true);
SELECT is(pg_temp.err_of('SELECT service_affair.sla_as_of()'),
          '22007 | service_affair.as_of is not a valid time | The setting service_affair.as_of is '''
            || repeat('时', 21) || '''... (120000 bytes), longer than 1024 bytes.',
          'a long multibyte value is echoed up to 64 bytes, cut between characters');

-- a valid literal padded with whitespace (a value read from a file), longer
-- than MAXDATELEN (128 bytes), is read as timestamptz_in reads it, by every
-- reader; until 2026-12-05 any value over 128 bytes was refused (22007)
SELECT FROM set_config('service_affair.as_of', repeat(' ', 100) || '2026-11-20 12:00+08' || repeat(E' \t\n', 60), true);
SELECT is(sla_as_of(), '2026-11-20 12:00+08'::timestamptz, 'a valid literal padded to 299 bytes is read');
SELECT is(pg_temp.err_of(r.q), 'no error', r.what || ': reads the padded literal')
  FROM readers r ORDER BY r.what;
SELECT FROM set_config('service_affair.as_of', '2026-11-21 08:00+08' || repeat(' ', 1005), true);
SELECT is(sla_as_of(), '2026-11-21 08:00+08'::timestamptz, 'padded to 1024 bytes, the bound: read');
SELECT FROM set_config('service_affair.as_of', '2026-11-21 08:00+08' || repeat(' ', 1006), true);
SELECT is(pg_temp.err_of('SELECT service_affair.sla_as_of()'),
          '22007 | service_affair.as_of is not a valid time | The setting service_affair.as_of is ''2026-11-21 08:00+08'
            || repeat(' ', 45) || '''... (1025 bytes), longer than 1024 bytes.',
          'padded to 1025 bytes: 22007, longer than the bound');
-- more than 128 bytes of fields: timestamptz_in's own refusal, said as the setting's
SELECT FROM set_config('service_affair.as_of', '2026-11-20 ' || repeat('x', 189), true);
SELECT is(pg_temp.err_of('SELECT service_affair.sla_as_of()'),
          '22007 | service_affair.as_of is not a valid time | The setting service_affair.as_of is ''2026-11-20 '
            || repeat('x', 53) || '''... (200 bytes), which is no timestamptz literal.',
          '200 bytes of no literal: 22007 naming the setting, 64 bytes echoed');

-- a short malformed value, and one out of range
SELECT FROM set_config('service_affair.as_of', 'not a time', true);
SELECT is(pg_temp.err_of(r.q),
          '22007 | service_affair.as_of is not a valid time | The setting service_affair.as_of is ''not a time'' (10 bytes), which is no timestamptz literal.',
          r.what || ': a malformed service_affair.as_of is 22007 naming the setting')
  FROM readers r WHERE r.what IN ('sla_as_of()', 'task_sla') ORDER BY r.what;
SELECT FROM set_config('service_affair.as_of', '300000-01-01 00:00+00', true);
SELECT is(pg_temp.err_of('SELECT service_affair.sla_as_of()'),
          '22007 | service_affair.as_of is not a valid time | The setting service_affair.as_of is ''300000-01-01 00:00+00'' (21 bytes), out of the range of timestamps.',
          'a value beyond the range of timestamps is 22007 naming the setting');

-- infinite values: 22023 naming the setting, from every reader
SELECT FROM set_config('service_affair.as_of', 'infinity', true);
SELECT is(pg_temp.err_of(r.q),
          '22023 | service_affair.as_of must be a finite time | The setting service_affair.as_of is ''infinity''.',
          r.what || ': service_affair.as_of infinity is 22023 naming the setting')
  FROM readers r ORDER BY r.what;
SELECT FROM set_config('service_affair.as_of', '-infinity', true);
SELECT is(pg_temp.err_of(r.q),
          '22023 | service_affair.as_of must be a finite time | The setting service_affair.as_of is ''-infinity''.',
          r.what || ': service_affair.as_of -infinity is 22023 naming the setting')
  FROM readers r WHERE r.what IN ('sla_as_of()', 'commitment_accountability', 'case_sla') ORDER BY r.what;

-- values that move with the clock: the SET itself is refused (the check
-- hook, 22023), in any case and with a time, and the value in force stays
SELECT FROM set_config('service_affair.as_of', '2026-11-21 08:00+08', true);
SELECT is(pg_temp.err_of(format('SELECT set_config(''service_affair.as_of'', %L, true)', v)),
          format('22023 | invalid value for parameter "service_affair.as_of": "%s" | The value %L names "%s", which moves with the clock (read from the start of each transaction); the setting pins one instant.',
                 v, v, w),
          format('service_affair.as_of = %L is refused by the SET: 22023', v))
  FROM (VALUES ('now', 'now'), ('today 17:00+08', 'today'), ('TOMORROW', 'tomorrow'), ('  yesterday  ', 'yesterday')) AS x(v, w);
SELECT is(pg_temp.hint_of('SET LOCAL service_affair.as_of = ''today'''),
          'Set it to the instant itself, such as ''2026-09-30 17:00+08'', or to '''' for now().',
          '... SET too, with a hint');
SELECT is(sla_as_of(), '2026-11-21 08:00+08'::timestamptz, '... and the value in force stays');
-- 'epoch' is a fixed instant: read
SELECT FROM set_config('service_affair.as_of', 'epoch', true);
SELECT is(sla_as_of(), 'epoch'::timestamptz, '''epoch'' (1970-01-01 00:00 UTC) is a fixed instant: read');

-- after the refusals, a valid value and the empty one are read as before
SELECT FROM set_config('service_affair.as_of', '2026-11-21 08:00+08', true);
SELECT is(sla_as_of(), '2026-11-21 08:00+08'::timestamptz, 'a valid value after refused ones is read');
SELECT FROM set_config('service_affair.as_of', '', true);
SELECT is(sla_as_of(), now(), 'empty: now(), the transaction start');

SELECT * FROM finish();
ROLLBACK;
