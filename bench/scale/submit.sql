-- pgbench: one submission of a complete 4-material case (accepted, routed: a
-- case row, 4 material rows, an event, a task), rolled back so that the open
-- set stays the same size at every history size (the commit's WAL flush does
-- not depend on the history)
BEGIN;
SELECT service_affair.submit('sc_item', public.sc_applicant(), '{m1,m2,m3,m4}', 'online', '{}', timestamptz '2026-11-16 10:00+08');
ROLLBACK;
