-- leg_sla_sweep() (through sla_sweep()) run with an "at" before a leg of
-- 代收代办 opened (a catch-up run) flags nothing of that leg: its event
-- would precede the leg, as sla_sweep() flags no task opened after its at
-- (opened_at <= at).  Until 2026-12-06 a leg forwarded in 0 working days
-- got a leg_warning dated the day before the case was submitted (a review).
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(4);
-- the town centre T5 forwards originals the same working day
UPDATE service_point SET forward_days = 0 WHERE code = 'T5';
-- received Wed 2026-11-18 10:00: the originals are due the same day
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'T5') AS c \gset
SELECT is((SELECT due FROM case_leg WHERE case_id = :c AND leg = 'forward'), '2026-11-18'::date,
  'the forwarding is due the day of the acceptance');
SELECT sla_sweep('2026-11-17 10:00+08');
SELECT is((SELECT sla_state FROM case_leg WHERE case_id = :c AND leg = 'forward'), NULL,
  'a sweep dated Tue 11-17, before the leg opened, leaves it unflagged (until 2026-12-06: warning)');
SELECT is((SELECT count(*)::int FROM case_event WHERE case_id = :c AND kind LIKE 'leg\_%'), 0,
  'and records no leg event dated before the leg (until 2026-12-06: a leg_warning dated 11-17)');
SELECT sla_sweep('2026-11-18 12:00+08');
SELECT results_eq(format('SELECT kind, at FROM case_event WHERE case_id = %s AND kind LIKE %L ORDER BY id', :c, 'leg\_%'),
  $$VALUES ('leg_warning', '2026-11-18 12:00+08'::timestamptz)$$,
  'a sweep dated after the leg opened records its warning as of its time');
SELECT * FROM finish();
ROLLBACK;
