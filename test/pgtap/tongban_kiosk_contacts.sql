-- The applicant's later contacts with a case received at a free-standing
-- kiosk (no staffed parent: nobody works there, no leg brings the result
-- back to it, doc/tongban.md).  The result is handed over, and a visit
-- recorded, at an office's window: a visit, as for a case received at no
-- point.  Until 2026-12-07 deliver(..., 'window') and record_visit() counted
-- such contacts at the kiosk, as no visit, so that a case applied for at a
-- kiosk and collected at the counter counted as 跑零次 (a review).
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(16);

-- an agent of the county at no point in particular
INSERT INTO agent (resident_id, name, kind, region, point) VALUES ('330225198002020031', '代办员丙', 'proxy', '330225', NULL);
-- tb_res5 asks for the form only: each case is accepted at its submission
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'kiosk', 'KF5') AS kf \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'kiosk', NULL) AS kn \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'kiosk', 'KF5', '330225198002020031') AS ka \gset
SELECT is((SELECT array_agg(ROW(status, visits)::text ORDER BY id) FROM cases WHERE id IN (:kf, :kn, :ka)),
          ARRAY[ROW('accepted', 0)::text, ROW('accepted', 0)::text, ROW('accepted', 0)::text],
          'a submission at a free-standing kiosk, at a kiosk at no point, by an agent: accepted, no visit');
SELECT is((SELECT count(*) FROM case_leg WHERE case_id = :kf), 0::bigint,
          'no leg: nothing is sent from the free-standing kiosk, and the result does not come back to it');

-- record_visit(): recorded by the staff of an office (nobody is at the kiosk)
SELECT record_visit(:kf, '2026-11-18 12:00+08', 'question');
SELECT record_visit(:kn, '2026-11-18 12:00+08', 'question');
SELECT is((SELECT array_agg(visits ORDER BY id) FROM cases WHERE id IN (:kf, :kn)), ARRAY[1, 1],
          'record_visit() of a case received at a free-standing kiosk: a visit, as for one received at no point');

-- deliver() at the window
SELECT complete_task((SELECT id FROM task WHERE case_id = c), 'approved', '2026-11-19 10:00+08')
  FROM unnest(ARRAY[:kf, :kn, :ka]::bigint[]) c;
SELECT deliver(:kf, 'window', '2026-11-19 15:00+08');
SELECT deliver(:kn, 'window', '2026-11-19 15:00+08');
SELECT deliver(:ka, 'window', '2026-11-19 15:00+08');
SELECT is((SELECT array_agg(visits ORDER BY id) FROM cases WHERE id IN (:kf, :kn)), ARRAY[2, 2],
          'a window delivery of a case received at a free-standing kiosk: a visit, as for one received at no point');
SELECT is((SELECT visits FROM cases WHERE id = :ka), 0, '... collected by its agent: still no visit of the applicant');
SELECT is((SELECT zero_visit FROM efficiency_facts WHERE case_id = :kf), false,
          'the case is not counted as 跑零次 in the efficiency facts');

-- a kiosk on a mobile unit is not free-standing: the unit's staff are
-- there, and a visit recorded there counts as at the mobile unit (none), as before
INSERT INTO service_point (code, name, level, region, town_code, parent) VALUES ('KM5', '流动服务车自助机', 'kiosk', '330225', NULL, 'M5');
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'kiosk', 'KM5') AS km \gset
SELECT record_visit(:km, '2026-11-18 12:00+08', 'question');
SELECT is((SELECT visits FROM cases WHERE id = :km), 0, 'record_visit() of a case received at a kiosk on a mobile unit: none, as at the unit');

-- a recorded visit before the acceptance of a returned case, then moved to
-- the promise by a late supplement: the same count taken off as added
INSERT INTO material (item, code, name) VALUES ('tb_res5', 'photo', 'Photo');
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'kiosk', 'KF5') AS kr \gset
SELECT record_visit(:kr, '2026-11-18 12:00+08', 'question');
SELECT supplement(:kr, '{photo}', '2026-11-18 11:00+08', 'kiosk');
SELECT is((SELECT ROW(status, visits, visits_before_acceptance)::text FROM cases WHERE id = :kr),
          ROW('accepted', 1, 0)::text,
          'a visit recorded after a late completing supplement: one visit, counted after the acceptance');

-- supplements (2026-12-07, a review): a window supplement of a case
-- received at a free-standing kiosk is handed in at an office's window, a
-- visit, as record_visit() and deliver() count it; one at the kiosk itself
-- none.  Until that day a window supplement counted at the kiosk, as none
INSERT INTO material (item, code, name) VALUES ('tb_res5', 'seal', 'Seal');
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'kiosk', 'KF5') AS ks \gset
SELECT supplement(:ks, '{photo}', '2026-11-18 11:00+08', 'window');
SELECT is((SELECT ROW(status, visits, visits_before_acceptance)::text FROM cases WHERE id = :ks),
          ROW('returned', 1, 1)::text,
          'a window supplement of a case received at a free-standing kiosk, something still missing: a visit, before the acceptance');
SELECT supplement(:ks, '{seal}', '2026-11-18 11:30+08', 'window');
SELECT is((SELECT ROW(status, visits, visits_before_acceptance)::text FROM cases WHERE id = :ks),
          ROW('accepted', 2, 1)::text,
          '... the completing window supplement: a visit, the accepting one');
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'kiosk', 'KF5') AS kk \gset
SELECT supplement(:kk, '{photo,seal}', '2026-11-18 11:00+08', 'kiosk');
SELECT is((SELECT ROW(status, visits)::text FROM cases WHERE id = :kk), ROW('accepted', 0)::text,
          'a supplement at the free-standing kiosk itself: no visit, as before');
-- a visit recorded on the accepted case, then its decision recorded late,
-- before the visit: the visit was made once the result existed, and moves
-- to the collection by the count record_visit() added (until 2026-12-07
-- route_advance() took off the count at the kiosk, none: the visit stayed
-- in the promise's count)
SELECT record_visit(:kk, '2026-11-19 12:00+08', 'collect');
SELECT is((SELECT ROW(visits, visits_collection)::text FROM cases WHERE id = :kk), ROW(1, 0)::text,
          'a visit recorded on the accepted case: in the promise''s count');
SELECT complete_task((SELECT id FROM task WHERE case_id = :kk), 'approved', '2026-11-19 10:00+08');
SELECT is((SELECT ROW(status, visits, visits_collection)::text FROM cases WHERE id = :kk), ROW('concluded', 1, 1)::text,
          '... concluded before it (recorded late): the visit moves to the collection');

-- no window at a free-standing kiosk (2026-12-07, a review): a submission
-- there with the channel window is refused, nothing written; until then it
-- was taken and counted, as the kiosk's, no visit (跑零次)
SELECT count(*) AS n_cases FROM cases \gset
SELECT throws_ok($$SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'KF5')$$, '22023',
  'point KF5 has no window', 'submit() with the channel window at a free-standing kiosk: 22023');
SELECT is((SELECT count(*) FROM cases), :n_cases::bigint, '... and no case is written');
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'K5') AS kw \gset
SELECT is((SELECT visits FROM cases WHERE id = :kw), 1,
  'the channel window at a kiosk standing in the centre''s hall: taken, a visit');

SELECT * FROM finish();
ROLLBACK;
