-- 网办率 (online_rate) counts the cases applied for online: channel online
-- (the web portal) or mobile (the app, 掌上办).  A self-service kiosk
-- (自助终端) is a channel of the service hall, not of the internet: the
-- seeds class 窗口现场、自助终端机 as 线下受理渠道 against 手机APP、微信公众号
-- as 线上受理渠道 (seeds/003), and a kiosk takes items no one can apply for
-- online (submit() accepts it for an item not handled online).  So are a
-- window and door-to-door service (上门服务).  A pin of the rule (a review
-- asked whether kiosk cases should count as online; doc/indicators.md).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
INSERT INTO department (code, name, region) VALUES ('QO', 'Online dept', '330201');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online, online_depth, mobile) VALUES
  ('io_a', 'Online item', 'QO', 'promised', 10, 5, 1, true, 'apply', true),
  ('io_b', 'Hall item', 'QO', 'promised', 10, 5, 1, false, 'none', false);
INSERT INTO material (item, code, name, required) VALUES ('io_a', 'formo', 'Form O', true), ('io_b', 'formo', 'Form O', true);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Online Person');
SELECT id AS p FROM applicant WHERE name = 'Online Person' \gset
SELECT is((SELECT count(submit('io_a', :p, '{formo}', ch, '{}', '2026-07-01 09:00+08'::timestamptz + n * interval '1 minute'))::integer
             FROM unnest('{window,online,mobile,kiosk,door}'::text[]) WITH ORDINALITY AS t(ch, n)), 5,
  'one case by each channel');
SELECT lives_ok($$SELECT service_affair.submit('io_b', (SELECT id FROM service_affair.applicant WHERE name = 'Online Person'),
                                               '{formo}', 'kiosk', '{}', '2026-07-01 10:00+08')$$,
  'a kiosk takes an item not handled online');
SELECT is((SELECT count(*)::integer FROM efficiency_facts WHERE department = 'QO' AND online), 2,
  'online facts: the online and the mobile case');
SELECT is((SELECT count(*)::integer FROM efficiency_facts f JOIN cases c ON c.id = f.case_id
            WHERE f.department = 'QO' AND c.channel = 'kiosk' AND f.online), 0,
  'a kiosk case is not online');
SELECT results_eq($$SELECT submitted, online_rate FROM efficiency_department WHERE department = 'QO'$$,
  $$VALUES (6::bigint, 2 / 6::numeric)$$, '网办率: 2 of 6 (window, kiosk twice and door are not online)');
SELECT is((SELECT online_rate FROM efficiency_period('2026-07-01', '2026-07-01') WHERE department = 'QO'), 2 / 6::numeric,
  'the period function agrees');
SELECT * FROM finish();
ROLLBACK;
