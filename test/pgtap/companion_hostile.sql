-- The companion extensions (service_affair_shard, service_affair_router,
-- service_affair_province; doc/scale.md "Security") under the lowest roles:
-- nothing granted to PUBLIC, search_path pinned, trigger functions checked,
-- and hostile arguments answered with the documented SQLSTATEs
-- (42501 refused, 22023 bad argument, 23503 unknown reference), never an
-- internal error and never a message carrying a huge argument whole.
-- hostile_roles.sql covers schema service_affair only; what the shard
-- extension does alone (the shard map's guards, setup_shard(), the licence
-- format trigger, the province's link role on a shard: link_privileges(),
-- link_opaque_reads(), restored_by) is shard_link_role.sql's, and what the
-- province extension does (its grants, attach_shard() and detach_shard(),
-- the status servers and the event triggers that keep them, find_case(),
-- mirrored and its constraint) is province_hostile.sql's; both run without
-- PL/Proxy.  Here: the ACLs of the three extensions and the router.
BEGIN;
SET search_path = service_affair, public;
-- the router needs PL/Proxy, an optional package (tools/cluster.sh)
SELECT EXISTS (SELECT FROM pg_catalog.pg_available_extensions WHERE name = 'plproxy') AS comp_plproxy \gset
\if :comp_plproxy
\else
SELECT plan(1);
SELECT skip('PL/Proxy is not installed (Debian package postgresql-15-plproxy)', 1);
SELECT * FROM finish();
ROLLBACK;
\quit
\endif
SELECT plan(26);

SET client_min_messages = warning;
CREATE EXTENSION service_affair_shard;
CREATE EXTENSION service_affair_router CASCADE;
CREATE EXTENSION service_affair_province CASCADE;
SELECT service_affair_router.create_roles();
RESET client_min_messages;

INSERT INTO service_affair_shard.shard VALUES ('hz', 1), ('nb', 2);
INSERT INTO service_affair_shard.shard_region VALUES ('3301', 'hz'), ('3302', 'nb');

CREATE ROLE sa_comp_public LOGIN IN ROLE service_affair_public;
CREATE ROLE sa_comp_admin LOGIN IN ROLE service_affair_admin;
CREATE ROLE sa_comp_login LOGIN;

-- ---- ACLs after CREATE EXTENSION and create_roles() ----------------------------------
\set acl_schemas '{service_affair_shard,service_affair_router,service_affair_province}'
\set acl_label 'the companion extensions'
\ir companion_acl.inc

-- ---- a plain login and service_affair_public --------------------------------------------
SET ROLE sa_comp_login;
SELECT throws_ok($$SELECT * FROM service_affair_router.shard_for_id(1, 'case')$$, '42501', NULL,
  'a plain login cannot call the router');
RESET ROLE;

SET ROLE sa_comp_public;
SELECT throws_ok($$SELECT service_affair_router.px_case_progress('nowhere', 1, 'x')$$, '23503', NULL,
  'a PL/Proxy function called for a shard that does not exist: 23503, not an internal error');
SELECT throws_ok($$SELECT service_affair_router.px_case_progress(NULL, 1, 'x')$$, '22023', NULL,
  'a PL/Proxy function called for a NULL shard: 22023, not an internal error');
SELECT throws_ok($$SELECT service_affair_router.px_case_progress(pg_catalog.repeat('x', 300), 1, 'x')$$, '23503', NULL,
  'a PL/Proxy function called for a huge shard name: 23503');
SELECT throws_ok($$SELECT * FROM service_affair_router.shard_for_id(-1, 'case')$$, '23503', NULL,
  'a negative case id: 23503');
SELECT throws_ok($$SELECT * FROM service_affair_router.shard_for_id(1, pg_catalog.repeat('x', 100000))$$, '22023', NULL,
  'an unknown kind of id: 22023');
RESET ROLE;
SELECT throws_ok($$SELECT * FROM service_affair_router.shard_for_subject(NULL)$$, '22023', 'credit subject required',
  'the router asked for the shard of a NULL credit subject: 22023, as record_credit_event() on a shard');
SET ROLE sa_comp_public;
-- the messages name the values they refuse, truncated
CREATE FUNCTION pg_temp.comp_msg(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ' ' || pg_catalog.octet_length(SQLERRM)::text;
END $$;
SELECT ok((SELECT pg_temp.comp_msg($$SELECT service_affair_router.unreachable(pg_catalog.repeat('x', 100000), pg_catalog.repeat('9', 100000), 'm')$$))
          ~ '^08006 [0-9]{1,3}$',
  'unreachable() names a huge shard and region truncated');
RESET ROLE;

-- ---- the router's sweep, as the administrators it is granted to --------------------------
SET ROLE sa_comp_admin;
-- (every shard of the map named: the sweep goes past a shard without a
-- server, then names them all; until 2026-12-05 it stopped at the first)
SELECT throws_ok($$SELECT service_affair_router.complaint_sla_sweep()$$, '23503', 'no PL/Proxy server for shard hz, nb',
  'complaint_sla_sweep() through the router reads the shard map for an administrator (then finds no server here), not 42501');
RESET ROLE;

\ir error_detail.inc

-- ---- a NULL id through the router: 22023 as on a node, never 23503 "unknown" ---------------
-- (until 2026-12-04 the router answered 23503 "unknown case" with a broken
-- detail: shard_of_id() is strict; a review)
SELECT throws_ok($$SELECT service_affair_router.supplement(NULL, '{form}')$$, '22023',
  'case id must not be null', 'router supplement(NULL): 22023 as on a node');
SELECT throws_ok($$SELECT service_affair_router.withdraw(NULL)$$, '22023',
  'case id must not be null', 'router withdraw(NULL): 22023');
SELECT throws_ok($$SELECT service_affair_router.rate(NULL, 5)$$, '22023',
  'case id must not be null', 'router rate(NULL): 22023');
SELECT throws_ok($$SELECT service_affair_router.complete_task(NULL, 'approved')$$, '22023',
  'task id must not be null', 'router complete_task(NULL): 22023');
SELECT throws_ok($$SELECT service_affair_router.assign_complaint(NULL, 'X')$$, '22023',
  'complaint id must not be null', 'router assign_complaint(NULL): 22023');
SELECT throws_ok($$SELECT service_affair_router.complaint_from_rating(NULL)$$, '22023',
  'rating id must not be null', 'router complaint_from_rating(NULL): 22023');
SELECT throws_ok($$SELECT service_affair_router.review_credit_event(NULL, true)$$, '22023',
  'credit event id must not be null', 'router review_credit_event(NULL): 22023');
-- what counts as an unreachable shard: class 08, or PL/Proxy's own XX000 with
-- a libpq message; a shard's error passed through keeps its SQLSTATE even
-- when its message echoes such words (until 2026-12-04 it became 08006)
SELECT is(service_affair_router.is_unreachable('42501', 'permission denied for department Connection refused'), false,
  'a shard''s 42501 whose message reads "Connection refused" is the shard''s answer, not an unreachable shard');
SELECT is(service_affair_router.is_unreachable('22023', 'no competent office in region could not connect'), false,
  'nor a shard''s 22023');
SELECT is(service_affair_router.is_unreachable('XX000', 'PL/Proxy function service_affair_router.px_withdraw(3): [hz] PQconnectStart: could not connect to server: Connection refused'), true,
  'PL/Proxy''s own connection error is');
SELECT is(service_affair_router.is_unreachable('08006', 'anything'), true, 'and any class-08 error');
SELECT is(pg_temp.detail_of($$SELECT service_affair_router.claim_task(NULL, 'x')$$),
  'No department has code NULL.', 'router claim_task(NULL): 23503 whose detail says NULL (it said "code .")');

SELECT * FROM finish();
ROLLBACK;
