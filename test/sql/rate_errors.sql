-- Error messages and details of the rating functions (SQLSTATEs in test/pgtap/rate_api.sql).
SET search_path = service_affair, public;
\set VERBOSITY default
BEGIN;
-- fixed ids in the messages below, whatever ran before (rolled back at the end)
ALTER SEQUENCE cases_id_seq RESTART WITH 900001;
ALTER SEQUENCE rating_id_seq RESTART WITH 700001;
INSERT INTO department (code, name, region) VALUES ('RE', 'Rating errors', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('re_i', 'Item', 'RE', 'promised', 20, 5);
INSERT INTO material (item, code, name) VALUES ('re_i', 'form', 'Form');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Error Person');
SELECT submit('re_i', (SELECT id FROM applicant WHERE name = 'Error Person'), '{}', 'window', '{}', '2026-08-03 09:00+08') IS NOT NULL AS returned_case;
SELECT submit('re_i', (SELECT id FROM applicant WHERE name = 'Error Person'), '{form}', 'window', '{}', '2026-08-03 09:00+08') IS NOT NULL AS accepted_case;
SELECT id AS returned_id FROM cases WHERE status = 'returned' AND service = 're_i' \gset
SELECT id AS accepted_id FROM cases WHERE status = 'accepted' AND service = 're_i' \gset
SAVEPOINT s;
SELECT rate(-1, 5);
ROLLBACK TO s;
SELECT rate(:accepted_id, 7);
ROLLBACK TO s;
SELECT rate(:accepted_id, 5, 'letter');
ROLLBACK TO s;
-- 0.2 (issue 15): a returned case is rated, from its submission on
SELECT rate(:returned_id, 5, 'online', NULL, '2026-08-03 08:59+08');
ROLLBACK TO s;
SELECT rate(:accepted_id, 5, 'online', NULL, '2026-08-02 09:00+08');
ROLLBACK TO s;
SELECT rate(:accepted_id, 2, 'online', 'slow', '2026-08-04 09:00+08') AS rating_id \gset
SELECT callback_due, fix_due, called_back_at, closed_at FROM rectification WHERE rating_id = :rating_id;
SAVEPOINT t;
SELECT rate(:accepted_id, 4, 'online', NULL, '2026-08-04 10:00+08');
ROLLBACK TO t;
SELECT close_rectification(:rating_id, '');
ROLLBACK TO t;
SELECT close_rectification(:rating_id, 'done', '2026-08-04 08:00+08');
ROLLBACK TO t;
SELECT close_rectification(-3, 'done');
ROLLBACK TO t;
SELECT close_rectification(:rating_id, 'done', '2026-08-05 10:00+08');
SELECT close_rectification(:rating_id, 'again', '2026-08-06 10:00+08');
ROLLBACK TO t;
SELECT appeal_rating(:rating_id, '  ');
ROLLBACK TO t;
UPDATE setting SET value = '-1' WHERE name = 'rating.callback_days';
ROLLBACK TO t;
ROLLBACK;
