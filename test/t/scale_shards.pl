# Beyond one node: region shards (issue 17, part 2; doc/scale.md).  On one
# machine: a province node (the catalog, published; the province-wide views
# through postgres_fdw), a router (PL/Proxy) and three region shards
# (杭州 3301, 宁波 3302, 温州 3303), each subscribed to the catalog.  A
# database "single" on the province node's server receives the same calls
# directly: the single node the province views must agree with.  Checked:
#  * the catalog (and the shard map) reaches the router and every shard;
#  * calls land on the shard of the competent office, numbered in its range;
#    a 通办 case received in one city for a company of another lands on the
#    company's shard, done there under the calling clerk's own role; an
#    applicant registered away from its identifier's region code lands right
#    after one refusal; the shard's own errors come back with their SQLSTATE;
#  * the province views and period functions give the single node's answers,
#    row for row; a case is found by number;
#  * a calendar edit on the province node reaches every shard, moves the open
#    dues there as on the single node, and a session with a warm calendar
#    cache sees it;
#  * one shard stopped mid-load: its regions' calls fail at once with 08006
#    naming the region, the other regions keep working, every acknowledged
#    case is there after the restart; the province views raise an error
#    naming the missing shard, never a partial figure;
#  * a region moves between shards: at every step the province views,
#    period functions and complaint queue equal the single node's;
#  * settled cases move with their region (issue 17, slice 2): settled on the
#    old shard before the move, every settled row of every table of the case
#    family arrives in the same month partitions of the history on the new
#    shard (none in an open partition), the old shard keeps nothing, and a
#    write to a moved settled case or task gets 55000 there and through the
#    router;
#  * while a region moves, the shards refuse its writes (55000) even when a
#    caller names the shard in a PL/Proxy function px_<f>() itself, and
#    nothing is written; after the switch the old shard's copy takes no write
#    (23503 unknown, so that the router asks the new shard); the routing
#    helper shard_for_id() tells no id's region;
#  * request keys move with their region: a keyed submit() and a keyed
#    receive_complaint() through the router before the move, repeated after
#    it, return the same case and complaint from the new shard, which holds
#    one of each; the old shard keeps no key;
#  * every object of the shard extensions has a comment, pins search_path and
#    is not executable by PUBLIC.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IO::Socket::INET;
use Time::HiRes qw(gettimeofday tv_interval);
use FindBin;
use lib $FindBin::RealBin;
use ScaleNodes;

# PL/Proxy is optional (Debian postgresql-15-plproxy, see tools/cluster.sh)
my $sharedir = `pg_config --sharedir`;
chomp $sharedir;
my ($ctl) = grep { -r $_ } map { "$_/extension/plproxy.control" } ($sharedir, '/usr/share/postgresql/15');
plan skip_all => 'PL/Proxy is not installed (Debian package postgresql-15-plproxy)' unless $ctl;

my @shards = ([ 'hz', 1, '3301', '330106', 'HZ' ], [ 'nb', 2, '3302', '330225', 'NB' ], [ 'wz', 3, '3303', '330302', 'WZ' ]);
my %node;
# four subscribers, each an apply worker and up to two table syncs
my @workers = (max_worker_processes => 16, max_logical_replication_workers => 8, max_wal_senders => 30, max_replication_slots => 30);
my $province = mknode('province', 1, @workers);
my $router = mknode('router', 0, @workers);
# (the shards publish their credit events: logical WAL too)
$node{ $_->[0] } = mknode("shard_$_->[0]", 1, @workers) for @shards;
$province->safe_psql('postgres', 'CREATE DATABASE single');
$province->safe_psql('single', 'CREATE EXTENSION service_affair CASCADE');

# -- identifiers with valid check characters ---------------------------------------------
sub resident_id
{
	my ($body) = @_;
	my @w = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2);
	my $s = 0;
	$s += substr($body, $_, 1) * $w[$_] for 0 .. 16;
	return $body . substr('10X98765432', $s % 11, 1);
}
sub uscc
{
	my ($body) = @_;    # 17 characters
	my $cs = '0123456789ABCDEFGHJKLMNPQRTUWXY';
	my @w = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28);
	my $s = 0;
	$s += index($cs, substr($body, $_, 1)) * $w[$_] for 0 .. 16;
	my $c = (31 - $s % 31) % 31;
	return $body . substr($cs, $c, 1);
}
my %company = map { $_->[0] => uscc("91$_->[3]00000000$_->[1]") } @shards;
my %person = map { $_->[0] => resident_id("$_->[3]19800101001") } @shards;

# -- the catalog, on the province node (and the single node) -----------------------------
my $catalog = "INSERT INTO service_affair.evidence_type (code, name) VALUES ('BIZLIC', 'business licence');\n"
	. "INSERT INTO service_affair.evidence_type (code, name, number_format) VALUES ('X.(1)*', 'odd format', '证{type}[{region}]{year}-{seq}');\n" . join("\n", map {
	my ($s, $k, $p, $r, $u) = @$_;
	"INSERT INTO service_affair.department (code, name, region) VALUES ('${u}_MKT', '$u market', '$r');
	 INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence, output_evidence_type)
	   VALUES ('${s}_biz', '$u business change', '${u}_MKT', 'promised', 20, 5, 'ZJ_BIZ', 'province', 'company', 'BIZLIC'),
	          ('${s}_local', '$u local permit', '${u}_MKT', 'promised', 20, 3, NULL, 'none', 'receiving', NULL);
	 INSERT INTO service_affair.material (item, code, name) VALUES ('${s}_biz', 'form', 'Form'), ('${s}_local', 'form', 'Form');
	 INSERT INTO service_affair.item_implementation (basic_code, region, item) VALUES ('ZJ_BIZ', '$r', '${s}_biz');
	 INSERT INTO service_affair.service_point (code, name, level, region) VALUES ('$u-C', '$u centre', 'county', '$r');"
} @shards);
$province->safe_psql('sa', $catalog);
$province->safe_psql('single', $catalog);
$province->safe_psql('sa', join("\n",
	map { "INSERT INTO service_affair_shard.shard VALUES ('$_->[0]', $_->[1]);
	       INSERT INTO service_affair_shard.shard_region VALUES ('$_->[2]', '$_->[0]');" } @shards)
	. "SELECT service_affair_shard.publish_catalog();");

# -- subscribers: the router and the shards ----------------------------------------------
my $pubconn = 'host=' . $province->host . ' port=' . $province->port . ' dbname=sa';
for my $n ($router, map { $node{ $_->[0] } } @shards)
{
	my $sub = 'sub_' . $n->name;
	$n->safe_psql('sa', 'SELECT service_affair_shard.prepare_subscriber()');
	$n->safe_psql('sa', "CREATE SUBSCRIPTION $sub CONNECTION '$pubconn' PUBLICATION service_affair_catalog");
}
for my $n ($router, map { $node{ $_->[0] } } @shards)
{
	$n->poll_query_until('sa', "SELECT count(*) = 0 FROM pg_subscription_rel WHERE srsubstate NOT IN ('r', 's')")
		or die 'catalog copy timed out on ' . $n->name;
}
my $catalog_digest = "SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM (
	SELECT i::text FROM service_affair.item i UNION ALL SELECT d::text FROM service_affair.calendar_day d
	UNION ALL SELECT e::text FROM service_affair.evidence_type e UNION ALL SELECT p::text FROM service_affair.service_point p
	UNION ALL SELECT s::text FROM service_affair.setting s UNION ALL SELECT m::text FROM service_affair.material_denylist m) x";
my $want_catalog = $province->safe_psql('sa', $catalog_digest);
for my $s (@shards)
{
	my $n = $node{ $s->[0] };
	is($n->safe_psql('sa', $catalog_digest), $want_catalog, "shard $s->[0] holds the province's catalog (items, calendars, evidence types, points, settings)");
	is($n->safe_psql('sa', "SELECT service_affair_shard.setup_shard('$s->[0]')"), $s->[1] * 1000000000000 + 1,
		"shard $s->[0]'s sequences start at $s->[1] × 10^12 + 1");
}
is($router->safe_psql('sa', $catalog_digest), $want_catalog, 'the router holds the catalog too');

# the province-wide credit record: each shard publishes the events it numbers,
# the province node gathers them and gives each shard those of the others
is($province->safe_psql('sa', 'SELECT service_affair_shard.publish_credit()'), '{service_affair_credit_hz,service_affair_credit_nb,service_affair_credit_wz}',
	'publish_credit() on the province node: one publication per shard');
for my $s (@shards)
{
	my $n = $node{ $s->[0] };
	is($n->safe_psql('sa', 'SELECT service_affair_shard.publish_credit()'), '{service_affair_credit}', "publish_credit() on shard $s->[0]: its own events");
	$province->safe_psql('sa', "CREATE SUBSCRIPTION credit_from_$s->[0] CONNECTION 'host=" . $n->host . ' port=' . $n->port . " dbname=sa' PUBLICATION service_affair_credit");
	$n->safe_psql('sa', "CREATE SUBSCRIPTION credit_$s->[0] CONNECTION '$pubconn' PUBLICATION service_affair_credit_$s->[0]");
}
for my $n ($province, map { $node{ $_->[0] } } @shards)
{
	$n->poll_query_until('sa', "SELECT count(*) = 0 FROM pg_subscription_rel WHERE srsubstate NOT IN ('r', 's')")
		or die 'credit copy timed out on ' . $n->name;
}
# Two hops: shard -> province -> the other shards.  The province applies with
# synchronous_commit = off (the subscription default), so after the first hop its
# commit record may be inserted but not yet written: the second hop must wait for
# the insert position, not the default write position, or it can return before
# the event left the province.
sub credit_synced
{
	$node{ $_->[0] }->wait_for_catchup("credit_from_$_->[0]", 'replay', $node{ $_->[0] }->lsn('insert')) for @shards;
	my $applied = $province->lsn('insert');
	$province->wait_for_catchup("credit_$_->[0]", 'replay', $applied) for @shards;
}

# applicants, reviewers: registered where they act (each shard), and on the single node
my $people = join("\n", map {
	"INSERT INTO service_affair.applicant (kind, uscc, name) VALUES ('org', '$company{$_->[0]}', '$_->[4] company');
	 INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '$person{$_->[0]}', '$_->[4] resident');"
} @shards);
$node{ $_->[0] }->safe_psql('sa', $people) for @shards;
$province->safe_psql('single', $people);

# -- the router ---------------------------------------------------------------------------
$router->safe_psql('sa', 'CREATE EXTENSION plproxy; CREATE EXTENSION service_affair_router;');
for my $s (@shards)
{
	my $n = $node{ $s->[0] };
	# (no connect_timeout: PL/Proxy connects with PQconnectStart/PQconnectPoll,
	# for which libpq ignores it, and has no such option of its own; the
	# bound is the router's statement_timeout: "a shard that never answers"
	# below; until 2026-12-05 connect_timeout=2 here, which did nothing)
	my $conn = 'host=' . $n->host . ' port=' . $n->port . ' dbname=sa';
	$router->safe_psql('sa', "CREATE SERVER $s->[0] FOREIGN DATA WRAPPER plproxy OPTIONS (p0 '$conn');
		CREATE USER MAPPING FOR PUBLIC SERVER $s->[0];");
}
$router->safe_psql('sa', 'SELECT service_affair_router.create_roles()');

# -- the province node's reads -----------------------------------------------------------------
# The province reads each shard as the login of its user mapping, with
# exactly the privileges doc/deployment.md ("Region shards", step 5) gives
# it: service_affair_province_link, made by setup_shard() (create_roles()),
# nothing else (until 2026-12-06, a review, service_affair_analyst too, for
# the indicator views: the login read every task, applicant_masked and
# every other relation of the analysts on the shard).  Until 2026-12-05 the
# mapping here was the superuser's, and a read that needed more
# (shard_status()'s count of cases, find_case(), settle_region_moves(), the
# complaint queue: 42501 on the shard's cases and complaints) went unseen;
# the doc then asked for service_affair_admin on every shard
my ($rc, $out, $err);
$province->safe_psql('sa', 'CREATE EXTENSION service_affair_province CASCADE');
for my $s (@shards)
{
	my $n = $node{ $s->[0] };
	$n->safe_psql('postgres', 'CREATE ROLE province_reader LOGIN');
	($rc, $out, $err) = $n->psql('postgres', 'GRANT service_affair_province_link TO province_reader');
	is($rc, 0, "setup_shard() made service_affair_province_link on shard $s->[0], granted to the province's login") or diag($err);
	$province->safe_psql('sa', "CREATE SERVER $s->[0] FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '" . $n->host
		. "', port '" . $n->port . "', dbname 'sa', connect_timeout '2');
		CREATE USER MAPPING FOR CURRENT_USER SERVER $s->[0] OPTIONS (user 'province_reader');
		SELECT service_affair_province.attach_shard('$s->[0]');");
}
is($province->safe_psql('sa', "SELECT string_agg(concat_ws(':', shard, reachable, cases, error), ' ' ORDER BY shard) FROM service_affair_province.shard_status()"),
	'hz:t:0 nb:t:0 wz:t:0',
	"shard_status() as the province's login of province_link: every shard reachable, its cases counted (until 2026-12-05 42501 on the shard's cases)");
# the login is no analyst: the province views read the shard's indicator
# views, rollups and counts through the link role (the comparisons with the
# single node below read them), and nothing else of the analysts'
is($province->safe_psql('sa', 'SELECT count(*) >= 0 FROM service_affair_province.efficiency_overall; SELECT count(*) >= 0 FROM service_affair_province.complaint_indicators; SELECT count(*) > 0 FROM service_affair_province.satisfaction_period(\'2026-01-01\', \'2026-12-31\')'),
	"t\nt\nt", "the province views and period functions read every shard as its login of province_link alone (until 2026-12-06 42501 without service_affair_analyst)");
# the link role reads the shard's cases through service_affair_shard.cases
# and nothing more: not service_affair.cases (an administrator's), and no
# other group role reads the view
is($node{nb}->safe_psql('sa', 'SET ROLE province_reader; SELECT count(*) FROM service_affair_shard.cases'), '0',
	"the province's login reads service_affair_shard.cases on a shard");
# and of the cases, the complaints and their events, the columns the
# province reads, not a case's applicant or agent (id and department only:
# until 2026-12-06, issue 10, every column), the complainant (applicant)
# nor an event's note or actor (until 2026-12-05, a review, every column)
for my $rq (['SELECT applicant FROM service_affair_shard.cases', 'applicant'],
	['SELECT agent FROM service_affair_shard.cases', 'agent'],
	['SELECT applicant FROM service_affair_shard.complaint', 'applicant'],
	['SELECT note FROM service_affair_shard.complaint_event', 'note'],
	['SELECT actor FROM service_affair_shard.complaint_event', 'actor'])
{
	($rc, $out, $err) = $node{nb}->psql('sa', "SET ROLE province_reader; $rq->[0]");
	like($err, qr/column "$rq->[1]" does not exist/, "on a shard, the province's login: $rq->[0] names no column") or diag("$rc $out $err");
}
($rc, $out, $err) = $node{nb}->psql('sa', 'SET ROLE province_reader; SELECT count(*) FROM service_affair_shard.complaint WHERE anonymous; SELECT count(*) FROM service_affair_shard.complaint_event WHERE kind IS NOT NULL');
is("$out|$err", "0\n0|", "... which reads anonymous instead, and the events' kinds");
for my $rq (['province_reader', 'SELECT count(*) FROM service_affair.cases', 'table cases'],
	['province_reader', 'SELECT count(*) FROM service_affair.applicant', 'table applicant'],
	['province_reader', 'SELECT note FROM service_affair.task', 'table task'],
	['province_reader', 'SELECT name FROM service_affair.applicant_masked', 'view applicant_masked'],
	['province_reader', 'SELECT count(*) FROM service_affair.access_log_daily', 'view access_log_daily'],
	['service_affair_analyst', 'SELECT count(*) FROM service_affair_shard.cases', 'view cases'],
	['service_affair_admin', 'SELECT count(*) FROM service_affair_shard.complaint', 'view complaint'])
{
	($rc, $out, $err) = $node{nb}->psql('sa', "SET ROLE $rq->[0]; $rq->[1]");
	like($err, qr/permission denied for $rq->[2]/, "on a shard, $rq->[0]: $rq->[1] is refused") or diag("$rc $out $err");
}
# a shard that answers and refuses the count (the login without
# service_affair_province_link there) is reachable, its count NULL, the
# error saying so (until 2026-12-05 reachable false, which says the shard
# did not answer)
$node{nb}->safe_psql('postgres', 'REVOKE service_affair_province_link FROM province_reader');
like($province->safe_psql('sa', "SELECT concat_ws('|', reachable, coalesce(cases::text, 'NULL'), error) FROM service_affair_province.shard_status() WHERE shard = 'nb'"),
	qr/^t\|NULL\|42501: permission denied for (view cases|table cases|schema service_affair_shard).*\(shard nb answers; it refused the count of its cases: the login of the user mapping needs service_affair_province_link on the shard/,
	'shard_status(): nb answers and refuses the count (42501): reachable true, cases NULL, the error saying so');
$node{nb}->safe_psql('postgres', 'GRANT service_affair_province_link TO province_reader');

# -- routing ------------------------------------------------------------------------------------
# the shard that numbered an id: k × 10^12 + n for complaints, credit events ...
sub on_shard
{
	my ($id) = @_;
	return int($id / 1000000000000);
}
# case, task and rating ids carry their month below the shard: k × 10^15 + month × 10^10 + n
sub case_shard
{
	my ($id) = @_;
	return int($id / 1000000000000000);
}
for my $s (@shards)
{
	my ($name, $k, undef, $r, $u) = @$s;
	my $id = $router->safe_psql('sa', "SELECT service_affair_router.submit('${name}_local', '$person{$name}', '{form}', 'window', '{}', '2026-11-02 09:00+08', point => '$u-C')");
	is(case_shard($id), $k, "a local item of $u submitted through the router is numbered by shard $name");
	is($node{$name}->safe_psql('sa', "SELECT service || '/' || department || '/' || status FROM service_affair.cases WHERE id = $id"),
		"${name}_local/${u}_MKT/accepted", "the case is on shard $name, accepted");
}
# 通办: a company of 宁波 changes its registration at the 杭州 centre: 宁波's office, 宁波's shard
my $tb = $router->safe_psql('sa', "SELECT service_affair_router.submit('hz_biz', '$company{nb}', '{form}', 'window', '{}', '2026-11-02 10:00+08', point => 'HZ-C')");
is(case_shard($tb), 2, '通办: a case received in 杭州 for a 宁波 company is numbered by shard nb');
is($node{nb}->safe_psql('sa', "SELECT concat_ws('/', service, region, receiving_point, competent_region, competence_rule) FROM service_affair.cases WHERE id = $tb"),
	'nb_biz/330106/HZ-C/330225/company', '通办: on shard nb, handled by 宁波 (nb_biz, competent region 330225), received at HZ-C in 330106');
is($node{hz}->safe_psql('sa', "SELECT count(*) FROM service_affair.cases WHERE service LIKE '%biz'"), '0', '通办: nothing of it on shard hz');
is($router->safe_psql('sa', "SELECT status || ' ' || department FROM service_affair_router.case_progress($tb, '$company{nb}')"),
	'accepted NB_MKT', 'the public progress lookup through the router, by case number, from the shard that holds it');
# 代收代办: received at HZ-C, handled by 宁波: the result comes back to HZ-C,
# and the router answers with where (the columns appended on 2026-12-05)
my $tb_result = "SELECT concat_ws('|', status, result_point, coalesce(result_due::text, '-'), coalesce(result_delivered_at::text, '-')) FROM %s($tb, '$company{nb}')";
is($router->safe_psql('sa', sprintf($tb_result, 'service_affair_router.case_progress')),
	$node{nb}->safe_psql('sa', "SELECT concat_ws('|', 'accepted', name, '-', '-') FROM service_affair.service_point WHERE code = 'HZ-C'"),
	'通办 through the router: the name of the point the result comes back to (result_point), no due before the conclusion');
is($router->safe_psql('sa', "SELECT count(*) FROM service_affair_router.case_progress(9000000000001, '$company{nb}')"), '0',
	'a case number no shard gives: no rows, as an unknown case');
# a clerk of 杭州 (a login role on every node; its posting, province data,
# replicated) accepts through the router as itself: on shard nb, as clerk_hz
$_->safe_psql('postgres', 'CREATE ROLE clerk_hz LOGIN IN ROLE service_affair_clerk; CREATE ROLE outsider LOGIN;')
	for ($province, $router, map { $node{ $_->[0] } } @shards);
$province->safe_psql('sa', "INSERT INTO service_affair.staff (login, department) VALUES ('clerk_hz', 'HZ_MKT')");
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
my $tb2 = $router->safe_psql('sa', "SET ROLE clerk_hz; SELECT service_affair_router.submit('hz_biz', '$company{nb}', '{form}', 'window', '{}', '2026-11-02 10:30+08', point => 'HZ-C')");
is(case_shard($tb2) . ' ' . $node{nb}->safe_psql('sa', "SELECT actor FROM service_affair.case_event WHERE case_id = $tb2 AND kind = 'submitted'"),
	'2 clerk_hz', '通办 by a 杭州 clerk through the router: on shard nb, recorded as done by clerk_hz');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE outsider; SELECT service_affair_router.submit('hz_local', '$person{hz}', '{form}')");
like($err, qr/42501/, 'a role the API is not granted to: 42501 on the router');
# a write by id as a clerk: the shard's write guard (writable_id(), which
# px_record_visit() runs there as the caller) is granted to the group roles
# by setup_shard(); the shard's own answer comes back, not a 42501 on it
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE clerk_hz; SELECT service_affair_router.record_visit(1000000000000000 + 999999, '2026-11-02 11:00+08')");
# (the shard's answer to a clerk for a case number it does not know is the
# 42501 of require_case(), as for another region's case: doc/access.md, "The
# right before the state"; not a 42501 of the guard itself)
ok($err =~ /42501.*permission denied for case 1000000000999999.*may not act on case 1000000000999999, if there is one/s
	&& $err !~ /permission denied for (function|schema)/,
	'record_visit through the router as a clerk: the shard runs its write guard as the clerk (the 42501 of an unknown case, as of another region\'s: none on the guard)') or diag($err);
is(join(' ', map { $node{ $_->[0] }->safe_psql('sa', "SELECT has_function_privilege('service_affair_reviewer', 'service_affair_shard.writable_id(text,bigint)', 'EXECUTE')
	AND has_function_privilege('service_affair_public', 'service_affair_shard.writable_department(text)', 'EXECUTE')
	AND NOT has_function_privilege('service_affair_reviewer', 'service_affair_shard.id_region(text,bigint)', 'EXECUTE')") } @shards),
	't t t', 'on every shard the group roles may call the write guards, and nothing else of service_affair_shard (id_region() not)');
# the shard's own errors come back with their SQLSTATE and message
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.deliver($tb, 'pigeon', '2026-11-02 11:00+08')");
my (undef, undef, $direct) = $node{nb}->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair.deliver($tb, 'pigeon', '2026-11-02 11:00+08')");
my ($st_r) = $err =~ /ERROR:\s+([0-9A-Z]{5}):/;
my ($st_d) = $direct =~ /ERROR:\s+([0-9A-Z]{5}):/;
ok(defined $st_d && $st_r eq $st_d, "an error raised by the shard reaches the router's caller with its SQLSTATE ($st_d)") or diag("$err\n$direct");
($rc, $out, $err) = $router->psql('sa', "SELECT service_affair_router.withdraw(9000000000001)");
like($err, qr/unknown case/, 'a case number of no shard: 23503 on the router');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.submit('hz_biz', '" . uscc('9132010000000000X') . "', '{form}', 'window', '{}', '2026-11-02 10:00+08', point => 'HZ-C')");
like($err, qr/no shard serves region 320100/, 'a company of a region no shard serves: 23503 naming the region');
# the shard refuses a case of another shard's region (the router and the shard never disagree silently)
($rc, $out, $err) = $node{hz}->psql('sa', "SELECT service_affair.submit('nb_local', '$person{nb}', '{form}', 'window', '{}', '2026-11-02 09:00+08')");
like($err, qr/case of region 330225 belongs to shard nb/, 'a shard refuses a case of a region another shard serves, naming it');
# the router and the province node hold the single-node API (create_roles()),
# but no case: one accepted there was seen by no shard and no province view
for my $n ($router, $province)
{
	($rc, $out, $err) = $n->psql('sa', "\\set VERBOSITY verbose\nBEGIN; INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '$person{hz}', 'HZ resident');
		SELECT service_affair.submit('hz_local', '$person{hz}', '{form}', 'window', '{}', '2026-11-02 09:00+08', point => 'HZ-C'); COMMIT;");
	like($err, qr/55000.*this database is not a region shard.*DETAIL:.*Case of department 'HZ_MKT'.*Nothing was written.*HINT:.*service_affair_router\.submit/s,
		'service_affair.submit() on the ' . $n->name . ' node itself: 55000 this database is not a region shard, hinting at the router');
	is($n->safe_psql('sa', 'SELECT (SELECT count(*) FROM service_affair.cases) + (SELECT count(*) FROM service_affair.applicant)'), '0',
		'the ' . $n->name . ' node holds no case (nor the applicant registered for it)');
}

# -- the same load through the router and on the single node ---------------------------------------
# Received anywhere, handled by the company's city; every fifth incomplete,
# then supplemented; claimed (the department's queue is empty: its own task)
# and concluded; most delivered, half rated.  One psql script per target.
my @city = map { $_->[0] } @shards;
my @dept = map { "$_->[4]_MKT" } @shards;
my @point = map { "$_->[4]-C" } @shards;
sub load_script
{
	my ($api, $from, $to) = @_;
	my $q = "\\set ON_ERROR_STOP 1\n";
	# the tasks of the routing checks first: each department's queue empty
	for my $d ('HZ_MKT', 'NB_MKT', 'NB_MKT', 'NB_MKT', 'WZ_MKT')
	{
		$q .= "SELECT $api.claim_task('$d', 'reviewer', '2026-11-02 15:00+08') AS t \\gset\n";
		$q .= "SELECT $api.complete_task(:t, 'approved', '2026-11-02 16:00+08');\n";
	}
	for my $i ($from .. $to)
	{
		my ($a, $b) = ($i % 3, int($i / 3) % 3);
		my $ts = sprintf("timestamptz '2026-11-03 09:00+08' + interval '%d days %d hours'", $i % 20, $i % 7);
		$q .= "SELECT $api.submit('$city[$a]_biz', '$company{$city[$b]}', '" . ($i % 5 == 0 ? '{}' : '{form}')
			. "', 'window', '{}', $ts, NULL, '$point[$a]') AS c \\gset\n";
		$q .= "SELECT $api.supplement(:c, '{form}', $ts + interval '1 hour', 'window');\n" if $i % 5 == 0;
		$q .= "SELECT $api.claim_task('$dept[$b]', 'reviewer', $ts + interval '2 hours') AS t \\gset\n";
		$q .= "SELECT $api.complete_task(:t, 'approved', $ts + interval '26 hours');\n";
		$q .= "SELECT $api.deliver(:c, 'window', $ts + interval '50 hours');\n" if $i % 4;
		$q .= "SELECT $api.rate(:c, " . ($i % 5 + 1) . ", 'online', NULL, $ts + interval '60 hours');\n" if $i % 4 && $i % 2 == 0;
	}
	return $q;
}
sub run_script
{
	my ($n, $db, $script, $what) = @_;
	my ($rc, $o, $e) = $n->psql($db, $script);
	is($rc, 0, $what) or diag($e);
}
# the three cases of the routing checks and the two 通办 cases, on the single node first
$province->safe_psql('single', join("\n", (map {
	"SELECT service_affair.submit('$_->[0]_local', '$person{$_->[0]}', '{form}', 'window', '{}', '2026-11-02 09:00+08', point => '$_->[4]-C');" } @shards),
	"SELECT service_affair.submit('hz_biz', '$company{nb}', '{form}', 'window', '{}', '2026-11-02 10:00+08', point => 'HZ-C');",
	"SELECT service_affair.submit('hz_biz', '$company{nb}', '{form}', 'window', '{}', '2026-11-02 10:30+08', point => 'HZ-C');"));

run_script($router, 'sa', load_script('service_affair_router', 0, 35), '36 cases through the router: submit, supplement, claim_task, complete_task, deliver, rate');
run_script($province, 'single', load_script('service_affair', 0, 35), 'the same 36 cases on the single node');
# -- complaints and credit events through the router, and on the single node ----------------------
# A complaint lives on the shard of its case, else its applicant, else the
# department complained about, else the item's department (doc/scale.md).
# Per city: an anonymous 12345 complaint about its department (assigned,
# replied, closed); a named complaint by its company (applicant id: the
# company's row where the complaint is recorded) about the next city's
# department, so one department's complaints span shards (assigned, replied,
# called back: satisfied or reopened and replied again); a suggestion about
# its local item, transferred to the third city's department; and every bad
# rating of the load opens a complaint about its case.
sub applicant_id
{
	my ($n, $db, $c) = @_;
	return $n->safe_psql($db, "SELECT id FROM service_affair.applicant WHERE uscc::text = '$company{$c}'");
}
sub bad_ratings
{
	my ($n, $db) = @_;
	return split /\n/, $n->safe_psql($db, "SELECT string_agg(r.id::text, E'\\n' ORDER BY c.submitted_at, r.level) FROM service_affair.rating r JOIN service_affair.cases c ON c.id = r.case_id WHERE r.level <= 2");
}
sub complaint_script
{
	my ($api, $appl, $ratings) = @_;
	my $q = "\\set ON_ERROR_STOP 1\n";
	for my $a (0 .. 2)
	{
		my ($b, $c) = (($a + 1) % 3, ($a + 2) % 3);
		my $ts = "timestamptz '2026-11-05 10:00+08' + interval '$a days'";
		$q .= "SELECT $api.receive_complaint('12345', 'complaint', 'slow window', $ts, department => '$dept[$a]', point => '$point[$b]') AS k \\gset\n";
		$q .= "SELECT $api.assign_complaint(:k, '$dept[$a]', $ts + interval '2 hours');\n";
		$q .= "SELECT $api.reply_complaint(:k, 'sorry', $ts + interval '" . (1 + 3 * $a) . " days');\n";
		$q .= "SELECT $api.close_complaint(:k, $ts + interval '10 days');\n";
		$q .= "SELECT $api.receive_complaint('window', 'complaint', 'lost file', $ts + interval '1 hour', applicant => $appl->[$a], department => '$dept[$b]', point => '$point[$a]') AS k \\gset\n";
		$q .= "SELECT $api.assign_complaint(:k, '$dept[$b]', $ts + interval '" . (1 + 24 * $a) . " hours');\n";
		$q .= "SELECT $api.reply_complaint(:k, 'found it', $ts + interval '2 days 2 hours');\n";  # after the assignment (up to 2 days 1 hour)
		$q .= "SELECT $api.record_complaint_callback(:k, " . ($a == 1 ? 'false' : 'true') . ", $ts + interval '3 days');\n";
		$q .= "SELECT $api.reply_complaint(:k, 'found it, really', $ts + interval '4 days');\n" if $a == 1;
		# transferred between rounds (October: the department's only
		# complaint facts of the month): its late first reply counts for
		# $dept[$b], which received nothing that month, the second for
		# $dept[$c] (complaint_facts; the province kept a group only while
		# its received was not 0 until 2026-12-07: kept_group())
		$q .= "SELECT $api.receive_complaint('window', 'complaint', 'moved on', '2026-10-12 10:00+08', applicant => $appl->[$a], department => '$dept[$b]') AS k \\gset\n"
		  . "SELECT $api.assign_complaint(:k, '$dept[$b]', '2026-10-12 11:00+08');\n"
		  . "SELECT $api.reply_complaint(:k, 'late', '2026-10-21 10:00+08');\n"
		  . "SELECT $api.record_complaint_callback(:k, false, '2026-10-22 10:00+08');\n"
		  . "SELECT $api.transfer_complaint(:k, '$dept[$c]', 'theirs', '2026-10-22 11:00+08');\n"
		  . "SELECT $api.reply_complaint(:k, 'done', '2026-10-23 10:00+08');\n" if $a == 1;
		$q .= "SELECT $api.receive_complaint('online', 'suggestion', 'longer hours', timestamptz '2026-12-03 10:00+08' + interval '$a days', item => '$city[$a]_local') AS k \\gset\n";
		$q .= "SELECT $api.assign_complaint(:k, '$dept[$a]', timestamptz '2026-12-03 11:00+08' + interval '$a days');\n";
		$q .= "SELECT $api.transfer_complaint(:k, '$dept[$c]', 'theirs', timestamptz '2026-12-03 12:00+08' + interval '$a days');\n";
		$q .= "SELECT $api.supervise_complaint(:k, date '2026-12-04' + $a, timestamptz '2026-12-03 13:00+08' + interval '$a days');\n";
	}
	$q .= "SELECT $api.complaint_from_rating($_, NULL, '2026-11-28 10:00+08');\n" for @$ratings;
	return $q;
}
my @appl_r = map { applicant_id($node{ $city[$_] }, 'sa', $city[$_]) } 0 .. 2;
my @appl_s = map { applicant_id($province, 'single', $city[$_]) } 0 .. 2;
my @bad_r = map { bad_ratings($node{$_}, 'sa') } @city;
my @bad_s = bad_ratings($province, 'single');
is(scalar(@bad_r), scalar(@bad_s), 'the same number of bad ratings through the router and on the single node (' . scalar(@bad_s) . ')');
cmp_ok(scalar(@bad_s), '>=', 2, 'some bad ratings open complaints');
run_script($router, 'sa', complaint_script('service_affair_router', \@appl_r, \@bad_r),
	'complaints through the router: receive, assign, transfer, supervise, reply, call-back, close, from a bad rating');
run_script($province, 'single', complaint_script('service_affair', \@appl_s, \@bad_s), 'the same complaints on the single node');
my %kno = (hz => 1, nb => 2, wz => 3);
is(join(' ', map { $node{$_}->safe_psql('sa', "SELECT count(*) > 0 AND bool_and(t.id / 1000000000000000 = $kno{$_} AND service_affair.month_floor(t.id) = service_affair.month_floor(t.case_id)) FROM service_affair.task t") } @city),
	't t t', 'the tasks of every shard are numbered in its range (id div 10^15) and in the month of their case');
is(join(' ', map { $node{$_}->safe_psql('sa', "SELECT count(*) > 0 AND bool_and(r.id / 1000000000000000 = $kno{$_} AND service_affair.month_floor(r.id) = service_affair.month_floor(r.case_id)) FROM service_affair.rating r") } @city),
	't t t', 'so are the ratings');
is(join(' ', map { $node{$_}->safe_psql('sa', "SELECT count(*) || ':' || coalesce(bool_and(id / 1000000000000 = $kno{$_}), true) FROM service_affair.complaint") } @city),
	join(' ', map { my $k = $kno{$_}; (3 + ($_ eq $city[1] ? 1 : 0) + scalar(grep { case_shard($_) == $k } @bad_r)) . ':true' } @city),
	'each shard holds its complaints (3 per city, one more on the second city\'s, plus those of its bad ratings), numbered in its range');
is($node{nb}->safe_psql('sa', "SELECT string_agg(department || '/' || status, ' ' ORDER BY id) FROM service_affair.complaint WHERE body = 'lost file'"),
	'WZ_MKT/replied', 'a named complaint by a 宁波 company about 温州: on shard nb (its applicant), handled by WZ_MKT, reopened and replied again');
is($node{hz}->safe_psql('sa', "SELECT string_agg(department || '/' || status, ' ' ORDER BY id) FROM service_affair.complaint WHERE body = 'longer hours'"),
	'WZ_MKT/assigned', 'a suggestion about a 杭州 item: on shard hz, transferred to WZ_MKT');
($rc, $out, $err) = $router->psql('sa', "SELECT service_affair_router.receive_complaint('12345', 'consultation', 'where?')");
like($err, qr/a complaint names no case, applicant, department or item/, 'a complaint naming nothing and no default shard: 22023 on the router');
($rc, $out, $err) = $router->psql('sa', "SELECT service_affair_router.reply_complaint(9000000000001, 'x')");
like($err, qr/unknown complaint/, 'a complaint number of no shard: 23503 on the router');
# the arguments are checked before routing where the node checks them first
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.receive_complaint('phone', 'complaint', 'b', case_id => -5)");
my (undef, undef, $anon_s) = $province->psql('single', "\\set VERBOSITY verbose\nSELECT service_affair.receive_complaint('phone', 'complaint', 'b', case_id => -5)");
like($err, qr/22023.*an anonymous complaint cannot name a case.*DETAIL:.*Case -5 names its applicant/s,
	'an anonymous complaint naming a case number no shard gives: 22023 on the router, not 23503 unknown case') or diag($err);
like($anon_s, qr/22023.*an anonymous complaint cannot name a case/s, '... as on the single node');

# credit events: the shard of the subject's home region
my $ce = $router->safe_psql('sa', "SELECT service_affair_router.record_credit_event('$company{nb}', 'serious', 'late annual report', '2026-11-10 10:00+08')");
is(on_shard($ce), 2, 'a manual credit event of a 宁波 company goes to shard nb');
my $ce2 = $router->safe_psql('sa', "SELECT service_affair_router.record_credit_event('" . lc($company{wz}) . "', 'minor', 'spelling of the subject: any accepted', '2026-11-10 10:00+08', true)");
is(on_shard($ce2), 3, 'a credit event of a 温州 company goes to shard wz (the USCC in any accepted spelling)');
my $ce3 = $router->safe_psql('sa', "SELECT service_affair_router.record_credit_event('$person{hz}', 'minor', 'a person', '2026-11-10 10:00+08')");
is(on_shard($ce3), 1, 'a credit event of a 杭州 resident goes to shard hz (the region code of the resident id)');
my $rv = $router->safe_psql('sa', "SELECT service_affair_router.review_credit_event($ce2, true, 'confirmed', '2026-11-11 10:00+08')");
my $rp = $router->safe_psql('sa', "SELECT service_affair_router.repair_credit_event($ce, 'report filed', '2026-11-12 10:00+08')");
is(on_shard($rv) . on_shard($rp), '32', 'review and repair go to the shard that numbered the event');
is($node{nb}->safe_psql('sa', "SELECT string_agg(kind, ' ' ORDER BY id) FROM service_affair.credit_event WHERE subject = '$company{nb}'"),
	'manual repair', 'shard nb holds the 宁波 company\'s event and its repair');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.record_credit_event('nonsense', 'minor', 'x')");
like($err, qr/22P02.*invalid credit subject/s, 'a subject that is no identifier: 22P02 on the router, as on a shard');
# every node holds every event, once; intake anywhere reads them
my $hz_nb = applicant_id($node{hz}, 'sa', 'nb');
my $nb_nb = applicant_id($node{nb}, 'sa', 'nb');
credit_synced();
my $standing = "SELECT concat_ws(' ', grave, serious, minor, pending, recent, credit_ok) FROM service_affair.credit_standing WHERE subject = '$company{nb}'";
is($node{hz}->safe_psql('sa', $standing), $node{nb}->safe_psql('sa', $standing), 'the 宁波 company\'s credit standing on shard hz = on shard nb, where its events were recorded');
my $ce4 = $router->safe_psql('sa', "SELECT service_affair_router.record_credit_event('$company{nb}', 'serious', 'false statement', '2026-11-13 10:00+08')");
is(on_shard($ce4), 2, 'a serious event of the 宁波 company: recorded on shard nb');
credit_synced();
my $all_events = "SELECT count(*) || ' ' || string_agg(id::text, ',' ORDER BY id) FROM service_affair.credit_event";
my $want_events = join(',', sort { $a <=> $b } map { split /,/, $node{$_}->safe_psql('sa', "SELECT string_agg(id::text, ',') FROM service_affair.credit_event WHERE id / 1000000000000 = $kno{$_}") } @city);
my $n_events = scalar(split /,/, $want_events);
for my $n ($province, map { $node{$_} } @city)
{
	is($n->safe_psql('sa', $all_events), "$n_events $want_events", 'node ' . $n->name . ": every credit event of every shard, once ($n_events)");
	is($n->safe_psql('sa', 'SELECT coalesce(sum(apply_error_count + sync_error_count), 0) FROM pg_stat_subscription_stats'), '0', 'node ' . $n->name . ': no replication conflict (no event comes back to its shard)');
}
is($node{hz}->safe_psql('sa', "SELECT service_affair.intake_credit_ok($hz_nb, 'hz_local', NULL)") . ' ' . $node{nb}->safe_psql('sa', "SELECT service_affair.intake_credit_ok($nb_nb, 'nb_local', NULL)"), 'f f',
	'intake on shard hz: the 宁波 company\'s serious event recorded on nb blocks its tolerated materials in 杭州 as in 宁波');
is($node{hz}->safe_psql('sa', $standing), $node{nb}->safe_psql('sa', $standing), 'and its standing on hz = on nb (' . $node{nb}->safe_psql('sa', $standing) . ')');
is(join(' ', map { $node{$_}->safe_psql('sa', "SELECT credit_ok FROM service_affair.credit_profile WHERE subject = '$company{nb}'") } @city), 'f f f',
	'credit_profile of the 宁波 company: not ok on every shard');
is($node{wz}->safe_psql('sa', "SELECT kind || ' ' || severity FROM service_affair.credit_event WHERE id = $ce3"), 'manual minor', 'an event of a 杭州 resident recorded on hz is on wz too');

# licence numbers: a 通办 licence numbered where it cannot collide
my %lic = map { $_ => [ split /\n/, $node{$_}->safe_psql('sa', 'SELECT number FROM service_affair.licence ORDER BY number') ] } @city;
my @all_lic = map { @{ $lic{$_} } } @city;
my %seen;
$seen{$_}++ for @all_lic;
cmp_ok(scalar(@all_lic), '>=', 30, 'licences were issued on the shards (' . scalar(@all_lic) . ')');
is(scalar(grep { $seen{$_} > 1 } keys %seen), 0, 'every licence number is unique province-wide');
is(join(' ', map { my $c = $_; scalar(grep { !/^BIZLIC-$shards[$c][3]-2026-\d{6}$/ } @{ $lic{ $city[$c] } }) } 0 .. 2), '0 0 0',
	'each shard numbers its licences with a region it serves only');
is($node{nb}->safe_psql('sa', "SELECT l.number FROM service_affair.licence l WHERE l.case_id = $tb"), 'BIZLIC-330225-2026-000001',
	'通办: the licence of the case received in 杭州 (330106) and handled on shard nb is numbered with 宁波\'s region 330225');
ok((grep { $_ eq 'BIZLIC-330106-2026-000001' } @{ $lic{hz} }), 'while shard hz numbers its own BIZLIC-330106-2026-000001');
is($province->safe_psql('single', "SELECT l.number FROM service_affair.licence l JOIN service_affair.cases c ON c.id = l.case_id WHERE c.submitted_at = '2026-11-02 10:00+08'"),
	'BIZLIC-330106-2026-000001', 'the single node keeps numbering a 通办 licence with the receiving region');
my $tb_lic = 'BIZLIC-330225-2026-000001';
my $nb_valid = $node{nb}->safe_psql('sa', "SELECT l.number FROM service_affair.licence l JOIN service_affair.applicant a ON a.id = l.holder WHERE a.uscc::text = '$company{nb}' AND l.status = 'valid'");
is($router->safe_psql('sa', "SELECT service_affair_router.verify_licence('$nb_valid', '$company{nb}')"), 'valid', "verify_licence through the router: $nb_valid valid (asked of the shard of the number's region)");
is($router->safe_psql('sa', "SELECT service_affair_router.verify_licence('$tb_lic', '$company{nb}')"), 'superseded', "verify_licence through the router: $tb_lic superseded (renewed by later cases)");
is($router->safe_psql('sa', "SELECT service_affair_router.verify_licence('$tb_lic', '$company{hz}')"), 'unknown', 'verify_licence with another holder: unknown');
is($router->safe_psql('sa', "SELECT service_affair_router.verify_licence('not-a-number-1', '$company{nb}')"), 'unknown', 'a number no format explains: every shard asked, unknown');
# a well-formed number of a region no shard serves (北京 110105): no shard
# numbers there, every shard is asked, and a number none issued is unknown,
# as a single node answers for a number it never issued (until 2026-12-07
# 23503 'no shard serves region 110105')
($rc, $out, $err) = $router->psql('sa', "SELECT string_agg(shard || ':' || coalesce(for_region, '-'), ' ') FROM service_affair_router.licence_shards('BIZLIC-110105-2026-000001')");
is($out, 'hz:- nb:- wz:-', 'licence_shards of a number of a region no shard serves: every shard') or diag($err);
($rc, $out, $err) = $router->psql('sa', "SELECT service_affair_router.verify_licence('BIZLIC-110105-2026-000001', '$company{nb}')");
is($out, 'unknown', 'verify_licence through the router of a well-formed number of a region no shard serves: unknown, not 23503') or diag($err);
is($province->safe_psql('single', "SELECT service_affair.verify_licence('BIZLIC-110105-2026-000001', '$company{nb}')"), 'unknown',
	'as the single node answers for it');
# and it counts as a wrong pair, as on the single node: after ten of them a
# session is refused (55000) even the right pair; after nine the right pair
# is answered (each shard asked counts one in its session, PL/Proxy's one
# per role and router backend)
{
	my $nine = join("\n", ("SELECT service_affair_router.verify_licence('BIZLIC-110105-2026-000001', '$company{nb}');") x 9);
	($rc, $out, $err) = $router->psql('sa', "$nine\nSELECT service_affair_router.verify_licence('$nb_valid', '$company{nb}');");
	is((split /\n/, $out)[-1], 'valid', 'nine numbers of a region no shard serves through the router, then the right pair: valid') or diag($err);
	my $ten = join("\n", ("SELECT service_affair_router.verify_licence('BIZLIC-110105-2026-000001', '$company{nb}');") x 10);
	($rc, $out, $err) = $router->psql('sa', "$ten\n\\set VERBOSITY verbose\nSELECT service_affair_router.verify_licence('$nb_valid', '$company{nb}');");
	like($err, qr/55000.*too many failed lookups in this session/s,
		'ten numbers of a region no shard serves through the router, then the right pair: 55000, the session\'s wrong pairs spent');
	($rc, $out, $err) = $province->psql('single', join("\n", ("SELECT service_affair.verify_licence('BIZLIC-110105-2026-000001', '$company{nb}');") x 10)
		. "\n\\set VERBOSITY verbose\nSELECT service_affair.verify_licence('BIZLIC-110105-2026-000001', '$company{nb}');");
	like($err, qr/55000.*too many failed lookups in this session/s, 'as on the single node');
}
$router->safe_psql('postgres', 'CREATE ROLE citizen LOGIN IN ROLE service_affair_public');
$_->safe_psql('postgres', 'CREATE ROLE citizen LOGIN IN ROLE service_affair_public') for map { $node{$_} } @city;
is($router->safe_psql('sa', "SET ROLE citizen; SELECT service_affair_router.verify_licence('$nb_valid', '$company{nb}')"), 'valid', 'the public role may verify a licence through the router');
my $wz_lic = $lic{wz}[0];
is($router->safe_psql('sa', "SELECT string_agg(shard || ':' || coalesce(for_region, '-'), ' ') FROM service_affair_router.licence_shards('证X.(1)*[330225]2026-000001')"),
	'nb:330225', 'licence_shards: a format with regular-expression characters and Chinese text is matched literally (shard nb, region 330225)');
is($router->safe_psql('sa', "SELECT string_agg(shard, ' ') FROM service_affair_router.licence_shards('证X.(1)*[3302251]2026-000001')"),
	'hz nb wz', 'a number that does not fit the format: every shard');
# a format without {region} would repeat numbers across shards: refused where the catalog is edited
($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nUPDATE service_affair.evidence_type SET number_format = '{type}-{year}-{seq}' WHERE code = 'BIZLIC'");
like($err, qr/22023.*licence number format '\{type\}-\{year\}-\{seq\}' of evidence type BIZLIC has no \{region\}.*DETAIL:.*'BIZLIC' would number its licences '\{type\}-\{year\}-\{seq\}'/s,
	'province node: a licence number format without {region} is refused with 22023, the detail naming the type and the format');
($rc, $out, $err) = $province->psql('sa', "INSERT INTO service_affair.evidence_type (code, name, number_format) VALUES ('PERMIT', 'permit', 'P{year}{seq}')");
like($err, qr/licence number format 'P\{year\}\{seq\}' of evidence type PERMIT has no \{region\}/, 'a new evidence type without {region} too');
is($province->safe_psql('sa', "SELECT number_format FROM service_affair.evidence_type WHERE code = 'BIZLIC'"), '{type}-{region}-{year}-{seq}', 'the refused edit changed nothing');
($rc, $out, $err) = $node{hz}->psql('sa', "INSERT INTO service_affair.evidence_type (code, name, number_format) VALUES ('PERMIT', 'permit', 'P{year}{seq}')");
like($err, qr/has no \{region\}/, 'on a shard too (its catalog comes from the province node)');
is($province->safe_psql('single', "BEGIN; UPDATE service_affair.evidence_type SET number_format = '{type}-{year}-{seq}' WHERE code = 'BIZLIC' RETURNING number_format; ROLLBACK"),
	'{type}-{year}-{seq}', 'a single node (no shard extension) accepts such a format as before');
($rc, $out, $err) = $province->psql('single', "BEGIN; UPDATE service_affair.evidence_type SET number_format = '{type}-{year}-{seq}' WHERE code = 'BIZLIC';
	CREATE EXTENSION service_affair_shard; SELECT service_affair_shard.publish_catalog(); ROLLBACK;");
like($err, qr/licence number format '\{type\}-\{year\}-\{seq\}' of evidence type BIZLIC has no \{region\}/,
	'a database holding such a format becomes no province node: publish_catalog() refuses with 22023 naming it');
# a bundle whose items are handled on different shards: its case lives on the
# lead department's shard, and claim_task() of the other department asks its
# own shard, where that task never is: refused where the catalog is edited
my $split = "INSERT INTO service_affair.bundle (code, name, lead_department) VALUES ('hz_nb_bundle', 'split bundle', 'HZ_MKT');
	INSERT INTO service_affair.bundle_item (bundle, item, stage) VALUES ('hz_nb_bundle', 'hz_local', 1), ('hz_nb_bundle', 'nb_local', 2);";
($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nBEGIN; $split COMMIT;");
like($err, qr/22023.*bundle hz_nb_bundle spans shards: item nb_local is handled on shard nb, the bundle on shard hz.*DETAIL:.*Bundle 'hz_nb_bundle' is led by department HZ_MKT \(region 330106, shard hz\); its item 'nb_local' is handled by department NB_MKT \(region 330225, shard nb\)/s,
	'province node: a bundle item handled on another shard than the lead department: 22023, the detail naming bundle, item, departments, regions and shards') or diag($err);
is($province->safe_psql('sa', "SELECT count(*) FROM service_affair.bundle WHERE code = 'hz_nb_bundle'"), '0', 'the refused bundle is not there');
is($province->safe_psql('sa', "BEGIN; INSERT INTO service_affair.bundle (code, name, lead_department) VALUES ('hz_bundle', 'one shard', 'HZ_MKT');
	INSERT INTO service_affair.bundle_item (bundle, item, stage) VALUES ('hz_bundle', 'hz_local', 1), ('hz_bundle', 'hz_biz', 2) RETURNING item; ROLLBACK;"),
	"hz_local\nhz_biz", 'a bundle whose items are all handled on the lead department\'s shard is accepted');
($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nBEGIN; INSERT INTO service_affair.bundle (code, name, lead_department) VALUES ('hz_bundle', 'one shard', 'HZ_MKT');
	INSERT INTO service_affair.bundle_item (bundle, item, stage) VALUES ('hz_bundle', 'hz_local', 1);
	UPDATE service_affair.bundle SET lead_department = 'NB_MKT' WHERE code = 'hz_bundle'; COMMIT;");
like($err, qr/22023.*bundle hz_bundle spans shards: item hz_local is handled on shard hz, the bundle on shard nb/s,
	'a new lead department of another shard than its items: 22023') or diag($err);
($rc, $out, $err) = $node{hz}->psql('sa', "BEGIN; $split COMMIT;");
like($err, qr/bundle hz_nb_bundle spans shards/, 'on a shard too (its catalog comes from the province node)');
is($province->safe_psql('single', "BEGIN; $split SELECT count(*) FROM service_affair.bundle_item WHERE bundle = 'hz_nb_bundle'; ROLLBACK;"), '2',
	'a single node (no shard extension) accepts such a bundle as before');
($rc, $out, $err) = $province->psql('single', "BEGIN; $split CREATE EXTENSION service_affair_shard;
	INSERT INTO service_affair_shard.shard VALUES ('hz', 1), ('nb', 2); INSERT INTO service_affair_shard.shard_region VALUES ('3301', 'hz'), ('3302', 'nb');
	SELECT service_affair_shard.publish_catalog(); ROLLBACK;");
like($err, qr/bundle hz_nb_bundle spans shards: item nb_local is handled on shard nb, the bundle on shard hz/,
	'a database holding such a bundle becomes no province node: publish_catalog() refuses with 22023 naming it');
# a bundle on one shard split later without touching its rows: by an item's
# new department, a department's new region, an edit of the map, a region's
# move (on the former code each was accepted, and the item's task was left
# where its department never looks)
my $two = "INSERT INTO service_affair.department (code, name, region) VALUES ('HZ2_MKT', 'HZ2 market', '330110');
	INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit, competence) VALUES ('hz2_local', 'HZ2 local permit', 'HZ2_MKT', 'promised', 20, 3, 'receiving');
	INSERT INTO service_affair.material (item, code, name) VALUES ('hz2_local', 'form', 'Form');
	INSERT INTO service_affair.bundle (code, name, lead_department) VALUES ('hz_two', 'two departments of hz', 'HZ_MKT');
	INSERT INTO service_affair.bundle_item (bundle, item, stage) VALUES ('hz_two', 'hz_local', 1), ('hz_two', 'hz2_local', 2);";
is($province->safe_psql('sa', "BEGIN; $two UPDATE service_affair.item SET department = 'HZ_MKT' WHERE code = 'hz2_local';
	INSERT INTO service_affair_shard.shard_region VALUES ('330225', 'nb');
	SELECT count(*) FROM service_affair.bundle_item WHERE bundle = 'hz_two'; ROLLBACK;"), '2',
	'a bundle of two departments of hz: accepted, and so are an item\'s new department on hz and a finer prefix splitting no bundle');
for my $change (
	[ "UPDATE service_affair.item SET department = 'NB_MKT' WHERE code = 'hz2_local'", 'an item of the bundle handled by a department of nb' ],
	[ "UPDATE service_affair.department SET region = '330225' WHERE code = 'HZ2_MKT'", 'the department of an item moved to a region of nb' ],
	[ "INSERT INTO service_affair_shard.shard_region VALUES ('330110', 'nb')", 'the map gives the region of an item\'s department to nb' ])
{
	($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nBEGIN; $two $change->[0]; COMMIT;");
	like($err, qr/22023.*bundle hz_two spans shards: item hz2_local is handled on shard nb, the bundle on shard hz.*DETAIL:.*its item 'hz2_local' is handled by department (HZ2|NB)_MKT \(region 3302\d\d|330110, shard nb\)/s,
		"$change->[1]: 22023 naming the bundle, the item and both shards") or diag($err);
}
($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nBEGIN; $two INSERT INTO service_affair_shard.shard_region VALUES ('330110', 'hz');
	SELECT service_affair_shard.begin_region_move('330110', 'nb'); COMMIT;");
like($err, qr/22023.*bundle hz_two spans shards: item hz2_local is handled on shard nb, the bundle on shard hz.*DETAIL:.*once prefix '330110' has moved to shard nb/s,
	'begin_region_move() of the region of an item\'s department alone: 22023 before anything is copied, the detail naming the move') or diag($err);
is($province->safe_psql('sa', "SELECT count(*) FROM service_affair_shard.region_move"), '0', 'the refused move left no row in region_move');

# open work for the calendar edit: one accepted case per city, due 2026-11-30
my $open = join("\n", map { "SELECT %API%.submit('$city[$_]_biz', '$company{$city[$_]}', '{form}', 'window', '{}', '2026-11-23 09:00+08', NULL, '$point[$_]');" } 0 .. 2);
(my $open_r = $open) =~ s/%API%/service_affair_router/g;
(my $open_s = $open) =~ s/%API%/service_affair/g;
run_script($router, 'sa', $open_r, 'three open cases through the router');
run_script($province, 'single', $open_s, 'the same three on the single node');
# -- province views = the single node's -------------------------------------------------------------
my @views = split /\n/, $province->safe_psql('sa', 'SELECT view FROM service_affair_province.mirrored ORDER BY 1');
sub view_rows
{
	my ($db, $schema, $v) = @_;
	return $province->safe_psql($db, "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM $schema.$v t");
}
for my $v (@views)
{
	my $want = view_rows('single', 'service_affair', $v);
	is(view_rows('sa', 'service_affair_province', $v), $want, "province view $v = the single node's ($want)");
}
cmp_ok((split / /, view_rows('single', 'service_affair', 'efficiency'))[0], '>=', 6, 'the comparison is about several rows');
# the period functions: the single node's, re-created over the shards' rollups
my @periods = split /\n/, $province->safe_psql('sa', "SELECT proname FROM pg_proc WHERE pronamespace = 'service_affair_province'::regnamespace AND proname ~ '_period' AND proname !~ '_rollup\$' AND proname !~ '^rebuild' ORDER BY 1");
is(scalar(@periods), 9, 'nine period functions on the province node (efficiency, satisfaction and complaints: by department, region, point)');
for my $f (@periods)
{
	# the months at either end of the dates too (22008 on the province until 2026-12-03)
	for my $range ("'2026-11-01', '2026-12-31'", "'2026-11-01', '2026-11-30'", "'2027-01-01', '2027-03-31'", "'-infinity', '300000-01-01'",
		"'4714-11-24 BC', 'infinity'", "'300000-01-15', '5874897-12-31'")
	{
		my $want = view_rows('single', 'service_affair', "$f($range)");
		is(view_rows('sa', 'service_affair_province', "$f($range)"), $want, "province $f($range) = the single node's ($want)");
	}
}
# every period function's overall row, told by its column overall (the
# last column), as on the single node: one row with overall true (its key
# NULL, last), its counts the sums of the other rows', overall never NULL;
# the _point ones beside the no-point row, the department and region ones
# (complaints: beside the row of no department or no region)
for my $f (@periods)
{
	my $key = $f =~ /_point$/ ? 'point' : $f =~ /_region$/ ? 'region' : 'department';
	my $c = $f =~ /^efficiency/ ? 'submitted' : $f =~ /^satisfaction/ ? 'ratings' : 'received';
	is($province->safe_psql('sa', "SELECT count(*) FILTER (WHERE overall) || ' ' || count(*) FILTER (WHERE overall IS NULL) || ' ' || "
			. "bool_and($key IS NULL) FILTER (WHERE overall) || ' ' || (sum($c) FILTER (WHERE overall) = sum($c) FILTER (WHERE NOT overall)) || ' ' || "
			. "(array_agg(overall ORDER BY ordinality DESC))[1] FROM service_affair_province.$f('2026-11-01', '2026-12-31') WITH ORDINALITY"),
		'1 0 true true true', "province $f(): one overall row (overall true, $key NULL, last, counts = the sums of the others), overall never NULL");
}
{
	my ($rc, $out, $err) = $province->psql('sa', "SELECT * FROM service_affair_province.satisfaction_period_region('2026-11-01', NULL)");
	like($err, qr/a period needs both of its months/, 'province period function: a NULL month refused, as on the single node');
}
# a level the rollup has not (a typo, 'service' of the complaints, NULL) is
# 22023 naming it, as on the single node (period_levels_checked(); until
# 2026-12-07 the province's rollups answered no row, the overall one
# included, without a word)
for my $c (["efficiency_period_rollup", "'{departments}'", "Level 'departments' is not one of service, department, region, point, overall."],
	["satisfaction_period_rollup", "'{region,NULL}'", "Level NULL is not one of service, department, region, point, overall."],
	["complaint_period_rollup", "'{service}'", "Level 'service' is not one of department, region, point, overall."])
{
	my ($f, $levels, $detail) = @$c;
	my ($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nSELECT count(*) FROM service_affair_province.$f('2026-11-01', '2026-12-31', $levels)");
	like($err, qr/ERROR:  22023: invalid level\nDETAIL:  \Q$detail\E/, "province $f($levels): 22023 naming the level, as on the single node");
}
is($province->safe_psql('sa', "SELECT count(*) FROM service_affair_province.complaint_period_rollup('2026-11-01', '2026-12-31', '{overall}')"),
	'1', 'province complaint_period_rollup() of a level it has: its row');
is($province->safe_psql('sa', 'SELECT sum(submitted) FROM service_affair_province.efficiency_overall'), '44', 'every case counted once, province-wide');
# the analysts, to whom rebuild_views() grants the views and the period
# functions, read them as the superuser does (the foreign tables through
# the owner's user mapping: they have no access to schemas sa_shard_<name>)
$province->safe_psql('postgres', 'CREATE ROLE analyst_p LOGIN IN ROLE service_affair_analyst');
is($province->safe_psql('sa', 'SET ROLE analyst_p; SELECT sum(submitted) FROM service_affair_province.efficiency_overall'), '44',
	'an analyst reads the province views');
for my $f (@periods)
{
	my ($rc, $out, $err) = $province->psql('sa', "SET ROLE analyst_p; SELECT count(*) FROM service_affair_province.$f('2026-11-01', '2026-12-31')");
	is("$rc " . ($err =~ s/\n.*//sr), '0 ', "an analyst calls the province's $f()");
}
is($province->safe_psql('sa', "SELECT shard || ' ' || department FROM service_affair_province.find_case($tb)"),
	'nb NB_MKT', 'a case found by number from the province node, on its shard: the shard and the department');
# what a router needs to find and route to the case, and nothing of the
# applicant nor of the case's course (issue 10): until 2026-12-06 (a
# review) the whole row as jsonb, case_row, the applicant's id included
is($province->safe_psql('sa', "SELECT string_agg(k, ',' ORDER BY k) FROM service_affair_province.find_case($tb) f, jsonb_object_keys(to_jsonb(f)) k"),
	'department,shard', "find_case()'s result: shard and department, no applicant (no case_row)");
# a NULL argument is a bad argument (22023), as on a node and on the router
($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nSELECT * FROM service_affair_province.find_case(NULL)");
like($err, qr/22023.*case id must not be null/s, 'find_case(NULL): 22023 case id must not be null, not 23503') or diag($err);
($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_province.attach_shard(NULL)");
like($err, qr/22023.*shard required/s, 'attach_shard(NULL): 22023 shard required, as detach_shard(NULL)') or diag($err);
# find_case() reads as its owner: not for clerks and reviewers, whom
# row-level security limits to some cases on a single node and on the shards
{
	my $wz_any = $node{wz}->safe_psql('sa', 'SELECT min(id) FROM service_affair.cases');
	is($node{wz}->safe_psql('sa', "SET ROLE clerk_hz; SELECT count(*) FROM service_affair.cases WHERE id = $wz_any"), '0',
		'a 杭州 clerk does not see a 温州 case on its shard');
	my ($rc, $out, $err) = $province->psql('sa', "SET ROLE clerk_hz; SELECT shard FROM service_affair_province.find_case($wz_any)");
	like("$out|$err", qr/^\|.*permission denied for function find_case/s,
		"... nor through the province node's find_case(), which reads as its owner: granted to administrators only");
}

# -- the province-wide complaint queue -------------------------------------------------------------
# A complaint stays on the shard it was received on when assigned or
# transferred to another shard's department: the 温州 department's staff
# find them in the province node's complaint_queue, as on the single node.
$_->safe_psql('postgres', 'CREATE ROLE clerk_wz LOGIN IN ROLE service_affair_clerk')
	for ($province, $router, map { $node{ $_->[0] } } @shards);
$province->safe_psql('sa', "INSERT INTO service_affair.staff (login, department) VALUES ('clerk_wz', 'WZ_MKT')");
$province->safe_psql('single', "SELECT service_affair.create_roles(); INSERT INTO service_affair.staff (login, department) VALUES ('clerk_wz', 'WZ_MKT'), ('clerk_hz', 'HZ_MKT')");
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
# the sweep: every shard flags the complaints it holds, as the single node does
is($router->safe_psql('sa', "SELECT service_affair_router.complaint_sla_sweep('2026-12-28 10:00+08')"),
	$province->safe_psql('single', "SELECT service_affair.complaint_sla_sweep('2026-12-28 10:00+08')"),
	'complaint_sla_sweep() through the router runs on every shard: as many complaints flagged overdue as on the single node');
# as the administrators it is granted to, who have no access to the shard map
$_->safe_psql('postgres', 'CREATE ROLE admin_r LOGIN IN ROLE service_affair_admin')
	for ($router, map { $node{ $_->[0] } } @shards);
{
	# at now(): a sweep is not dated ahead in an administrator's session
	# (refuse_future_outcome(); the sweep of 12-28 above flagged everything due by now)
	my ($rc, $out, $err) = $router->psql('sa', "SET ROLE admin_r; SELECT service_affair_router.complaint_sla_sweep(now())");
	is("$rc $out " . ($err =~ s/\n.*//sr), '0 0 ', 'an administrator sweeps every shard through the router (nothing left to flag)');
}
my $queue = "SELECT count(*) || ' ' || coalesce(md5(string_agg(l, E'\\n' ORDER BY l)), '') FROM (SELECT concat_ws('|', channel, category, regexp_replace(body, '[0-9]+', 'N', 'g'), received_at, case_id IS NULL, item, department, point, anonymous,
	status, due, supervise_due, effective_due, calendar, assigned_at, reply, reply_at, replied_on, replied_by, callback_at, satisfied, closed_at,
	blocker, resolution, overdue_due, rating_id IS NULL, replied_on_time, reopened_at) AS l FROM %Q% q) x";
sub queue_of
{
	my ($db, $role, $view) = @_;
	(my $q = $queue) =~ s/%Q%/$view/;
	return $province->safe_psql($db, "SET ROLE $role; $q");
}
my $wz_queue = queue_of('single', 'clerk_wz', 'service_affair.complaint_queue');
is(queue_of('sa', 'clerk_wz', 'service_affair_province.complaint_queue'), $wz_queue,
	"a 温州 clerk's province-wide complaint_queue = its queue on the single node ($wz_queue)");
cmp_ok((split / /, $wz_queue)[0], '>=', 3, 'the 温州 queue holds several complaints');
is($province->safe_psql('sa', "SET ROLE clerk_wz; SELECT string_agg(DISTINCT (id / 1000000000000)::text, ' ' ORDER BY (id / 1000000000000)::text) FROM service_affair_province.complaint_queue"),
	'1 2 3', 'held on all three shards: the suggestion transferred from 杭州 (hz), the complaint of a 宁波 company (nb), its own (wz)');
cmp_ok($province->safe_psql('sa', "SET ROLE clerk_wz; SELECT count(*) FROM service_affair_province.complaint_queue WHERE overdue_due IS NOT NULL AND id / 1000000000000 <> 3"), '>=', 1,
	'complaints flagged overdue by the sweep on other shards show in the 温州 queue');
cmp_ok($node{wz}->safe_psql('sa', "SET ROLE clerk_wz; SELECT count(*) FROM service_affair.complaint_queue"), '<', (split / /, $wz_queue)[0],
	'while the queue on shard wz itself lists fewer (the complaints it holds)');
is(queue_of('sa', 'clerk_hz', 'service_affair_province.complaint_queue'), queue_of('single', 'clerk_hz', 'service_affair.complaint_queue'),
	"a 杭州 clerk's province-wide queue = its single-node queue (none of 温州's)");
is(queue_of('sa', 'NONE', 'service_affair_province.complaint_queue'), queue_of('single', 'NONE', 'service_affair.complaint_queue'),
	'an administrator sees every complaint of every shard, as on the single node');
is($province->safe_psql('sa', "SELECT string_agg(attname || ':' || format_type(atttypid, atttypmod), ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'service_affair_province.complaint_queue'::regclass AND attnum > 0"),
	$province->safe_psql('sa', "SELECT string_agg(attname || ':' || format_type(atttypid, atttypmod), ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'service_affair.complaint_queue'::regclass AND attnum > 0"),
	'the province complaint_queue has the columns of the single node\'s (no complainant: anonymous only)');
($rc, $out, $err) = $province->psql('sa', "SET ROLE outsider; SELECT count(*) FROM service_affair_province.complaint_queue");
like($err, qr/permission denied/, 'a role without the complaint queue on the single node may not read the province one');

# -- a calendar edit on the province node -------------------------------------------------------------
my $dues = "SELECT string_agg(t.item || ':' || t.due, ' ' ORDER BY t.item) FROM service_affair.task t JOIN service_affair.cases c ON c.id = t.case_id WHERE t.status = 'open' AND c.submitted_at = '2026-11-23 09:00+08'";
my %before = map { $_ => $node{$_}->safe_psql('sa', $dues) } @city;
# a session per shard whose calendar cache is warm before the edit
my %session = map { $_ => $node{$_}->background_psql('sa') } @city;
is(join(' ', map { $session{$_}->query_safe("SELECT service_affair.is_workday('2026-11-25')") } @city), 't t t',
	'2026-11-25 is a working day in a session on each shard (cache warm)');
is($before{nb}, 'nb_biz:2026-11-30', 'an open task on shard nb is due 2026-11-30');
my $edit = "INSERT INTO service_affair.calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-25', false, 'shard test day off')";
$province->safe_psql('sa', $edit);
$province->safe_psql('single', $edit);
$province->wait_for_catchup("sub_shard_$_") for @city;
for my $c (@city)
{
	is($node{$c}->safe_psql('sa', $dues), "${c}_biz:2026-12-01", "the day off reached shard $c and moved its open due to 2026-12-01");
	is($session{$c}->query_safe("SELECT service_affair.is_workday('2026-11-25')"), 'f', "shard $c: the session with a warm calendar cache sees the replayed day off");
	$session{$c}->quit;
	cmp_ok($node{$c}->safe_psql('sa', "SELECT count(*) FROM service_affair.case_event WHERE kind = 'task_due_recomputed'"), '>=', 1,
		"shard $c: the recomputation is in the case history");
}
is($province->safe_psql('single', $dues), 'hz_biz:2026-12-01 nb_biz:2026-12-01 wz_biz:2026-12-01', 'the single node moved the same dues');
for my $v (grep { /^efficiency/ } @views)
{
	is(view_rows('sa', 'service_affair_province', $v), view_rows('single', 'service_affair', $v), "after the edit, province view $v = the single node's");
}

# -- an applicant registered away from the region code of its identifier -------------------------
# (a 杭州 resident id, registered in 宁波 on every shard): the router asks hz
# (the code), hz resolves the competence to 宁波's office and refuses, the
# router asks nb
my $moved = resident_id('33010619900101002');
$node{$_}->safe_psql('sa', "INSERT INTO service_affair.applicant (kind, resident_id, name, region) VALUES ('person', '$moved', 'moved', '330225')") for @city;
my $mv = $router->safe_psql('sa', "SELECT service_affair_router.submit('hz_biz', '$moved', '{form}', 'window', '{}', '2026-12-01 09:00+08', point => 'HZ-C')");
is(case_shard($mv) . ' ' . $node{nb}->safe_psql('sa', "SELECT service || ' ' || competent_region FROM service_affair.cases WHERE id = $mv"),
	'2 nb_biz 330225', 'an applicant registered in 宁波 with a 杭州 id: the router retries on the shard the first one names, the case is on nb');
is($node{hz}->safe_psql('sa', "SELECT count(*) FROM service_affair.cases c JOIN service_affair.applicant a ON a.id = c.applicant WHERE a.name = 'moved'"), '0',
	'nothing of it on shard hz');

# -- one shard stops mid-load --------------------------------------------------------------------------
# Calls in a round over the three cities; shard wz stops after the first
# rounds and comes back after more.  Every call is its own transaction; the
# ones that returned a case number are acknowledged.
my (%acked, %failed_ok, %worked_during, @acked_calls);
my $round = 0;
sub one_round
{
	my ($phase) = @_;
	for my $a (0 .. 2)
	{
		my $ts = "'2026-12-02 09:00+08'::timestamptz + interval '$round minutes'";
		my $call = "submit('$city[$a]_biz', '$company{$city[$a]}', '{form}', 'window', '{}', $ts, NULL, '$point[$a]')";
		my ($rc, $o, $e) = $router->psql('sa', "SELECT service_affair_router.$call");
		if ($rc == 0 && $o =~ /^\d+$/)
		{
			push @{ $acked{ $city[$a] } }, $o;
			push @acked_calls, "SELECT service_affair.$call;";
			$worked_during{ $city[$a] }++ if $phase eq 'down';
		}
		elsif ($phase eq 'down' && $city[$a] eq 'wz')
		{
			$failed_ok{wz}++ if $e =~ /shard wz serving region 330302 is unavailable/;
			diag($e) unless $e =~ /shard wz serving region 330302 is unavailable/;
		}
		else
		{
			diag("$phase $city[$a]: $e");
		}
		$round++;
	}
}
one_round('up') for 1 .. 4;
my $wz_first = $node{wz}->safe_psql('sa', 'SELECT min(id) FROM service_affair.cases');
$node{wz}->stop('immediate');
one_round('down') for 1 .. 4;
is($failed_ok{wz}, 4, 'shard wz down: every call for 温州 fails with "shard wz serving region 330302 is unavailable"');
is(($worked_during{hz} // 0) + ($worked_during{nb} // 0), 8, 'shard wz down: every call for 杭州 and 宁波 works');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.claim_task('WZ_MKT', 'reviewer')");
like($err, qr/08006.*shard wz serving region 330302 is unavailable/s, 'claim_task for a 温州 department: 08006 naming the region');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.receive_complaint('12345', 'complaint', 'x', department => 'WZ_MKT')");
like($err, qr/08006.*shard wz serving region 330302 is unavailable/s, 'a complaint about a 温州 department: 08006 naming the region');
like($router->safe_psql('sa', "SELECT service_affair_router.receive_complaint('12345', 'complaint', 'x', '2026-12-02 10:00+08', department => 'NB_MKT')"),
	qr/^2\d{12}$/, 'a complaint about a 宁波 department still works');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.record_credit_event('$company{wz}', 'minor', 'x')");
like($err, qr/08006.*shard wz serving region 330302 is unavailable/s, 'a credit event of a 温州 company: 08006 naming the region');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.verify_licence('$wz_lic', '$company{wz}')");
like($err, qr/08006.*shard wz serving region 330302 is unavailable/s, "verify_licence of a 温州 number ($wz_lic): 08006 naming the region, not unknown");
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.verify_licence('not-a-number-1', '$company{nb}')");
like($err, qr/08006.*shard wz serving region 3303\* is unavailable/s, 'verify_licence of a number no format explains: 08006 naming wz, never a partial unknown');
is($router->safe_psql('sa', "SELECT service_affair_router.verify_licence('$nb_valid', '$company{nb}')"), 'valid', 'verify_licence of a 宁波 number still answers');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.complaint_sla_sweep()");
like($err, qr/08006.*shard wz serving region 3303\* is unavailable/s, 'complaint_sla_sweep through the router with wz down: 08006 naming wz (the other shards swept)');
($rc, $out, $err) = $province->psql('sa', 'SELECT * FROM service_affair_province.complaint_indicators');
like($err, qr/shard wz serving region 3303\* is unavailable/, 'the province complaint view: an error naming wz, not the figures of hz and nb');
($rc, $out, $err) = $province->psql('sa', 'SELECT * FROM service_affair_province.efficiency_overall');
isnt($rc, 0, 'shard wz down: the province overall view answers nothing');
like($err, qr/shard wz serving region 3303\* is unavailable/, 'the error names the missing shard wz') or diag($err);
($rc, $out, $err) = $province->psql('sa', 'SELECT * FROM service_affair_province.efficiency_region');
like($err, qr/shard wz serving region 3303\* is unavailable/, 'the province region view too: an error naming wz, not the figures of hz and nb');
is($province->safe_psql('sa', "SELECT string_agg(shard || ':' || reachable, ' ' ORDER BY shard) FROM service_affair_province.shard_status()"),
	'hz:true nb:true wz:false', 'shard_status() says which shard is missing');
# the administrators' functions of the province node with wz down (until
# 2026-12-05 find_case() gave postgres_fdw's error as it came: 08001 "could
# not connect to server", not the shard's regions, the address in its
# DETAIL to any administrator; shard_status() the message alone, not why;
# it reads through wz's status server sa_status_wz, whose name postgres_fdw
# gives)
like($province->safe_psql('sa', "SELECT error FROM service_affair_province.shard_status() WHERE shard = 'wz'"),
	qr/^08001: could not connect to server "sa_status_wz": .*PGSQL\.${\ $node{wz}->port}/,
	'shard_status() reports wz down in its row (the call does not fail): the SQLSTATE, postgres_fdw\'s message and its detail, on one line');
($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nSELECT * FROM service_affair_province.find_case($wz_first)");
like($err, qr/ERROR:  08006: shard wz serving region 3303\* is unavailable.*DETAIL:  find_case\(\) reads case $wz_first on the shards that may hold it \(wz\) and none of those reached holds it: shard wz \(regions 3303\*\) could not be read: could not connect to server "wz"/s,
	'find_case() of a 温州 case with wz down: 08006 naming the shard and its regions, the cause in the detail of the superuser') or diag($err);
{
	$province->safe_psql('postgres', 'CREATE ROLE admin_p LOGIN IN ROLE service_affair_admin');
	my $plog_fc = -s $province->logfile;
	($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nSET ROLE admin_p; SELECT * FROM service_affair_province.find_case($wz_first)");
	like($err, qr/ERROR:  08006: shard wz serving region 3303\* is unavailable/, '... for an administrator too') or diag($err);
	like(slurp_file($province->logfile, $plog_fc), qr/LOG:  service_affair_province: shard wz not read for role admin_p: 08001 could not connect to server "wz"/,
		'... the cause in the province node\'s server log with the role');
}
# postgres_fdw's error for a shard it cannot reach quotes libpq's message
# (the shard's host or socket directory and port) in its DETAIL: an analyst
# is told the shard's name and regions, whatever client_min_messages it
# chose, the server log the cause, an administrator both (until 2026-12-05
# every reader of the province views was given the address)
my $wz_host = $node{wz}->host;
my $wz_port = $node{wz}->port;
my $plog_at = -s $province->logfile;
for my $rq (['analyst_p', 'SELECT * FROM service_affair_province.efficiency_overall'], ['analyst_p', 'SELECT * FROM service_affair_province.satisfaction_department'],
	['analyst_p', 'SELECT * FROM service_affair_province.complaint_indicators_region'], ['analyst_p', "SELECT count(*) FROM service_affair_province.$periods[0]('2026-11-01', '2026-12-31')"],
	['clerk_hz', 'SELECT count(*) FROM service_affair_province.complaint_queue'])
{
	my ($who, $q) = @$rq;
	($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nSET client_min_messages = log; SET ROLE $who; $q");
	like($err, qr/ERROR:  08006: shard wz serving region 3303\* is unavailable/, "$who reads the province ($q) with wz down: 08006 naming the shard") or diag($err);
	like($err, qr/DETAIL:  The province views need every shard: shard wz \(regions 3303\*\) could not be read: \(the cause is in the server log\)/,
		'... the detail names the shard and its regions and points to the server log') or diag($err);
	unlike($err, qr/\Q$wz_host\E|PGSQL|$wz_port|connection to server|could not connect/, '... never the address of the shard nor libpq\'s message') or diag($err);
}
($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nSELECT * FROM service_affair_province.efficiency_overall");
like($err, qr/DETAIL:  The province views need every shard: shard wz \(regions 3303\*\) could not be read: could not connect to server "wz": .*PGSQL\.$wz_port/s,
	'an administrator (here a superuser) is told postgres_fdw\'s message, the address with it') or diag($err);
my $plog = slurp_file($province->logfile, $plog_at);
like($plog, qr/LOG:  service_affair_province: shard wz not read for role analyst_p: 08001 could not connect to server "wz": .*PGSQL\.$wz_port/,
	'the province node\'s server log has the cause with the address, and the role') or diag($plog);
my $wz_events = "SELECT count(*) FROM service_affair.credit_event WHERE id / 1000000000000 = 3";
cmp_ok($node{hz}->safe_psql('sa', $wz_events), '>=', 1, 'shard wz down: shard hz still holds the credit events wz numbered');
is($node{hz}->safe_psql('sa', "SELECT service_affair.intake_credit_ok($hz_nb, 'hz_local', NULL)"), 'f', 'and intake on hz still reads the province-wide record');
$node{wz}->start;
# the router's cached connection to wz died with it: the first call may say so, then calls work
$router->psql('sa', "SELECT service_affair_router.withdraw(3000000000000000)");
one_round('back') for 1 .. 3;
my $ce5 = $router->safe_psql('sa', "SELECT service_affair_router.record_credit_event('$company{wz}', 'grave', 'after the restart', '2026-12-02 12:00+08')");
credit_synced();
is(on_shard($ce5) . ' ' . $node{hz}->safe_psql('sa', "SELECT severity FROM service_affair.credit_event WHERE id = $ce5"), '3 grave',
	'shard wz back: a credit event recorded there reaches shard hz (the subscriptions resumed)');
is($province->safe_psql('sa', $all_events), $node{nb}->safe_psql('sa', $all_events), 'the province node and shard nb hold the same events after the restart');
is(scalar(@{ $acked{wz} }), 7, 'shard wz back: 温州 calls work again (4 before, 3 after)');
for my $c (@city)
{
	my $list = join(',', @{ $acked{$c} });
	is($node{$c}->safe_psql('sa', "SELECT count(*) FROM service_affair.cases WHERE id IN ($list)"), scalar(@{ $acked{$c} }),
		"every acknowledged case of $c is on shard $c after the restart");
}
# a shard of the map that is not attached: an error naming it, never a partial figure
$province->safe_psql('sa', "SELECT service_affair_province.detach_shard('wz')");
($rc, $out, $err) = $province->psql('sa', 'SELECT * FROM service_affair_province.efficiency');
like($err, qr/shard wz is not attached/, 'a shard left out of the province views: they raise 55000 naming it');
$province->safe_psql('sa', "SELECT service_affair_province.attach_shard('wz')");
is($province->safe_psql('sa', 'SELECT sum(submitted) FROM service_affair_province.efficiency_overall'), 44 + 1 + 29, 'reattached: every case counted, acknowledged load included');
# a shard of the map without a PL/Proxy server on the router (hz's renamed):
# complaint_sla_sweep() sweeps the others and then names it, 23503 as a call
# to it is (until 2026-12-05 cluster()'s 23503 ended the sweep at hz, the
# first of the map: nb and wz were not swept)
$router->safe_psql('sa', 'ALTER SERVER hz RENAME TO hz_renamed');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.complaint_sla_sweep()");
like($err, qr/ERROR:  23503: no PL\/Proxy server for shard hz\n.*DETAIL:  complaint_sla_sweep\(\) swept shards nb, wz \(\d+ changes\) and not hz: no foreign server of wrapper plproxy is named so on this router\./s,
	'complaint_sla_sweep() with no PL/Proxy server for hz on the router: nb and wz swept, then 23503 naming hz') or diag($err);
$router->safe_psql('sa', 'ALTER SERVER hz_renamed RENAME TO hz');
like($router->safe_psql('sa', 'SELECT service_affair_router.complaint_sla_sweep()'), qr/^\d+$/, '... hz\'s server back: the sweep runs on every shard');

# a shard that never answers (a listener that accepts the connection and
# sends nothing: a hung postmaster, a half-open proxy) bounds a routed call
# how?  PL/Proxy 2.10 has no connect timeout: its server option
# connect_timeout is refused (its list of cluster options has none; the
# field it would set is never set), and connect_timeout in p0 is libpq's,
# which PQconnectStart/PQconnectPoll ignore.  The router's statement_timeout
# ends the call (doc/scale.md, "A shard that does not answer")
{
	($rc, $out, $err) = $router->psql('sa', "ALTER SERVER wz OPTIONS (ADD connect_timeout '2')");
	like($err, qr/invalid server option: connect_timeout/, 'PL/Proxy 2.10 refuses a server option connect_timeout: it has none') or diag($err);
	my $listener = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 8, Proto => 'tcp', ReuseAddr => 1)
		or die "listener: $!";
	my $lport = $listener->sockport;
	my $p0 = $router->safe_psql('sa', "SELECT option_value FROM pg_options_to_table((SELECT srvoptions FROM pg_foreign_server WHERE srvname = 'wz')) WHERE option_name = 'p0'");
	$router->safe_psql('sa', "ALTER SERVER wz OPTIONS (SET p0 'host=127.0.0.1 port=$lport dbname=sa connect_timeout=1')");
	my $t0 = [gettimeofday];
	($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET statement_timeout = '3s'; SELECT * FROM service_affair_router.case_progress($wz_first, '$company{wz}')");
	my $took = tv_interval($t0);
	like($err, qr/ERROR:  57014: canceling statement due to statement timeout/, 'a read routed to a shard that never answers: the router\'s statement_timeout ends it (57014)') or diag($err);
	cmp_ok($took, '>=', 2.8, "... connect_timeout=1 in p0 did not end it sooner (${took} s)");
	cmp_ok($took, '<', 15, "... it gave up within the router's statement_timeout (3 s; ${took} s)");
	$router->safe_psql('sa', "ALTER SERVER wz OPTIONS (SET p0 '$p0')");
	close $listener;
	like($router->safe_psql('sa', "SELECT count(*) FROM service_affair_router.case_progress($wz_first, '$company{wz}')"), qr/^\d+$/, '... wz\'s address back: the call answers');
}

# shard_status() within its bound (service_affair_province.status_timeout,
# here 1 s for hz, taken by attach_shard()): it reads each shard through
# the shard's status server sa_status_<name>, whose connection ends each
# statement on the shard after the bound.  A session on hz holds the ACCESS
# EXCLUSIVE lock of its cases (in the field: millions of cases under a
# short limit), so the count waits there: shard_status() answers within the
# bound with hz up (it answers its liveness probe) and cases NULL, the error
# naming hz; then a session holds the lock of hz's pg_namespace, which the
# probe reads: hz down, the error naming hz, within the bound.  hz's own
# server has no limit here (until 2026-12-05 shard_status() read through it
# and waited for the lock; before, the count was the probe and its 57014
# ended the call); this session's own statement_timeout (8 s) bounds the
# test.  Then find_case() and the views under the lock, with hz's own limit
my $hz_first = $node{hz}->safe_psql('sa', 'SELECT min(id) FROM service_affair.cases');
{
	($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nSET service_affair_province.status_timeout = 'soon'; SELECT service_affair_province.attach_shard('hz')");
	like($err, qr/ERROR:  22023: invalid service_affair_province\.status_timeout: soon/, 'attach_shard() with a status_timeout that is no duration: 22023 naming it') or diag($err);
	$province->safe_psql('sa', "SET service_affair_province.status_timeout = '1s'; SELECT service_affair_province.attach_shard('hz')");
	like($province->safe_psql('sa', "SELECT array_to_string(srvoptions, ' ') FROM pg_foreign_server WHERE srvname = 'sa_status_hz'"),
		qr/options=-c statement_timeout=1000 connect_timeout=2$/, 'attach_shard() makes hz\'s status server: hz\'s options, statement_timeout 1000 ms (status_timeout 1s), connect_timeout 2 s');
	my $lock = $node{hz}->background_psql('sa');
	$lock->query_safe('BEGIN; LOCK TABLE service_affair.cases IN ACCESS EXCLUSIVE MODE');
	my $status = "SET statement_timeout = '8s'; SELECT shard || ':' || reachable || ':' || coalesce(cases::text, 'NULL') || ':' || coalesce(error, '') FROM service_affair_province.shard_status() ORDER BY shard";
	my $t0 = [gettimeofday];
	($rc, $out, $err) = $province->psql('sa', $status);
	my $took = tv_interval($t0);
	is($rc, 0, 'hz\'s cases locked, hz\'s own server without a limit: shard_status() answers (the call does not fail)') or diag($err);
	like($out, qr/^hz:true:NULL:57014: canceling statement due to statement timeout \(shard hz answers; the count of its cases did not finish within its status bound, 1000 ms: service_affair_province\.status_timeout\)\nnb:true:\d+:\nwz:true:\d+:$/,
		'... hz in its row as up (it answers its probe), cases NULL, the error naming hz and the bound; nb and wz up with their counts') or diag($out);
	cmp_ok($took, '<', 4, "... within the bound, 1 s, not hz's lock (${took} s)");
	# a changed status_timeout applies at the next shard_status(), in a
	# session whose connection to hz's status server was made under the
	# former bound (postgres_fdw makes it again): until 2026-12-05 (a
	# review) only attach_shard() took the setting, and this call still
	# ended hz's count after 1000 ms
	$t0 = [gettimeofday];
	($rc, $out, $err) = $province->psql('sa', "SELECT count(*) FROM service_affair_province.shard_status(); SET service_affair_province.status_timeout = '2500ms'; $status");
	$took = tv_interval($t0);
	like($out, qr/^3\nhz:true:NULL:57014: canceling statement due to statement timeout \(shard hz answers; the count of its cases did not finish within its status bound, 2500 ms: service_affair_province\.status_timeout\)\n/,
		'status_timeout changed to 2500ms: the next shard_status() ends hz\'s count after 2500 ms, not the 1000 ms attach_shard() took') or diag("$out $err");
	cmp_ok($took, '>=', 3, "... the first call's 1 s and the second's 2.5 s (${took} s)");
	like($province->safe_psql('sa', "SELECT array_to_string(srvoptions, ' ') FROM pg_foreign_server WHERE srvname = 'sa_status_hz'"),
		qr/options=-c statement_timeout=2500 connect_timeout=2$/, '... hz\'s status server has the new bound (connect_timeout hz\'s own, 2 s)');
	$province->safe_psql('sa', "SET service_affair_province.status_timeout = '1s'; SELECT count(*) FROM service_affair_province.shard_status()");
	like($province->safe_psql('sa', "SELECT array_to_string(srvoptions, ' ') FROM pg_foreign_server WHERE srvname = 'sa_status_hz'"),
		qr/options=-c statement_timeout=1000 connect_timeout=2$/, '... and back to 1s at the next call that sets it');
	$lock->query_safe('ROLLBACK');
	# the probe's wait, in a session whose connections to the shards are
	# made before the lock (a new connection to hz may wait for
	# pg_namespace in its own start, when hz rebuilds its relcache init
	# file: it then ends at connect_timeout, 2 s here, 08001 "timeout
	# expired", also a row)
	my $prov_bg = $province->background_psql('sa', on_error_stop => 0);
	$prov_bg->query_safe("SET statement_timeout = '8s'; SELECT count(*) FROM service_affair_province.shard_status()");
	$lock->query_safe('BEGIN; LOCK TABLE pg_catalog.pg_namespace IN ACCESS EXCLUSIVE MODE');
	$t0 = [gettimeofday];
	($out, $rc) = $prov_bg->query($status);
	$took = tv_interval($t0);
	is($rc, 0, 'hz\'s pg_namespace locked (the probe waits): shard_status() answers (the call does not fail)') or diag($prov_bg->{stderr});
	like($out, qr/^hz:false:NULL:57014: canceling statement due to statement timeout \(shard hz did not answer its liveness probe within its status bound, 1000 ms: service_affair_province\.status_timeout\)\nnb:true:\d+:\nwz:true:\d+:$/,
		'... hz in its row as down, the error naming hz and the bound; nb and wz up with their counts') or diag($out);
	cmp_ok($took, '<', 4, "... within the bound, 1 s, not hz's lock (${took} s)");
	$prov_bg->quit;
	$lock->query_safe('ROLLBACK');
	$lock->query_safe('BEGIN; LOCK TABLE service_affair.cases IN ACCESS EXCLUSIVE MODE');
	$province->safe_psql('sa', "ALTER SERVER hz OPTIONS (ADD options '-c statement_timeout=1s')");
	# find_case() of a hz case under the same lock: 57014 naming hz (until
	# 2026-12-05 the shard's 57014 came through bare, naming no shard)
	($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nSELECT * FROM service_affair_province.find_case($hz_first)");
	like($err, qr/ERROR:  57014: shard hz serving region 3301\* did not answer in time.*DETAIL:  find_case\(\) reads case $hz_first on the shards that may hold it \(hz\) and none of those reached holds it: shard hz \(regions 3301\*\) ended the read by its own statement_timeout: canceling statement due to statement timeout/s,
		'find_case() of a hz case while hz\'s read outlasts its statement_timeout: 57014 naming the shard and its regions') or diag($err);
	# an analyst's province view under the same lock: 57014 naming hz (until
	# 2026-12-05 shard_rows() passed the shard's 57014 through bare)
	($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nSET ROLE analyst_p; SELECT * FROM service_affair_province.efficiency_overall");
	like($err, qr/ERROR:  57014: shard hz serving region 3301\* did not answer in time.*DETAIL:  The province views need every shard: shard hz \(regions 3301\*\) ended the read by its own statement_timeout: canceling statement due to statement timeout/s,
		'an analyst reads efficiency_overall while hz\'s read outlasts its statement_timeout: 57014 naming the shard and its regions') or diag($err);
	$province->safe_psql('sa', "ALTER SERVER hz OPTIONS (DROP options)");
	$lock->query_safe('ROLLBACK');
	$lock->quit;
	is($province->safe_psql('sa', "SELECT string_agg(shard || ':' || reachable, ' ' ORDER BY shard) FROM service_affair_province.shard_status()"),
		'hz:true nb:true wz:true', 'hz\'s lock released: every shard answers again');
	# a shard attached before the status server (its probe on its own
	# server), or before the probe: read as then, through its own server,
	# note says so; attached again, through its status server
	$province->safe_psql('sa', "DROP SERVER sa_status_nb CASCADE; CREATE FOREIGN TABLE sa_shard_nb.probe () SERVER nb OPTIONS (schema_name 'pg_catalog', table_name 'pg_namespace')");
	like($province->safe_psql('sa', "SELECT reachable || ':' || (cases > 0) || ':' || coalesce(error, '') || ':' || coalesce(note, '') FROM service_affair_province.shard_status() WHERE shard = 'nb'"),
		qr/^true:true::attached before the status server: read through server nb, bounded only by the shard's own statement_timeout; run service_affair_province\.attach_shard\('nb'\) again/,
		'nb attached before the status server: read through its own server, counted, note says so');
	$province->safe_psql('sa', "DROP FOREIGN TABLE sa_shard_nb.probe");
	like($province->safe_psql('sa', "SELECT reachable || ':' || (cases > 0) || ':' || coalesce(note, '') FROM service_affair_province.shard_status() WHERE shard = 'nb'"),
		qr/^true:true:attached before the liveness probe and the status server \(the count is the probe\): read through server nb/,
		'nb attached before the probe: the count is the probe, note says so');
	$province->safe_psql('sa', "SELECT service_affair_province.attach_shard('nb')");
	is($province->safe_psql('sa', "SELECT reachable || ':' || (cases > 0) || ':' || coalesce(note, 'NULL') FROM service_affair_province.shard_status() WHERE shard = 'nb'"),
		'true:true:NULL', 'nb attached again: read through its status server, no note');
	# a server of the status server's name that attach_shard() did not
	# make is left alone
	$province->safe_psql('sa', "ALTER SERVER sa_status_hz RENAME TO sa_status_hz_made; CREATE SERVER sa_status_hz FOREIGN DATA WRAPPER postgres_fdw");
	($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_province.attach_shard('hz')");
	like($err, qr/ERROR:  42710: server sa_status_hz exists and is not the status server of shard hz/, 'attach_shard() with a server sa_status_hz it did not make: 42710 naming it') or diag($err);
	is($province->safe_psql('sa', "SELECT count(*) FROM pg_foreign_server WHERE srvname IN ('sa_status_hz', 'sa_status_hz_made')"), '2', '... that server left alone');
	$province->safe_psql('sa', "DROP SERVER sa_status_hz; ALTER SERVER sa_status_hz_made RENAME TO sa_status_hz");
	# a shard name of 54 bytes or more: sa_status_<name> would be cut to 63
	# bytes, and two such shards sharing their first 53 would share it (the
	# second attach_shard() dropping the first's, CASCADE): 22023, nothing
	# made (until 2026-12-05 attached with a NOTICE, the name cut)
	my $long = ('x' x 53) . 'a';
	($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nBEGIN;\n"
		. "INSERT INTO service_affair_shard.shard (name, number) VALUES ('$long', 9000);\n"
		. "CREATE SERVER $long FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '" . $node{hz}->host . "', port '" . $node{hz}->port . "', dbname 'sa');\n"
		. "CREATE USER MAPPING FOR CURRENT_USER SERVER $long OPTIONS (user 'province_reader');\n"
		. "SELECT service_affair_province.attach_shard('$long');\nROLLBACK;");
	like($err, qr/ERROR:  22023: shard name x{53}a is too long for its status server\nDETAIL:  .*at most 53 bytes \(x{53}a has 54\)/,
		'attach_shard() of a shard named with 54 bytes: 22023, its status server\'s name would be cut') or diag($err);
	# detach_shard() drops only a status server attach_shard() made: nb
	# attached before the status server, a server sa_status_nb of someone
	# else's is left (until 2026-12-05 dropped, CASCADE)
	$province->safe_psql('sa', "DROP SERVER sa_status_nb CASCADE; CREATE SERVER sa_status_nb FOREIGN DATA WRAPPER postgres_fdw");
	is($province->safe_psql('sa', "BEGIN; SELECT service_affair_province.detach_shard('nb'); SELECT count(*) FROM pg_foreign_server WHERE srvname = 'sa_status_nb'; ROLLBACK"),
		"2\n1", 'detach_shard() leaves a server sa_status_nb it did not make');
	$province->safe_psql('sa', "DROP SERVER sa_status_nb; SELECT service_affair_province.attach_shard('nb')");
	is($province->safe_psql('sa', "BEGIN; SELECT service_affair_province.detach_shard('nb'); SELECT count(*) FROM pg_foreign_server WHERE srvname = 'sa_status_nb'; ROLLBACK"),
		"2\n0", '... and drops the status server it made');
	# a shard's connect_timeout of 0 (libpq: wait for ever) is no bound:
	# the status server's is the bound, 5 s by default (until 2026-12-05 0)
	is($province->safe_psql('sa', "BEGIN; ALTER SERVER hz OPTIONS (SET connect_timeout '0'); SELECT service_affair_province.attach_shard('hz') > 0; "
			. "SELECT o.option_value FROM pg_foreign_server f, pg_options_to_table(f.srvoptions) o WHERE f.srvname = 'sa_status_hz' AND o.option_name = 'connect_timeout'; ROLLBACK"),
		"t\n5", 'hz\'s server with connect_timeout 0: its status server\'s connect_timeout is the bound, 5 s');
	# the status server's user mappings follow the shard's server's (event
	# triggers sa_province_status_mappings, _drop; sync_status_mappings()),
	# and only those shard_status() can use, its owner's and PUBLIC's: until
	# 2026-12-05 attach_shard() copied every mapping of the shard's server
	# once, and a password rotated, a mapping added or dropped on it was
	# not seen by shard_status() until the next attach_shard() (it said hz
	# answered while hz's own reads failed).  A role "sa_ms_nosuch" that
	# hz does not have stands for credentials hz refuses
	my $su = $province->safe_psql('sa', 'SELECT current_user');
	my $hz_maps = "SELECT srvname || ':' || usename || ':' || coalesce(array_to_string(umoptions, ','), '') FROM pg_user_mappings WHERE srvname IN ('hz', 'sa_status_hz') ORDER BY srvname, usename";
	my $hz_row = "SELECT reachable || ':' || coalesce(error, '') FROM service_affair_province.shard_status() WHERE shard = 'hz'";
	$province->safe_psql('sa', 'CREATE ROLE sa_ms_other');
	is($province->safe_psql('sa', "BEGIN; CREATE USER MAPPING FOR sa_ms_other SERVER hz OPTIONS (user 'x', password 'y'); "
			. "SELECT service_affair_province.attach_shard('hz') > 0; $hz_maps; ROLLBACK"),
		"t\nhz:$su:user=province_reader\nhz:sa_ms_other:user=x,password=y\nsa_status_hz:$su:user=province_reader",
		'attach_shard() gives hz\'s status server the mapping shard_status() uses (its owner\'s), not another role\'s (sa_ms_other\'s password stays on hz alone)');
	like($province->safe_psql('sa', "BEGIN; ALTER USER MAPPING FOR CURRENT_USER SERVER hz OPTIONS (SET user 'sa_ms_nosuch'); $hz_maps; $hz_row; ROLLBACK"),
		qr/^hz:$su:user=sa_ms_nosuch\nsa_status_hz:$su:user=sa_ms_nosuch\nfalse:08001: could not connect to server "sa_status_hz": .*role "sa_ms_nosuch" does not exist$/s,
		'ALTER USER MAPPING on hz (credentials rotated): its status server\'s mapping follows at once, shard_status() reads hz as its own server does');
	like($province->safe_psql('sa', "BEGIN; DROP USER MAPPING FOR CURRENT_USER SERVER hz; $hz_maps; $hz_row; "
			. "CREATE USER MAPPING FOR PUBLIC SERVER hz OPTIONS (user 'sa_ms_nosuch'); $hz_maps; $hz_row; ROLLBACK"),
		qr/^false:42704: user mapping not found for "$su"\nhz:public:user=sa_ms_nosuch\nsa_status_hz:public:user=sa_ms_nosuch\nfalse:08001: could not connect to server "sa_status_hz": .*role "sa_ms_nosuch" does not exist$/s,
		'DROP USER MAPPING on hz: dropped on its status server too (shard_status(): no mapping, as hz\'s own reads); CREATE USER MAPPING FOR PUBLIC: made there too');
	# an operator who is not a superuser, owner of hz's server (USAGE on
	# postgres_fdw), rotates the province's credentials for hz: the trigger
	# (SECURITY DEFINER, the extension's owner, who owns the status servers)
	# follows; the operator's DDL of another server is left alone
	like($province->safe_psql('sa', "BEGIN; CREATE ROLE sa_ms_op; GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO sa_ms_op; ALTER SERVER hz OWNER TO sa_ms_op; "
			. "SET ROLE sa_ms_op; ALTER USER MAPPING FOR \"$su\" SERVER hz OPTIONS (SET user 'sa_ms_nosuch'); "
			. "CREATE SERVER sa_ms_mine FOREIGN DATA WRAPPER postgres_fdw; CREATE USER MAPPING FOR sa_ms_op SERVER sa_ms_mine OPTIONS (user 'a', password 'b'); "
			. "DROP USER MAPPING FOR sa_ms_op SERVER sa_ms_mine; RESET ROLE; $hz_maps; $hz_row; ROLLBACK"),
		qr/^hz:$su:user=sa_ms_nosuch\nsa_status_hz:$su:user=sa_ms_nosuch\nfalse:08001: .*role "sa_ms_nosuch" does not exist$/s,
		'hz\'s server owned by an operator who is not a superuser: the operator\'s ALTER USER MAPPING is followed on the status server');
	is($province->safe_psql('sa', "DROP ROLE sa_ms_other; $hz_maps; $hz_row"), "hz:$su:user=province_reader\nsa_status_hz:$su:user=province_reader\ntrue:",
		'... all rolled back: hz\'s status server as attach_shard() made it, hz answers');
	# a status server renamed by hand is still hz's (status_servers(): the
	# one its probe reads through, its COMMENT saying attach_shard() made
	# it): shard_status() reads both the probe and the count through it, its
	# mappings follow hz's, detach_shard() and a re-attach drop it (until
	# 2026-12-05 the count went through hz's own server, unbounded, with the
	# note of a shard attached before the status server, the mappings were
	# not followed and the renamed server was left behind)
	$province->safe_psql('sa', 'ALTER SERVER sa_status_hz RENAME TO sa_ms_renamed');
	is($province->safe_psql('sa', "SELECT reachable || ':' || (cases > 0) || ':' || coalesce(note, 'NULL') FROM service_affair_province.shard_status() WHERE shard = 'hz'"),
		'true:true:NULL', 'hz\'s status server renamed by hand: shard_status() reads hz through it, bounded, no note');
	like($province->safe_psql('sa', "BEGIN; ALTER USER MAPPING FOR CURRENT_USER SERVER hz OPTIONS (SET user 'sa_ms_nosuch'); "
			. "SELECT srvname || ':' || usename || ':' || coalesce(array_to_string(umoptions, ','), '') FROM pg_user_mappings WHERE srvname = 'sa_ms_renamed'; $hz_row; ROLLBACK"),
		qr/^sa_ms_renamed:$su:user=sa_ms_nosuch\nfalse:08001: could not connect to server "sa_ms_renamed": .*role "sa_ms_nosuch" does not exist$/s,
		'... its mapping follows hz\'s');
	is($province->safe_psql('sa', "BEGIN; SELECT service_affair_province.detach_shard('hz'); SELECT count(*) FROM pg_foreign_server WHERE srvname IN ('sa_ms_renamed', 'sa_status_hz'); ROLLBACK"),
		"2\n0", '... detach_shard() drops it');
	is($province->safe_psql('sa', "SET service_affair_province.status_timeout = '1s'; SELECT service_affair_province.attach_shard('hz') > 0; "
			. "SELECT string_agg(srvname, ',' ORDER BY srvname) FROM pg_foreign_server WHERE srvname IN ('sa_ms_renamed', 'sa_status_hz'); $hz_maps"),
		"t\nsa_status_hz\nhz:$su:user=province_reader\nsa_status_hz:$su:user=province_reader", '... attach_shard() again drops it and makes sa_status_hz');
	# hz's server altered (moved to another port: here one where nothing
	# listens): its status server's options follow at once, so that
	# shard_status() reads where hz's own reads go (event trigger
	# sa_province_status_follow, sync_status_options(); until 2026-12-05 at
	# the next attach_shard(), hz reported up at its former address)
	like($province->safe_psql('sa', "BEGIN; ALTER SERVER hz OPTIONS (SET port '1'); SELECT array_to_string(srvoptions, ' ') FROM pg_foreign_server WHERE srvname = 'sa_status_hz'; $hz_row; ROLLBACK"),
		qr/^host=\S+ port=1 dbname=sa options=-c statement_timeout=1000 connect_timeout=2\nfalse:08001: could not connect to server "sa_status_hz": .*\.s\.PGSQL\.1"/s,
		'ALTER SERVER hz (its port): hz\'s status server follows, the bound kept; shard_status() reads hz where its own server points');
}

# -- moving a region between shards: 温州 (3303*) from shard wz to shard nb -------------------------
# The single node receives what the shards acknowledged since the views were
# last compared, so that the province views can be compared with it at
# every step of the move.
run_script($province, 'single', join("\n", "\\set ON_ERROR_STOP 1",
	"INSERT INTO service_affair.applicant (kind, resident_id, name, region) VALUES ('person', '$moved', 'moved', '330225');",
	"SELECT service_affair.submit('hz_biz', '$moved', '{form}', 'window', '{}', '2026-12-01 09:00+08', point => 'HZ-C');",
	"SELECT service_affair.receive_complaint('12345', 'complaint', 'x', '2026-12-02 10:00+08', department => 'NB_MKT');",
	@acked_calls), 'the single node receives the calls the shards acknowledged meanwhile');
my @periods_move = map { "$_('2026-11-01', '2026-12-31')" } @periods;
# every province view and period function = the single node's
sub views_match
{
	my ($step) = @_;
	for my $v (@views, @periods_move)
	{
		my $want = view_rows('single', 'service_affair', $v);
		is(view_rows('sa', 'service_affair_province', $v), $want, "$step: province $v = the single node's ($want)");
	}
	is(queue_of('sa', 'clerk_wz', 'service_affair_province.complaint_queue'), queue_of('single', 'clerk_wz', 'service_affair.complaint_queue'),
		"$step: the 温州 clerk's province-wide complaint_queue = the single node's (each complaint once)");
}
# settled cases move too (issue 17, part 1.1, slice 2): two more 温州 cases,
# one suspended and resumed, one received in 宁波 (通办: its legs closed by
# receive_originals() and delivery) and rated badly with its rectification
# closed, the same on the single node; then wz settles every 温州 case that can be
# (settle_cases() at a time past the quiet period; the single node settles
# nothing: settling changes no view)
# a licence whose number names a region wz keeps: a 温州 case received at a
# point of 330381 (a finer prefix of the map, served by wz, that stays there
# when 3303* moves) is numbered BIZLIC-330381-…; the case and the licence
# move with 温州, the number still names wz
$province->safe_psql('sa', "INSERT INTO service_affair.service_point (code, name, level, region) VALUES ('WZ81-C', 'WZ 81 centre', 'county', '330381');
	INSERT INTO service_affair_shard.shard_region VALUES ('330381', 'wz');");
$province->safe_psql('single', "INSERT INTO service_affair.service_point (code, name, level, region) VALUES ('WZ81-C', 'WZ 81 centre', 'county', '330381');");
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
my %lic81;
for my $side ([ 'r', $router, 'sa', 'service_affair_router', $node{wz}, 'sa' ], [ 's', $province, 'single', 'service_affair', $province, 'single' ])
{
	my ($key, $n, $db, $api, $holder, $hdb) = @$side;
	my $c = $n->safe_psql($db, "SELECT $api.submit('wz_biz', '$company{wz}', '{form}', 'window', '{}', '2026-11-24 11:00+08', NULL, 'WZ81-C')");
	my $t = $holder->safe_psql($hdb, "SELECT id FROM service_affair.task WHERE case_id = $c");
	$n->safe_psql($db, "SELECT $api.complete_task($t, 'approved', '2026-11-25 11:00+08')");
	$lic81{$key} = $holder->safe_psql($hdb, "SELECT number FROM service_affair.licence WHERE case_id = $c");
}
like($lic81{r}, qr/^BIZLIC-330381-2026-\d{6}$/, "a 温州 case received at a point of 330381 (served by wz through a finer prefix): licence $lic81{r} on wz");
my (%settle_case, %settle_task);
for my $side ([ 'r', $router, 'sa', 'service_affair_router', $node{wz}, 'sa' ], [ 's', $province, 'single', 'service_affair', $province, 'single' ])
{
	my ($key, $n, $db, $api, $holder, $hdb) = @$side;
	my @c = map { $n->safe_psql($db, "SELECT $api.submit('$_->[0]', '$company{wz}', '{form}', 'window', '{}', '2026-11-24 $_->[1]:00+08', NULL, '$_->[2]')") }
		([ 'wz_biz', '08', 'WZ-C' ], [ 'nb_biz', '09', 'NB-C' ]);
	my @t = map { $holder->safe_psql($hdb, "SELECT id FROM service_affair.task WHERE case_id = $_") } @c;
	$n->safe_psql($db, "SELECT $api.suspend($t[0], 'expert_review', '2026-11-24 10:00+08'); SELECT $api.resume($t[0], '2026-11-25 10:00+08');
		SELECT $api.complete_task($t[0], 'approved', '2026-11-25 11:00+08'); SELECT $api.deliver($c[0], 'window', '2026-11-25 12:00+08');
		SELECT $api.rate($c[0], 5, 'online', NULL, '2026-11-25 13:00+08');
		SELECT $api.receive_originals($c[1], '2026-11-24 15:00+08');
		SELECT $api.complete_task($t[1], 'approved', '2026-11-25 11:00+08');");
	# the result comes back to NB-C (receive_result()), then the delivery.
	# Through the router: the case is on wz (which numbered it), not on nb,
	# the shard of the point; the router returns what the shard returns
	# (void: no value, no error), and passes on the shard's refusals
	if ($key eq 'r')
	{
		my $arrivals = sub { join ' ', map { $node{$_}->safe_psql('sa', "SELECT count(*) FROM service_affair.case_event WHERE kind = 'result_received'") } qw(hz nb wz) };
		my @before = split / /, $arrivals->();
		($rc, $out, $err) = $n->psql($db, "\\set VERBOSITY verbose\nSELECT pg_typeof($api.receive_result($c[1], '2026-11-25 11:30+08'))");
		is("$rc $out", '0 void', "receive_result() of the 通办 case (numbered by wz, received at NB-C) through the router: no error, void like the shard's") or diag($err);
		is($holder->safe_psql($hdb, "SELECT (l.done_at = '2026-11-25 11:30+08') || ' ' || e.kind || ' ' || (e.detail ->> 'point') FROM service_affair.case_leg l
			  JOIN service_affair.case_event e ON e.case_id = l.case_id AND e.kind = 'result_received' AND e.at = l.done_at
			 WHERE l.case_id = $c[1] AND l.leg = 'return'"), 'true result_received NB-C',
			'... recorded on wz, the shard holding the case: its return leg ends at the arrival, event result_received at NB-C');
		is($arrivals->(), "$before[0] $before[1] " . ($before[2] + 1),
			'... one arrival more on wz, none on hz or nb (nb serves the receiving point, not the case)');
		# the arrival again: 55000 from wz (no result on the way), the same
		# SQLSTATE, message and detail as wz gives when called directly
		my $again = "receive_result($c[1], '2026-11-25 11:40+08')";
		($rc, $out, $err) = $n->psql($db, "\\set VERBOSITY verbose\nSELECT $api.$again");
		my (undef, undef, $direct) = $holder->psql($hdb, "\\set VERBOSITY verbose\nSELECT service_affair.$again");
		like($err, qr/55000.*case $c[1] has no result on the way.*DETAIL:.*arrived at point NB-C/s,
			'receive_result() again through the router: 55000 from wz, the result has arrived') or diag($err);
		# (PL/Proxy puts "px_receive_result(3): [sa] REMOTE ERROR: " before
		# the message and "Remote detail: " before the detail)
		my $said = sub {
			my ($e) = @_;
			my ($st, $msg) = $e =~ /ERROR:\s+([0-9A-Z]{5}):\s+(?:[^\n]*?REMOTE ERROR:\s+)?([^\n]*)/;
			my ($det) = $e =~ /DETAIL:\s+(?:Remote detail:\s+)?([^\n]*)/;
			return defined $st ? "$st $msg / " . ($det // '') : 'no error';
		};
		is($said->($err), $said->($direct), "... the router's error = wz's own (SQLSTATE, message and detail)") or diag("$err\n$direct");
		# a case id no shard holds, by an administrator: 23503 from the
		# numbering shard (and its last holder), wz
		($rc, $out, $err) = $n->psql($db, "\\set VERBOSITY verbose\nSELECT $api.receive_result(3999999999999998, '2026-11-25 11:40+08')");
		like($err, qr/23503.*unknown case.*DETAIL:.*No case has id 3999999999999998/s, 'receive_result() of a case id no shard holds through the router, as an administrator: 23503 unknown case') or diag($err);
	}
	else
	{
		$n->safe_psql($db, "SELECT $api.receive_result($c[1], '2026-11-25 11:30+08')");
	}
	$n->safe_psql($db, "SELECT $api.deliver($c[1], 'window', '2026-11-25 12:00+08')");
	my $bad = $n->safe_psql($db, "SELECT $api.rate($c[1], 1, 'online', 'slow', '2026-11-25 13:00+08')");
	$holder->safe_psql($hdb, "SELECT service_affair.record_callback($bad, '2026-11-26 10:00+08'); SELECT service_affair.close_rectification($bad, 'apologised', '2026-11-26 11:00+08');");
	$settle_case{$key} = \@c;
	$settle_task{$key} = \@t;
}
my ($sc1, $sc2) = @{ $settle_case{r} };
my $st1 = $settle_task{r}[0];
my $wz_settled = $node{wz}->safe_psql('sa', "SELECT service_affair.settle_cases('2027-06-01 00:00+08')");
is($node{wz}->safe_psql('sa', "SELECT string_agg(settled::text, ' ' ORDER BY id) FROM service_affair.cases WHERE id IN ($sc1, $sc2)"), 'true true',
	"settle_cases() on wz settles $wz_settled 温州 cases, the suspended one and the 通办 one with a closed rectification among them");
cmp_ok($node{wz}->safe_psql('sa', 'SELECT count(*) FROM service_affair.cases WHERE NOT settled'), '>', 0,
	'and leaves open the cases that cannot settle (accepted, a leg under way, a rectification open)');
# request keys move with their region: a keyed submit() of a 温州 case and a
# keyed receive_complaint() about it, through the router before the move (on
# wz), the same on the single node; repeated after the move they must return
# the same case and complaint from nb (on the former code copy_region() left
# the keys on wz: nb made a second case, and the complaint's repeat failed)
my (%keyed_case, %keyed_cpl, %keyed_call, %keyed_rate, %keyed_credit);
for my $side ([ 'r', $router, 'sa', 'service_affair_router', $node{wz}, 'sa' ], [ 's', $province, 'single', 'service_affair', $province, 'single' ])
{
	my ($key, $n, $db, $api, $holder, $hdb) = @$side;
	$keyed_call{"${key}_case"} = "SELECT $api.submit('wz_biz', '$company{wz}', '{form}', 'window', '{}', '2026-11-26 09:00+08', NULL, 'WZ-C', request_key => 'wz-window/keymove')";
	$keyed_case{$key} = $n->safe_psql($db, $keyed_call{"${key}_case"});
	my $appl = $holder->safe_psql($hdb, "SELECT applicant FROM service_affair.cases WHERE id = $keyed_case{$key}");
	$keyed_call{"${key}_cpl"} = "SELECT $api.receive_complaint('12345', 'complaint', 'keyed before the move', '2026-11-26 10:00+08', case_id => $keyed_case{$key}, applicant => $appl, request_key => 'hotline/keymove')";
	$keyed_cpl{$key} = $n->safe_psql($db, $keyed_call{"${key}_cpl"});
	# a keyed rating of the case and a keyed credit event of its company
	# (until 2026-12-05 neither took a key)
	$keyed_call{"${key}_rate"} = "SELECT $api.rate($keyed_case{$key}, 4, 'window', 'keyed before the move', '2026-11-26 11:00+08', request_key => 'kiosk/keymove')";
	$keyed_rate{$key} = $n->safe_psql($db, $keyed_call{"${key}_rate"});
	$keyed_call{"${key}_credit"} = "SELECT $api.record_credit_event('$company{wz}', 'minor', 'keyed before the move', '2026-11-26 12:00+08', request_key => 'feed/keymove')";
	$keyed_credit{$key} = $n->safe_psql($db, $keyed_call{"${key}_credit"});
	# a keyed anonymous complaint naming no case, about a 温州 department:
	# it stays on wz when 3303 moves (only the complaints of its cases move)
	$keyed_call{"${key}_nocase"} = "SELECT $api.receive_complaint('12345', 'complaint', 'keyed, no case, before the move', '2026-11-26 13:00+08', department => 'WZ_MKT', request_key => 'hotline/nocase')";
	$keyed_cpl{"${key}_nocase"} = $n->safe_psql($db, $keyed_call{"${key}_nocase"});
	# the same by a 温州 clerk (the router's and the shards' grants)
	$keyed_call{"${key}_nocase_clerk"} = "SET ROLE clerk_wz; SELECT $api.receive_complaint('window', 'suggestion', 'keyed by a clerk, no case, before the move', '2026-11-26 13:30+08', department => 'WZ_MKT', request_key => 'window/nocase')";
	$keyed_cpl{"${key}_nocase_clerk"} = $n->safe_psql($db, $keyed_call{"${key}_nocase_clerk"});
}
is($node{wz}->safe_psql('sa', "SELECT count(*) FROM service_affair.complaint WHERE id = $keyed_cpl{r_nocase} AND case_id IS NULL"), '1',
	'the keyed complaint naming no case about WZ_MKT, through the router: received on wz');
my $keys_of = "SELECT string_agg(kind || ':' || coalesce(rating_id, case_id, complaint_id, credit_event_id), ' ' ORDER BY kind) FROM service_affair.case_request WHERE request_key IN ('wz-window/keymove', 'hotline/keymove', 'kiosk/keymove', 'feed/keymove')";
my $keys_r = "case:$keyed_case{r} complaint:$keyed_cpl{r} credit_event:$keyed_credit{r} rating:$keyed_rate{r}";
is($node{wz}->safe_psql('sa', $keys_of), $keys_r,
	'a keyed submit(), receive_complaint(), rate() and record_credit_event() of 温州 through the router: their keys on wz');
is($node{wz}->safe_psql('sa', "SELECT case_id FROM service_affair.case_request WHERE request_key = 'kiosk/keymove'"), $keyed_case{r},
	"... the rating's key naming its case");
# each table's settled rows of cases wz numbered: how many, and in which partition each lies (by key)
my @fam = qw(cases case_material case_event task task_suspension rating rectification case_leg commitment_check);
my %range = (cases => 'id', case_material => 'case_id', case_event => 'case_id', task => 'id', task_suspension => 'task_id',
	rating => 'id', rectification => 'rating_id', case_leg => 'case_id', commitment_check => 'case_id');
my %rkey = (cases => 'id', case_material => "case_id || '/' || material", case_event => "case_id || '/' || id", task => 'id',
	task_suspension => "task_id || '/' || suspended_at", rating => 'id', rectification => 'rating_id', case_leg => "case_id || '/' || leg",
	commitment_check => 'id');
sub settled_rows
{
	my ($n, $t) = @_;
	return $n->safe_psql('sa', "SELECT count(*) || ' ' || coalesce(md5(string_agg(k, ',' ORDER BY k)), '') FROM (
		SELECT x.tableoid::regclass::text || ':' || ($rkey{$t}) AS k FROM service_affair.$t x WHERE x.settled AND x.$range{$t} / 1000000000000000 = 3) y");
}
my $months = "SELECT string_agg(c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid), E'\n' ORDER BY c.relname) FROM pg_class c
	JOIN pg_inherits i ON i.inhrelid = c.oid WHERE i.inhparent::regclass::text ~ '_settled\$' AND c.relname ~ '_settled_k3_'";
my %wz_hist = map { $_ => settled_rows($node{wz}, $_) } @fam;
my %wz_rows = map { $_ => $node{wz}->safe_psql('sa', "SELECT count(*) FROM service_affair.$_") } @fam;
my $wz_months = $node{wz}->safe_psql('sa', $months);
is(join(' ', map { (split / /, $wz_hist{$_})[0] > 0 ? 1 : 0 } @fam), '1 1 1 1 1 1 1 1 0',
	'wz holds settled cases, materials, events, tasks, suspensions, ratings, rectifications and legs before the move (no commitment check in this load)');
is($node{nb}->safe_psql('sa', $months), '', 'nb has no month of the history for ids of wz yet');
views_match('before the move');
my ($wz_task, $wz_case) = split /\|/, $node{wz}->safe_psql('sa', "SELECT t.id || '|' || c.id FROM service_affair.task t JOIN service_affair.cases c ON c.id = t.case_id WHERE t.status = 'open' AND c.submitted_at = '2026-11-23 09:00+08'");
my $wz_cases = $node{wz}->safe_psql('sa', 'SELECT count(*) FROM service_affair.cases');
is($province->safe_psql('sa', "SELECT service_affair_shard.begin_region_move('3303', 'nb')"), 'wz', 'begin_region_move(3303, nb): 温州 leaves shard wz');
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.submit('wz_biz', '$company{wz}', '{form}', 'window', '{}', '2026-12-03 09:00+08', NULL, 'WZ-C')");
like($err, qr/55000.*region 330302 is moving from shard wz to shard nb/s, 'while 温州 moves, a submission for it: 55000 naming the region and both shards');
# a read too: the answer is there once the move is finished, unknown
# meanwhile would be false
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.verify_licence('$wz_lic', '$company{wz}')");
like($err, qr/55000.*region 330302 is moving from shard wz to shard nb.*HINT:  Retry in a few minutes/s, "while 温州 moves, verify_licence of a 温州 number ($wz_lic): 55000 with the retry hint, not unknown");
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.complete_task($wz_task, 'approved', '2026-12-03 10:00+08')");
like($err, qr/55000.*task $wz_task cannot be changed while its region is being moved.*Nothing was written/s,
	'while 温州 moves, a call by the id of one of its tasks: 55000 from wz, not naming the region');
is($node{wz}->safe_psql('sa', "SELECT status FROM service_affair.task WHERE id = $wz_task"), 'open', 'the task is untouched on wz');
# the refusal does not depend on the router: the PL/Proxy functions are
# granted with the router functions, and a caller may name the shard itself
my $wz_state = "SELECT (SELECT count(*) FROM service_affair.cases) || ' ' || (SELECT count(*) FROM service_affair.case_event) || ' '
	|| (SELECT status FROM service_affair.task WHERE id = $wz_task) || ' ' || (SELECT count(*) FROM service_affair.task WHERE assignee IS NOT NULL)";
my $wz_before = $node{wz}->safe_psql('sa', $wz_state);
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.px_submit('wz', 'wz_biz', '$company{wz}', '{form}', 'window', '{}', '2026-12-03 09:00+08', NULL, 'WZ-C', NULL, NULL, NULL)");
like($err, qr/55000.*region 330302 is moving from shard wz to shard nb/s, 'while 温州 moves, px_submit() naming shard wz directly: 55000 from wz (shard_case_home), naming the region');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.px_complete_task('wz', $wz_task, 'approved', '2026-12-03 10:00+08', NULL)");
like($err, qr/55000.*task $wz_task cannot be changed while its region is being moved.*DETAIL:.*is being moved to another shard.*Nothing was written/s,
	'while 温州 moves, px_complete_task() naming shard wz directly: 55000 from wz with its detail');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.px_claim_task('wz', 'WZ_MKT', NULL, '2026-12-03 10:00+08')");
like($err, qr/55000.*region 330302 is moving from shard wz to shard nb/s, 'while 温州 moves, px_claim_task() naming shard wz directly: 55000 naming the region');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.px_record_visit('wz', $wz_case, '2026-12-03 10:00+08', NULL)");
like($err, qr/55000.*case $wz_case cannot be changed while its region is being moved/s, 'while 温州 moves, px_record_visit() naming shard wz directly: 55000');
is($node{wz}->safe_psql('sa', $wz_state), $wz_before, 'nothing was written on wz: no case, no event, the task open, nothing claimed');
# the routing helper tells what the number says, not the id's region (it
# asked wz the id's region as its owner and raised 55000 naming it, or
# returned it for an id of a region not moving)
for my $q ([ $wz_case, 'case' ], [ $wz_task, 'task' ])
{
	($rc, $out, $err) = $router->psql('sa', "SET ROLE citizen; SELECT shard || ' ' || coalesce(for_region, 'none') FROM service_affair_router.shard_for_id($q->[0], '$q->[1]')");
	is("$out|$err", 'wz none|', "while 温州 moves, shard_for_id() of a $q->[1] id as the public role: the numbering shard, no region, no error naming it");
}
like($router->safe_psql('sa', "SELECT service_affair_router.submit('nb_biz', '$company{nb}', '{form}', 'window', '{}', '2026-12-03 09:00+08', NULL, 'NB-C')"),
	qr/^2\d{15}$/, 'while 温州 moves, 宁波 keeps working');
$province->safe_psql('single', "SELECT service_affair.submit('nb_biz', '$company{nb}', '{form}', 'window', '{}', '2026-12-03 09:00+08', NULL, 'NB-C')");
views_match('move begun');
$node{nb}->safe_psql('sa', "CREATE EXTENSION postgres_fdw; CREATE SERVER wz FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '" . $node{wz}->host
	. "', port '" . $node{wz}->port . "', dbname 'sa'); CREATE USER MAPPING FOR CURRENT_USER SERVER wz;");
# One identifier, one applicant holds on each shard, not across them: the
# 温州 resident whose case moves carries, for this check, characters valid
# as a resident id and as a USCC, which nb has given to an organisation.
# copy_region() refuses before it copies anything, naming the pair (on the
# former code the applicant's insert stopped the copy with the bare 23505 of
# applicant_identifier_chars, the characters in clear, no applicant named).
my $both = '33030219800101014X';
my $wz_res = $node{wz}->safe_psql('sa', "SELECT id FROM service_affair.applicant WHERE resident_id::text = '$person{wz}'");
is($node{wz}->safe_psql('sa', "SELECT service_affair.is_valid_resident_id('$both') AND service_affair.is_valid_uscc('$both')
	 AND EXISTS (SELECT FROM service_affair.cases WHERE applicant = $wz_res AND department = 'WZ_MKT')"), 't',
	"$both is valid as both kinds; the 温州 resident ($wz_res) has a case of 温州 on wz");
$node{wz}->safe_psql('sa', "UPDATE service_affair.applicant SET resident_id = '$both' WHERE id = $wz_res");
$node{nb}->safe_psql('sa', "INSERT INTO service_affair.applicant (id, kind, uscc, name) OVERRIDING SYSTEM VALUE VALUES (2999999999999, 'org', '$both', 'NB company of the same characters')");
my $nb_before = $node{nb}->safe_psql('sa', "SELECT (SELECT count(*) FROM service_affair.cases) || ' ' || (SELECT count(*) FROM service_affair.applicant) || ' ' || (SELECT count(*) FROM service_affair.case_request)");
($rc, $out, $err) = $node{nb}->psql('sa', "\\set VERBOSITY verbose\nSELECT * FROM service_affair_shard.copy_region('3303', 'wz')");
like($err, qr/55000: applicants of region 3303 on shard wz carry the identifiers of applicants of the other kind on shard nb \(1 pairs\)/,
	'copy_region(3303, wz) on nb, a wz resident under characters nb gives to an organisation: 55000 naming both shards, not 23505') or diag($err);
like($err, qr/DETAIL:  .*330302\*{8}014X: wz person $wz_res, nb organisation 2999999999999\.  Nothing was copied\./s,
	'... the detail names the pair: the characters masked, each applicant by shard, kind and id');
unlike($err, qr/$both/, '... and shows the characters nowhere in clear');
like($err, qr/HINT:  .*doc\/scale\.md, "Moving a region between shards"/, '... the hint points to the doc');
is($node{nb}->safe_psql('sa', "SELECT (SELECT count(*) FROM service_affair.cases) || ' ' || (SELECT count(*) FROM service_affair.applicant) || ' ' || (SELECT count(*) FROM service_affair.case_request)"),
	$nb_before, '... nothing was copied to nb: no case, no applicant, no request key');
$node{nb}->safe_psql('sa', "DELETE FROM service_affair.applicant WHERE id = 2999999999999");
$node{wz}->safe_psql('sa', "UPDATE service_affair.applicant SET resident_id = '$person{wz}' WHERE id = $wz_res");
my %copied = map { split /\|/ } split /\n/, $node{nb}->safe_psql('sa', "SELECT rel || '|' || copied FROM service_affair_shard.copy_region('3303', 'wz')");
is($copied{cases}, $wz_cases, "copy_region(3303, wz) on nb: the $wz_cases cases of 温州 with their ids");
is(join(' ', map { $copied{$_} // 'none' } @fam), join(' ', map { $wz_rows{$_} } @fam),
	'copy_region copies every row of every table of the case family, open and settled (' . join(' ', map { "$_:$wz_rows{$_}" } @fam) . ')');
is($copied{case_request}, 4, 'copy_region copies the request keys of the moved case, its rating, the complaint and the credit event of the region\'s company (case_request)');
is($node{nb}->safe_psql('sa', $keys_of), $keys_r, '... on nb, naming the same case, complaint, credit event and rating');
for my $t (@fam)
{
	is(settled_rows($node{nb}, $t), $wz_hist{$t}, "settled $t of 温州 on nb: as many as on wz, each in the month partition of the history it had there ($wz_hist{$t})");
}
is($node{nb}->safe_psql('sa', $months), $wz_months, 'nb made the months of the history the settled rows need, named and bounded as on wz (history_month())');
is($node{nb}->safe_psql('sa', 'SELECT ' . join(' + ', map { "(SELECT count(*) FROM service_affair.${_}_active x WHERE x.$range{$_} / 1000000000000000 = 3 AND x.$range{$_} IN (SELECT y.$range{$_} FROM service_affair.$_ y WHERE y.settled))" } @fam)
	. " + (SELECT count(*) FROM service_affair.cases_active WHERE id IN ($sc1, $sc2))"), '0',
	'no settled row came into an open partition on nb');
cmp_ok($copied{task} // 0, '>', 0, "and their tasks ($copied{task}), events, ratings, licences ($copied{licence}) ...");
# the copy on nb takes no write either while the move runs
my $nb_task = "SELECT status FROM service_affair.task WHERE id = $wz_task";
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.px_complete_task('nb', $wz_task, 'approved', '2026-12-03 10:00+08', NULL)");
like($err, qr/55000.*task $wz_task cannot be changed while its region is being moved/s, 'px_complete_task() naming shard nb, which holds the copy: 55000 too');
is($node{nb}->safe_psql('sa', $nb_task), 'open', 'the copied task is untouched on nb');
is($node{nb}->safe_psql('sa', "SELECT count(*) FROM service_affair.cases WHERE id / 1000000000000000 = 3"), $wz_cases, 'nb holds them under the numbers wz gave them');
cmp_ok($node{nb}->safe_psql('sa', "SELECT count(*) FROM service_affair.complaint WHERE case_id / 1000000000000000 = 3"), '>', 0,
	'and the complaints opened from bad ratings of 温州 cases: on both shards now');
is($province->safe_psql('sa', "SELECT service_affair_province.mixed('nb')::text || service_affair_province.mixed('wz')::text"), 'truefalse',
	'nb, the target, is mixed: it holds regions the map gives to wz');
views_match('rows copied to nb, map unchanged');
is($province->safe_psql('sa', "SELECT service_affair_shard.finish_region_move('3303')"), 'nb', 'finish_region_move(3303): 3303* is served by nb');
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
is($province->safe_psql('sa', "SELECT service_affair_province.mixed('nb')::text || service_affair_province.mixed('wz')::text"), 'falsetrue',
	'after finish_region_move, wz, the source, is mixed until settled');
views_match('map switched, rows still on wz');
# wz still holds the region's rows until drop_region(): they take no write
# (the router, asking wz first, goes on to nb; a direct call is refused)
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.px_complete_task('wz', $wz_task, 'approved', '2026-12-03 10:00+08', NULL)");
like($err, qr/23503.*unknown task.*DETAIL:.*has moved from this shard to another.*Nothing was written/s,
	'after finish_region_move, px_complete_task() naming wz, which still holds the copy: 23503 unknown task, as the router needs to ask nb');
is($node{wz}->safe_psql('sa', "SELECT status FROM service_affair.task WHERE id = $wz_task"), 'open', 'the task on wz is untouched (its copy is dropped next)');
# a claim by department naming wz: the copy takes no claim either (on the
# former code writable_department() checked a moving region only, and
# claim_task() claimed a task of the copy, lost with it by drop_region())
my $wz_claimed = "SELECT count(*) FROM service_affair.task WHERE assignee IS NOT NULL";
my $wz_claimed_before = $node{wz}->safe_psql('sa', $wz_claimed);
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.px_claim_task('wz', 'WZ_MKT', NULL, '2026-12-03 10:00+08')");
like($err, qr/55000.*department WZ_MKT is served by shard nb.*DETAIL:.*has moved from this shard \(wz\) to shard nb.*Nothing was written/s,
	'after finish_region_move, px_claim_task() naming wz for a department of the moved region: 55000, the copy takes no claim');
is($node{wz}->safe_psql('sa', $wz_claimed), $wz_claimed_before, 'nothing was claimed on wz');
# the router asks wz, the numbering shard, first: it goes on to nb.  wz's
# copy of the task is made to answer otherwise (opened later: "time precedes
# the opening"), so that the answer tells which shard ran the call; an
# invalid decision writes nothing on either
$node{wz}->safe_psql('sa', "SET session_replication_role = replica; UPDATE service_affair.task SET opened_at = '2026-12-04 10:00+08' WHERE id = $wz_task");
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.complete_task($wz_task, 'undecided', '2026-12-03 10:00+08')");
like($err, qr/22023.*invalid decision/s,
	'between finish_region_move and drop_region, complete_task through the router runs on nb (invalid decision), not on the copy wz still holds (time precedes the opening)');
# reads by id too: the router and the province node answer from nb, not from
# the copy wz still holds (its task made to answer otherwise: another due)
$node{wz}->safe_psql('sa', "SET session_replication_role = replica; UPDATE service_affair.task SET due = '2027-01-29' WHERE id = $wz_task");
my $progress = "SELECT status || ' ' || department || ' ' || due FROM %s($wz_case, '$company{wz}')";
my $nb_progress = $node{nb}->safe_psql('sa', sprintf($progress, 'service_affair.case_progress'));
is($node{wz}->safe_psql('sa', sprintf($progress, 'service_affair.case_progress')), 'accepted WZ_MKT 2027-01-29', "wz's copy of the moved case answers otherwise than nb ($nb_progress)");
is($router->safe_psql('sa', sprintf($progress, 'service_affair_router.case_progress')), $nb_progress,
	'between finish_region_move and drop_region, case_progress through the router answers from nb, not from the copy wz still holds');
is($router->safe_psql('sa', "SET ROLE citizen; " . sprintf($progress, 'service_affair_router.case_progress')), $nb_progress,
	'... for the public role too (the read guard readable_id() is granted to it on the shards)');
is($province->safe_psql('sa', "SELECT shard || ' ' || department FROM service_affair_province.find_case($wz_case)"), 'nb WZ_MKT',
	'between finish_region_move and drop_region, find_case() of a moved case reads nb, not the copy wz still holds');
# a licence is read by number, not by id: $lic81{r} names 330381, which wz
# keeps, so the router asks wz first; wz's copy (its case moved with 3303*)
# is made to answer otherwise (revoked), and the router must answer as nb
# (on the former code it answered from the copy)
$node{wz}->safe_psql('sa', "SET session_replication_role = replica; UPDATE service_affair.licence SET status = 'revoked', changed_at = '2026-12-03 09:00+08' WHERE number = '$lic81{r}'");
my $lic81_verify = "SELECT %s('$lic81{r}', '$company{wz}')";
my $lic81_nb_now = $node{nb}->safe_psql('sa', sprintf($lic81_verify, 'service_affair.verify_licence'));
is($node{wz}->safe_psql('sa', sprintf($lic81_verify, 'service_affair.verify_licence')), 'revoked', "wz's copy of $lic81{r} answers otherwise than nb ($lic81_nb_now)");
is($router->safe_psql('sa', sprintf($lic81_verify, 'service_affair_router.verify_licence')), $lic81_nb_now,
	"between finish_region_move and drop_region, verify_licence of $lic81{r} (its {region} stays with wz, its case moved to nb) answers from nb, not from wz's copy");
is($router->safe_psql('sa', "SET ROLE citizen; " . sprintf($lic81_verify, 'service_affair_router.verify_licence')), $lic81_nb_now,
	'... for the public role too (the read guard readable_licence() is granted to it on the shards)');
# wz's count of the cases left ended by wz's own statement_timeout (its
# cases locked, its server's limit 1 s): 57014 naming wz, nothing settled
# (until 2026-12-05 the shard's 57014 came through bare, naming no shard)
{
	my $lock = $node{wz}->background_psql('sa');
	$lock->query_safe('BEGIN; LOCK TABLE service_affair.cases IN ACCESS EXCLUSIVE MODE');
	$province->safe_psql('sa', "ALTER SERVER wz OPTIONS (ADD options '-c statement_timeout=1s')");
	($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nSELECT * FROM service_affair_province.settle_region_moves()");
	like($err, qr/ERROR:  57014: shard wz serving region \S+ did not answer in time.*DETAIL:  settle_region_moves\(\) counts the cases of prefix 3303 left on the shard it moved from, and settled nothing: shard wz \(regions [^)]*\) ended the read by its own statement_timeout/s,
		'settle_region_moves() while wz\'s count outlasts its statement_timeout: 57014 naming wz and its regions, nothing settled') or diag($err);
	$province->safe_psql('sa', "ALTER SERVER wz OPTIONS (DROP options)");
	$lock->query_safe('ROLLBACK');
	$lock->quit;
}
is($province->safe_psql('sa', "SELECT prefix || ' ' || from_shard || ' ' || to_shard || ' ' || cases_left || ' ' || settled FROM service_affair_province.settle_region_moves()"),
	"3303 wz nb $wz_cases false", 'settle_region_moves() before drop_region: wz still holds the cases, not settled');
my %dropped = map { split /\|/ } split /\n/, $node{wz}->safe_psql('sa', "SELECT rel || '|' || deleted FROM service_affair_shard.drop_region('3303')");
is($dropped{cases}, $wz_cases, 'drop_region(3303) on wz: its cases leave wz');
is($node{wz}->safe_psql('sa', 'SELECT count(*) FROM service_affair.cases'), '0', 'shard wz holds no case any more');
is($node{wz}->safe_psql('sa', 'SELECT ' . join(' + ', map { "(SELECT count(*) FROM service_affair.$_)" } @fam)), '0',
	'nor any row of the case family, open or settled');
is($node{wz}->safe_psql('sa', 'SELECT ' . join(' + ', map { "(SELECT count(*) FROM service_affair.${_}_settled)" } @fam)), '0',
	'its months of the history are empty');
is($dropped{case_request}, 4, 'drop_region deletes the request keys of the moved case, rating, complaint and credit event on wz');
is($node{wz}->safe_psql('sa', "SELECT count(*) FROM service_affair.credit_event WHERE note = 'keyed before the move'"), '1',
	'... the credit event itself stays on wz, which numbered it');
is($node{wz}->safe_psql('sa', "SELECT string_agg(request_key || ':' || complaint_id, ' ' ORDER BY request_key) FROM service_affair.case_request"),
	"hotline/nocase:$keyed_cpl{r_nocase} window/nocase:$keyed_cpl{r_nocase_clerk}",
	'wz holds no request key any more but those of the complaints naming no case, which stay on wz with them');
views_match('rows dropped on wz, not settled');
is($province->safe_psql('sa', "SELECT prefix || ' ' || from_shard || ' ' || cases_left || ' ' || settled FROM service_affair_province.settle_region_moves()"),
	'3303 wz 0 true', 'settle_region_moves() after drop_region: none left on wz, settled');
is($province->safe_psql('sa', "SELECT service_affair_province.mixed('wz')::text || count(*) FROM service_affair_province.settle_region_moves()"), 'false0',
	'settled: wz is read at the level of its rollups again, nothing left to settle');
views_match('after the move');
is($province->safe_psql('sa', "SELECT shard || ' ' || department FROM service_affair_province.find_case($wz_case)"), 'nb WZ_MKT',
	'find_case of a 温州 case number given by wz: found on nb');
# the keyed calls made on wz before the move, repeated through the router
# (as after an 08007): the same case and complaint, from nb, nothing new
($rc, $out, $err) = $router->psql('sa', $keyed_call{r_case});
is("$out|$err", "$keyed_case{r}|", 'the keyed submit() made before the move, repeated after it through the router: the same case');
($rc, $out, $err) = $router->psql('sa', $keyed_call{r_cpl});
is("$out|$err", "$keyed_cpl{r}|", 'the keyed receive_complaint() made before the move, repeated after it through the router: the same complaint');
($rc, $out, $err) = $router->psql('sa', $keyed_call{r_rate});
is("$out|$err", "$keyed_rate{r}|", 'the keyed rate() made before the move, repeated after it through the router: the same rating (not 23505)');
($rc, $out, $err) = $router->psql('sa', $keyed_call{r_credit});
is("$out|$err", "$keyed_credit{r}|", 'the keyed record_credit_event() made before the move, repeated after it through the router (now to nb): the same event');
is($node{nb}->safe_psql('sa', "SELECT (SELECT count(*) FROM service_affair.cases WHERE department = 'WZ_MKT' AND submitted_at = '2026-11-26 09:00+08')
	|| ' ' || (SELECT count(*) FROM service_affair.complaint WHERE body = 'keyed before the move')
	|| ' ' || (SELECT count(*) FROM service_affair.rating WHERE comment = 'keyed before the move')
	|| ' ' || (SELECT count(*) FROM service_affair.credit_event WHERE note = 'keyed before the move' AND id / 1000000000000 = 2)"), '1 1 1 0',
	'nb holds one case, one complaint and one rating of those calls, and recorded no credit event');
is($node{wz}->safe_psql('sa', "SELECT count(*) FROM service_affair.case_request"), '2', 'the repeats left no request key on wz (but those of the complaints naming no case)');
# the keyed complaint naming no case, repeated after the move: the router
# sends it to nb (WZ_MKT's shard now), and asks wz, where 3303 came from,
# for the key first: the same complaint, nothing received on nb (until
# 2026-12-05 nb, not knowing the key, received a second complaint)
(my $nocase_other = $keyed_call{r_nocase}) =~ s/keyed, no case, before the move/another complaint/;
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\n$nocase_other");
like($err, qr/23505.*request key 'hotline\/nocase' was used for another complaint.*received complaint $keyed_cpl{r_nocase} with request key/s,
	'the same key with another complaint naming no case after the move (routed to nb): 23505 from wz naming the first complaint, as on one node') or diag($err);
($rc, $out, $err) = $router->psql('sa', $keyed_call{r_nocase});
is("$out|$err", "$keyed_cpl{r_nocase}|", 'the keyed receive_complaint() naming no case made before the move, repeated after it through the router: the same complaint');
is($node{nb}->safe_psql('sa', "SELECT count(*) FROM service_affair.complaint WHERE body IN ('keyed, no case, before the move', 'another complaint')") . ' '
	. $node{wz}->safe_psql('sa', "SELECT count(*) FROM service_affair.complaint WHERE body IN ('keyed, no case, before the move', 'another complaint')"), '0 1',
	'... nb received no complaint of those calls, wz holds the one complaint');
($rc, $out, $err) = $router->psql('sa', $keyed_call{r_nocase_clerk});
is("$out|$err", "$keyed_cpl{r_nocase_clerk}|", '... by the 温州 clerk who received it: the same complaint (the router\'s key_sources(), px_keyed_complaint() and the shards\' keyed_complaint() granted)');
is($node{nb}->safe_psql('sa', "SELECT count(*) FROM service_affair.case_request WHERE request_key IN ('hotline/nocase', 'window/nocase')") . ' '
	. $node{nb}->safe_psql('sa', "SELECT count(*) FROM service_affair.complaint WHERE body = 'keyed by a clerk, no case, before the move'"), '0 0',
	'... and nb took no key of them, nor received the clerk\'s complaint');
# a new key after the move: asked of wz (no such key there), received on nb,
# and its repeat found there
my $after_call = "SELECT %s.receive_complaint('12345', 'complaint', 'keyed, no case, after the move', '2026-12-01 10:00+08', department => 'WZ_MKT', request_key => 'hotline/nocase-after')";
my $after_cpl = $router->safe_psql('sa', sprintf($after_call, 'service_affair_router'));
$province->safe_psql('single', sprintf($after_call, 'service_affair'));
is($router->safe_psql('sa', sprintf($after_call, 'service_affair_router')) . ' '
	. $node{nb}->safe_psql('sa', "SELECT count(*) FROM service_affair.complaint WHERE id = $after_cpl"), "$after_cpl 1",
	'a keyed complaint naming no case about WZ_MKT after the move, with a new key: received on nb; repeated, the same');
views_match('keyed calls repeated after the move');
is($router->safe_psql('sa', "SELECT status FROM service_affair_router.case_progress($wz_case, '$company{wz}')"), 'accepted',
	'case_progress through the router: the moved case, asked of wz then nb');
$router->safe_psql('sa', "SELECT service_affair_router.complete_task($wz_task, 'approved', '2026-12-03 10:00+08')");
is($node{nb}->safe_psql('sa', "SELECT status FROM service_affair.task WHERE id = $wz_task"), 'done',
	'complete_task of the moved task through the router: done on nb (wz said unknown task, nb was asked next)');
# a complaint wz numbered, moved with 3303 to nb (one from a bad rating of a
# 温州 case, received): the router asks wz first, which no longer knows it.
# A shard answers a clerk 42501 for an unknown complaint, the same words as
# for another's (it tells no one which ids exist; a review of 2026-12-05),
# and an administrator 23503: the router goes on to nb on both
my $wz_cpl = $node{nb}->safe_psql('sa', "SELECT min(id) FROM service_affair.complaint WHERE id / 1000000000000 = 3 AND status = 'received' AND case_id IS NOT NULL");
isnt($wz_cpl, '', "a received complaint numbered by wz is on nb after the move ($wz_cpl)");
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE clerk_wz; SELECT service_affair_router.assign_complaint($wz_cpl, 'WZ_MKT', '2026-12-03 12:00+08')");
is($rc . ' ' . $node{nb}->safe_psql('sa', "SELECT status || '/' || department FROM service_affair.complaint WHERE id = $wz_cpl"), '0 assigned/WZ_MKT',
	'a 温州 clerk assigns it through the router: wz refused (42501, not knowing it), nb was asked next') or diag($err);
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE clerk_wz; SELECT service_affair_router.reply_complaint(3999999999999, 'x', '2026-12-03 12:00+08')");
like($err, qr/42501.*permission denied for complaint 3999999999999/s, 'a complaint id no holder knows, by a clerk: 42501 from the last holder, as for another\'s');
# the task writers through the router by a reviewer (no administrator): wz
# no longer holds a moved task and answers 42501, the words it gives for
# another department's task (lock_task() tells no one which task ids exist;
# a review of 2026-12-05), and an administrator 23503: the router goes on to
# nb on both
$_->safe_psql('postgres', 'CREATE ROLE rev_wz LOGIN IN ROLE service_affair_reviewer')
	for ($province, $router, map { $node{ $_->[0] } } @shards);
$province->safe_psql('sa', "INSERT INTO service_affair.staff (login, department) VALUES ('rev_wz', 'WZ_MKT')");
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
# an open WZ_MKT task wz numbered, never suspended nor extended, due a day
# or more after its opening or claim (an extension is dated within the limit)
my ($rt, $rt_at) = split /\|/, $node{nb}->safe_psql('sa', "SELECT t.id || '|' || (greatest(t.opened_at, t.claimed_at) + interval '1 hour')
	  FROM service_affair.task t
	 WHERE t.id / 1000000000000000 = 3 AND NOT t.settled AND t.status = 'open' AND t.department = 'WZ_MKT' AND t.extended_at IS NULL
	   AND NOT EXISTS (SELECT FROM service_affair.task_suspension s WHERE s.task_id = t.id)
	   AND t.due > ((greatest(t.opened_at, t.claimed_at) + interval '1 hour') AT TIME ZONE 'Asia/Shanghai')::date
	 ORDER BY t.id LIMIT 1");
ok(defined $rt_at, "an open WZ_MKT task numbered by wz is on nb after the move ($rt)");
($rc, $out, $err) = $node{wz}->psql('sa', "\\set VERBOSITY verbose\nSET ROLE rev_wz; SELECT service_affair.suspend($rt, 'expert_review', '$rt_at')");
like($err, qr/42501.*permission denied for task $rt/s, 'wz answers the WZ_MKT reviewer 42501 for the moved task it no longer holds, as for another department\'s');
my $rt_state = "SELECT status || coalesce('/' || decision, '') || '/' || extension_days FROM service_affair.task WHERE id = $rt";
for my $step ([ "suspend($rt, 'expert_review', '$rt_at')", 'suspended/0' ],
	[ "resume($rt, timestamptz '$rt_at' + interval '1 hour')", 'open/0' ],
	[ "extend($rt, 2, 'site visit', timestamptz '$rt_at' + interval '2 hours')", 'open/2' ],
	[ "complete_task($rt, 'approved', timestamptz '$rt_at' + interval '3 hours')", 'done/approved/2' ])
{
	($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE rev_wz; SELECT service_affair_router.$step->[0]");
	(my $verb = $step->[0]) =~ s/\(.*//;
	is($rc . ' ' . $node{nb}->safe_psql('sa', $rt_state), "0 $step->[1]",
		"the WZ_MKT reviewer's $verb() of the moved task through the router: wz refused (42501), nb was asked next") or diag($err);
}
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE rev_wz; SELECT service_affair_router.complete_task(3999999999999999, 'approved', '2026-12-03 12:00+08')");
like($err, qr/42501.*permission denied for task 3999999999999999/s, 'a task id no holder knows, by a reviewer: 42501 from the last holder, as for another department\'s');
# receive_originals() of the moved case by the reviewer of its handling
# department: wz does not know it (42501), nb answers (55000: nothing of
# it is on the way), not the 42501 of the numbering shard
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE rev_wz; SELECT service_affair_router.receive_originals($wz_case, '2026-12-03 12:00+08')");
ok($err =~ /55000/ && $err !~ /42501/, 'receive_originals() of the moved case through the router, by the WZ_MKT reviewer: answered by nb (55000), not refused by wz') or diag($err);
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE rev_wz; SELECT service_affair_router.receive_originals(3999999999999999, '2026-12-03 12:00+08')");
like($err, qr/42501.*permission denied for case 3999999999999999/s, 'receive_originals() of a case id no holder knows, by a reviewer: 42501 from the last holder');
# receive_result() of a 温州 case settled on wz and moved to nb, as an
# administrator: wz no longer holds it (23503), the router asks nb, which
# answers 55000 (settled: nothing more is written to it)
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.receive_result($sc2, '2026-12-03 12:00+08')");
ok($err =~ /55000.*case $sc2 is settled/s && $err !~ /23503/, 'receive_result() of the moved, settled 通办 case through the router: answered by nb (55000 settled), not the 23503 of wz') or diag($err);
# the writers by case number by a clerk (no administrator): wz no longer
# holds the moved case and answers the 42501 of require_case(), the words it
# gives for another region's case (lock_case() asks the right first; a
# review of 2026-12-05): the router goes on to nb, whose answer comes back
# (22023 for a purpose over 4000 bytes, a level 9: asked after the case is
# locked, nothing written)
($rc, $out, $err) = $node{wz}->psql('sa', "\\set VERBOSITY verbose\nSET ROLE clerk_wz; SELECT service_affair.record_visit($wz_case, '2026-12-03 12:00+08', repeat('x', 4001))");
like($err, qr/42501.*permission denied for case $wz_case/s, 'wz answers the 温州 clerk 42501 for the moved case it no longer holds, as for another region\'s');
for my $call ("record_visit($wz_case, '2026-12-03 12:00+08', repeat('x', 4001))", "rate($wz_case, 9, 'window', NULL, '2026-12-03 12:00+08')")
{
	($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE clerk_wz; SELECT service_affair_router.$call");
	(my $verb = $call) =~ s/\(.*//;
	ok($err =~ /ERROR:\s+22023:/ && $err !~ /42501/,
		"the 温州 clerk's $verb() of the moved case through the router: wz refused (42501), nb answered") or diag($err);
}
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE clerk_wz; SELECT service_affair_router.withdraw(3999999999999999, '2026-12-03 12:00+08')");
like($err, qr/42501.*permission denied for case 3999999999999999/s, 'withdraw() of a case id no holder knows, by a clerk: 42501 from the last holder, as for another region\'s');
# a holder of the id the router cannot reach (a review of 2026-12-05;
# next_holder()). The router cannot tell a shard's 42501 for a task it holds
# and the caller may not act on from its 42501 for a task it does not hold
# (the same words, on purpose): after a move, every reviewer of the moved
# region acting on its tasks meets wz's 42501 first. So a holder not reached
# is remembered and the next one asked: a shard answering anything but
# "unknown" holds the row and its answer is raised; when none does, 08006
# naming the holder not reached (it may hold the row: retry), its DETAIL
# quoting the refusal met (which tells nothing: unknown and refused read
# alike). A refusal that may be wrong is never made final.
my ($rt2, $rt2_at) = split /\|/, $node{nb}->safe_psql('sa', "SELECT t.id || '|' || (greatest(t.opened_at, t.claimed_at) + interval '1 hour')
	  FROM service_affair.task t
	 WHERE t.id / 1000000000000000 = 3 AND NOT t.settled AND t.status = 'open' AND t.department = 'WZ_MKT' AND t.id <> $rt
	   AND NOT EXISTS (SELECT FROM service_affair.task_suspension s WHERE s.task_id = t.id)
	 ORDER BY t.id LIMIT 1");
ok(defined $rt2_at, "a second open WZ_MKT task numbered by wz is on nb after the move ($rt2)");
my $rt2_state = "SELECT status || '/' || (SELECT count(*) FROM service_affair.task_suspension s WHERE s.task_id = $rt2) FROM service_affair.task WHERE id = $rt2";
# case_progress() too (its "unknown" is no rows: an unknown case and a wrong
# pair read alike): the moved case's applicant is answered by nb while wz is
# down; until 2026-12-05 its own loop raised 08006 at the first holder not
# reached, so the numbering shard down hid every case moved away from it
my $cp = "SELECT status || ' ' || department || ' ' || coalesce(due::text, '-') FROM %s(%s, '$company{wz}')";
my $cp_nb = $node{nb}->safe_psql('sa', sprintf($cp, 'service_affair.case_progress', $wz_case));
like($cp_nb, qr/^\w+ WZ_MKT /, "nb answers the progress of the moved case $wz_case ($cp_nb)");
$node{wz}->stop('immediate');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE citizen; " . sprintf($cp, 'service_affair_router.case_progress', $wz_case));
is($rc . ' ' . $out, "0 $cp_nb",
	'wz (the numbering shard) stopped: case_progress() of the moved case through the router, by the public role, is answered by nb, the next holder (until 2026-12-05 08006 naming wz)') or diag($err);
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE citizen; " . sprintf($cp, 'service_affair_router.case_progress', '3999999999999999'));
like($err, qr/08006.*shard wz serving region .+? is unavailable.*Shard nb, also asked, refused it: no rows, as for a wrong pair or an unknown case; shard wz may hold it/s,
	'wz stopped, a case nb has no rows for: 08006 naming wz (it may hold the case), quoting nb\'s "no rows" (not no rows: wz may hold it)') or diag($err);
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE rev_wz; SELECT service_affair_router.suspend($rt2, 'expert_review', '$rt2_at')");
is($rc . ' ' . $node{nb}->safe_psql('sa', $rt2_state), '0 suspended/1',
	'wz (the numbering shard) stopped: the WZ_MKT reviewer\'s suspend() of the moved task through the router runs on nb, the next holder (until 2026-12-05 08006 naming wz)') or diag($err);
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE rev_wz; SELECT service_affair_router.complete_task(3999999999999999, 'approved', '2026-12-03 12:00+08')");
like($err, qr/08006.*shard wz serving region .+? is unavailable.*Shard nb, also asked, refused it: permission denied for task 3999999999999999; shard wz may hold it/s,
	'wz stopped, a task id nb refuses: 08006 naming wz (it may hold the task), its detail quoting nb\'s 42501') or diag($err);
# the keyed complaint naming no case repeated with wz down: the key may be
# on wz, so 08006 naming wz, and nb receives nothing (not a second complaint)
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\n$keyed_call{r_nocase}");
like($err, qr/08006.*shard wz serving region .+? is unavailable/s,
	'wz stopped: the keyed complaint naming no case about WZ_MKT repeated through the router: 08006 naming wz, where its key may be') or diag($err);
is($node{nb}->safe_psql('sa', "SELECT count(*) FROM service_affair.complaint WHERE body = 'keyed, no case, before the move'"), '0',
	'... nothing received on nb');
$node{wz}->start;
$router->psql('sa', "SELECT service_affair_router.withdraw(3000000000000000)");  # a cached connection to wz, if any
$node{nb}->stop('immediate');
# wz refuses first (42501), nb is not reached: the moved task's own reviewer
# must not be told he may not act on it, so 08006 naming nb, quoting wz's
# refusal. A reviewer of another department acting on a task wz holds gets
# the same answer (the router sees the same words) and, retrying once nb is
# back, wz's 42501
for my $c ([ "suspend($rt2, 'expert_review', '$rt2_at')", "moved to nb" ], [ "complete_task(3999999999999999, 'approved', '2026-12-03 12:00+08')", 'no holder knows it' ])
{
	($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE rev_wz; SELECT service_affair_router.$c->[0]");
	(my $id = $c->[0]) =~ s/^\w+\((\d+).*/$1/;
	like($err, qr/08006.*shard nb serving region .+? is unavailable.*Shard wz, also asked, refused it: permission denied for task $id; shard nb may hold it/s,
		"nb stopped, wz refuses task $id ($c->[1]) with 42501: 08006 naming nb, its detail quoting wz's refusal (not wz's 42501 alone: nb may hold it)") or diag($err);
}
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE citizen; " . sprintf($cp, 'service_affair_router.case_progress', $wz_case));
like($err, qr/08006.*shard nb serving region .+? is unavailable.*Shard wz, also asked, refused it: no rows, as for a wrong pair or an unknown case; shard nb may hold it/s,
	"nb stopped: case_progress() of the moved case $wz_case is 08006 naming nb, quoting wz's no rows (not no rows: nb holds it)") or diag($err);
$node{nb}->start;
$router->psql('sa', "SELECT service_affair_router.withdraw(2000000000000000)");  # a cached connection to nb, if any
is($router->safe_psql('sa', "SET ROLE citizen; SELECT count(*) FROM service_affair_router.case_progress(3999999999999999, '$company{wz}')"), '0',
	'nb back: case_progress() of a case no holder knows is no rows again, no 08006 (every holder reached)');
is($router->safe_psql('sa', "SET ROLE citizen; " . sprintf($cp, 'service_affair_router.case_progress', $wz_case)), $cp_nb,
	'nb back: the moved case is answered by nb');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSET ROLE rev_wz; SELECT service_affair_router.complete_task(3999999999999999, 'approved', '2026-12-03 12:00+08')");
like($err, qr/42501.*permission denied for task 3999999999999999/s, 'nb back: the same call is refused (42501), no 08006') or diag($err);
# a row nb makes for a case wz numbered is numbered in nb's range (wz goes on
# numbering its own), in the month of its case (rolled back: the single node
# does not rate it)
is($node{nb}->safe_psql('sa', "BEGIN; SELECT r / 1000000000000000 || ' ' || (service_affair.case_month(r) = service_affair.case_month($wz_case))
	  FROM service_affair.rate($wz_case, 5, 'online', NULL, '2026-12-03 12:00+08') r; ROLLBACK;"),
	'2 true', 'a rating nb makes for the moved case: numbered by nb (id div 10^15 = 2), in the month of the case');
# a write to a moved settled case or task: 55000 on nb, and through the router (wz: unknown, then nb)
my $settled_events = "SELECT count(*) || ' ' || max(id) FROM service_affair.case_event WHERE case_id IN ($sc1, $sc2)";
my $events_before = $node{nb}->safe_psql('sa', $settled_events);
($rc, $out, $err) = $node{nb}->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair.deliver($sc1, 'window', '2026-12-03 12:00+08')");
like($err, qr/55000.*case $sc1 is settled/s, 'deliver() on nb of a moved settled case: 55000, case ... is settled');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.withdraw($sc2, '2026-12-03 12:00+08')");
like($err, qr/55000.*case $sc2 is settled/s, 'withdraw() through the router of a moved settled case: 55000 from nb (wz knows it no more)');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\nSELECT service_affair_router.suspend($st1, 'expert_review', '2026-12-03 12:00+08')");
like($err, qr/55000.*task $st1 is settled/s, 'suspend() through the router of a moved settled task: 55000 from nb');
is($node{nb}->safe_psql('sa', $settled_events), $events_before, 'the refused writes left nothing in their history');
($rc, $out, $err) = $router->psql('sa', "SELECT service_affair_router.complete_task(3999999999999999, 'approved')");
like($err, qr/unknown task/, 'a task id no holder knows: unknown task');
my $new_wz = $router->safe_psql('sa', "SELECT service_affair_router.submit('wz_biz', '$company{wz}', '{form}', 'window', '{}', '2026-12-03 11:00+08', NULL, 'WZ-C')");
is(case_shard($new_wz), 2, 'a new 温州 case is numbered by nb');
my @lic_after = map { split /\n/, $node{$_}->safe_psql('sa', 'SELECT number FROM service_affair.licence') } @city;
my %seen2;
$seen2{$_}++ for @lic_after;
is(scalar(grep { $seen2{$_} > 1 } keys %seen2), 0, 'licence numbers stay unique after the move (nb goes on with 温州\'s counters)');
like($node{nb}->safe_psql('sa', "SELECT number FROM service_affair.licence WHERE case_id = $wz_case"), qr/^BIZLIC-330302-2026-\d{6}$/,
	'the moved case\'s licence, issued on nb, carries 温州\'s region');
isnt($router->safe_psql('sa', "SELECT service_affair_router.verify_licence('$wz_lic', '$company{wz}')"), 'unknown', "verify_licence of a 温州 number issued by wz ($wz_lic): answered by nb");
# (superseded since: nb licensed the company again after the move)
my $lic81_nb = $node{nb}->safe_psql('sa', "SELECT service_affair.verify_licence('$lic81{r}', '$company{wz}')");
isnt($lic81_nb, 'unknown', "nb, which holds the moved case, knows $lic81{r} ($lic81_nb)");
is($router->safe_psql('sa', "SELECT service_affair_router.verify_licence('$lic81{r}', '$company{wz}')"), $lic81_nb,
	"verify_licence of $lic81{r}, whose case moved to nb while its {region} stays with wz: wz says unknown, nb (its id holder) answers ($lic81_nb)");
($rc, $out, $err) = $node{nb}->psql('sa', "SELECT * FROM service_affair_shard.drop_region('3303')");
like($err, qr/region 3303 has not moved away from this shard/, 'drop_region on the shard that serves the region: 55000');
($rc, $out, $err) = $node{nb}->psql('sa', "SELECT * FROM service_affair_shard.copy_region('3303', 'wz')");
like($err, qr/region 3303 is not moving to this shard/, 'copy_region without begin_region_move: 55000');

# -- a chain of moves: 3303 moves on from nb to hz ---------------------------------------------
# The keyed complaints naming no case stay where they were received: on wz
# (before the first move) and on nb (hotline/nocase-after, between the
# moves).  After the second move the router sends their repeats to hz, and
# asks the shards the region came from, directly or through others
# (key_sources(): id_holder followed back), for the key first.
is($province->safe_psql('sa', "SELECT service_affair_shard.begin_region_move('3303', 'hz')"), 'nb', 'begin_region_move(3303, hz): 温州 leaves shard nb (it came from wz)');
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
$node{hz}->safe_psql('sa', "CREATE EXTENSION postgres_fdw; CREATE SERVER nb FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '" . $node{nb}->host
	. "', port '" . $node{nb}->port . "', dbname 'sa'); CREATE USER MAPPING FOR CURRENT_USER SERVER nb;");
my $nb_3303 = $node{nb}->safe_psql('sa', "SELECT count(*) FROM service_affair.cases WHERE department = 'WZ_MKT'");
my %copied2 = map { split /\|/ } split /\n/, $node{hz}->safe_psql('sa', "SELECT rel || '|' || copied FROM service_affair_shard.copy_region('3303', 'nb')");
is($copied2{cases}, $nb_3303, "copy_region(3303, nb) on hz: the $nb_3303 温州 cases nb holds, numbered by wz and nb");
is($province->safe_psql('sa', "SELECT service_affair_shard.finish_region_move('3303')"), 'hz', 'finish_region_move(3303): 3303* is served by hz');
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
is($router->safe_psql('sa', "SELECT service_affair_router.key_sources('hz')::text || ' ' || service_affair_router.id_holders('wz')::text"),
	'{nb,wz} {wz,hz,nb}', 'key_sources(hz): nb, where 3303 came from, and wz, where it came to nb from; the ids wz numbered: wz, hz, nb');
my $hz_got = "SELECT (SELECT count(*) FROM service_affair.complaint WHERE body IN ('keyed, no case, before the move', 'another complaint', 'keyed by a clerk, no case, before the move', 'keyed, no case, after the move'))
	|| ' ' || (SELECT count(*) FROM service_affair.case_request WHERE request_key IN ('hotline/nocase', 'window/nocase', 'hotline/nocase-after'))";
($rc, $out, $err) = $router->psql('sa', $keyed_call{r_nocase});
is("$out|$err", "$keyed_cpl{r_nocase}|", 'after the second move (nb to hz), the keyed complaint naming no case received on wz before the first: the same complaint, from wz');
($rc, $out, $err) = $router->psql('sa', $keyed_call{r_nocase_clerk});
is("$out|$err", "$keyed_cpl{r_nocase_clerk}|", '... by the 温州 clerk who received it: the same complaint');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\n$nocase_other");
like($err, qr/23505.*request key 'hotline\/nocase' was used for another complaint.*received complaint $keyed_cpl{r_nocase} with request key/s,
	'... the same key with another complaint: 23505 from wz naming the first complaint') or diag($err);
($rc, $out, $err) = $router->psql('sa', sprintf($after_call, 'service_affair_router'));
is("$out|$err", "$after_cpl|", 'the keyed complaint naming no case received on nb between the moves, repeated: the same complaint, from nb');
is($node{hz}->safe_psql('sa', $hz_got), '0 0', 'hz received none of those complaints and took none of their keys');
# nb stopped before drop_region there (the move not settled): the keyed
# complaint whose key is on wz is still answered from wz; one whose key may
# be on nb is 08006 naming nb, nothing received on hz
$node{nb}->stop('immediate');
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\n$keyed_call{r_nocase}");
is("$out|$err", "$keyed_cpl{r_nocase}|",
	'nb stopped: the keyed complaint naming no case received on wz, repeated: the same complaint from wz (nb not reached is no answer while another source has the key; until 2026-12-05 08006 naming nb)') or diag($err);
($rc, $out, $err) = $router->psql('sa', "\\set VERBOSITY verbose\n" . sprintf($after_call, 'service_affair_router'));
like($err, qr/08006.*shard nb serving region .+? is unavailable/s,
	'nb stopped: the keyed complaint naming no case received on nb, repeated: 08006 naming nb, where its key is') or diag($err);
is($node{hz}->safe_psql('sa', $hz_got), '0 0', '... nothing received on hz, no key taken');
# the province node's administrators' functions with nb down
is($province->safe_psql('sa', "SELECT string_agg(shard || ':' || reachable, ' ' ORDER BY shard) FROM service_affair_province.shard_status()"),
	'hz:true nb:false wz:true', 'nb stopped: shard_status() reports nb down in its row');
($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nSELECT * FROM service_affair_province.settle_region_moves()");
like($err, qr/ERROR:  08006: shard nb serving region 3302\* is unavailable.*DETAIL:  settle_region_moves\(\) counts the cases of prefix 3303 left on the shard it moved from, and settled nothing: shard nb/s,
	'nb stopped: settle_region_moves() of the move nb to hz is 08006 naming nb and its regions (until 2026-12-05 postgres_fdw\'s error as it came)') or diag($err);
is($province->safe_psql('sa', "SELECT count(*) FROM service_affair_shard.region_moved WHERE settled_at IS NULL"), '1', '... nothing settled');
($rc, $out, $err) = $province->psql('sa', "SELECT shard || ' ' || department FROM service_affair_province.find_case($new_wz)");
is("$out|$rc", 'hz WZ_MKT|0',
	"nb stopped: find_case() of the 温州 case nb numbered ($new_wz), now on hz: read on hz, nb not reached is no answer (until 2026-12-05 postgres_fdw's error)") or diag($err);
($rc, $out, $err) = $province->psql('sa', "\\set VERBOSITY verbose\nSELECT * FROM service_affair_province.find_case(2999999999999999)");
like($err, qr/ERROR:  08006: shard nb serving region 3302\* is unavailable.*DETAIL:  find_case\(\) reads case 2999999999999999 on the shards that may hold it \(nb, hz\) and none of those reached holds it: shard nb/s,
	'nb stopped: find_case() of a number of nb that hz does not hold: 08006 naming nb (it may hold it), not unknown') or diag($err);
$node{nb}->start;
$router->psql('sa', "SELECT service_affair_router.withdraw(2000000000000000)");  # a cached connection to nb, if any
my %dropped2 = map { split /\|/ } split /\n/, $node{nb}->safe_psql('sa', "SELECT rel || '|' || deleted FROM service_affair_shard.drop_region('3303')");
is($dropped2{cases}, $nb_3303, 'drop_region(3303) on nb: the 温州 cases leave nb');
is($province->safe_psql('sa', "SELECT prefix || ' ' || from_shard || ' ' || to_shard || ' ' || cases_left || ' ' || settled FROM service_affair_province.settle_region_moves()"),
	'3303 nb hz 0 true', 'nb back: settle_region_moves() settles the move nb to hz');
is($province->safe_psql('sa', "SELECT shard || ' ' || department FROM service_affair_province.find_case($wz_case)"), 'hz WZ_MKT',
	'find_case of a 温州 case number given by wz, after two moves: found on hz');
($rc, $out, $err) = $router->psql('sa', $keyed_call{r_nocase});
is("$out|$err", "$keyed_cpl{r_nocase}|", 'after drop_region on nb, the keyed complaint naming no case received on wz: still the same complaint');
($rc, $out, $err) = $router->psql('sa', sprintf($after_call, 'service_affair_router'));
is("$out|$err", "$after_cpl|", '... and the one received on nb between the moves: the same (complaints naming no case stay with their keys)');
is($node{hz}->safe_psql('sa', $hz_got), '0 0', '... nothing received on hz');

# -- the router decides the competent region as the shard does -------------------------------
# (a review, 2026-12-05: the router read an identifier valid as a resident
# id and as a USCC as a resident id, where the shard reads the applicant
# row's region, 3-8 for an organisation; and it skipped the caller's own
# office for a receiving item).  An organisation of 330120 (shard hz) whose
# USCC is also a resident id of "913301" (served by no shard).
my $amb;
for my $n (0 .. 999)
{
	my $body = sprintf('91330120010101%03d', $n);
	if (uscc($body) eq resident_id($body)) { $amb = uscc($body); last; }
}
$province->safe_psql('sa', "INSERT INTO service_affair.department (code, name, region) VALUES ('HZX_MKT', 'HZ district market', '330120');
	INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence, output_evidence_type)
	  VALUES ('hzx_biz', 'HZ district business change', 'HZX_MKT', 'promised', 20, 5, 'ZJ_BIZ', 'province', 'company', 'BIZLIC'),
	         ('hz_recv', 'HZ received permit', 'HZ_MKT', 'promised', 20, 5, 'ZJ_RECV', 'province', 'receiving', NULL),
	         ('nb_recv', 'NB received permit', 'NB_MKT', 'promised', 20, 5, 'ZJ_RECV', 'province', 'receiving', NULL);
	INSERT INTO service_affair.material (item, code, name) VALUES ('hzx_biz', 'form', 'Form'), ('hz_recv', 'form', 'Form'), ('nb_recv', 'form', 'Form');
	INSERT INTO service_affair.item_implementation (basic_code, region, item)
	  VALUES ('ZJ_BIZ', '330120', 'hzx_biz'), ('ZJ_RECV', '330106', 'hz_recv'), ('ZJ_RECV', '330225', 'nb_recv');");
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
$node{hz}->safe_psql('sa', "INSERT INTO service_affair.applicant (kind, uscc, name) VALUES ('org', '$amb', 'both readings')");
is($node{hz}->safe_psql('sa', "SELECT region FROM service_affair.applicant WHERE name = 'both readings'") . ' '
	. $router->safe_psql('sa', "SELECT service_affair.is_valid_resident_id('$amb') AND service_affair.is_valid_uscc('$amb')"),
	'330120 t', "identifier $amb is a valid resident id and USCC; the organisation's row on hz has region 330120 (characters 3-8)");
($rc, $out, $err) = $router->psql('sa', "SELECT concat_ws(' ', shard, for_region) FROM service_affair_router.shard_for_submit('hz_biz', '$amb', NULL, 'HZ-C', NULL)");
is("$out|$err", 'hz 330120|',
	'shard_for_submit() of an organisation whose USCC is also a resident id of a region no shard serves: the USCC\'s region, shard hz (until 2026-12-05 23503 no shard serves region 913301)');
($rc, $out, $err) = $router->psql('sa', "SELECT service_affair_router.submit('hz_biz', '$amb', '{form}', 'window', '{}', '2026-12-04 09:00+08', point => 'HZ-C')");
is(($out =~ /^\d+$/ ? case_shard($out) . ' ' . $node{hz}->safe_psql('sa', "SELECT service || ' ' || competent_region FROM service_affair.cases WHERE id = $out") : '') . "|$err",
	'1 hzx_biz 330120|', '... its submission through the router: on hz, handled in 330120, as the shard resolves it');
# receiving: a 杭州 clerk posted nowhere, naming neither point nor region,
# receives in its own office (my_home_region()) whatever region's item code it names
($rc, $out, $err) = $router->psql('sa', "SET ROLE clerk_hz; SELECT concat_ws(' ', shard, for_region) FROM service_affair_router.shard_for_submit('nb_recv', '$person{hz}', NULL, NULL, NULL)");
is("$out|$err", 'hz 330106|',
	'shard_for_submit() of a receiving item of 宁波 by a 杭州 clerk naming no point nor region: the clerk\'s own region, shard hz (until 2026-12-05 the item\'s department, nb, which refused)');
($rc, $out, $err) = $router->psql('sa', "SET ROLE clerk_hz; SELECT service_affair_router.submit('nb_recv', '$person{hz}', '{form}', 'window', '{}', '2026-12-04 09:30+08')");
is(($out =~ /^\d+$/ ? case_shard($out) . ' ' . $node{hz}->safe_psql('sa', "SELECT service || ' ' || competent_region FROM service_affair.cases WHERE id = $out") : '') . "|$err",
	'1 hz_recv 330106|', '... its submission through the router: on hz, handled by hz_recv in 330106');
# an item_implementation row of the item's own region naming another
# region's item: the shard takes the item itself (resolve_competence()), and
# the router sends the submission there.  Until 2026-12-07 the router went by
# the row's item, to nb first, which refused it (55000), and submit() asked
# hz again: one round trip more (a review).  Since 2026-12-07 such a row is
# refused where it is written (22023, trigger item_implementation_check,
# doc/tongban.md): it is written here with that trigger off, as a row
# written before, by a superuser (the shards apply it as replicated)
$province->safe_psql('sa', "ALTER TABLE service_affair.item_implementation DISABLE TRIGGER item_implementation_check;
	UPDATE service_affair.item_implementation SET item = 'nb_recv' WHERE basic_code = 'ZJ_RECV' AND region = '330106';
	ALTER TABLE service_affair.item_implementation ENABLE TRIGGER item_implementation_check;");
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
($rc, $out, $err) = $router->psql('sa', "SET ROLE clerk_hz; SELECT concat_ws(' ', shard, for_region) FROM service_affair_router.shard_for_submit('hz_recv', '$person{hz}', NULL, NULL, NULL)");
is("$out|$err", 'hz 330106|',
	'shard_for_submit() of hz_recv in its own region, its region\'s implementation row naming nb_recv: hz, where the shard takes hz_recv itself (until 2026-12-07 nb)');
($rc, $out, $err) = $router->psql('sa', "SET ROLE clerk_hz; SELECT service_affair_router.submit('hz_recv', '$person{hz}', '{form}', 'window', '{}', '2026-12-04 09:45+08')");
is(($out =~ /^\d+$/ ? case_shard($out) . ' ' . $node{hz}->safe_psql('sa', "SELECT service || ' ' || competent_region FROM service_affair.cases WHERE id = $out") : '') . "|$err",
	'1 hz_recv 330106|', '... its submission through the router: on hz, handled by hz_recv in 330106 (so also until 2026-12-07, asked again)');
$province->safe_psql('sa', "UPDATE service_affair.item_implementation SET item = 'hz_recv' WHERE basic_code = 'ZJ_RECV' AND region = '330106'");
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
# licence numbers of a year before 1000: licence_number() writes the year unpadded
is($router->safe_psql('sa', "SELECT string_agg(shard || ':' || coalesce(for_region, '-'), ' ' ORDER BY shard) FROM service_affair_router.licence_shards('BIZLIC-330225-999-000001')"),
	'nb:330225', 'licence_shards of a number of the year 999 (unpadded, as licence_number() writes it): the shard of its region, not every shard');

# both readings of the identifier served: the resident id's (913301) by nb,
# which knows no applicant of it (23503 unknown applicant), then the USCC's by hz
$province->safe_psql('sa', "INSERT INTO service_affair_shard.shard_region VALUES ('9133', 'nb')");
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
($rc, $out, $err) = $router->psql('sa', "SELECT concat_ws(' ', shard, for_region, other_shard, other_region) FROM service_affair_router.shard_for_submit('hz_biz', '$amb', NULL, 'HZ-C', NULL)");
is("$out|$err", 'nb 913301 hz 330120|', 'with 9133* served by nb, shard_for_submit() of that identifier: nb for its resident id reading, hz for its USCC reading');
($rc, $out, $err) = $router->psql('sa', "SELECT service_affair_router.submit('hz_biz', '$amb', '{form}', 'window', '{}', '2026-12-04 10:00+08', point => 'HZ-C')");
is(($out =~ /^\d+$/ ? case_shard($out) . ' ' . $node{hz}->safe_psql('sa', "SELECT service || ' ' || competent_region FROM service_affair.cases WHERE id = $out") : '') . "|$err",
	'1 hzx_biz 330120|', '... its submission through the router: nb knows no such applicant, hz is asked and takes it (until 2026-12-05 23503 unknown applicant from nb)');
is($node{nb}->safe_psql('sa', "SELECT count(*) FROM service_affair.applicant WHERE name = 'both readings'"), '0', '... nb registered nothing');
# a manual credit event of that identifier has one home, read as a USCC as
# the shard reads it (credit_subject(), subject_prefix(): copy_region() and
# drop_region() move its request keys by it), not as submit() reads it first:
# the shard of characters 3-8, where this organisation's row and cases are
($rc, $out, $err) = $router->psql('sa', "SELECT concat_ws(' ', shard, for_region) FROM service_affair_router.shard_for_subject('$amb')");
is("$out|$err", 'hz 330120|', 'with 9133* served by nb, shard_for_subject() of that identifier: hz, its USCC reading (the shard\'s rule), not nb as submit() asks first');
is($node{hz}->safe_psql('sa', "SELECT service_affair_shard.subject_prefix('$amb') IS NOT DISTINCT FROM service_affair_shard.region_prefix('330120') AND service_affair_shard.subject_prefix('$amb') IS DISTINCT FROM service_affair_shard.region_prefix('913301')"),
	't', '... and the shard\'s subject_prefix() of it is the prefix of 330120, not of 913301');
$province->safe_psql('sa', "DELETE FROM service_affair_shard.shard_region WHERE prefix = '9133'");
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
# the other way round: a person of 330106 (shard hz) whose resident id is
# also a USCC of "010619" (served by no shard): the subject of its credit
# events is read as its resident id, by the router and by the shard alike
# (until 2026-12-05 the router refused with 23503 no shard serves region
# 010619, and subject_prefix() was NULL)
my $pamb;
for my $n (0 .. 999)
{
	my $body = sprintf('33010619800101%03d', $n);
	if (uscc($body) eq resident_id($body)) { $pamb = uscc($body); last; }
}
($rc, $out, $err) = $router->psql('sa', "SELECT concat_ws(' ', shard, for_region) FROM service_affair_router.shard_for_subject('$pamb')");
is("$out|" . ($err =~ /ERROR:\s+(.*)/ ? $1 : ''), 'hz 330106|', "shard_for_subject() of a person's resident id $pamb also valid as a USCC of a region no shard serves: its resident id's region, shard hz (until 2026-12-05 23503 no shard serves region 010619)");
is($node{hz}->safe_psql('sa', "SELECT service_affair_shard.subject_prefix('$pamb') IS NOT DISTINCT FROM service_affair_shard.region_prefix('330106') AND service_affair_shard.subject_prefix('$pamb') IS NOT NULL"),
	't', '... and the shard\'s subject_prefix() of it is the prefix of 330106 (until 2026-12-05 NULL)');
# the subject's kind named by its prefix (person:, org:) reaches the shard
# through the router too: shard_for_subject() reads the identifier after it
# (until 2026-12-07 22P02 invalid credit subject on the router, and a fact
# of characters a person and a company both hold could not be recorded
# through it at all: 22023 without the prefix)
for my $c (["person:$person{hz}", "1 person $person{hz}", 'a 杭州 resident'], ["org:$company{wz}", "1 org $company{wz}", 'a 温州 company (温州 on hz since the moves above)'])
{
	($rc, $out, $err) = $router->psql('sa', "SELECT service_affair_router.record_credit_event('$c->[0]', 'minor', 'the kind named', '2026-12-04 10:00+08', true)");
	is(($out =~ /^\d+$/ ? on_shard($out) . ' ' . $node{(undef, 'hz', 'nb', 'wz')[on_shard($out)]}->safe_psql('sa', "SELECT subject_kind || ' ' || subject FROM service_affair.credit_event WHERE id = $out") : '')
		. '|' . ($err =~ /ERROR:\s+(.*)/ ? $1 : ''),
		"$c->[1]|", "record_credit_event('$c->[0]') through the router: $c->[2]'s fact of that kind on its shard (until 2026-12-07 22P02)");
}

# -- a calendar renamed on the province node -------------------------------------------------------
# Logical apply fires none of the foreign keys' ON UPDATE CASCADE (internal
# triggers, enabled on origin only): service_affair_shard's catalog_key_replayed
# (ALWAYS on a subscriber) renames the calendar in the shard's own rows
# (until 2026-12-07 nothing did: the replay's recomputation failed with 23503
# and apply stopped there).  A department and item of nb on a calendar of
# their own, so that no earlier check's queue or due moves.
$province->safe_psql('sa', "INSERT INTO service_affair.calendar (name, weekmask, timezone) VALUES ('zj_rn', '1111100', 'Asia/Shanghai');
	INSERT INTO service_affair.department (code, name, region) VALUES ('NB_RN', 'nb rename', '330225');
	INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit, tongban_scope, competence, output_evidence_type, calendar)
	  VALUES ('nb_rn', 'nb renamed calendar', 'NB_RN', 'promised', 20, 3, 'none', 'receiving', 'BIZLIC', 'zj_rn');
	INSERT INTO service_affair.material (item, code, name) VALUES ('nb_rn', 'form', 'Form');");
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
my @rn = map { $router->safe_psql('sa', "SELECT service_affair_router.submit('nb_rn', '$person{nb}', '{form}', 'window', '{}', '2026-12-07 09:0$_+08', point => 'NB-C')") } (0, 1);
$router->safe_psql('sa', "SELECT service_affair_router.complete_task(service_affair_router.claim_task('NB_RN', 'reviewer', '2026-12-07 10:00+08'), 'approved', '2026-12-07 11:00+08')");
my $rn_lic = $node{nb}->safe_psql('sa', "SELECT number FROM service_affair.licence WHERE case_id = $rn[0]");
my $rn_rows = "SELECT (SELECT string_agg(calendar, ' ' ORDER BY id) FROM service_affair.cases WHERE id IN ($rn[0], $rn[1])) || ' / '
	|| (SELECT string_agg(DISTINCT calendar, ' ') FROM service_affair.task WHERE case_id IN ($rn[0], $rn[1])) || ' / '
	|| (SELECT calendar FROM service_affair.licence WHERE case_id = $rn[0])";
is(case_shard($rn[0]) . ' ' . $node{nb}->safe_psql('sa', $rn_rows), '2 zj_rn zj_rn / zj_rn / zj_rn', 'two cases of nb_rn on shard nb, the first approved (its licence), on calendar zj_rn');
$province->safe_psql('sa', "UPDATE service_affair.calendar SET name = 'zj_rn2' WHERE name = 'zj_rn'");
$province->wait_for_catchup("sub_shard_$_") for @city;
is($node{nb}->safe_psql('sa', $rn_rows), 'zj_rn2 zj_rn2 / zj_rn2 / zj_rn2',
	'the calendar renamed on the province node: shard nb\'s cases, their tasks and the licence name it by its new name (until 2026-12-07 the old one)');
is($node{nb}->safe_psql('sa', "SELECT coalesce(string_agg(d, ' '), 'none') FROM (
	SELECT c.conrelid::regclass || '.' || a.attname AS d FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
	 WHERE c.contype = 'f' AND c.confrelid = 'service_affair.calendar'::regclass AND c.conparentid = 0
	   AND (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s x WHERE NOT EXISTS (SELECT FROM service_affair.calendar k WHERE k.name = x.%I)', c.conrelid::regclass, a.attname), false, true, '')))[1]::text <> '0') s"),
	'none', 'shard nb: no row of any table names a calendar that is gone');
is($router->safe_psql('sa', "SELECT service_affair_router.verify_licence('$rn_lic', '$person{nb}')"), 'valid', "verify_licence of $rn_lic through the router: valid, judged on the renamed calendar");

# -- a department renamed, then deleted, on the province node ---------------------------------------
# catalog_key_replayed does for every referenced catalog table what the
# foreign keys do on one node: a department renamed reaches shard nb's
# complaint and its history (until 2026-12-07 they kept the old code, and
# the reply written afterwards was refused 23503); a department deleted that
# nb's complaint still names stops nb's apply with 23503 naming the key and
# the rows (until 2026-12-07 it went through unseen), and the recovery of
# doc/scale.md (the row put back on the province node, two transactions
# skipped on the shard) lets the subscription go on.
$province->safe_psql('sa', "INSERT INTO service_affair.department (code, name, region) VALUES ('NB_CP', 'nb complaints', '330225')");
$province->wait_for_catchup("sub_$_") for ('router', map { "shard_$_->[0]" } @shards);
my $dcp = $router->safe_psql('sa', "SELECT service_affair_router.receive_complaint('12345', 'complaint', 'renamed department', '2026-12-07 09:00+08', department => 'NB_CP')");
$router->safe_psql('sa', "SELECT service_affair_router.assign_complaint($dcp, 'NB_CP', '2026-12-07 10:00+08')");
my $dcp_rows = "SELECT (SELECT department FROM service_affair.complaint WHERE id = $dcp) || ' / '
	|| (SELECT string_agg(concat_ws(':', kind, coalesce(department, ''), coalesce(to_department, '')), ' ' ORDER BY id) FROM service_affair.complaint_event WHERE complaint_id = $dcp)";
is(on_shard($dcp) . ' ' . $node{nb}->safe_psql('sa', $dcp_rows), '2 NB_CP / received::NB_CP assigned:NB_CP:NB_CP', 'a complaint about NB_CP on shard nb, assigned to it');
$province->safe_psql('sa', "UPDATE service_affair.department SET code = 'NB_CP2' WHERE code = 'NB_CP'");
$province->wait_for_catchup("sub_shard_$_") for @city;
is($node{nb}->safe_psql('sa', $dcp_rows), 'NB_CP2 / received::NB_CP2 assigned:NB_CP2:NB_CP2',
	'the department renamed on the province node: shard nb\'s complaint and its history name it by its new code (until 2026-12-07 the old one)');
($rc, $out, $err) = $router->psql('sa', "SELECT service_affair_router.reply_complaint($dcp, 'replied', '2026-12-08 10:00+08')");
is("$rc|" . ($err =~ /ERROR:\s+(.*)/ ? $1 : ''), '0|', 'the renamed department replies to it through the router (until 2026-12-07 23503, the complaint named the old code)');
my $nblog = -s $node{nb}->logfile;
$province->safe_psql('sa', "DELETE FROM service_affair.department WHERE code = 'NB_CP2'");
$node{nb}->wait_for_log(qr/ERROR:  deletion of service_affair\.department "NB_CP2" replayed from the province node, but rows of this database name it.*?DETAIL:  service_affair\.complaint\.department: 1 row\(s\) \($dcp\)/s, $nblog);
my $nbmsg = slurp_file($node{nb}->logfile, $nblog);
like($nbmsg, qr/DETAIL:  service_affair\.complaint\.department: 1 row\(s\) \($dcp\); service_affair\.complaint_event\.department: 2 row\(s\) \(\d+, \d+\); service_affair\.complaint_event\.to_department: 2 row\(s\) \(\d+, \d+\)\n/,
	'the department deleted on the province node while shard nb\'s complaint names it: nb\'s apply refuses it, 23503 in its log naming the key and the rows (until 2026-12-07 it went through)');
is($node{nb}->safe_psql('sa', "SELECT count(*) FROM service_affair.department WHERE code = 'NB_CP2'"), '1', '... and shard nb keeps the department');
# the recovery: the row put back on the province node; on nb, the deletion
# skipped, then the insertion, which finds the row there (23505)
$province->safe_psql('sa', "INSERT INTO service_affair.department (code, name, region) VALUES ('NB_CP2', 'nb complaints', '330225')");
my ($skip) = $nbmsg =~ /deletion of service_affair\.department "NB_CP2".*?finished at ([0-9A-F]+\/[0-9A-F]+)/s;
$nblog = -s $node{nb}->logfile;
$node{nb}->safe_psql('sa', "ALTER SUBSCRIPTION sub_shard_nb SKIP (lsn = '$skip')");
$node{nb}->wait_for_log(qr/ERROR:  duplicate key value violates unique constraint "department_pkey".*?finished at [0-9A-F]+\/[0-9A-F]+/s, $nblog);
($skip) = slurp_file($node{nb}->logfile, $nblog) =~ /duplicate key value violates unique constraint "department_pkey".*?finished at ([0-9A-F]+\/[0-9A-F]+)/s;
$node{nb}->safe_psql('sa', "ALTER SUBSCRIPTION sub_shard_nb SKIP (lsn = '$skip')");
$province->safe_psql('sa', "UPDATE service_affair.department SET name = 'nb complaints, again' WHERE code = 'NB_CP2'");
$province->wait_for_catchup("sub_shard_$_") for @city;
is(join(' / ', map { $node{$_}->safe_psql('sa', "SELECT name FROM service_affair.department WHERE code = 'NB_CP2'") } @city),
	'nb complaints, again / nb complaints, again / nb complaints, again', 'the recovery of doc/scale.md: every shard applies the province\'s later edits again');

# -- every object documents itself, pins its search_path, nothing for PUBLIC -------------
my $hygiene = q{
SELECT coalesce(string_agg(x, ' '), 'none') FROM (
  SELECT 'uncommented-function:' || p.oid::regprocedure FROM pg_proc p
   WHERE p.pronamespace::regnamespace::text = ANY (%SCHEMAS%) AND obj_description(p.oid, 'pg_proc') IS NULL
  UNION ALL
  SELECT 'unpinned:' || p.oid::regprocedure FROM pg_proc p
   WHERE p.pronamespace::regnamespace::text = ANY (%SCHEMAS%) AND NOT coalesce(p.proconfig::text LIKE '%search_path=pg_catalog, pg_temp%', false)
  UNION ALL
  SELECT 'public-execute:' || p.oid::regprocedure FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
   WHERE p.pronamespace::regnamespace::text = ANY (%SCHEMAS%) AND a.grantee = 0
  UNION ALL
  SELECT 'uncommented-relation:' || c.oid::regclass FROM pg_class c
   WHERE c.relnamespace::regnamespace::text = ANY (%SCHEMAS%) AND c.relkind IN ('r', 'v', 'f', 'p') AND obj_description(c.oid, 'pg_class') IS NULL
  UNION ALL
  SELECT 'uncommented-column:' || c.oid::regclass || '.' || a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
   WHERE c.relnamespace::regnamespace::text = ANY (%SCHEMAS%) AND c.relkind IN ('r', 'v', 'f', 'p') AND col_description(c.oid, a.attnum) IS NULL
  UNION ALL
  SELECT 'uncommented-schema:' || n.nspname FROM pg_namespace n WHERE n.nspname = ANY (%SCHEMAS%) AND obj_description(n.oid, 'pg_namespace') IS NULL
  UNION ALL
  SELECT 'uncommented-trigger:' || t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
   WHERE p.pronamespace::regnamespace::text = ANY (%SCHEMAS%) AND obj_description(t.oid, 'pg_trigger') IS NULL
     AND t.tgparentid = 0  -- a partition's clone of its parent's trigger (service_affair.cases)
  ORDER BY 1) s(x)};
for my $n ([ $province, "ARRAY(SELECT nspname::text FROM pg_namespace WHERE nspname IN ('service_affair_shard', 'service_affair_province') OR nspname LIKE 'sa\\_shard\\_%')" ],
	[ $router, "'{service_affair_shard,service_affair_router}'::text[]" ], [ $node{hz}, "'{service_affair_shard}'::text[]" ])
{
	(my $q = $hygiene) =~ s/%SCHEMAS%/$n->[1]/g;
	cmp_ok($n->[0]->safe_psql('sa', "SELECT count(*) FROM pg_proc WHERE pronamespace::regnamespace::text = ANY ($n->[1])"), '>=', 10,
		'node ' . $n->[0]->name . ': the checks below see the shard extensions\' functions');
	is($n->[0]->safe_psql('sa', $q), 'none', 'node ' . $n->[0]->name . ': every function, relation, column, schema and trigger of the shard extensions has a comment; every function pins search_path; none is executable by PUBLIC');
}

done_testing();
