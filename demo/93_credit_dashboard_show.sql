-- Commitments and credit on the analysts' dashboard (doc/credit.md): counts
-- only, never a subject.
SET search_path = service_affair, public;
\pset null '—'
SET service_affair.as_of = '2026-11-22 12:00+08';
\echo
\echo '== 告知承诺事后核查: checks per checking department and month due (as of 2026-11-22)'
SELECT a.department, d.name, a.month, a.due, a.done_on_time, a.done_late, a.overdue, a.broken
  FROM commitment_accountability a JOIN department d ON d.code = a.department
 ORDER BY a.month, a.department;
\echo '== broken-commitment rate per item'
SELECT b.item, i.name, b.checks, b.decided, b.broken, b.broken_rate
  FROM commitment_break_rate b JOIN item i ON i.code = b.item ORDER BY b.checks DESC, b.item;
\echo '== the credit record (信用档案): events by month, kind and severity'
SELECT * FROM credit_indicators ORDER BY month, kind, severity;
RESET service_affair.as_of;
