# DROP EXTENSION service_affair_province on a province node with a shard
# attached (doc/scale.md, "Removing the province extension"): what
# attach_shard() made, the schema sa_shard_<name> (the imported foreign
# tables, the probe, the count) and the status server sa_status_<name> with
# its user mappings (copies of the credentials), goes with the extension.
# Until 2026-12-06 (a review) DROP EXTENSION ... CASCADE left them all
# behind, the copied credentials included, and a plain DROP EXTENSION did
# not name them.  A province node and a shard as databases of one server.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('scale_drop');
$node->init;
$node->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'\n");
$node->start;

# the shard: the views attach_shard() imports are there once the extensions are
$node->safe_psql('postgres', 'CREATE DATABASE nb');
$node->safe_psql('nb', "CREATE EXTENSION service_affair CASCADE; CREATE EXTENSION service_affair_shard;
	SELECT service_affair.create_roles(); SELECT service_affair_shard.create_roles();
	INSERT INTO service_affair_shard.shard VALUES ('nb', 2);");

$node->safe_psql('postgres', 'CREATE DATABASE prov');
$node->safe_psql('prov', "CREATE EXTENSION service_affair CASCADE; CREATE EXTENSION service_affair_shard;
	SELECT service_affair.create_roles();
	INSERT INTO service_affair_shard.shard VALUES ('nb', 2);
	CREATE ROLE sa_drop_reader LOGIN; CREATE EXTENSION postgres_fdw;");

my $server = "CREATE SERVER nb FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '" . $node->host
	. "', port '" . $node->port . "', dbname 'nb');
	CREATE USER MAPPING FOR CURRENT_USER SERVER nb;
	CREATE USER MAPPING FOR PUBLIC SERVER nb OPTIONS (user 'sa_drop_reader', password 'sa_drop_secret');";

# what attach_shard() made, what the extension left: schemas sa_shard_*,
# servers sa_status_*, user mappings on them, foreign tables anywhere
my $left = "SELECT coalesce(string_agg(x, ', ' ORDER BY x), 'none') FROM (
	SELECT 'schema ' || nspname AS x FROM pg_namespace WHERE nspname LIKE 'sa\\_shard\\_%'
	UNION ALL SELECT 'server ' || srvname FROM pg_foreign_server WHERE srvname LIKE 'sa\\_status\\_%'
	UNION ALL SELECT 'user mapping for ' || usename || ' on ' || srvname FROM pg_user_mappings WHERE srvname LIKE 'sa\\_status\\_%'
	UNION ALL SELECT 'foreign table ' || ftrelid::regclass FROM pg_foreign_table) l";
# the extension's schema stays, empty (CREATE EXTENSION makes it before the
# script runs: no member, doc/access.md): nothing the extension made in it
my $in_schema = "SELECT coalesce(string_agg(x, ', ' ORDER BY x), 'none') FROM (
	SELECT 'relation ' || oid::regclass AS x FROM pg_class WHERE relnamespace = to_regnamespace('service_affair_province')
	UNION ALL SELECT 'function ' || oid::regprocedure FROM pg_proc WHERE pronamespace = to_regnamespace('service_affair_province')
	UNION ALL SELECT 'type ' || oid::regtype FROM pg_type WHERE typnamespace = to_regnamespace('service_affair_province')) l";

sub attach
{
	$node->safe_psql('prov', 'CREATE EXTENSION service_affair_province CASCADE');
	is($node->safe_psql('prov', "SELECT service_affair_province.attach_shard('nb') > 0"), 't', 'shard nb attached');
	like($node->safe_psql('prov', $left),
		qr/^foreign table sa_shard_nb\.\w+.*schema sa_shard_nb, server sa_status_nb, user mapping for \w+ on sa_status_nb, user mapping for public on sa_status_nb$/,
		'... its schema sa_shard_nb with the foreign tables, its status server sa_status_nb with the mappings shard_status() uses');
	is($node->safe_psql('prov', "SELECT count(*) FROM service_affair_province.shard_status() WHERE shard = 'nb' AND reachable"), '1',
		'... and shard_status() reads it');
}

$node->safe_psql('prov', $server);
attach();

# a plain DROP EXTENSION names what attach_shard() made, and drops nothing
my ($rc, $out, $err) = $node->psql('prov', 'DROP EXTENSION service_affair_province');
isnt($rc, 0, 'DROP EXTENSION service_affair_province without CASCADE fails with a shard attached');
like($err, qr/schema sa_shard_nb depends on extension service_affair_province/, '... naming the schema sa_shard_nb');
like($err, qr/server sa_status_nb depends on extension service_affair_province/, '... and the status server sa_status_nb');
like($node->safe_psql('prov', $left), qr/server sa_status_nb/, '... nothing dropped');

# CASCADE takes all of it, the copied credentials with it; the shard's own
# server and its mappings (the administrator's) stay
$node->safe_psql('prov', 'DROP EXTENSION service_affair_province CASCADE');
is($node->safe_psql('prov', $left), 'none',
	'DROP EXTENSION service_affair_province CASCADE leaves no schema sa_shard_*, no server sa_status_*, no user mapping on one, no foreign table');
is($node->safe_psql('prov', $in_schema), 'none', '... nor any view, function or type in the schema service_affair_province (rebuild_views() made them), which stays empty');
is($node->safe_psql('prov', "SELECT string_agg(CASE WHEN usename = current_user THEN 'owner' ELSE usename END
		|| ':' || coalesce(array_to_string(umoptions, ','), ''), ' ' ORDER BY usename = current_user DESC)
	FROM pg_user_mappings WHERE srvname = 'nb'"), 'owner: public:user=sa_drop_reader,password=sa_drop_secret',
	'... the shard\'s own server nb and its user mappings, which the administrator made, stay');

# and the extension comes back: CREATE EXTENSION, attach_shard() again
attach();

# detach_shard() takes them too
is($node->safe_psql('prov', "SELECT service_affair_province.detach_shard('nb')"), '0', 'detach_shard(): no shard attached');
is($node->safe_psql('prov', $left), 'none', '... its schema, status server and mappings dropped');
is($node->safe_psql('prov', "SELECT service_affair_province.attach_shard('nb') > 0"), 't', 'attached again');
$node->safe_psql('prov', 'DROP EXTENSION service_affair_province CASCADE');
is($node->safe_psql('prov', $left) . ' ' . $node->safe_psql('prov', $in_schema), 'none none', 'DROP EXTENSION ... CASCADE after a detach and an attach: nothing left either');

done_testing();
