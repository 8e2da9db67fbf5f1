-- Complaints: every error of every function, with its SQLSTATE; a failed
-- call leaves nothing (no row, no event, no change).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(87);
\ir blank_text.inc
\ir complaint_fixture.inc

SELECT receive_complaint('12345', 'complaint', 'Named', '2026-11-02 10:00+08', applicant => p) AS n FROM cf \gset
SELECT receive_complaint('12345', 'complaint', 'Anonymous', '2026-11-02 10:00+08') AS a \gset
CREATE TEMP TABLE before AS
  SELECT (SELECT count(*) FROM complaint) AS complaints, (SELECT count(*) FROM complaint_event) AS events,
         (SELECT string_agg(c::text, '|' ORDER BY id) FROM complaint c) AS rows;
CREATE FUNCTION pg_temp.unchanged() RETURNS boolean LANGUAGE sql AS $$
  SELECT (SELECT count(*) FROM service_affair.complaint) = b.complaints
     AND (SELECT count(*) FROM service_affair.complaint_event) = b.events
     AND (SELECT string_agg(c::text, '|' ORDER BY id) FROM service_affair.complaint c) = b.rows
    FROM before b
$$;

\ir error_detail.inc

-- receive_complaint
SELECT throws_ok(format('SELECT receive_complaint(%L, %L, %L, case_id => -1, applicant => %s)', '12345', 'complaint', 'x', p),
                 '23503', 'unknown case', 'unknown case: 23503') FROM cf;
-- another person's case is refused as a missing one: same SQLSTATE, message
-- and detail form, so a clerk learns neither its owner nor that it exists
SELECT is(pg_temp.detail_of(format('SELECT receive_complaint(%L, %L, %L, case_id => %s, applicant => %s)', '12345', 'complaint', 'x', k, o)),
          format('No case %s of applicant %s.', k, o),
          'a case of another applicant: the detail of a missing case') FROM cf;
SELECT throws_ok(format('SELECT receive_complaint(%L, %L, %L, case_id => %s, applicant => %s)', '12345', 'complaint', 'x', k, o),
                 '23503', 'unknown case', 'a case of another applicant: 23503') FROM cf;
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', 'x', case_id => -1)$$, '22023',
                 'an anonymous complaint cannot name a case', 'an anonymous complaint naming a missing case: 22023, not 23503 (no lookup)');
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', 'x', item => 'nope')$$, '23503', 'unknown item', 'unknown item: 23503');
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', 'x', department => 'NOPE')$$, '23503', 'unknown department', 'unknown department: 23503');
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', 'x', applicant => -5)$$, '23503', 'unknown applicant', 'unknown applicant: 23503');
SELECT throws_ok($$SELECT receive_complaint('fax', 'complaint', 'x')$$, '22023', 'invalid complaint channel', 'bad channel: 22023');
SELECT throws_ok($$SELECT receive_complaint(NULL, 'complaint', 'x')$$, '22023', 'invalid complaint channel', 'NULL channel: 22023');
SELECT throws_ok($$SELECT receive_complaint('12345', 'praise', 'x')$$, '22023', 'invalid complaint category', 'bad category: 22023');
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', 'x', NULL)$$, '22023', 'at must not be null', 'NULL at: 22023');
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', 'x', 'infinity')$$, '22023', 'at must be finite', 'infinite at: 22023');
SELECT throws_ok(format('SELECT receive_complaint(%L, %L, %L, %L)', '12345', 'complaint', 'x', late), '22023', 'at is too late',
                 'a receipt at ' || late || ': 22023 (recorded times end with the year 8999)')
  FROM (VALUES ('9000-01-01 00:00+00'), ('294000-01-01 00:00+00')) t(late);
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', 'x', '4714-11-24 10:00+00 BC')$$, '22023', 'at is too early',
                 'a receipt in the first weeks of timestamps: 22023 (recorded times begin with the year 1; its local month was no timestamptz)');
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', 'x', '0001-01-01 23:59+00')$$, '22023', 'at is too early',
                 'a receipt before 0001-01-02 00:00 UTC: 22023');
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', NULL)$$, '22023', 'body must not be null', 'NULL body: 22023');
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', '  ')$$, '22023', 'body must not be empty', 'blank body: 22023');
SELECT throws_ok(format('SELECT receive_complaint(%L, %L, %L)', '12345', 'complaint', b.value), '22023', 'body must not be empty',
                 'a body of ' || b.label || ': 22023') FROM pg_temp.blank_texts() b;
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', E'\x01\x1f\x7f')$$, '22023', 'body must not be empty',
                 'a body of control characters: 22023 (taken before 2026-12-03)');
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', repeat('长', 10001))$$, '22023', 'body is too long', 'body over 10000 characters: 22023');
SELECT ok(length(pg_temp.detail_of($$SELECT service_affair.receive_complaint('12345', 'complaint', repeat('x', 1000000))$$)) < 200,
          'an oversized body is echoed in at most 64 characters');
SELECT ok(length(pg_temp.detail_of($$SELECT service_affair.receive_complaint(repeat('y', 1000000), 'complaint', 'x')$$)) < 200,
          'an oversized channel is echoed in at most 64 characters');
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', 'x', point => repeat('p', 65))$$, '22023', 'point is too long', 'point over 64 characters: 22023');
SELECT throws_ok(format('SELECT receive_complaint(%L, %L, %L, case_id => %s)', '12345', 'complaint', 'x', k), '22023',
                 'an anonymous complaint cannot name a case', 'anonymous complaint about a case: 22023') FROM cf;
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', 'x', blocker => 'y')$$, '22023',
                 'only a cannot_do complaint records a blocker', 'blocker of another category: 22023');
SELECT ok(pg_temp.unchanged(), 'the failed receipts left nothing');

-- assign_complaint
SELECT throws_ok($$SELECT assign_complaint(-1, 'CA')$$, '23503', 'unknown complaint', 'unknown complaint: 23503');
SELECT throws_ok(format('SELECT assign_complaint(%s, %L)', :n, 'NOPE'), '23503', 'unknown department', 'assign to an unknown department: 23503');
SELECT throws_ok(format('SELECT assign_complaint(%s, %L)', :n, NULL), '23503', 'unknown department', 'assign to NULL: 23503');
SELECT throws_ok(format('SELECT assign_complaint(%s, %L, %L)', :n, 'CA', '-infinity'), '22023', NULL, 'assign at -infinity: 22023');
SELECT throws_ok(format('SELECT assign_complaint(%s, %L, %L)', :n, 'CA', '2026-11-01 10:00+08'), '22023',
                 'time precedes complaint ' || :n, 'assign before receipt: 22023');
SELECT throws_ok(format('SELECT transfer_complaint(%s, %L, %L)', :n, 'CB', 'r'), '55000',
                 'complaint ' || :n || ' cannot be transferred', 'transfer before assignment: 55000');
SELECT throws_ok(format('SELECT reply_complaint(%s, %L)', :n, 'r'), '55000', NULL, 'reply before assignment: 55000');
SELECT throws_ok(format('SELECT record_complaint_callback(%s, true)', :n), '55000', NULL, 'call-back before a reply: 55000');
SELECT ok(pg_temp.unchanged(), 'the failed calls on a received complaint left nothing');

SELECT assign_complaint(:n, 'CA', '2026-11-02 11:00+08');
SELECT assign_complaint(:a, 'CA', '2026-11-02 11:00+08');
SELECT throws_ok(format('SELECT assign_complaint(%s, %L)', :n, 'CB'), '55000', 'complaint ' || :n || ' cannot be assigned', 'second assignment: 55000');

-- transfer_complaint
SELECT throws_ok(format('SELECT transfer_complaint(%s, %L, %L)', :n, 'NOPE', 'r'), '23503', NULL, 'transfer to an unknown department: 23503');
SELECT throws_ok(format('SELECT transfer_complaint(%s, %L, %L)', :n, 'CB', ''), '22023', 'reason must not be empty', 'empty reason: 22023');
SELECT throws_ok(format('SELECT transfer_complaint(%s, %L, %L)', :n, 'CB', NULL), '22023', 'reason must not be null', 'NULL reason: 22023');
SELECT throws_ok(format('SELECT transfer_complaint(%s, %L, %L)', :n, 'CA', 'r'), '22023', NULL, 'transfer to the same department: 22023');

-- supervise_complaint
SELECT throws_ok(format('SELECT supervise_complaint(%s, NULL)', :n), '22023', 'due must be a finite date', 'NULL supervision due: 22023');
SELECT throws_ok(format('SELECT supervise_complaint(%s, %L)', :n, 'infinity'), '22023', 'due must be a finite date', 'infinite supervision due: 22023');
SELECT throws_ok(format('SELECT supervise_complaint(%s, %L)', :n, '10000-01-01'), '22023', 'due is too late', 'a supervision due after 9999-12-31: 22023');
SELECT throws_ok(format('SELECT supervise_complaint(%s, %L)', :n, '2026-11-01'), '22023', 'due precedes complaint ' || :n, 'supervision due before receipt: 22023');

-- reply_complaint
SELECT throws_ok(format('SELECT reply_complaint(%s, %L, %L)', :n, 'early', '2026-11-02 10:30+08'), '22023',
                 'time precedes the last step of complaint ' || :n,
                 'a reply dated before the assignment: 22023 (taken until 2026-12-03)');
SELECT throws_ok(format('SELECT reply_complaint(%s, %L)', :n, ''), '22023', 'reply must not be empty', 'empty reply: 22023');
SELECT throws_ok(format('SELECT reply_complaint(%s, %L, now(), %L)', :n, 'ok', 'res'), '22023',
                 'only a cannot_do complaint records a resolution', 'resolution of another category: 22023');

-- record_complaint_callback, close_complaint
SELECT reply_complaint(:n, 'done', '2026-11-03 10:00+08');
SELECT reply_complaint(:a, 'done', '2026-11-03 10:00+08');
SELECT throws_ok(format('SELECT supervise_complaint(%s, %L)', :n, '2026-11-05'), '55000', NULL, 'supervising a replied complaint: 55000');
SELECT throws_ok(format('SELECT record_complaint_callback(%s, NULL)', :n), '22023', 'satisfied must not be null', 'NULL satisfied: 22023');
SELECT throws_ok(format('SELECT record_complaint_callback(%s, true, %L)', :n, '2026-11-03 09:00+08'), '22023',
                 'time precedes the last step of complaint ' || :n,
                 'a call-back dated before the reply: 22023 (taken until 2026-12-03)');
SELECT throws_ok(format('SELECT close_complaint(%s, %L)', :a, '2026-11-03 09:00+08'), '22023',
                 'time precedes the last step of complaint ' || :a, 'a close dated before the reply: 22023');
SELECT throws_ok(format('SELECT record_complaint_callback(%s, false)', :a), '55000', 'complaint ' || :a || ' is anonymous', 'call-back of an anonymous complaint: 55000');
SELECT throws_ok(format('SELECT close_complaint(%s)', :n), '55000', 'complaint ' || :n || ' is closed by its call-back', 'close of a named complaint: 55000');
SELECT throws_ok('SELECT close_complaint(-1)', '23503', 'unknown complaint', 'close of an unknown complaint: 23503');
SELECT close_complaint(:a, '2026-11-04 10:00+08');
SELECT throws_ok(format('SELECT close_complaint(%s)', :a), '55000', 'complaint ' || :a || ' cannot be closed', 'second close: 55000');

-- complaint_sla_sweep
SELECT throws_ok($$SELECT complaint_sla_sweep('infinity')$$, '22023', NULL, 'sweep at infinity: 22023');
SELECT throws_ok($$SELECT complaint_sla_sweep(NULL)$$, '22023', NULL, 'sweep at NULL: 22023');

-- after the successful calls, the failed ones in between left no trace
SELECT is((SELECT array_agg(kind ORDER BY id) FROM complaint_event WHERE complaint_id = :n),
          '{received,assigned,replied}'::text[], 'only the successful calls are in the history');

-- the earliest receipt taken leaves the analysts' views readable (until
-- 2026-12-03 one of 4713 BC was taken, and they read it too)
SELECT receive_complaint('12345', 'complaint', 'Early', '0001-01-02 00:00+00');
SELECT lives_ok('SELECT count(*) FROM complaint_indicators', 'complaint_indicators reads a complaint of the year 1');
SELECT lives_ok('SELECT count(*) FROM complaint_items', 'complaint_items reads it too');
-- and the latest: times end before 9000-01-01 00:00 UTC (06_arguments.sql);
-- until 2026-12-03 a receipt was taken up to 294276-12-30 (UTC), whose local
-- day in the calendar cn (+08) is still a timestamptz
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', 'Late', '294276-12-30 23:59:59.999999+00')$$, '22023',
                 'at is too late', 'a receipt in the year 294276: 22023');
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', 'Late', '294276-12-31 16:00+00')$$, '22023',
                 'at is too late', 'a receipt whose local day is past 294276: 22023');
SELECT lives_ok($$SELECT receive_complaint('12345', 'complaint', 'Late', '8999-12-31 23:59:59.999999+00')$$,
                'the latest receipt taken (local day 9000-01-01 in cn)');
SELECT lives_ok('SELECT count(*) FROM complaint_indicators', 'complaint_indicators reads a complaint of 9000');
SELECT lives_ok('SELECT count(*) FROM complaint_items', 'complaint_items reads it too');

-- a supervision sets a due from its own day on (a review, 2026-12-05): one
-- dated 11-20 asking for a reply by 11-03 was taken, made the complaint
-- overdue at once, and turned the reply its department had given on time
-- (11-05, due 11-09) into a late one in complaint_indicators
SELECT receive_complaint('12345', 'complaint', 'Supervised late', '2026-11-02 09:00+08', department => 'CB', applicant => p) AS s FROM cf \gset
SELECT assign_complaint(:s, 'CB', '2026-11-02 10:00+08');
SELECT reply_complaint(:s, 'on time', '2026-11-05 10:00+08');
SELECT record_complaint_callback(:s, false, '2026-11-20 10:00+08');
SELECT throws_ok(format('SELECT supervise_complaint(%s, %L, %L)', :s, '2026-11-03', '2026-11-20 11:00+08'), '22023',
                 'due precedes the supervision of complaint ' || :s, 'a supervision due before the day of the supervision: 22023');
SELECT is((SELECT row(status, supervise_due, replied_on <= LEAST(due, supervise_due))::text FROM complaint WHERE id = :s),
          row('reopened', NULL::date, true)::text, '... nothing changed: the reply of 11-05 stays on time');
-- (since 2026-12-06 the reopening of 11-20 is a new round, due 11-27; the
-- reply of 11-05, the first round's, stays counted replied on time: every
-- round's reply counts, since 2026-12-07; from 2026-12-06 to then 0, NULL)
SELECT is((SELECT (replied, replied_on_time_rate)::text FROM complaint_indicators WHERE department = 'CB' AND month = '2026-11-01'),
          (1, 1.0000)::text, '... nor in complaint_indicators: the reply of 11-05 stays on time through the reopening');
SELECT lives_ok(format('SELECT supervise_complaint(%s, %L, %L)', :s, '2026-11-20', '2026-11-20 11:00+08'),
                'a reply due on the day of the supervision is taken');

-- a role without a right to a complaint learns nothing of it (a review,
-- 2026-12-05): an open complaint of another department, a closed one and an
-- unknown id get the same 42501, message and detail, before anything is
-- locked (until then lock_complaint() locked the row first and answered
-- 23503 for an unknown id; the staff's refusal named the department)
SELECT create_roles();
CREATE ROLE ce_stranger LOGIN IN ROLE service_affair_clerk, service_affair_reviewer;
INSERT INTO staff (login, department) VALUES ('ce_stranger', 'CC');
-- refusal(sql, id): SQLSTATE, message and detail of sql run as ce_stranger, the id as #
CREATE FUNCTION pg_temp.refusal(q text, id bigint) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  st text; msg text; det text;
BEGIN
  SET LOCAL ROLE ce_stranger;
  BEGIN
    EXECUTE pg_catalog.format(q, id);
    st := '00000';
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
  END;
  RESET ROLE;
  RETURN pg_catalog.regexp_replace(pg_catalog.concat_ws(' | ', st, msg, det), '\m' || id || '\M', '#', 'g');
END $$;
CREATE TEMP TABLE probe (verb text, q text);
INSERT INTO probe VALUES
  ('transfer_complaint', $$SELECT service_affair.transfer_complaint(%s, 'CB', 'r', '2026-11-21 10:00+08')$$),
  ('reply_complaint', $$SELECT service_affair.reply_complaint(%s, 'x', '2026-11-21 10:00+08')$$),
  ('assign_complaint', $$SELECT service_affair.assign_complaint(%s, 'CC', '2026-11-21 10:00+08')$$),
  ('record_complaint_callback', $$SELECT service_affair.record_complaint_callback(%s, true, '2026-11-21 10:00+08')$$);
-- (supervise_complaint() and close_complaint(): administrators only, by grant
-- and by require_admin() before anything is read)
SELECT (SELECT max(id) + 1000 FROM complaint) AS u, (SELECT string_agg(c::text, '|' ORDER BY id) FROM complaint c) AS rows0,
       (SELECT count(*) FROM complaint_event) AS events0 \gset
SELECT is(pg_temp.refusal(q, :u), pg_temp.refusal(q, :n),
          verb || '() as a stranger: an unknown id is refused as a complaint of another department') FROM probe ORDER BY verb;
SELECT is(pg_temp.refusal(q, :a), pg_temp.refusal(q, :n),
          verb || '() as a stranger: a closed complaint too') FROM probe ORDER BY verb;
SELECT ok(pg_temp.refusal(q, :n) LIKE '42501 | permission denied%' AND pg_temp.refusal(q, :n) NOT LIKE '%CA%',
          verb || '() as a stranger: 42501, the department not named') FROM probe ORDER BY verb;
SELECT ok((SELECT string_agg(c::text, '|' ORDER BY id) FROM complaint c) = :'rows0'
          AND (SELECT count(*) FROM complaint_event) = :events0, 'the refused calls changed nothing');

SELECT * FROM finish();
ROLLBACK;
