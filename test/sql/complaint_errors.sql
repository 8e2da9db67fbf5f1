-- Complaint error messages and details, as clients see them, each followed
-- by its SQLSTATE (the SQLSTATEs are also asserted in test/pgtap/complaint_*.sql).
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
SET search_path = service_affair, public;
BEGIN;
-- fixed ids in the messages below, whatever ran before (rolled back at the end)
ALTER SEQUENCE cases_id_seq RESTART WITH 910001;
ALTER SEQUENCE rating_id_seq RESTART WITH 710001;
ALTER SEQUENCE complaint_id_seq RESTART WITH 810001;
ALTER SEQUENCE applicant_id_seq RESTART WITH 610001;
INSERT INTO department (code, name, region) VALUES ('CE_A', 'Complaint errors A', '330225'), ('CE_B', 'Complaint errors B', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('ce_i', 'Item', 'CE_A', 'promised', 20, 5);
INSERT INTO material (item, code, name) VALUES ('ce_i', 'form', 'Form');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Error Person');
SELECT id AS app FROM applicant WHERE name = 'Error Person' \gset
SELECT submit('ce_i', :app, '{form}', 'window', '{}', '2026-08-03 09:00+08') AS k1 \gset
SELECT submit('ce_i', :app, '{form}', 'window', '{}', '2026-08-03 09:00+08') AS k2 \gset
SELECT rate(:k1, 1, 'online', 'Rude', '2026-08-04 09:00+08') AS bad, rate(:k2, 5, 'online', NULL, '2026-08-04 09:00+08') AS good \gset

-- receive_complaint
SELECT receive_complaint('fax', 'complaint', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT receive_complaint('window', 'praise', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT receive_complaint('window', 'complaint', '   ');
\echo :LAST_ERROR_SQLSTATE
SELECT receive_complaint('window', 'complaint', 'x', 'infinity');
\echo :LAST_ERROR_SQLSTATE
SELECT receive_complaint('window', 'complaint', 'x', case_id => -1, applicant => :app);
\echo :LAST_ERROR_SQLSTATE
-- another applicant's case reads as a missing one
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '110105194912310038', 'Other Person');
SELECT receive_complaint('window', 'complaint', 'x', case_id => :k1, applicant => (SELECT id FROM applicant WHERE name = 'Other Person'));
\echo :LAST_ERROR_SQLSTATE
SELECT receive_complaint('window', 'complaint', 'x', item => repeat('i', 100));
\echo :LAST_ERROR_SQLSTATE
SELECT receive_complaint('window', 'complaint', 'x', case_id => :k1);
\echo :LAST_ERROR_SQLSTATE
SELECT receive_complaint('window', 'complaint', 'x', blocker => 'b');
\echo :LAST_ERROR_SQLSTATE
SELECT receive_complaint('window', 'complaint', 'x', point => repeat('p', 65));
\echo :LAST_ERROR_SQLSTATE

-- the lifecycle
SELECT receive_complaint('12345', 'complaint', 'Slow', '2026-08-05 09:00+08', case_id => :k1, applicant => :app) AS c \gset
SELECT reply_complaint(:c, 'x', '2026-08-05 10:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT assign_complaint(:c, 'NOPE', '2026-08-05 10:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT assign_complaint(:c, 'CE_A', '2026-08-05 08:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT assign_complaint(:c, 'CE_A', '2026-08-05 10:00+08');
SELECT due FROM complaint WHERE id = :c;
SELECT assign_complaint(:c, 'CE_B', '2026-08-05 11:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT transfer_complaint(:c, 'CE_A', 'same', '2026-08-05 11:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT supervise_complaint(:c, '2026-08-01', '2026-08-05 11:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT record_complaint_callback(:c, true, '2026-08-05 11:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT close_complaint(:c, '2026-08-05 11:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT complaint_sla_sweep('-infinity');
\echo :LAST_ERROR_SQLSTATE
SELECT assign_complaint(-7, 'CE_A');
\echo :LAST_ERROR_SQLSTATE

-- complaint_from_rating
SELECT complaint_from_rating(-2);
\echo :LAST_ERROR_SQLSTATE
SELECT complaint_from_rating(:good, NULL, '2026-08-05 09:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT complaint_from_rating(:bad, NULL, '2026-08-04 08:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT complaint_from_rating(:bad, '', '2026-08-05 09:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT complaint_from_rating(:bad, NULL, '2026-08-05 09:00+08') AS fr \gset
SELECT channel, category, body, department, status, rating_id FROM complaint WHERE id = :fr;
SELECT complaint_from_rating(:bad, NULL, '2026-08-05 10:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT appeal_rating(:bad, 'mistaken', '2026-08-05 11:00+08');
SELECT complaint_from_rating(:bad, NULL, '2026-08-05 12:00+08');
\echo :LAST_ERROR_SQLSTATE

-- not permitted
SELECT create_roles();
CREATE ROLE ce_reviewer LOGIN IN ROLE service_affair_reviewer;
CREATE ROLE ce_analyst LOGIN IN ROLE service_affair_analyst;
INSERT INTO staff (login, department) VALUES ('ce_reviewer', 'CE_B');
SET ROLE ce_reviewer;
SELECT reply_complaint(:c, 'not mine', '2026-08-06 10:00+08');
\echo :LAST_ERROR_SQLSTATE
SELECT receive_complaint('window', 'complaint', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT complaint_from_rating(:bad);
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM complaint_queue;
SELECT count(*) FROM complaint;
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SET ROLE ce_analyst;
SELECT count(*) FROM complaint_queue;
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM case_followups;
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;

-- settings
INSERT INTO setting (name, value) VALUES ('complaint.assign_days', '400');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO setting (name, value) VALUES ('complaint.reply_days', '4');
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
