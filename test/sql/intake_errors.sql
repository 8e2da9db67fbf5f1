-- Intake error messages and details, as clients see them.
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
SET search_path = service_affair, public;
BEGIN;
INSERT INTO department (code, name, region) VALUES ('IE_MKT', 'Market', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, online) VALUES ('ie_biz', 'Business', 'IE_MKT', 'promised', 20, 5, true);
INSERT INTO material (item, code, name) VALUES ('ie_biz', 'form', 'Form'), ('ie_biz', 'plan', 'Plan');
INSERT INTO bundle (code, name, lead_department) VALUES ('ie_bundle', 'Bundle', 'IE_MKT');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Zhang San');
SELECT id AS app FROM applicant WHERE name = 'Zhang San' \gset
ALTER SEQUENCE cases_id_seq RESTART WITH 1000;
-- unknown material codes: every one named, once, sorted (22023)
SELECT * FROM completeness('ie_biz', :app, '{form, zeta, alpha, zeta}', '{beta}');
SELECT submit('ie_biz', :app, '{form, zeta}', 'window', '{alpha}');
-- unknown service, applicant (23503)
SELECT * FROM completeness('no_such', :app, '{}');
SELECT submit('ie_biz', -7, '{}');
-- bad channel (22023)
SELECT submit('ie_biz', :app, '{form}', 'fax');
-- infinite times and unbounded arrays (22023)
SELECT submit('ie_biz', :app, '{form}', 'window', '{}', 'infinity');
SELECT submit('ie_biz', :app, (SELECT array_agg('m' || g) FROM generate_series(1, 1001) g));
SELECT submit('ie_biz', :app, ARRAY[repeat('x', 201)]);
-- codes shared by items and bundles (23505)
INSERT INTO bundle (code, name, lead_department) VALUES ('ie_biz', 'Clash', 'IE_MKT');
INSERT INTO item (code, name, department, kind) VALUES ('ie_bundle', 'Clash', 'IE_MKT', 'promised');
-- a returned case and its notice
SELECT submit('ie_biz', :app, '{form}', 'online', '{}', '2026-11-18 10:00+08') AS c \gset
SELECT * FROM notice(:c);
SELECT supplement(:c, '{plan, nope}', '2026-11-19 10:00+08');
SELECT supplement(:c, '{plan}', '2026-11-01 10:00+08');
SELECT supplement(:c, '{plan}', '2026-11-19 10:00+08');
SELECT supplement(:c, '{plan}', '2026-11-19 11:00+08');
SELECT deliver(:c, 'window', '2026-11-19 12:00+08');
SELECT deliver(:c, 'pigeon', '2026-11-19 12:00+08');
SELECT withdraw(:c, '2026-11-20 10:00+08');
SELECT withdraw(:c, '2026-11-20 11:00+08');
UPDATE cases SET status = 'accepted' WHERE id = :c;
SELECT withdraw(-1);
SELECT record_visit(:c, 'infinity');
SELECT record_visit(:c, '2026-11-21 10:00+08', repeat('p', 4001));
SELECT * FROM notice(-1);
DELETE FROM case_event WHERE case_id = :c;
ROLLBACK;
