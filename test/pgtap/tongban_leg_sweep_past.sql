-- leg_sla_sweep() (through sla_sweep()) run with an "at" before a state a
-- sweep already recorded on a leg of 代收代办 (a catch-up run after a later
-- sweep) leaves the leg as recorded, as sla_sweep() leaves its tasks and
-- cases (route_sweep_past.sql).  Until 2026-12-06 it took a recorded
-- leg_overdue back to warning, a leg_warning dated before it, and the next
-- sweep recorded the same breach a second time (a hostile review).
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(6);
-- received at the town centre T5 on Wed 2026-11-18: the originals are due
-- at the handling office two working days later, Fri 11-20
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'T5') AS c \gset
SELECT is((SELECT due FROM case_leg WHERE case_id = :c AND leg = 'forward'), add_workdays('2026-11-18', 2),
  'the forwarding is due two working days after the acceptance');
SELECT sla_sweep('2026-11-25 10:00+08');
SELECT is((SELECT sla_state FROM case_leg WHERE case_id = :c AND leg = 'forward'), 'overdue', 'Wed 11-25: the leg is overdue');
SELECT sla_sweep('2026-11-19 10:00+08');
SELECT is((SELECT sla_state FROM case_leg WHERE case_id = :c AND leg = 'forward'), 'overdue',
  'a sweep dated Thu 11-19, run after it, leaves it overdue (until 2026-12-06: back to warning)');
SELECT sla_sweep('2026-11-26 10:00+08');
SELECT results_eq(format('SELECT kind, at FROM case_event WHERE case_id = %s AND kind LIKE %L ORDER BY id', :c, 'leg\_%'),
  $$VALUES ('leg_overdue', '2026-11-25 10:00+08'::timestamptz)$$,
  'the history holds the breach once (until 2026-12-06: leg_overdue, leg_warning dated before it, leg_overdue again)');
-- before anything is recorded, a catch-up sweep records as of its time
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'T5') AS c2 \gset
SELECT sla_sweep('2026-11-19 10:00+08');
SELECT is((SELECT sla_state FROM case_leg WHERE case_id = :c2 AND leg = 'forward'), 'warning',
  'a second case: a sweep dated Thu 11-19 records its warning');
SELECT sla_sweep('2026-11-25 10:00+08');
SELECT results_eq(format('SELECT kind, at FROM case_event WHERE case_id = %s AND kind LIKE %L ORDER BY id', :c2, 'leg\_%'),
  $$VALUES ('leg_warning', '2026-11-19 10:00+08'::timestamptz), ('leg_overdue', '2026-11-25 10:00+08'::timestamptz)$$,
  'and a later one its breach');
SELECT * FROM finish();
ROLLBACK;
