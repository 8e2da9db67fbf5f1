-- Complaints: the lifecycle (receive, assign, transfer, supervise, reply,
-- call back, reopen, close), anonymous complaints, 办不成事, settings,
-- complaint_sla_sweep(), and rate() of returned and withdrawn cases.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(38);
\ir complaint_fixture.inc

-- ------------------------------------------------------------ a named complaint about a case
SELECT receive_complaint('12345', 'complaint', 'Turned away twice at the window', '2026-11-02 10:00+08',
                         case_id => k, applicant => p) AS c1 FROM cf \gset
SELECT is((SELECT (status, item, department, calendar, due, supervise_due)::text FROM complaint WHERE id = :c1),
          ('received', 'ca_item', 'CA', 'cn', NULL::date, NULL::date)::text,
          'received: item and department from the case, no due yet');
SELECT lives_ok(format('SELECT assign_complaint(%s, %L, %L)', :c1, 'CA', '2026-11-02 11:00+08'), 'assigned to CA');
SELECT is((SELECT (status, department, due)::text FROM complaint WHERE id = :c1),
          ('assigned', 'CA', '2026-11-09'::date)::text,
          'due: 5 working days after Monday 2 November = Monday 9 November');
SELECT lives_ok(format('SELECT transfer_complaint(%s, %L, %L, %L)', :c1, 'CB', 'handled by B', '2026-11-03 09:00+08'),
                'transferred to CB');
SELECT is((SELECT (status, department, due)::text FROM complaint WHERE id = :c1),
          ('assigned', 'CB', '2026-11-09'::date)::text, 'a transfer keeps the due and the status');
SELECT is((SELECT (department, to_department, note)::text FROM complaint_event WHERE complaint_id = :c1 AND kind = 'transferred'),
          ('CA', 'CB', 'handled by B')::text, 'the transfer is logged with both departments and the reason');
SELECT lives_ok(format('SELECT supervise_complaint(%s, %L, %L)', :c1, '2026-11-06', '2026-11-03 10:00+08'), 'supervised');
SELECT is((SELECT supervise_due FROM complaint WHERE id = :c1), '2026-11-06'::date, 'supervise_due set');
SELECT lives_ok(format('SELECT reply_complaint(%s, %L, %L)', :c1, 'We apologise; fixed the queue', '2026-11-05 16:00+08'),
                'replied');
SELECT is((SELECT (status, reply, replied_on)::text FROM complaint WHERE id = :c1),
          ('replied', 'We apologise; fixed the queue', '2026-11-05'::date)::text, 'reply, its local day');
SELECT lives_ok(format('SELECT record_complaint_callback(%s, false, %L)', :c1, '2026-11-06 10:00+08'), 'unsatisfied call-back');
SELECT is((SELECT (status, satisfied, department)::text FROM complaint WHERE id = :c1),
          ('reopened', false, 'CB')::text, 'unsatisfied: reopened, with the same department');
SELECT lives_ok(format('SELECT reply_complaint(%s, %L, %L)', :c1, 'Case accepted now', '2026-11-10 09:00+08'), 'replied again');
SELECT lives_ok(format('SELECT record_complaint_callback(%s, true, %L)', :c1, '2026-11-10 15:00+08'), 'satisfied call-back');
SELECT is((SELECT (status, satisfied, closed_at)::text FROM complaint WHERE id = :c1),
          ('closed', true, '2026-11-10 15:00+08'::timestamptz)::text, 'satisfied: closed');
SELECT is((SELECT array_agg(kind ORDER BY id) FROM complaint_event WHERE complaint_id = :c1),
          '{received,assigned,transferred,supervised,replied,callback,reopened,replied,callback,closed}'::text[],
          'the history of the complaint, in order');
SELECT throws_ok(format('SELECT reply_complaint(%s, %L)', :c1, 'again'), '55000', NULL, 'a closed complaint takes no reply');

-- ------------------------------------------------------------ anonymous
SELECT receive_complaint('window', 'consultation', 'Opening hours?', '2026-11-02 10:00+08', department => 'CA') AS c2 \gset
SELECT is((SELECT applicant FROM complaint WHERE id = :c2), NULL::bigint, 'anonymous: no applicant');
SELECT lives_ok(format('SELECT assign_complaint(%s, %L, %L)', :c2, 'CA', '2026-11-02 10:05+08'), 'anonymous assigned');
SELECT is((SELECT due FROM complaint WHERE id = :c2), '2026-11-03'::date, 'consultation: 1 working day');
SELECT lives_ok(format('SELECT reply_complaint(%s, %L, %L)', :c2, '9 to 5', '2026-11-02 11:00+08'), 'anonymous replied');
SELECT throws_ok(format('SELECT record_complaint_callback(%s, true, %L)', :c2, '2026-11-02 12:00+08'), '55000',
                 'complaint ' || :c2 || ' is anonymous', 'no call-back of an anonymous complaint: 55000');
SELECT lives_ok(format('SELECT close_complaint(%s, %L)', :c2, '2026-11-02 12:00+08'), 'the administrator closes it');
SELECT is((SELECT status FROM complaint WHERE id = :c2), 'closed', 'anonymous complaint closed');

-- ------------------------------------------------------------ 办不成事
SELECT receive_complaint('cannot_do', 'cannot_do', 'Needs a certificate nobody issues', '2026-11-02 10:00+08',
                         item => 'ca_item', applicant => o, blocker => 'no department issues the certificate') AS c3 FROM cf \gset
SELECT lives_ok(format('SELECT assign_complaint(%s, %L, %L)', :c3, 'CA', '2026-11-02 10:30+08'), '办不成事 assigned');
SELECT is((SELECT (department, due, blocker)::text FROM complaint WHERE id = :c3),
          ('CA', '2026-11-05'::date, 'no department issues the certificate')::text, 'cannot_do: 3 working days, blocker kept');
SELECT lives_ok(format('SELECT reply_complaint(%s, %L, %L, %L)', :c3, 'Accepted by commitment', '2026-11-04 10:00+08',
                       'certificate replaced by a written commitment'), '办不成事 replied with a resolution');
SELECT is((SELECT resolution FROM complaint WHERE id = :c3), 'certificate replaced by a written commitment', 'resolution recorded');

-- ------------------------------------------------------------ settings
INSERT INTO setting (name, value, description) VALUES ('complaint.complaint_days', '2', 'faster');
SELECT receive_complaint('online', 'complaint', 'Slow', '2026-11-02 10:00+08', applicant => p) AS c4 FROM cf \gset
SELECT assign_complaint(:c4, 'CC', '2026-11-02 10:00+08');
SELECT is((SELECT due FROM complaint WHERE id = :c4), '2026-11-04'::date, 'complaint.complaint_days = 2: due 4 November');
SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('complaint.report_days', '366')$$, '23514', NULL,
                 'a complaint limit above 365 is refused');

-- ------------------------------------------------------------ SLA sweep (open: c4 assigned due 11-04)
SELECT receive_complaint('letter', 'report', 'Bribe', '2026-11-02 10:00+08') AS c5 \gset
SELECT supervise_complaint(:c5, '2026-11-03', '2026-11-02 12:00+08');
SELECT is(complaint_sla_sweep('2026-11-04 18:00+08'), 1, 'on 4 November: the supervised complaint (due 3 November) is overdue');
SELECT is(complaint_sla_sweep('2026-11-05 09:00+08'), 1, 'on 5 November: the complaint due 4 November too');
SELECT is(complaint_sla_sweep('2026-11-05 10:00+08'), 0, 'a second sweep changes nothing');
SELECT is((SELECT array_agg(complaint_id || ':' || note ORDER BY complaint_id) FROM complaint_event WHERE kind = 'overdue'),
          ARRAY[:c4 || ':due 2026-11-04', :c5 || ':due 2026-11-03'], 'one overdue event each, with the due flagged');
-- the minute-by-minute sla_sweep() of pg_cron sweeps complaints too
SELECT receive_complaint('letter', 'consultation', 'Opening hours?', '2026-11-04 10:00+08') AS c6 \gset
SELECT assign_complaint(:c6, 'CC', '2026-11-04 11:00+08');
SELECT ok(sla_sweep('2026-11-09 18:00+08') >= 1, 'sla_sweep() counts the complaints it flags');
SELECT is((SELECT count(*) FROM complaint_event WHERE kind = 'overdue' AND complaint_id = :c6), 1::bigint,
          'sla_sweep() flagged the consultation due 5 November, once');

-- ------------------------------------------------------------ rate() of returned and withdrawn cases (issue 15)
SELECT lives_ok(format('SELECT rate(%s, 2, %L, %L, %L)', k, 'window', 'sent away', '2026-10-30 10:00+08'),
                'a returned case is rated (the acceptance step)') FROM cf;
SELECT throws_ok(format('SELECT rate(%s, 5)', k), '23505', NULL, 'once') FROM cf;

SELECT * FROM finish();
ROLLBACK;
