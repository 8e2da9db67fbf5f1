# Reproducibility of draws across dump and restore: after pg_dump -Fc |
# pg_restore the recorded draw still verifies, the log chains verify, the
# selection is identical, a new plan with the same seed draws the same
# targets as in the source, and new plans and draws get fresh ids.  The
# inspectors' logins (checked against pg_roles and staff when written,
# inspector_login_check) come back as dumped, one of them naming a role
# dropped since the dump, and the query of doc/inspection.md lists that one;
# their roles' OIDs (login_oid) too, and SET login_oid = NULL checks every
# link again.  Deregistered targets come back with their days and
# deregistered_upto_draw as dumped (the trigger does not rewrite them: one
# has 0, not the last draw, which the dump restores before the targets), a
# new draw leaves them out, and the marks then stay (55000).  A revoked
# deregistration (target_deregistration_revoked) comes back as dumped, stays
# append-only, and the next revocation takes the next id.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('insp_dump');
$node->init;
$node->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'");
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('src', q{
CREATE EXTENSION service_affair;
SET search_path = service_affair, public;
CREATE FUNCTION pg_temp.uscc17(b text) RETURNS service_affair.uscc LANGUAGE sql IMMUTABLE AS $$
    SELECT (b || substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
            1 + (31 - (SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(b, k, 1)) - 1)
                                  * (ARRAY[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28])[k])
                         FROM generate_series(1, 17) k)::int % 31) % 31, 1))::service_affair.uscc
$$;
INSERT INTO department (code, name) VALUES ('d1', 'one'), ('d2', 'two');
INSERT INTO target (uscc, name, risk)
SELECT pg_temp.uscc17('91440300' || lpad(i::text, 9, '0')), 'c' || i, (ARRAY['A','B','C','D'])[1 + i % 4]
  FROM generate_series(1, 300) i;
INSERT INTO inspector (id, name, department) SELECT d || '-' || i, d || i, d FROM unnest(ARRAY['d1','d2']) d, generate_series(1, 4) i;
-- before the recusals: a recusal is an entry of its department's ledger,
-- and its first entry opens the ledger with sha256 (76_directory_log.sql)
SELECT create_ledger('d2', 'sm3');
INSERT INTO recusal VALUES ('d1-1', 4), ('d2-2', 8);
CREATE ROLE insp_dump_a;
CREATE ROLE insp_dump_gone;
INSERT INTO staff (login, department) VALUES ('insp_dump_a', 'd1'), ('insp_dump_gone', 'd1');
UPDATE inspector SET login = 'insp_dump_a' WHERE id = 'd1-2';
UPDATE inspector SET login = 'insp_dump_gone' WHERE id = 'd1-3';
-- a target deregistered from today before draw 1 (deregistered_upto_draw 0):
-- a restore that recomputed the column would give the last draw restored
INSERT INTO target (uscc, name, risk, deregistered_on)
VALUES (pg_temp.uscc17('91440300' || lpad('998', 9, '0')), 'gone before', 'D', local_day(now()));
-- and one whose deregistration is revoked after draw 1 left it out (撤销注销)
INSERT INTO target (uscc, name, risk, deregistered_on)
VALUES (pg_temp.uscc17('91440300' || lpad('997', 9, '0')), 'revoked', 'D', local_day(now()));
SELECT draw(create_plan('p', ARRAY['d1','d2'], ARRAY[0.1, 0.1, 0.2, 0.5], sha256('dump seed'), 2), 'dump seed');
SELECT record_result(1, targets[1], 'pass', 'ok', '2026-01-05 10:00+08') FROM draw;
SELECT publish_results(1, '2026-01-20 10:00+08');
SELECT revoke_deregistration(id, 'annulled, decision 7') FROM target WHERE name = 'revoked';
-- a target entered after draw 1, deregistered from today (73_target_deregister.sql)
INSERT INTO target (uscc, name, risk, deregistered_on)
VALUES (pg_temp.uscc17('91440300' || lpad('999', 9, '0')), 'gone', 'D', local_day(now()));
});

my $sel_q = q{SELECT count(*) || ':' || md5(string_agg(concat_ws('|', draw_id, target, uscc, risk, inspectors, rank), ';'
                                                         ORDER BY draw_id, rank))
                FROM service_affair.draw_selection};
my $sel_before = $node->safe_psql('src', $sel_q);
like($sel_before, qr/^\d+:/, 'source: a selection');
is($node->safe_psql('src', 'SELECT service_affair.verify_draw(1)'), 't', 'source: the draw verifies');

my $dump = $node->basedir . '/src.dump';
$node->command_ok([ 'pg_dump', '-Fc', '-f', $dump, '-d', $node->connstr('src') ], 'pg_dump -Fc');
# the roles live in the cluster: a restore may come before a role, or without it
$node->safe_psql('postgres', 'DROP ROLE insp_dump_gone');
$node->safe_psql('postgres', 'CREATE DATABASE dst');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('dst'), $dump ],
	'pg_restore into an empty database');
is($node->safe_psql('dst', $sel_q), $sel_before, 'restored: the same selection and teams');
is($node->safe_psql('dst', 'SELECT service_affair.verify_draw(1)'), 't', 'restored: the draw verifies');
is($node->safe_psql('dst', q{SELECT string_agg(ledger || ':' || entries || ':' || ok, ' ' ORDER BY ledger)
                               FROM service_affair.verify_log()}),
	$node->safe_psql('src', q{SELECT string_agg(ledger || ':' || entries || ':' || ok, ' ' ORDER BY ledger)
                               FROM service_affair.verify_log()}),
	'restored: the same chains, intact');
like($node->safe_psql('dst', q{SELECT string_agg(ledger || ':' || ok, ' ' ORDER BY ledger) FROM service_affair.verify_log()}),
	qr/^d1:true d2:true directory:true$/, 'restored: both ledgers (sha256 and sm3), and the ledger directory, verify');
# the recusals and deregistration marks are entries (76_directory_log.sql):
# restored as dumped, and the restore's writes of recusal and target append
# none (the restore is no recusal or mark)
my $dirlog_q = q{SELECT string_agg(ledger || ':' || seq || ':' || kind || ':' || (payload->>'op') || ':' || (payload ? 'login'), ' ' ORDER BY ledger, seq)
                   FROM service_affair.inspection_log WHERE kind IN ('recusal', 'recusal_withdrawn', 'deregistration')};
like($node->safe_psql('src', $dirlog_q),
	qr/^d1:\d+:recusal:insert:true d2:\d+:recusal:insert:true directory:1:deregistration:insert:true directory:2:deregistration:insert:true directory:3:deregistration:update:true directory:4:deregistration:insert:true$/,
	'source: the two recusals and the marks (two inserted, one revoked, one inserted after draw 1) are entries with the login');
is($node->safe_psql('dst', $dirlog_q), $node->safe_psql('src', $dirlog_q), 'restored: those entries as dumped, none appended by the restore');
is($node->safe_psql('dst', q{SELECT count(*) FROM service_affair.public_results}), '1', 'restored: the published result');
my $dereg_q = q{SELECT string_agg(id || ':' || deregistered_on || ':' || deregistered_upto_draw, ' ' ORDER BY id)
                  FROM service_affair.target WHERE deregistered_on IS NOT NULL};
like($node->safe_psql('src', $dereg_q), qr/^\d+:\d{4}-\d\d-\d\d:0 \d+:\d{4}-\d\d-\d\d:1$/,
	'source: two targets deregistered, entered before draw 1 (upto 0) and after it (upto 1)');
is($node->safe_psql('dst', $dereg_q), $node->safe_psql('src', $dereg_q),
	'restored: deregistered_on and deregistered_upto_draw as dumped');
my $revoked_q = q{SELECT string_agg(concat_ws('|', id, target, uscc, deregistered_on, left_out_draws, reason, revoked_by, revoked_login, revoked_at, revoked_xact), ' ' ORDER BY id)
                    FROM service_affair.target_deregistration_revoked};
like($node->safe_psql('src', $revoked_q), qr/^1\|\d+\|\w{18}\|[-\d]+\|\{1\}\|annulled, decision 7\|/,
	'source: the revocation recorded, naming draw 1');
is($node->safe_psql('dst', $revoked_q), $node->safe_psql('src', $revoked_q), 'restored: the revocations as dumped');
is($node->safe_psql('dst', q{SELECT count(*) FROM service_affair.target WHERE name = 'revoked' AND deregistered_on IS NULL}), '1',
	'restored: the revoked target unmarked');
is($node->safe_psql('dst', q{SELECT string_agg(id || ':' || login, ' ' ORDER BY id) FROM service_affair.inspector WHERE login IS NOT NULL}),
	'd1-2:insp_dump_a d1-3:insp_dump_gone',
	'restored: the inspectors\' logins as dumped, one naming a role dropped since (the restore does not check them)');
# the query of doc/inspection.md (table inspector)
is($node->safe_psql('dst', q{
SELECT i.id, i.login, service_affair.inspector_login_problem(i.login, i.department) AS problem
  FROM service_affair.inspector i
 WHERE service_affair.inspector_login_problem(i.login, i.department) IS NOT NULL
 ORDER BY i.id}), 'd1-3|insp_dump_gone|no such role', 'restored: the documented query lists the link to the dropped role');
my ($rc, $out, $err) = $node->psql('dst', q{UPDATE service_affair.inspector SET login = 'insp_dump_gone' WHERE id = 'd1-4'});
like($err, qr/unknown login role insp_dump_gone/, 'restored: a link written after the restore is checked (23503)');
# the OID of each link's role comes back as dumped: the trigger does not run
# (restoring()); in the same cluster it is still the role's, and
# record_result() takes it; from another cluster it is not, and
# record_result() refuses it (42501, test/pgtap/insp_login_later.sql) until
# the statement of doc/inspection.md writes every link again
is($node->safe_psql('dst', q{SELECT string_agg(id || ':' || COALESCE((login_oid = to_regrole(quote_ident(login))::oid)::text, '')
                                               || ':' || (login_oid IS NOT NULL)::text, ' ' ORDER BY id)
                               FROM service_affair.inspector WHERE login IS NOT NULL}),
	'd1-2:true:true d1-3::true',
	'restored: login_oid as dumped, the OID of the role linked (none of that name now for d1-3)');
($rc, $out, $err) = $node->psql('dst', q{UPDATE service_affair.inspector SET login_oid = NULL WHERE login IS NOT NULL});
like($err, qr/unknown login role insp_dump_gone/,
	'restored: SET login_oid = NULL checks every link again, and refuses the one to the dropped role (23503)');
$node->safe_psql('dst', q{UPDATE service_affair.inspector SET login = NULL WHERE id = 'd1-3'});
is($node->safe_psql('dst', q{UPDATE service_affair.inspector SET login_oid = NULL WHERE login IS NOT NULL;
                               SELECT count(*) FROM service_affair.inspector
                                WHERE login IS NOT NULL AND login_oid = to_regrole(quote_ident(login))::oid}),
	'1', 'restored: once that link is removed, every link is checked and takes its role\'s OID');

# the same seed on both sides, physically shuffled on the restored side
$node->safe_psql('dst', q{UPDATE service_affair.target SET name = name WHERE id % 3 = 0});
my $new_q = q{SELECT service_affair.draw(service_affair.create_plan('again', ARRAY['d1','d2'], ARRAY[0.1, 0.1, 0.2, 0.5],
                                        sha256('dump seed'), 2), 'dump seed')};
my $id_src = $node->safe_psql('src', $new_q);
my $id_dst = $node->safe_psql('dst', $new_q);
is($id_dst, $id_src, 'restored: identity sequences continue (new draw id ' . $id_src . ')');
my $t_q = q{SELECT array_to_string(targets, ',') FROM service_affair.draw WHERE id = (SELECT max(id) FROM service_affair.draw)};
is($node->safe_psql('dst', $t_q), $node->safe_psql('src', $t_q), 'the same seed draws the same targets after restore and shuffle');
is($node->safe_psql('dst', q{SELECT bool_and(service_affair.verify_draw(id)) FROM service_affair.draw}), 't',
	'restored: every draw verifies');
is($node->safe_psql('dst', q{SELECT count(*) FROM service_affair.draw d, service_affair.target t
                               WHERE t.deregistered_on IS NOT NULL
                                 AND service_affair.insp_pool_grade(d.pool, t.id) IS NOT NULL}), '0',
	'restored: neither draw 1 nor the new draw holds a deregistered target in its pool');
($rc, $out, $err) = $node->psql('dst', q{UPDATE service_affair.target SET deregistered_on = NULL WHERE deregistered_on IS NOT NULL});
like($err, qr/was left out of draw \d+ as deregistered/, 'restored: the mark that new draw left the target out for is kept (55000)');
# the record stays append-only, and a new revocation takes the next id
($rc, $out, $err) = $node->psql('dst', q{DELETE FROM service_affair.target_deregistration_revoked});
like($err, qr/target_deregistration_revoked is append-only/, 'restored: the revocations are not deleted (42501)');
is($node->safe_psql('dst', q{SELECT service_affair.revoke_deregistration(id, 'annulled too') IS NOT NULL FROM service_affair.target WHERE name = 'gone';
                               SELECT max(id) FROM service_affair.target_deregistration_revoked}), "t\n2",
	'restored: a new revocation takes id 2 (the sequence as dumped)');

$node->stop;
done_testing();
