# The hot standby of doc/deployment.md ("Analysts on a hot standby"), its
# blocks read from the doc and run as written on two throwaway clusters of
# this machine, only the doc's addresses (192.0.2.10 primary, 192.0.2.20
# standby), port 5432 and data directory replaced by the test's:
#  * the primary's postgresql.conf lines (this test's primary starts with
#    wal_level = minimal and max_wal_senders = 0: the doc's lines must undo it);
#  * the replication login, CREATE ROLE as written; `\password` (which sends
#    a SCRAM verifier) replaced by ALTER ROLE ... PASSWORD, stored as SCRAM
#    under PostgreSQL 15's default password_encryption; the login holds
#    REPLICATION LOGIN and nothing else;
#  * the pg_hba.conf line, the only line of the primary for TCP connections
#    (initdb's host lines, which trust replication from 127.0.0.1, removed):
#    a wrong password is refused;
#  * the ~/.pgpass line (as PGPASSFILE) and pg_basebackup as written;
#  * the standby's postgresql.conf lines; the standby streams as sa_standby;
#  * the analyst's query, as an analyst login on the standby, with
#    service_affair.as_of set as the doc does: the same rows as on the
#    primary, a case among them; a write fails there with 25006.
# Until 2026-12-05 the doc named neither the login nor the pg_hba.conf line.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my ($docdir) = grep { defined($_) && -r "$_/doc/deployment.md" } ($ENV{TESTDIR}, $ENV{SA_SOURCE});
plan skip_all => 'doc/deployment.md is not readable' unless $docdir;
my $doc = slurp_file("$docdir/doc/deployment.md");
my ($section) = $doc =~ m{\n## Analysts on a hot standby\n(.*?)\n## }s;
$section //= '';

# the code block (``` or ```sql) of the section whose first line begins with $first
sub block
{
	my ($first) = @_;
	while ($section =~ m{\n```[a-z]*\n(.*?)```}gs)
	{
		my $b = $1;
		return $b if index($b, $first) == 0;
	}
	fail("doc/deployment.md, hot standby: a block beginning '$first'");
	return '';
}
# the lines of a block that are not comments (# or --)
sub code { return join('', grep { !/^\s*(#|--)/ } split(/^/m, $_[0])); }

my $pconf = block('# primary, postgresql.conf');
my $role = block('-- primary, as a superuser: the standby');
my $hba = block('# primary, pg_hba.conf');
my $base = block('# standby host, as postgres');
my $sconf = block('# standby, postgresql.conf');
my $query = block('-- on the standby, as an analyst');

my $primary = PostgreSQL::Test::Cluster->new('dp_primary');
$primary->init;
my $port = $primary->port;
# the primary listens on TCP: its port is reserved where every checkout's run
# looks (tools/run-tests.sh sets PG_TEST_PORT_DIR to one directory of the
# machine), so that two checkouts running this test at once do not both take
# it (until 2026-12-06 the reservation was in this run's tmp_check only)
my $rsv = defined($ENV{PG_TEST_PORT_DIR}) && -f "$ENV{PG_TEST_PORT_DIR}/$port.rsv" ? slurp_file("$ENV{PG_TEST_PORT_DIR}/$port.rsv") : '';
ok($rsv =~ /^\s*(\d+)\s*$/ && $1 == $$,
	"the primary's port $port is reserved for this test in the machine's port directory (PG_TEST_PORT_DIR)");
# the doc's addresses: both are this machine
(my $pc = code($pconf)) =~ s/192\.0\.2\.10/127.0.0.1/g;
like($pc, qr/^listen_addresses = /m, "the primary's postgresql.conf lines name listen_addresses");
$primary->append_conf('postgresql.conf', "$pc\ntimezone = 'Asia/Shanghai'");
# pg_hba.conf: the local (socket) lines of initdb, for the test's own
# connections, and the doc's line alone for TCP
my $hba_file = $primary->data_dir . '/pg_hba.conf';
my $local = join('', grep { /^local\s/ } split(/^/m, slurp_file($hba_file)));
(my $hl = code($hba)) =~ s{192\.0\.2\.20/32}{127.0.0.1/32}g;
like($hl, qr/^host\s+replication\s+sa_standby\s+127\.0\.0\.1\/32\s+scram-sha-256\s*$/m, 'the pg_hba.conf line: host, replication, the login, SCRAM');
open(my $fh, '>', $hba_file) or die "$hba_file: $!";
print $fh $local, $hl;
close $fh;
$primary->start;
is($primary->safe_psql('postgres', 'SHOW wal_level') . ' ' . $primary->safe_psql('postgres', 'SHOW max_wal_senders'),
	'replica 10', "the primary runs with the doc's wal_level and max_wal_senders");

# the login, as written; \password replaced by the verifier it would send
my $pw = 'standby-pw-7';
my $rsql = $role;
ok($rsql =~ s/^\\password sa_standby$/ALTER ROLE sa_standby PASSWORD '$pw';/m, 'the block sets the password with \password sa_standby');
my ($ret, $out, $err) = $primary->psql('postgres', $rsql, on_error_stop => 1);
is($ret . $err, '0', 'the login block runs as written');
is($primary->safe_psql('postgres', q{SELECT rolreplication, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls,
	rolinherit, left(rolpassword, 14), (SELECT count(*) FROM pg_auth_members WHERE member = a.oid)
	FROM pg_authid a WHERE rolname = 'sa_standby'}),
	't|t|f|f|f|f|t|SCRAM-SHA-256$|0', 'sa_standby: REPLICATION LOGIN only, a SCRAM verifier, no group role');

# the county: the extension, the demo catalog, an analyst's login, a case
my ($src) = grep { defined($_) && -r "$_/demo/10_county_catalog.sql" } ($ENV{TESTDIR}, $ENV{SA_SOURCE});
$primary->safe_psql('postgres', 'CREATE DATABASE county');
$primary->safe_psql('county', 'CREATE EXTENSION service_affair CASCADE; SELECT service_affair.create_roles();');
$primary->safe_psql('county', slurp_file("$src/demo/$_")) for qw(09_evidence_types.sql 10_county_catalog.sql);
my $case = $primary->safe_psql('county', q{
	CREATE ROLE dp_analyst LOGIN IN ROLE service_affair_analyst;
	SELECT service_affair.register_applicant('person', '33022519800101123X', 'Doc Applicant');
	SELECT service_affair.submit('market_food_licence', '33022519800101123X',
		'{food_licence_form,id_card,food_layout,food_safety_rules}', 'window');});
($case) = $case =~ /(\d+)\s*$/;
ok(defined $case, "a case on the primary ($case)");

# the standby: ~/.pgpass as PGPASSFILE, pg_basebackup as written
my $standby = PostgreSQL::Test::Cluster->new('dp_standby');
my $sdir = $standby->data_dir;
my ($pgpass) = $base =~ /^#\s+(192\.0\.2\.10:5432:replication:sa_standby:)<the password>$/m;
ok(defined $pgpass, 'the block gives the ~/.pgpass line');
$pgpass //= '';
$pgpass =~ s/192\.0\.2\.10:5432:/127.0.0.1:$port:/;
my $passfile = $standby->basedir . '/pgpass';
append_to_file($passfile, "$pgpass$pw\n");
chmod 0600, $passfile;
# the backup's checkpoint is spread (the default): flush the county first
$primary->safe_psql('postgres', 'CHECKPOINT');
my $bb = code($base);
chomp $bb;
my %sub = ('-D /var/lib/postgresql/15/standby' => "-D $sdir", '-h 192.0.2.10' => '-h 127.0.0.1', '-p 5432' => "-p $port");
is(join(', ', grep { index($bb, $_) < 0 } sort keys %sub), '', 'pg_basebackup names the directory, host and port this test replaces');
$bb =~ s/\Q$_\E/$sub{$_}/ for keys %sub;
like($bb, qr/^pg_basebackup /, 'the command is pg_basebackup');
{
	local $ENV{PGPASSFILE} = $passfile;
	local $ENV{PGPASSWORD};
	delete $ENV{PGPASSWORD};
	# a wrong password first: refused by the doc's line
	my $badpass = $standby->basedir . '/pgpass_bad';
	append_to_file($badpass, "$pgpass" . "wrong\n");
	chmod 0600, $badpass;
	{
		local $ENV{PGPASSFILE} = $badpass;
		my ($o, $e) = run_command([ split(/\s+/, $bb =~ s/-D \S+/-D $sdir.bad/r) ]);
		like($e, qr/password authentication failed for user "sa_standby"/, 'a wrong password is refused');
	}
	my ($o, $e) = run_command([ split(/\s+/, $bb) ]);
	ok(-f "$sdir/standby.signal", "pg_basebackup as written copies the primary as sa_standby" . ($e ne "" ? ": $e" : ""))
	  or BAIL_OUT("no standby: pg_basebackup failed");
}
# the standby's own port, then the doc's lines
$standby->append_conf('postgresql.conf', "port = " . $standby->port . "\nlisten_addresses = ''\n" . code($sconf));
$standby->start;
is($standby->safe_psql('postgres', 'SELECT pg_is_in_recovery()'), 't', 'the standby is in recovery');
my $lsn = $primary->safe_psql('postgres', 'SELECT pg_current_wal_lsn()');
ok($standby->poll_query_until('postgres', "SELECT pg_last_wal_replay_lsn() >= '$lsn'"), 'the standby replays the primary');
is($primary->safe_psql('postgres', 'SELECT usename, state FROM pg_stat_replication'), 'sa_standby|streaming',
	'the standby streams as sa_standby');
is($standby->safe_psql('postgres', 'SHOW hot_standby_feedback') . ' ' . $standby->safe_psql('postgres', 'SHOW max_standby_streaming_delay'),
	'on 5min', "the standby runs with the doc's settings");

# the analyst's query as written, as an analyst login, on both
my $q = code($query);
my $on_standby = $standby->safe_psql('county', $q, extra_params => [ '-U', 'dp_analyst' ]);
my $on_primary = $primary->safe_psql('county', $q, extra_params => [ '-U', 'dp_analyst' ]);
like($on_standby, qr/^\w+\|[1-9]/m, "the analyst's query answers on the standby ($on_standby)");
is($on_standby, $on_primary, 'the same rows as on the primary');
is($standby->safe_psql('county', "SELECT count(*) FROM service_affair.case_sla WHERE case_id = $case", extra_params => [ '-U', 'dp_analyst' ]),
	'1', 'the case of the primary is among them');
($ret, $out, $err) = $standby->psql('county', "SELECT service_affair.register_applicant('person', '11010519491231002X', 'X')",
	extra_params => [ '-v', 'VERBOSITY=verbose' ]);
like($err, qr/25006/, 'a write fails on the standby with 25006');

$standby->stop;
$primary->stop;
done_testing();
