-- The manual credit flag (applicant.credit_ok) bars an applicant from
-- commitments and 容缺 at every window, with no fact in the credit record, no
-- review and no end: an administrator's to set.  Review of 2026-12-07:
-- register_applicant() took credit_ok false from any clerk, of any region,
-- and the first registration stood (a later one returns the applicant
-- unchanged).  Assertions 1, 2, 4 and 5 fail on the former code.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
\ir credit_fixture.inc
SELECT create_roles();
INSERT INTO department (code, name, region) VALUES ('KZ', 'Credit test, another county', '330226');
CREATE ROLE mf_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE mf_admin LOGIN IN ROLE service_affair_admin;
INSERT INTO staff (login, department) VALUES ('mf_clerk', 'KZ');

SET ROLE mf_clerk;
SELECT throws_ok($$SELECT register_applicant('org', '91350100M000100Y43', 'Another Company', false)$$,
  '42501', 'permission denied to register an applicant with bad credit',
  'a clerk (of another county) may not register an applicant with credit_ok false');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM applicant WHERE uscc = '91350100M000100Y43'::uscc), 0, 'and nothing is registered');
SET ROLE mf_clerk;
SELECT lives_ok($$SELECT register_applicant('org', '91350100M000100Y43', 'Another Company')$$, 'the default (true) is taken');
SELECT throws_ok($$SELECT register_applicant('org', '91350100M000100Y43', 'Another Company', false)$$,
  '42501', 'permission denied to register an applicant with bad credit',
  'nor false for an applicant already registered');
RESET ROLE;
SELECT is((SELECT credit_ok FROM applicant WHERE uscc = '91350100M000100Y43'::uscc), true, 'the applicant keeps its good credit');
SET ROLE mf_admin;
SELECT lives_ok($$SELECT register_applicant('person', '330225199001010012', 'Flagged Person', false, 'court order 2026-113')$$,
  'an administrator registers an applicant with credit_ok false');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
