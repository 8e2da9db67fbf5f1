-- record_credit_event()'s subject, two limits of stop 2026-12-07 (doc/credit.md,
-- "The subject of a manual event"):
-- 1. a keyed call (request_key) repeated after a holder of the other kind
--    registered the same characters returns the event the key recorded:
--    the unprefixed identifier is read as of the kind that event has.
--    Until 2026-12-07 the retry was resolved anew and failed 22023 (both
--    kinds hold it): an idempotent retry got an error.  Assertions 2 and 3
--    fail on the former code.
-- 2. the kind prefix is read in any case (Person:, ORG:), by
--    credit_subject_key() and credit_subject() (the router's) alike; until
--    2026-12-07 it was a prefix only in lower case, and 'Person:…' went the
--    way of an unprefixed text (22P02).  Assertions 6 to 9 fail on the
--    former code.
-- 3. a kind prefix with nothing after it ('person:', 'org:') or an empty
--    subject: 22P02 with a detail that says so, before any masking; until
--    2026-12-07 the detail named nothing (mask_identifier('') was then the
--    empty text; it is '' since): ' is not a valid resident id (subject
--    kind person).'  Assertions 11 to 13 fail on the former
--    code; 14 pins the detail of a real identifier, unchanged.
-- 4. in a read-only transaction a keyed call of characters valid as both
--    kinds that both or neither hold is 22023 'credit subject kind
--    required', naming the (masked) value, as in a read-write one; until
--    2026-12-07 the wait for a first call in flight (an insert of the key)
--    failed first with 25006.  Assertions 16, 17 and 19 (the same answer
--    as read-write) fail on the former code; 15 and 18 (a read-only call of
--    characters one kind holds goes on to the key, which it cannot claim:
--    25006) hold on both.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(19);
\ir credit_fixture.inc
\ir error_detail.inc

-- 110105198001010606: a valid resident id and a valid USCC, held by a person
SELECT ok(is_valid_resident_id('110105198001010606') AND is_valid_uscc('110105198001010606'),
          'the identifier is a valid resident id and a valid USCC');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '110105198001010606', 'Retry Person');
SELECT record_credit_event('110105198001010606', 'minor', 'late report', '2026-11-12 10:00+08', request_key => 'cr-1') AS e1 \gset
-- an organisation with the same characters enters the directory
INSERT INTO target (uscc, name, region, industry, risk) VALUES ('110105198001010606', 'Retry Org', '330225', 'I1', 'A');
SELECT is(record_credit_event('110105198001010606', 'minor', 'late report', '2026-11-12 10:05+08', request_key => 'cr-1'), :e1::bigint,
          'the keyed call repeated after an organisation took the characters too returns the event the key recorded');
SELECT is((SELECT count(*)::int FROM credit_event WHERE subject = '110105198001010606' AND kind = 'manual'), 1,
          '... and writes nothing');
SELECT throws_ok($$SELECT record_credit_event('110105198001010606', 'minor', 'late report', '2026-11-12 10:05+08', request_key => 'cr-2')$$,
                 '22023', 'credit subject kind required',
                 'a new key with the characters both kinds hold: the kind is required, as before');
SELECT throws_ok($$SELECT record_credit_event('org:110105198001010606', 'minor', 'late report', '2026-11-12 10:05+08', request_key => 'cr-1')$$,
                 '23505', NULL,
                 'the key repeated naming the other kind: another event (23505), as before');

-- 2. the prefix in any case
SELECT record_credit_event('Person:110105198001010606', 'minor', 'second report', '2026-11-12 10:10+08') AS e6 \gset
SELECT is((SELECT subject_kind || ':' || subject FROM credit_event WHERE id = :e6), 'person:110105198001010606',
          'Person: names the kind person');
SELECT record_credit_event('ORG:110105198001010606', 'minor', 'third report', '2026-11-12 10:10+08', request_key => 'cr-3') AS e7 \gset
SELECT is((SELECT subject_kind || ':' || subject FROM credit_event WHERE id = :e7), 'org:110105198001010606',
          'ORG: names the kind org');
SELECT is(record_credit_event('org:110105198001010606', 'minor', 'third report', '2026-11-12 10:15+08', request_key => 'cr-3'), :e7::bigint,
          'the keyed call repeated with the prefix in another case is the same request');
SELECT is(credit_subject('PERSON:110105198001010606') || ' ' || credit_subject('Org:91110000600037341L'),
          '110105198001010606 91110000600037341L', 'credit_subject() (the router''s reading) takes the prefix in any case');
SELECT throws_ok($$SELECT record_credit_event('persons:110105198001010606', 'minor', 'x', '2026-11-12 10:10+08')$$,
                 '22P02', NULL, 'another word before a colon is no prefix: not a valid identifier (22P02)');


-- 3. nothing after the prefix
SELECT is(pg_temp.err_of($$SELECT record_credit_event('person:', 'minor', 'x', '2026-11-12 10:10+08')$$),
          '22P02 | invalid credit subject | The identifier after the kind prefix person: is empty: name a resident id.',
          'person: with nothing after it: 22P02, the detail says the identifier is empty');
SELECT is(pg_temp.err_of($$SELECT record_credit_event('ORG:', 'minor', 'x', '2026-11-12 10:10+08', request_key => 'cr-9')$$),
          '22P02 | invalid credit subject | The identifier after the kind prefix org: is empty: name a USCC.',
          'ORG: with nothing after it (a keyed call): 22P02, the detail says the identifier is empty');
SELECT is(pg_temp.err_of($$SELECT record_credit_event('', 'minor', 'x', '2026-11-12 10:10+08')$$) || ' / ' ||
          pg_temp.err_of($$SELECT credit_subject('Person:')$$),
          '22P02 | invalid credit subject | The identifier is empty: a credit subject is a USCC or a resident id, after a kind prefix person: or org: if it has one.'
          || ' / 22P02 | invalid credit subject | The identifier is empty: a credit subject is a USCC or a resident id, after a kind prefix person: or org: if it has one.',
          'an empty subject, and credit_subject() (the router''s) of a bare prefix: 22P02, the detail says the identifier is empty');
SELECT is(pg_temp.detail_of($$SELECT record_credit_event('person:91110000600037341L', 'minor', 'x', '2026-11-12 10:10+08')$$),
          '911100********341L is not a valid resident id (subject kind person).',
          'a real identifier of the wrong kind: the masked detail as before');

-- 4. read-only transactions: each call in a savepoint made read-only, its
-- answer kept in a psql variable (the savepoint's rollback takes pgTAP's
-- rows too), asserted after it
SELECT ok(is_valid_resident_id('110105198001010518') AND is_valid_uscc('110105198001010518')
          AND NOT EXISTS (SELECT FROM applicant WHERE resident_id = '110105198001010518' OR uscc = '110105198001010518')
          AND NOT EXISTS (SELECT FROM target WHERE uscc = '110105198001010518'),
          '110105198001010518: valid as both kinds, and nobody holds it');
SELECT pg_temp.err_of($$SELECT record_credit_event('110105198001010518', 'minor', 'x', '2026-11-12 10:10+08', request_key => 'cr-ro-1')$$) AS rw_neither \gset
SAVEPOINT ro;
SET LOCAL transaction_read_only = on;
SELECT pg_temp.err_of($$SELECT record_credit_event('110105198001010518', 'minor', 'x', '2026-11-12 10:10+08', request_key => 'cr-ro-1')$$) AS ro_neither,
       pg_temp.err_of($$SELECT record_credit_event('110105198001010606', 'minor', 'x', '2026-11-12 10:10+08', request_key => 'cr-ro-2')$$) AS ro_both \gset
ROLLBACK TO SAVEPOINT ro;
SELECT is(:'ro_neither'::text,
          '22023 | credit subject kind required | 110105********0518 is a valid resident id and a valid USCC, and no applicant or target holds it.',
          'read-only, a keyed call of characters nobody holds: 22023 naming the value (25006 on the former code)');
SELECT is(:'ro_both'::text,
          '22023 | credit subject kind required | 110105********0606 is a valid resident id and a valid USCC, and a person and an organisation hold it.',
          'read-only, a keyed call of characters both kinds hold: 22023 naming the value (25006 on the former code)');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '110105198001010518', 'Read-only Person');
SAVEPOINT ro;
SET LOCAL transaction_read_only = on;
SELECT pg_temp.err_of($$SELECT record_credit_event('110105198001010518', 'minor', 'x', '2026-11-12 10:10+08', request_key => 'cr-ro-3')$$) AS ro_one \gset
ROLLBACK TO SAVEPOINT ro;
SELECT is(split_part(:'ro_one', ' | ', 1), '25006'::text,
          'read-only, characters the person alone holds: a sound argument, the key cannot be claimed there (25006, as before)');
SELECT is(:'rw_neither'::text, :'ro_neither'::text, '... the answer a read-write transaction gives');

SELECT * FROM finish();
ROLLBACK;
