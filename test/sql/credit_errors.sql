-- Messages, details and the one WARNING of the credit record's functions
-- (their SQLSTATEs are pinned in test/pgtap/credit_*.sql; a WARNING cannot be
-- caught by pgTAP, so the session-level note's is pinned here).
SET search_path = service_affair, public;
\set VERBOSITY default
\set SHOW_CONTEXT never
BEGIN;
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Credit Person');
SELECT id AS ap FROM applicant WHERE name = 'Credit Person' \gset
-- a session-level note grounds no later plain write of the flag: WARNING,
-- and the entry has the fixed note
SET service_affair.credit_flag_note = 'left over from an earlier request';
UPDATE applicant SET credit_ok = false WHERE id = :ap;
SELECT note FROM credit_event WHERE source = 'applicant:' || :ap ORDER BY id DESC LIMIT 1;
-- a blank session value is none: no WARNING
SET service_affair.credit_flag_note = '   ';
UPDATE applicant SET credit_ok = true WHERE id = :ap;
SELECT note FROM credit_event WHERE source = 'applicant:' || :ap ORDER BY id DESC LIMIT 1;
-- SET LOCAL is the ground: no WARNING
SET LOCAL service_affair.credit_flag_note = 'court order 2026-130';
UPDATE applicant SET credit_ok = false WHERE id = :ap;
SELECT note FROM credit_event WHERE source = 'applicant:' || :ap ORDER BY id DESC LIMIT 1;
RESET service_affair.credit_flag_note;
SAVEPOINT s;
SELECT set_credit_flag(:ap, NULL, 'why');
ROLLBACK TO s;
SELECT set_credit_flag(:ap, true, E' \t');
ROLLBACK TO s;
SELECT set_credit_flag(-5, true, 'lifted');
ROLLBACK TO s;
SELECT register_applicant('person', '110105198001010518', 'Second Person', true, 'no ground to keep');
ROLLBACK TO s;
SELECT record_credit_event('org:91350100M000100Y43', 'catastrophic', 'late filing');
ROLLBACK TO s;
SELECT record_credit_event('org:91350100M000100Y43', 'minor', '');
ROLLBACK TO s;
SELECT record_credit_event(NULL, 'minor', 'late filing');
ROLLBACK TO s;
SELECT record_credit_event('org:91350100M000100Y43', 'minor', 'late filing', needs_review => NULL);
ROLLBACK TO s;
-- a kind prefix before text not valid as that kind, whether it is of the
-- other kind or of neither: the same detail, naming the kind asked for
-- (until 2026-12-07 org: before text of neither kind said 'neither')
SELECT record_credit_event(E'org:not\u0001a code', 'minor', 'late filing');
ROLLBACK TO s;
SELECT record_credit_event('org:11010519491231002X', 'minor', 'late filing');
ROLLBACK TO s;
SELECT record_credit_event(E'person:not\u0001a code', 'minor', 'late filing');
ROLLBACK TO s;
SELECT record_credit_event('person:91350100M000100Y43', 'minor', 'late filing');
ROLLBACK TO s;
-- no prefix, text of neither kind
SELECT record_credit_event('not a code', 'minor', 'late filing');
ROLLBACK TO s;
SELECT review_credit_event(-1, true);
ROLLBACK TO s;
ROLLBACK;
