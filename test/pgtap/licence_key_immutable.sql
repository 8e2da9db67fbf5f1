-- A licence key never changes but for whether it is active: the licences it
-- signed name it by key_id and are checked offline with its bytes.  Until
-- 2026-12-05 an administrator (UPDATE on licence_key, to retire a key) could
-- rewrite a key's bytes or id, and every licence it had signed failed the
-- offline check or named no key (a review).  A retired key stays retired:
-- until 2026-12-05 an administrator could set active back to true, and a
-- key retired because it leaked signed again (a review).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(18);
\ir licence_fixture.inc
SELECT create_roles();
CREATE ROLE lk_admin LOGIN IN ROLE service_affair_admin;
INSERT INTO licence_key (key_id, key) VALUES ('lk_one', '\x000102030405060708090a0b0c0d0e0f');
SELECT submit('lc_reg', :o, '{form,id}', 'window', '{}', '2026-03-02 10:00+08') AS c1 \gset
SELECT is(pg_temp.decide(:c1, 'approved', '2026-03-03 10:00+08'), 1, 'approved');
SELECT is((SELECT key_id FROM licence WHERE case_id = :c1), 'lk_one', 'signed with the active key');

SET SESSION AUTHORIZATION lk_admin;
SELECT throws_ok($$UPDATE service_affair.licence_key SET key = '\xffffffffffffffffffffffffffffffff' WHERE key_id = 'lk_one'$$,
  '42501', 'a licence key is not changed', 'an administrator cannot rewrite a key''s bytes');
SELECT throws_ok($$UPDATE service_affair.licence_key SET key_id = 'lk_other' WHERE key_id = 'lk_one'$$,
  '42501', 'a licence key is not changed', 'nor its id');
SELECT throws_ok($$UPDATE service_affair.licence_key SET created_at = '2020-01-01' WHERE key_id = 'lk_one'$$,
  '42501', 'a licence key is not changed', 'nor its creation time');
-- rotation: retire, insert a new one
SELECT lives_ok($$UPDATE service_affair.licence_key SET active = false WHERE key_id = 'lk_one'$$, 'a key is retired');
SELECT lives_ok($$INSERT INTO service_affair.licence_key (key_id, key) VALUES ('lk_two', '\x101112131415161718191a1b1c1d1e1f')$$,
  'and a new one inserted');
SELECT lives_ok($$UPDATE service_affair.licence_key SET active = active WHERE key_id = 'lk_one'$$, 'an update changing nothing passes');
-- no key active: a retired one is not brought back (the next issuance makes a new one)
SELECT lives_ok($$UPDATE service_affair.licence_key SET active = false WHERE key_id = 'lk_two'$$, 'the new key is retired too');
SELECT throws_ok($$UPDATE service_affair.licence_key SET active = true WHERE key_id = 'lk_one'$$,
  '42501', 'a retired licence key is not reactivated', 'an administrator cannot reactivate a retired key');
-- nor bring its bytes back under another id (until 2026-12-05 the insert
-- passed and the retired, perhaps leaked, key signed again)
SELECT throws_ok($$INSERT INTO service_affair.licence_key (key_id, key) VALUES ('lk_again', '\x000102030405060708090a0b0c0d0e0f')$$,
  '42501', 'a licence key''s bytes are not used again', 'an administrator cannot insert a retired key''s bytes under a new id');
SELECT is((SELECT count(*)::integer FROM service_affair.licence_key WHERE key = '\x000102030405060708090a0b0c0d0e0f'), 1,
  'the retired key''s bytes are held once');
SELECT is((SELECT count(*)::integer FROM service_affair.licence_key WHERE active), 0, 'no key is active');
RESET SESSION AUTHORIZATION;
SELECT submit('lc_reg', :o, '{form,id}', 'window', '{}', '2026-03-04 10:00+08') AS c2 \gset
SELECT is(pg_temp.decide(:c2, 'approved', '2026-03-05 10:00+08'), 1, 'a later approval is issued');
SELECT ok((SELECT key_id NOT IN ('lk_one', 'lk_two') FROM licence WHERE case_id = :c2),
  'signed with a new key, not a retired one');
-- the licence still checks with the key that signed it
SELECT is((SELECT l.hmac = licence_hmac(k.key, licence_message(l.number, l.evidence_type, '91110000600037341L',
                                                               '2026-03-03', l.valid_until))
             FROM licence l JOIN licence_key k ON k.key_id = l.key_id WHERE l.case_id = :c1), true,
  'the licence still checks offline with its key');
-- a superuser's session may (a restore, a repair)
SELECT lives_ok($$UPDATE service_affair.licence_key SET key_id = 'lk_renamed' WHERE key_id = 'lk_two'$$, 'a superuser may');
UPDATE licence_key SET active = false WHERE active;
SELECT lives_ok($$UPDATE service_affair.licence_key SET active = true WHERE key_id = 'lk_one'$$, 'and may reactivate (a restore)');

SELECT * FROM finish();
ROLLBACK;
