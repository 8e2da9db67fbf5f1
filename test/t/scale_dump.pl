# Dump and restore of the databases of a sharded province (doc/deployment.md,
# "Backups"; doc/scale.md): a province node, two region shards and a router
# as databases of one server, the shards and the router subscribed to the
# province's catalog (replication slots made by hand: one server).  Each is
# dumped with pg_dump -Fc and restored with pg_restore --exit-on-error into a
# new database, and dumped as plain SQL and restored through psql with
# ON_ERROR_STOP.  Checked on each restored database:
#  * a shard: every table identical; every sequence with the shard's bounds
#    (setup_shard() moved them into [k × 10^12, (k + 1) × 10^12)) and its
#    value, new ids continue in the shard's range; local_shard kept; the
#    shard_case_home trigger there and refusing a case of another shard;
#    the calendar triggers a subscriber fires under logical apply
#    (prepare_subscriber()) still ENABLE ALWAYS, and a replayed calendar
#    edit moves an open due as on the original; the subscription comes back
#    disabled, not connected, and subscribed again as the documentation says
#    the restored shard applies the province's next calendar edit;
#  * the province node: the province views (not extension members: made by
#    rebuild_views()), the imported schemas sa_shard_<name>, the period
#    functions, the servers and user mappings all restored; every view and
#    period function answers as on the original; attach_shard() works again;
#  * the router (PL/Proxy; skipped when not installed): the api table, the
#    shard map, the PL/Proxy servers, the subscriber's calendar triggers;
#    a call through the restored router lands on the right shard.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('scale_dump');
$node->init(allows_streaming => 'logical');
$node->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'\nmax_worker_processes = 16\n"
	. "max_logical_replication_workers = 8\nmax_sync_workers_per_subscription = 2\nmax_replication_slots = 10\n");
$node->start;

# PL/Proxy is optional (Debian postgresql-15-plproxy, see tools/cluster.sh):
# only the router's part needs it
my $sharedir = `pg_config --sharedir`;
chomp $sharedir;
my ($plproxy) = grep { -r $_ } map { "$_/extension/plproxy.control" } ($sharedir, '/usr/share/postgresql/15');

sub resident_id
{
	my ($body) = @_;
	my @w = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2);
	my $s = 0;
	$s += substr($body, $_, 1) * $w[$_] for 0 .. 16;
	return $body . substr('10X98765432', $s % 11, 1);
}

my @shards = ([ 'hz', 1, '3301', '330106', 'HZ' ], [ 'nb', 2, '3302', '330225', 'NB' ]);
my $conn = 'host=' . $node->host . ' port=' . $node->port;

# -- the province node: catalog and shard map, published ---------------------------------
$node->safe_psql('postgres', 'CREATE DATABASE prov');
$node->safe_psql('prov', 'CREATE EXTENSION service_affair CASCADE; CREATE EXTENSION service_affair_shard; SELECT service_affair.create_roles();');
$node->safe_psql('prov', join("\n", map {
	my ($s, $k, $p, $r, $u) = @$_;
	"INSERT INTO service_affair.department (code, name, region) VALUES ('${u}_MKT', '$u market', '$r');
	 INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit)
	   VALUES ('${s}_local', '$u local permit', '${u}_MKT', 'promised', 20, 3);
	 INSERT INTO service_affair.material (item, code, name) VALUES ('${s}_local', 'form', 'Form');
	 INSERT INTO service_affair_shard.shard VALUES ('$s', $k);
	 INSERT INTO service_affair_shard.shard_region VALUES ('$p', '$s');"
} @shards) . "
	 INSERT INTO service_affair.calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-12-30', false, 'province day off');
	 SELECT service_affair_shard.publish_catalog();");

my @subscribers = map { $_->[0] } @shards;
push @subscribers, 'router' if $plproxy;
for my $db (@subscribers)
{
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, 'CREATE EXTENSION service_affair CASCADE; CREATE EXTENSION service_affair_shard; SELECT service_affair.create_roles();
		SELECT service_affair_shard.prepare_subscriber();');
	# one server: the slot is made apart from CREATE SUBSCRIPTION
	$node->safe_psql('prov', "SELECT pg_create_logical_replication_slot('sub_$db', 'pgoutput')");
	$node->safe_psql($db, "CREATE SUBSCRIPTION sub_$db CONNECTION '$conn dbname=prov' PUBLICATION service_affair_catalog
		WITH (create_slot = false, slot_name = 'sub_$db')");
}
for my $db (@subscribers)
{
	$node->poll_query_until($db, "SELECT count(*) > 0 AND bool_and(srsubstate IN ('r', 's')) FROM pg_subscription_rel")
		or die "catalog copy timed out on $db";
}
my $people = "INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Zhang San');";
for my $s (@shards)
{
	my ($name, $k) = @$s;
	is($node->safe_psql($name, "SELECT service_affair_shard.setup_shard('$name')"), $k * 1000000000000 + 1, "shard $name set up");
	$node->safe_psql($name, $people);
	$node->safe_psql($name, "SELECT service_affair.submit('${name}_local', '11010519491231002X', '{form}', 'window', '{}', '2026-12-2$_ 09:00+08')")
		for 1 .. 3;
	$node->safe_psql($name, "SELECT service_affair.complete_task((SELECT min(id) FROM service_affair.task), 'approved', '2026-12-24 10:00+08')");
}

# -- the province node's reads -----------------------------------------------------------
$node->safe_psql('prov', 'CREATE EXTENSION service_affair_province CASCADE');
for my $s (@shards)
{
	$node->safe_psql('prov', "CREATE SERVER $s->[0] FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '" . $node->host
		. "', port '" . $node->port . "', dbname '$s->[0]');
		CREATE USER MAPPING FOR CURRENT_USER SERVER $s->[0];
		SELECT service_affair_province.attach_shard('$s->[0]');");
}

# -- the router ---------------------------------------------------------------------------
if ($plproxy)
{
	$node->safe_psql('router', 'CREATE EXTENSION plproxy; CREATE EXTENSION service_affair_router;');
	$node->safe_psql('router', "CREATE SERVER $_->[0] FOREIGN DATA WRAPPER plproxy OPTIONS (p0 '$conn dbname=$_->[0]');
		CREATE USER MAPPING FOR PUBLIC SERVER $_->[0];") for @shards;
	$node->safe_psql('router', 'SELECT service_affair_router.create_roles()');
	like($node->safe_psql('router', "SELECT service_affair_router.submit('nb_local', '11010519491231002X', '{form}', 'window', '{}', '2026-12-25 09:00+08')"),
		qr/^2\d{15}$/, 'the router routes to shard nb before the dump');
}

# -- dump, restore two ways -----------------------------------------------------------------
# restored as <db>_c (pg_dump -Fc, pg_restore) and <db>_p (plain SQL, psql)
sub dump_restore
{
	my ($db) = @_;
	my $dump = $node->basedir . "/$db.dump";
	my $sql = $node->basedir . "/$db.sql";
	$node->safe_psql('postgres', "CREATE DATABASE ${db}_c; CREATE DATABASE ${db}_p");
	command_ok([ 'pg_dump', '-Fc', '-f', $dump, '-d', $node->connstr($db) ], "pg_dump -Fc of $db");
	command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr("${db}_c"), $dump ], "pg_restore --exit-on-error of $db into a new database");
	command_ok([ 'pg_dump', '-f', $sql, '-d', $node->connstr($db) ], "pg_dump (plain SQL) of $db");
	command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-o', '/dev/null', '-d', $node->connstr("${db}_p"), '-f', $sql ],
		"plain dump of $db restored through psql with ON_ERROR_STOP");
	return ("${db}_c", "${db}_p");
}
# every row of every table of these schemas, one digest a table
sub tables_digest
{
	my ($db, $schemas) = @_;
	return $node->safe_psql($db, "SELECT 'SELECT * FROM (' || string_agg(format(\$\$SELECT %L || ' ' || count(*) || ' ' || coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '-') FROM %s x\$\$,
		c.oid::regclass, c.oid::regclass), ' UNION ALL ') || ') q ORDER BY 1'
	  FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace::regnamespace::text = ANY ('$schemas') \\gexec");
}
my $seqs = "SELECT string_agg(format('%s %s %s %s %s %s', s.seqrelid::regclass, s.seqstart, s.seqmin, s.seqmax, s.seqincrement,
		pg_sequence_last_value(s.seqrelid)), E'\\n' ORDER BY s.seqrelid::regclass::text)
	  FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid WHERE c.relnamespace = 'service_affair'::regnamespace";
my $triggers = "SELECT string_agg(format('%s %s %s', t.tgrelid::regclass, t.tgname, t.tgenabled), E'\\n' ORDER BY t.tgrelid::regclass::text, t.tgname)
	  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
	 WHERE NOT t.tgisinternal AND c.relnamespace::regnamespace::text LIKE 'service\\_affair%'";
# a calendar edit replayed by logical apply (replica mode, as the apply
# worker runs): the due of the open task that falls on that day moves
sub replayed_due
{
	my ($db, $task) = @_;
	return $node->safe_psql($db, "BEGIN;
		SELECT due FROM service_affair.task WHERE id = $task;
		SET LOCAL session_replication_role = replica;
		INSERT INTO service_affair.calendar_day (calendar, day, is_workday, note)
		  SELECT 'cn', due, false, 'replayed' FROM service_affair.task WHERE id = $task;
		SET CONSTRAINTS ALL IMMEDIATE;
		SELECT due FROM service_affair.task WHERE id = $task;
		ROLLBACK;");
}

# -- 1. a shard --------------------------------------------------------------------------------
my $hz_task = $node->safe_psql('hz', "SELECT min(id) FROM service_affair.task WHERE status = 'open'");
my ($before, $after) = split /\n/, replayed_due('hz', $hz_task);
isnt($after, $before, "on shard hz a replayed calendar edit moves the due of an open task ($before -> $after)");
for my $r (dump_restore('hz'))
{
	is(tables_digest($r, '{service_affair,service_affair_shard}'), tables_digest('hz', '{service_affair,service_affair_shard}'),
		"$r: every table of service_affair and service_affair_shard as on shard hz");
	is($node->safe_psql($r, $seqs), $node->safe_psql('hz', $seqs),
		"$r: every sequence keeps the shard's bounds (start, min, max) and its last value");
	is($node->safe_psql($r, 'SELECT shard FROM service_affair_shard.local_shard'), 'hz', "$r: local_shard is hz");
	is($node->safe_psql($r, $triggers), $node->safe_psql('hz', $triggers),
		"$r: every trigger of the extensions, enabled as on shard hz (the calendar triggers ALWAYS, for logical apply)");
	is(replayed_due($r, $hz_task), "$before\n$after", "$r: a replayed calendar edit moves the open due as on shard hz");
	is($node->safe_psql($r, "SELECT subenabled FROM pg_subscription WHERE subname = 'sub_hz'
		AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())"), 'f',
		"$r: the catalog subscription is restored, disabled (pg_dump: connect = false)");
	my $max = $node->safe_psql('hz', 'SELECT max(id) FROM service_affair.cases');
	my $id = $node->safe_psql($r, "SELECT service_affair.submit('hz_local', '11010519491231002X', '{form}', 'window', '{}', '2026-12-28 09:00+08')");
	ok($id > $max && int($id / 1000000000000000) == 1, "$r: a new case is numbered in shard hz's range after the restored ones ($id > $max)");
	my $app = $node->safe_psql($r, "INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '" . resident_id('33010619800101001') . "', 'Li Si') RETURNING id");
	ok($app > 1000000000000 && $app < 2000000000000, "$r: a new applicant is numbered in shard hz's range ($app)");
	my ($rc, $out, $err) = $node->psql($r, "\\set VERBOSITY verbose\nSELECT service_affair.submit('nb_local', '11010519491231002X', '{form}', 'window', '{}', '2026-12-28 09:00+08')");
	like($err, qr/55000.*case of region 330225 belongs to shard nb/s, "$r: shard_case_home still refuses a case of shard nb");
	($rc, $out, $err) = $node->psql($r, "SELECT setval('service_affair.cases_id_seq', 1999999999999); SELECT nextval('service_affair.cases_id_seq')");
	like($err, qr/reached maximum value/, "$r: the case sequence stops at the end of the shard's range");
}

# a restored shard subscribes again, from now on (doc/deployment.md, "Backups"):
# the restored subscription is dropped without its slot, a new one copies
# nothing; a day off the province adds then reaches it and moves the open due
$node->safe_psql('hz_c', 'ALTER SUBSCRIPTION sub_hz SET (slot_name = NONE); DROP SUBSCRIPTION sub_hz;');
$node->safe_psql('prov', "SELECT pg_create_logical_replication_slot('sub_hz_c', 'pgoutput')");
$node->safe_psql('hz_c', "CREATE SUBSCRIPTION sub_hz CONNECTION '$conn dbname=prov' PUBLICATION service_affair_catalog
	WITH (create_slot = false, slot_name = 'sub_hz_c', copy_data = false)");
$node->poll_query_until('hz_c', "SELECT count(*) > 0 AND bool_and(srsubstate = 'r') FROM pg_subscription_rel")
	or die 'no subscription on hz_c';
$node->safe_psql('prov', "INSERT INTO service_affair.calendar_day (calendar, day, is_workday, note) VALUES ('cn', '$before', false, 'after the restore')");
ok($node->poll_query_until('hz_c', "SELECT due = '$after' FROM service_affair.task WHERE id = $hz_task"),
	"hz_c subscribed again: a day off added on the province node moves the open due there ($before -> $after)");
# every subscriber has it before the next dumps
$node->poll_query_until($_, "SELECT count(*) = 1 FROM service_affair.calendar_day WHERE note = 'after the restore'")
	or die "calendar edit not applied on $_" for @subscribers;

# -- 2. the province node ---------------------------------------------------------------------
my @views = split /\n/, $node->safe_psql('prov', "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'service_affair_province'::regnamespace
	AND c.relkind = 'v' ORDER BY 1");
cmp_ok(scalar(@views), '>=', 15, 'the province node has its views (' . scalar(@views) . ')');
is($node->safe_psql('prov', "SELECT count(*) FROM pg_depend d JOIN pg_class c ON c.oid = d.objid AND d.classid = 'pg_class'::regclass
	WHERE d.deptype = 'e' AND c.relnamespace = 'service_affair_province'::regnamespace AND c.relkind = 'v'"), '0',
	'the province views are made by rebuild_views(), not members of the extension (pg_dump dumps them)');
my $period = "SELECT count(*) || ' ' || md5(string_agg(x::text, ',' ORDER BY x::text)) FROM service_affair_province.efficiency_period('2026-12-01', '2026-12-01') x";
my $objects = "SELECT (SELECT string_agg(srvname, ',' ORDER BY srvname) FROM pg_foreign_server) || ' '
	|| (SELECT string_agg(srvname || ':' || usename, ',' ORDER BY srvname) FROM pg_user_mappings) || ' '
	|| (SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname LIKE 'sa\\_shard\\_%') || ' '
	|| (SELECT count(*) FROM pg_class c WHERE c.relnamespace::regnamespace::text LIKE 'sa\\_shard\\_%') || ' '
	|| (SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'service_affair_province'::regnamespace)";
# shard_status() reads each shard through its status server sa_status_<name>
# (attach_shard()): the server, its options (the statement_timeout bound),
# its user mappings and the probe and count over it come back (pg_dump
# writes the options in another order), so that a restored province node
# reads its shards within the bound (no note)
my $status = "SELECT string_agg(s.shard || ':' || s.reachable || ':' || s.cases || ':' || coalesce(s.error, '') || ':' || coalesce(s.note, 'NULL') || ':'
	|| (SELECT string_agg(o, ',' ORDER BY o) FROM pg_foreign_server f, unnest(f.srvoptions) o WHERE f.srvname = 'sa_status_' || s.shard), ' ' ORDER BY s.shard)
	FROM service_affair_province.shard_status() s";
like($node->safe_psql('prov', $status), qr/^hz:true:\d+::NULL:.*statement_timeout=5000.* nb:true:\d+::NULL:/, 'shard_status() reads both shards through their status servers');
my %want = map { $_ => $node->safe_psql('prov', "SELECT count(*) || ' ' || md5(string_agg(x::text, ',' ORDER BY x::text)) FROM service_affair_province.$_ x") } @views;
like($want{efficiency_department}, qr/^2 /, 'the province view efficiency_department has a row per shard\'s department');
my $ext_deps = "SELECT coalesce(string_agg(coalesce(n.nspname, f.srvname), ',' ORDER BY coalesce(n.nspname, f.srvname)), '')
	FROM pg_depend d LEFT JOIN pg_namespace n ON d.classid = 'pg_namespace'::regclass AND n.oid = d.objid
	LEFT JOIN pg_foreign_server f ON d.classid = 'pg_foreign_server'::regclass AND f.oid = d.objid
	WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'n'
	  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'service_affair_province')";
is($node->safe_psql('prov', $ext_deps), 'sa_shard_hz,sa_shard_nb,sa_status_hz,sa_status_nb',
	'the schemas sa_shard_<name> and the status servers depend on the province extension (attach_shard())');
for my $r (dump_restore('prov'))
{
	is(tables_digest($r, '{service_affair,service_affair_shard,service_affair_province}'),
		tables_digest('prov', '{service_affair,service_affair_shard,service_affair_province}'),
		"$r: every table of service_affair, service_affair_shard and service_affair_province as on the province node");
	is($node->safe_psql($r, $objects), $node->safe_psql('prov', $objects),
		"$r: the servers, user mappings, schemas sa_shard_<name> with their foreign tables and the generated functions are restored");
	my @bad = grep { $node->safe_psql($r, "SELECT count(*) || ' ' || md5(string_agg(x::text, ',' ORDER BY x::text)) FROM service_affair_province.$_ x") ne $want{$_} } @views;
	is("@bad", '', "$r: every province view (" . scalar(@views) . ') answers as on the province node');
	is($node->safe_psql($r, $period), $node->safe_psql('prov', $period), "$r: efficiency_period() answers as on the province node");
	is($node->safe_psql($r, $status), $node->safe_psql('prov', $status),
		"$r: shard_status() answers as on the province node, through the restored status servers (their options and user mappings), no note");
	# pg_dump does not dump pg_depend: the restored rows of attached record
	# it again (trigger attached_depend; until 2026-12-07 none, and DROP
	# EXTENSION ... CASCADE left the schemas and the status servers with
	# their copied credentials behind until attach_shard() ran for each)
	is($node->safe_psql($r, $ext_deps), $node->safe_psql('prov', $ext_deps),
		"$r: the schemas sa_shard_<name> and the status servers depend on the province extension again, before any attach_shard()");
	is($node->safe_psql($r, "SELECT service_affair_province.attach_shard('nb') > 0"), 't', "$r: attach_shard() rebuilds the views again (its status server recognised by its restored comment)");
	is($node->safe_psql($r, 'SELECT count(*) || \' \' || md5(string_agg(x::text, \',\' ORDER BY x::text)) FROM service_affair_province.efficiency_department x'),
		$want{efficiency_department}, "$r: and they answer the same");
	$node->safe_psql($r, 'DROP EXTENSION service_affair_province CASCADE');
	is($node->safe_psql($r, "SELECT (SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'sa\\_shard\\_%') || ' '
		|| (SELECT count(*) FROM pg_foreign_server WHERE srvname LIKE 'sa\\_status\\_%') || ' '
		|| (SELECT count(*) FROM pg_user_mappings WHERE srvname LIKE 'sa\\_status\\_%') || ' '
		|| (SELECT count(*) FROM pg_class WHERE relnamespace = 'service_affair_province'::regnamespace) || ' '
		|| (SELECT count(*) FROM pg_proc WHERE pronamespace = 'service_affair_province'::regnamespace)"), '0 0 0 0 0',
		"$r: DROP EXTENSION service_affair_province CASCADE drops every schema sa_shard_<name>, status server and its user mappings (hz's too, never attached again), and the views and period functions (DEPENDS ON EXTENSION, dumped)");
}

# -- 3. the router --------------------------------------------------------------------------
SKIP:
{
	skip 'PL/Proxy is not installed (Debian package postgresql-15-plproxy)', 12 unless $plproxy;
	my $srv = "SELECT string_agg(s.srvname || ' ' || w.fdwname || ' ' || array_to_string(s.srvoptions, ','), E'\\n' ORDER BY s.srvname)
		  FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw";
	my $api = 'SELECT count(*) || \' \' || md5(string_agg(x::text, \',\' ORDER BY x::text)) FROM service_affair_router.api x';
	for my $r (dump_restore('router'))
	{
		is(tables_digest($r, '{service_affair,service_affair_shard,service_affair_router}'),
			tables_digest('router', '{service_affair,service_affair_shard,service_affair_router}'),
			"$r: every table of the router's extensions (catalog copy, shard map, api) as on the router");
		is($node->safe_psql($r, $srv), $node->safe_psql('router', $srv), "$r: the PL/Proxy servers, one per shard");
		is($node->safe_psql($r, $triggers), $node->safe_psql('router', $triggers),
			"$r: every trigger of the extensions, enabled as on the router (the calendar triggers ALWAYS, for logical apply)");
		my $id = $node->safe_psql($r, "SELECT service_affair_router.submit('hz_local', '11010519491231002X', '{form}', 'window', '{}', '2026-12-29 09:00+08')");
		like($id, qr/^1\d{15}$/, "$r: a call through the restored router lands on shard hz");
		is($node->safe_psql('hz', "SELECT department FROM service_affair.cases WHERE id = $id"), 'HZ_MKT', "$r: the case is on shard hz");
		is($node->safe_psql($r, "SELECT status FROM service_affair_router.case_progress($id, '11010519491231002X')"), 'accepted',
			"$r: case_progress through the restored router");
	}
}

$node->stop;
done_testing();
