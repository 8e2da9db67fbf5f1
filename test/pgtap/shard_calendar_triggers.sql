-- On a shard or router (service_affair_shard.prepare_subscriber()), the
-- province's calendar edits arrive by logical apply, which runs in replica
-- mode and fires only triggers that are ENABLE ALWAYS.  Every trigger that
-- recomputes stored dues after a calendar edit (<part>_recompute_dues, one
-- per part storing a due date) must be ALWAYS there.  Until 2026-12-03 the
-- subscriber set the tasks' and the commitment checks' only, and a replayed
-- edit moved no leg, complaint or rectification on a shard.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
CREATE EXTENSION service_affair_shard;
SELECT service_affair_shard.prepare_subscriber();

SELECT cmp_ok((SELECT count(*) FROM pg_proc WHERE pronamespace = 'service_affair'::regnamespace AND proname ~ 'recompute_dues$'),
  '>=', 5::bigint, 'fixture: the extension has its recompute triggers (tasks and cases, checks, legs, complaints, rectifications)');
-- every function that recomputes dues is a trigger of both calendar tables, fired ALWAYS
SELECT is_empty($$
  SELECT p.proname, r.rel FROM pg_proc p, unnest(ARRAY['service_affair.calendar', 'service_affair.calendar_day']::regclass[]) r(rel)
   WHERE p.pronamespace = 'service_affair'::regnamespace AND p.proname ~ 'recompute_dues$' AND p.prorettype = 'trigger'::regtype
  EXCEPT
  SELECT p.proname, t.tgrelid::regclass FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
   WHERE t.tgenabled = 'A' AND NOT t.tgisinternal$$,
  'on a subscriber, every recompute function fires ALWAYS on calendar and calendar_day');
SELECT is((SELECT count(*) FROM pg_trigger WHERE tgrelid IN ('service_affair.calendar'::regclass, 'service_affair.calendar_day'::regclass)
            AND tgname IN ('calendar_replayed', 'calendar_due_lock', 'calendar_replay_covered') AND tgenabled = 'A'), 5::bigint,
  'and the replay of an applied edit, the due lock taken before it and the record of covered_until before it fire ALWAYS');
SELECT is((SELECT count(*) FROM pg_trigger WHERE tgrelid = 'service_affair.calendar_day'::regclass
            AND tgname IN ('calendar_edit_days_ins', 'calendar_edit_days_upd', 'calendar_edit_days_del') AND tgenabled = 'A'), 3::bigint,
  'and the triggers recording the days an edit changed (without them an applied edit recomputes every open due)');

-- an edit applied in replica mode (as logical apply runs it) moves a
-- complaint awaiting its reply: due Wed 2026-03-11, Thu 03-05 off: 03-12
-- (prepare_subscriber() emptied the catalog: the initial copy brings it)
INSERT INTO calendar (name, timezone) VALUES ('cn', 'Asia/Shanghai');
INSERT INTO department (code, name, region) VALUES ('SH_Q', 'Shard complaints', '330225');
SELECT receive_complaint('12345', 'complaint', 'shard', '2026-03-04 10:00+08', department => 'SH_Q') AS q \gset
SELECT assign_complaint(:q, 'SH_Q', '2026-03-04 11:00+08');
SELECT is((SELECT due FROM complaint WHERE id = :q), '2026-03-11'::date, 'fixture: the complaint is due 03-11');
SET LOCAL session_replication_role = replica;
INSERT INTO calendar_day VALUES ('cn', '2026-03-05', false, 'applied');
SET LOCAL session_replication_role = origin;
SELECT is((SELECT due FROM complaint WHERE id = :q), '2026-03-12'::date, 'an applied edit moves the complaint''s due on a subscriber');

SELECT * FROM finish();
ROLLBACK;
