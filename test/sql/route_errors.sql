-- Routing error messages and details, as clients see them.
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
SET search_path = service_affair, public;
BEGIN;
INSERT INTO department (code, name, region) VALUES ('RE_MKT', 'Market', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, extension_limit)
VALUES ('re_biz', 'Business', 'RE_MKT', 'promised', 20, 5, 4);
INSERT INTO material (item, code, name) VALUES ('re_biz', 'form', 'Form');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Zhang San');
SELECT id AS app FROM applicant WHERE name = 'Zhang San' \gset
ALTER SEQUENCE task_id_seq RESTART WITH 500;
SELECT submit('re_biz', :app, '{form}', 'window', '{}', '2026-02-13 10:00+08') > 0 AS accepted;
SELECT id, stage, status, opened_at AT TIME ZONE 'Asia/Shanghai' AS opened, due FROM task WHERE item = 're_biz';
-- unknown task, department (23503)
SELECT complete_task(-1, 'approved');
SELECT claim_task('NOPE', 'x');
-- bad arguments (22023)
SELECT complete_task(3140000000500, 'maybe', '2026-02-14 10:00+08');
SELECT complete_task(3140000000500, 'approved', '2026-02-12 10:00+08');
SELECT suspend(3140000000500, 'lunch', '2026-02-14 10:00+08');
SELECT extend(3140000000500, 5, 'too long', '2026-02-14 10:00+08');
SELECT extend(3140000000500, 2, ' ', '2026-02-14 10:00+08');
SELECT claim_task('RE_MKT', '');
-- infinite times and oversized texts (22023)
SELECT complete_task(3140000000500, 'approved', 'infinity');
SELECT claim_task('RE_MKT', 'x', '-infinity');
SELECT sla_sweep('infinity');
SELECT complete_task(3140000000500, 'approved', '2026-02-14 10:00+08', repeat('n', 4001));
-- wrong state (55000)
SELECT resume(3140000000500, '2026-02-14 10:00+08');
SELECT extend(3140000000500, 2, 'site visit', '2026-02-14 10:00+08');
SELECT extend(3140000000500, 1, 'again', '2026-02-15 10:00+08');
SELECT suspend(3140000000500, 'hearing', '2026-02-24 10:00+08');
SELECT suspend(3140000000500, 'hearing', '2026-02-25 10:00+08');
SELECT complete_task(3140000000500, 'approved', '2026-02-25 10:00+08');
SELECT resume(3140000000500, '2026-02-23 10:00+08');
SELECT resume(3140000000500, '2026-02-26 10:00+08');
SELECT id, status, due, extension_days, suspended_workdays FROM task WHERE id = 3140000000500;
SELECT complete_task(3140000000500, 'approved', '2026-02-26 11:00+08');
SELECT complete_task(3140000000500, 'denied', '2026-02-26 12:00+08');
SELECT status, decision, due FROM cases WHERE item = 're_biz';
-- not permitted (42501)
SELECT create_roles();
CREATE ROLE re_outsider LOGIN IN ROLE service_affair_reviewer;
SET ROLE re_outsider;
SELECT claim_task('RE_MKT', 're_outsider');
SELECT complete_task(3140000000500, 'approved');
RESET ROLE;
ROLLBACK;
