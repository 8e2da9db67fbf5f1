-- An error's detail repeats a caller's text only through printable()
-- (06_arguments.sql): no control character of it reaches the detail, where
-- a line feed ends the server log's line and writes one of the caller's own
-- after it.  Until 2026-12-07 only mask_identifier() and
-- check_intake_place() echoed through it, and some forty details that cut
-- a caller's text to its first characters repeated it as typed (a second
-- read).  Until 2026-12-07 the other echoes did too: a caller's text cut
-- with left() but not quoted (a vague material name, the role and the
-- departments of a permission denied, an unknown algorithm, ledger,
-- extension, evidence type, region), and the C errors (echo_printable_c.sql).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(25);
\ir error_detail.inc

-- the one spelling: every body of the extension that cuts a text to echo it
-- passes it through printable()
SELECT is((SELECT pg_catalog.array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text)
             FROM pg_catalog.pg_proc p
             JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
             JOIN pg_catalog.pg_extension x ON x.oid = d.refobjid AND x.extname = 'service_affair'
            WHERE p.prosrc LIKE '%quote_literal(pg_catalog.left(%'),
          NULL, 'no function of the extension quotes a cut text without printable()');
SELECT cmp_ok((SELECT count(*) FROM pg_catalog.pg_proc p
                WHERE p.pronamespace = 'service_affair'::regnamespace
                  AND p.prosrc LIKE '%quote_literal(service_affair.printable(pg_catalog.left(%'), '>=', 20::bigint,
              'and some twenty functions do with it');

-- as the details read: an unknown service, an applicant kind, a channel
SELECT is(pg_temp.detail_of($q$SELECT service_affair.check_service_applicant(E'no\nsuch\u2028service', 1)$q$),
          'No item or bundle has code ''no?such?service''.', 'an unknown service: its line feed and line separator are ?');
SELECT is(pg_temp.detail_of($q$SELECT service_affair.register_applicant(E'per\rson\u202e', '11010519491231002X', 'X')$q$),
          'Kind ''per?son?'' is not one of person, org.', 'an applicant kind: its carriage return and right-to-left override are ?');
SELECT ok(pg_temp.detail_of($q$SELECT service_affair.register_applicant(E'per\rson\u202e', '11010519491231002X', 'X')$q$)
          !~ '[\u0001-\u001f\u007f-\u009f\u202e]', 'no control character in it');
-- a cut text stays cut, to its first characters, then made printable
SELECT is(pg_temp.detail_of(format($q$SELECT service_affair.check_service_applicant(%L, 1)$q$, repeat(E'\x01', 100))),
          format('No item or bundle has code %L.', repeat('?', 64)), 'a long code: its first 64 characters, each ?');

-- every other left() in a body of the extension is made printable too,
-- or cuts no caller's text: a jsonb value's text form (which escapes its
-- control characters), a table's regclass, the extension's own catalog
-- names, a comparison, a value stored rather than echoed
SELECT is((SELECT pg_catalog.array_agg(DISTINCT p.oid::regprocedure::text || ': ' || pg_catalog.left(m[1], 30)
                                       ORDER BY p.oid::regprocedure::text || ': ' || pg_catalog.left(m[1], 30))
             FROM pg_catalog.pg_proc p
             JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
             JOIN pg_catalog.pg_extension x ON x.oid = d.refobjid AND x.extname = 'service_affair',
             LATERAL pg_catalog.regexp_matches(p.prosrc, '(?<!printable\()pg_catalog\.left\(([^\n]{0,40})', 'g') m
            WHERE m[1] !~ ('^(TG_RELID::|v_key::text|key::text|j\.v::text|COALESCE\(change::text|pg_catalog\.format\(|pg_catalog\.btrim\('
                           '|pg_catalog\.quote_ident\(r\.table_schema\)|p\.relname::text, -8\)|p\.region, [24]\)|r\.family_table|range_detail|bad, [23]00\)|tbls|t\.table_name|z\.k'
                           '|(v_)?note, 999\)|SQLSTATE, 2\)|SQLERRM, 500\)$|v_list, 64\)|v_or, 64\)|name, 1\)|town_code, 6\))')),
          NULL, 'every left() of a caller''s text in a body of the extension is printable()''s');

-- as the errors read: a vague material name, an unknown algorithm and
-- ledger, an unknown extension, a permission denied
SELECT is(pg_temp.err_of(format($q$SELECT service_affair.check_material_name(E'it\nem', E'ma\u202et', %L)$q$,
                                E'x\n' || (SELECT phrase FROM service_affair.material_denylist ORDER BY phrase LIMIT 1))),
          format('22023 | vague material name "x?%s" | Material ma?t of item it?em is named ''x?%s'', which contains %L from the deny-list of vague names (material_denylist).',
                 (SELECT phrase FROM service_affair.material_denylist ORDER BY phrase LIMIT 1),
                 (SELECT phrase FROM service_affair.material_denylist ORDER BY phrase LIMIT 1),
                 (SELECT phrase FROM service_affair.material_denylist ORDER BY phrase LIMIT 1)),
          'a vague material name: its line feed and override are ?, in the message and the detail');
SELECT is(pg_temp.detail_of($q$SELECT service_affair.create_ledger('x', E'sha\n256\u202e')$q$),
          'Algorithm ''sha?256?'' is not one of sha256, sm3.', 'create_ledger(): an unknown algorithm, made printable');
SELECT is(pg_temp.detail_of($q$SELECT service_affair.create_ledger(E'no\nsuch\u2066', 'sha256')$q$),
          'Ledger ''no?such?'' must be the code of a department.', 'create_ledger(): an unknown ledger, made printable');
SELECT is(pg_temp.err_of($q$SELECT service_affair.own_initial_privileges(E'no\nsuch\u202e')$q$),
          '23503 | unknown extension no?such? | ', 'own_initial_privileges(): an unknown extension, made printable');
CREATE ROLE echo_printable_nobody;
GRANT USAGE ON SCHEMA service_affair TO echo_printable_nobody;
GRANT EXECUTE ON FUNCTION service_affair.require_department(text[], text) TO echo_printable_nobody;
SET LOCAL ROLE echo_printable_nobody;
SELECT is(pg_temp.err_of($q$SELECT service_affair.require_department(ARRAY[E'd\n1', E'd\u202e2'], E'cle\rrk')$q$),
          '42501 | permission denied for department d?1, d?2 | Role echo_printable_nobody is not a cle?rk of department d?1 or d?2.',
          'require_department(): the departments and the role, made printable');
RESET ROLE;
SELECT ok(pg_temp.detail_of($q$SELECT service_affair.create_ledger(E'\r\n\u0085\u2028\u2029\u061c\u200e\u200f\u202a\u2066\u2069', 'sha256')$q$)
          = 'Ledger ''???????????'' must be the code of a department.', 'each control character one ?');
SELECT ok(pg_temp.detail_of($q$SELECT service_affair.check_material_name('i', E'\u0001', 'fine')$q$) IS NULL,
          'a material name with no deny-listed phrase raises nothing (the fixture)');

-- the same echo spelt format('%L', left(x, n)), and the texts beside it, cut
-- and echoed unquoted: until 2026-12-07 an algorithm, a ledger, a plan's name
-- and departments, an outcome, a reason and a material's name went out as
-- typed (a second read of 4c39c6f9, which routed quote_literal() only)
SELECT is((SELECT pg_catalog.array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text)
             FROM pg_catalog.pg_proc p
             JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
             JOIN pg_catalog.pg_extension x ON x.oid = d.refobjid AND x.extname = 'service_affair'
            WHERE p.prosrc ~ '(DETAIL|MESSAGE)\s*=\s*pg_catalog\.format\([^;]*%L[^;]*(?<!printable\()pg_catalog\.left\('),
          NULL, 'no function of the extension formats a cut text as %L without printable()');
SELECT is(pg_temp.detail_of($q$SELECT service_affair.create_ledger('x', E'sha\n256')$q$),
          'Algorithm ''sha?256'' is not one of sha256, sm3.', 'create_ledger(): an algorithm, its line feed ?');
SELECT is(pg_temp.detail_of($q$SELECT service_affair.create_ledger(E'no\u2028dept')$q$),
          'Ledger ''no?dept'' must be the code of a department.', 'create_ledger(): a ledger, its line separator ?');
SELECT is(pg_temp.detail_of($q$SELECT * FROM service_affair.insp_verify_chains(E'no\rledger')$q$),
          'No ledger is named ''no?ledger''.', 'insp_verify_chains(): an unknown ledger, its carriage return ?');
SELECT is(pg_temp.detail_of($q$SELECT service_affair.create_plan(repeat(E'a\n', 101), '{x}', '{0,0,0,0}', '\x00')$q$),
          format('A plan name has at most 200 characters, not 202 (%L...).', repeat('a?', 20)), 'create_plan(): a long name, cut, its line feeds ?');
SELECT is(pg_temp.detail_of($q$SELECT service_affair.create_plan('p', ARRAY[E'no\ndept'], '{0,0,0,0}', '\x00')$q$),
          'Department ''no?dept'' does not exist.', 'create_plan(): an unknown department, its line feed ?');
SELECT is(pg_temp.detail_of($q$SELECT service_affair.revoke_deregistration(1, repeat(E'r\n', 501))$q$),
          format('A reason has at most 1,000 characters, not 1002 (%L...).', repeat('r?', 20)), 'revoke_deregistration(): a long reason, cut, its line feeds ?');
SELECT is(pg_temp.err_of($q$SELECT service_affair.check_material_name(E'it\nem', E'ma\nt', E'相关证明材料\n')$q$),
          '22023 | vague material name "相关证明材料?" | Material ma?t of item it?em is named ''相关证明材料?'', which contains ''相关证明材料'' from the deny-list of vague names (material_denylist).',
          'check_material_name(): the name in the message, the material and item in the detail, their line feeds ?');

-- the companion extensions, the same: the details and the messages of the
-- shard, router and province scripts cut a shard, region, service or
-- department as typed and echo it through printable() (until 2026-12-07 the
-- router's unknown service, as the core's submit() did, and some sixty more
-- went out as typed; a second read).  Their scripts as installed: the
-- router needs PL/Proxy, which a test cluster may lack
SELECT is((SELECT pg_catalog.array_agg(e ORDER BY e)
             FROM pg_catalog.unnest(ARRAY['service_affair_shard', 'service_affair_router', 'service_affair_province']) e
            WHERE pg_catalog.pg_read_file((SELECT c.setting FROM pg_catalog.pg_config c WHERE c.name = 'SHAREDIR')
                                          || '/extension/' || e || '--0.2.0.sql')
                  ~ '(quote_literal\(pg_catalog\.left\(|RAISE EXCEPTION ''[^\n]*(?<!printable\()pg_catalog\.left\()'),
          NULL, 'no companion script echoes a cut text without printable(), in a detail or a message');
SET client_min_messages = warning;
CREATE EXTENSION service_affair_shard;
RESET client_min_messages;
SELECT is(pg_temp.err_of($q$SELECT service_affair_shard.require_shard_of_region(E'33\n0225')$q$),
          '23503 | no shard serves region 33?0225 | No prefix of region ''33?0225'' is in service_affair_shard.shard_region.',
          'service_affair_shard: an unknown region, its line feed ? in the message and the detail');
SELECT ok(pg_temp.err_of($q$SELECT service_affair_shard.require_shard_of_region(E'33\u202e0225')$q$) !~ '[\u0001-\u001f\u202e]',
          '... and its right-to-left override');

SELECT * FROM finish();
ROLLBACK;
