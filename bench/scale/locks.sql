-- Growth-curve benchmark: the relation locks one submit() and one
-- claim_task() + complete_task() hold at the end of their transaction (from
-- pg_locks, the view itself left out), and how many of them name a history
-- relation (<t>_settled or a month of it).  Each call runs 7 times first, so
-- that the plans of the session are the generic ones it keeps; every
-- transaction is rolled back, the measured one too.  Prints name|locks|history_locks.
\set ON_ERROR_STOP on
\pset format unaligned
\pset tuples_only on
SET search_path = service_affair, public;
-- eight tasks in the queue SC_Q for the claims (committed: run.sh tops the
-- queue up to its size before each claim run anyway)
SELECT count(service_affair.submit('sc_q', 1 + g, '{m1,m2,m3,m4}', 'online', '{}', timestamptz '2026-11-16 09:00+08'))
  FROM generate_series(1, 8) g \g /dev/null
\set submit 'SELECT service_affair.submit(''sc_item'', public.sc_applicant(), ''{m1,m2,m3,m4}'', ''online'', ''{}'', timestamptz ''2026-11-16 10:00+08'')'
\set claim 'SELECT service_affair.complete_task(t, ''approved'') FROM service_affair.claim_task(''SC_Q'', ''locks'') t WHERE t IS NOT NULL'
\set count 'SELECT count(*) || ''|'' || count(*) FILTER (WHERE c.relname ~ ''_settled'') FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.locktype = ''relation'' AND l.pid = pg_backend_pid() AND c.relname <> ''pg_locks'''
BEGIN; :submit \g /dev/null
ROLLBACK; BEGIN; :submit \g /dev/null
ROLLBACK; BEGIN; :submit \g /dev/null
ROLLBACK; BEGIN; :submit \g /dev/null
ROLLBACK; BEGIN; :submit \g /dev/null
ROLLBACK; BEGIN; :submit \g /dev/null
ROLLBACK; BEGIN; :submit \g /dev/null
ROLLBACK;
BEGIN; :submit \g /dev/null
\echo -n 'submit|'
:count;
ROLLBACK;
BEGIN; :claim \g /dev/null
ROLLBACK; BEGIN; :claim \g /dev/null
ROLLBACK; BEGIN; :claim \g /dev/null
ROLLBACK; BEGIN; :claim \g /dev/null
ROLLBACK; BEGIN; :claim \g /dev/null
ROLLBACK; BEGIN; :claim \g /dev/null
ROLLBACK; BEGIN; :claim \g /dev/null
ROLLBACK;
BEGIN; :claim \g /dev/null
\echo -n 'claim_complete|'
:count;
ROLLBACK;
