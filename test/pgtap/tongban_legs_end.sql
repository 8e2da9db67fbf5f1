-- 通办: the end of the forward leg (doc/tongban.md, "代收代办: the legs").
-- The originals are awaited until the result is delivered to the applicant:
-- an arrival before the delivery is recorded (late if after its due, also
-- after the conclusion: a case approved on commitment is concluded before
-- its originals can arrive), the delivery closes a forward leg still open as
-- not received (counted missed), and receive_originals() after the delivery
-- is 55000.  Until 2026-12-05 receive_originals() was accepted after the
-- delivery (on time, if backdated), and a case whose originals were never
-- recorded kept its forward leg open for ever: overdue in case_sla, swept,
-- and never settled (settle_cases() waits for the legs) (a review).
BEGIN;
SET search_path = service_affair, public;
SET TIME ZONE 'UTC';
\ir tongban_fixture.inc
SELECT plan(20);

-- d: received at the town centre T5, handled at the county centre C5,
-- concluded and delivered with its originals never recorded
SELECT pg_temp.sub('tb_clerk_t5', 'tb_res5', '330225199001010012', 'window', 'T5') AS d \gset
-- l: the same, its originals arriving late, after the conclusion, before the delivery
SELECT pg_temp.sub('tb_clerk_t5', 'tb_res5', '330225199001010012', 'window', 'T5') AS l \gset
-- r: the same, its originals received on time
SELECT pg_temp.sub('tb_clerk_t5', 'tb_res5', '330225199001010012', 'window', 'T5') AS r \gset
-- n: as d, left alone after its delivery (settled below)
SELECT pg_temp.sub('tb_clerk_t5', 'tb_res5', '330225199001010012', 'window', 'T5') AS n \gset
SELECT is((SELECT count(*) FROM case_leg WHERE case_id IN (:d, :l, :r, :n) AND leg = 'forward' AND done_at IS NULL), 4::bigint,
  'fixture: four cases at T5, their originals on the way to C5');
SELECT is(receive_originals(:r, '2026-11-19 09:00+08')::text, '', 'fixture: the originals of r arrive on time');
SELECT complete_task((SELECT id FROM task WHERE case_id = x), 'approved', '2026-11-20 10:00+08') FROM unnest(ARRAY[:d, :l, :r, :n]::bigint[]) x;

-- concluded, not delivered: a late arrival is recorded, as late
SELECT is(pg_temp.state_as('tb_clerk5', format('SELECT receive_originals(%s, ''2026-11-23 09:00+08'')', :l)), '00000',
  'concluded, not delivered: the originals arriving after the conclusion are recorded');
SELECT is((SELECT detail->>'on_time' FROM case_event WHERE case_id = :l AND kind = 'originals_received'), 'false',
  '... as late (due two working days after the acceptance)');

-- the delivery closes the forward leg still open: not received, missed
SELECT deliver(x, 'window', '2026-11-24 10:00+08') FROM unnest(ARRAY[:d, :l, :r, :n]::bigint[]) x;
SELECT is((SELECT ROW(done_at, to_jsonb(f)->>'not_received')::text FROM case_leg f WHERE case_id = :d AND leg = 'forward'),
          ROW('2026-11-24 10:00+08'::timestamptz, 'true')::text,
  'the delivery closes the forward leg of originals never recorded, as not received');
SELECT is((SELECT array_agg(to_jsonb(f)->>'not_received' ORDER BY case_id) FROM case_leg f WHERE case_id IN (:l, :r) AND leg = 'forward'),
          ARRAY['false', 'false'], '... and leaves alone the legs whose originals arrived');
SELECT is((SELECT detail FROM case_event WHERE case_id = :d AND kind = 'originals_not_received'),
          jsonb_build_object('point', 'T5', 'department', 'TB_M5', 'due', add_workdays('2026-11-18', 2), 'delivered_at', '2026-11-24T10:00:00+08:00'::timestamptz),
  '... with an event originals_not_received naming the point, the handling department, the due and the delivery');
SELECT is((SELECT array_agg(forward_state ORDER BY case_id) FROM case_sla WHERE case_id IN (:d, :l, :r)),
          ARRAY['missed', 'missed', 'met'], 'case_sla: the forward leg not received is missed, as the late one');
SELECT is((SELECT array_agg(forward_on_time ORDER BY case_id) FROM tongban_cases WHERE case_id IN (:d, :l, :r)),
          ARRAY[false, false, true], 'tongban_cases: not received counts as not on time');
SELECT is((SELECT ROW(forward_on_time, forward_late)::text FROM tongban_by_point WHERE point = 'T5'), ROW(1, 3)::text,
  'tongban_by_point: one on time, three late (two of them never received)');
SELECT is((SELECT sla_state FROM case_leg WHERE case_id = :d AND leg = 'forward'), NULL,
  'fixture: no sweep flagged it before the delivery');
SELECT sla_sweep('2026-11-30 10:00+08');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :d AND kind LIKE 'leg\_%'), 0::bigint,
  'the sweep flags no leg of the delivered case');

-- after the delivery: receive_originals() is 55000, backdated or not
SELECT is(pg_temp.state_as('tb_clerk5', format('SELECT receive_originals(%s, ''2026-11-25 09:00+08'')', :d)), '55000',
  'receive_originals() after the delivery: 55000');
SELECT is(pg_temp.detail_as('tb_clerk5', format('SELECT receive_originals(%s, ''2026-11-19 09:00+08'')', :d)),
  format('Case %s is concluded and its result was delivered at 2026-11-24 02:00:00+00: its originals can no longer arrive (its forward leg was closed as not received at the delivery).', :d),
  '... backdated too, the detail naming the case, its state and the delivery');
SELECT is(pg_temp.state_as('tb_admin', format('SELECT receive_originals(%s, ''2026-11-25 09:00+08'')', :l)), '55000',
  'receive_originals() of a delivered case received already: 55000');

-- the case settles once quiet, as the others
SELECT ok(settle_cases('2027-06-01 00:00+08') >= 2, 'settle_cases() runs');
SELECT is((SELECT array_agg(settled ORDER BY id) FROM cases WHERE id IN (:r, :n)), ARRAY[true, true],
  'the case whose originals were never recorded settles as the one whose originals arrived');

-- approved on commitment: concluded at its submission, its originals still arrive before the delivery
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, approval_mode) VALUES
  ('tb_fast5', 'Approved on commitment (Xiangshan)', 'TB_M5', 'promised', 20, 5, 'commitment');
INSERT INTO material (item, code, name, required, tolerable, commitment_allowed) VALUES
  ('tb_fast5', 'form', 'Form', true, false, false), ('tb_fast5', 'cond', 'Conditions met', true, false, true);
SET LOCAL ROLE tb_clerk_t5;
SELECT submit('tb_fast5', '330225199001010012', '{form}', 'window', '{cond}', '2026-11-18 10:00+08', point => 'T5') AS f \gset
RESET ROLE;
SELECT is((SELECT status FROM cases WHERE id = :f), 'concluded', 'fixture: a case approved on commitment, concluded at its submission');
SELECT is(pg_temp.state_as('tb_clerk5', format('SELECT receive_originals(%s, ''2026-11-19 09:00+08'')', :f)), '00000',
  '... its originals, arriving after the conclusion, are recorded');
SELECT is((SELECT detail->>'on_time' FROM case_event WHERE case_id = :f AND kind = 'originals_received'), 'true', '... on time');

SELECT * FROM finish();
ROLLBACK;
