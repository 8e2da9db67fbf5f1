# The examples of doc/scale.md's multi-node part, run as written on the
# nodes they name, the province node's among them (no other test runs these
# blocks; test/t/scale_shards.pl runs its own SQL of the same calls; both
# take their nodes from test/t/ScaleNodes.pm's mknode()).  Each block run
# here carries, on the line right above its fence, an HTML comment naming the
# block and where it runs:
#     <!-- scale_doc.pl: <name> on <node>[ as <login>][, <node> ...] -->
# (<node>: province, the router, hz, nb, wz, each shard).  The test reads the
# blocks from the doc (a block it names that is not marked, a marked block it
# does not run, or a marker not right above a fence fails), runs their
# statements one by one, each in its own session, and checks what the doc
# shows for each:
#  * "-- → <result>" after a statement (or on the comment line below it), or
#    a quoted value ('wz') or a row (3303 | wz | …) as its comment: its rows,
#    "a | b" columns, several rows "a | b, c | d", "(NULL)" (or "(NULL: why)",
#    or an empty column) for NULL, a note in parentheses after a value ignored;
#  * "--  a | b | c" lines below a statement (an aligned table's header and
#    rule left out): its rows, one a line;
#  * a comment with "..." ({efficiency,...,complaint_counts}): the result
#    begins and ends so;
#  * "-- 42703: why" after a statement: it fails with that SQLSTATE;
#  * "-- ERROR:  …" / "-- DETAIL:  …" / "-- HINT:  …" lines below a
#    statement: it fails with exactly that message (the SQLSTATE compared
#    when the doc prints it);
#  * any other statement: it succeeds.
# The deployment is the one the doc's reference section describes: four
# servers with a database sa each, a province node (catalog, shard map hz/nb,
# service_affair_province, owned by the superuser dba), shards hz (3301) and
# nb (3302) subscribed to the catalog, a router (PL/Proxy), the catalog of
# scale_shards.pl, on 2026-12-01 to 2026-12-04 (+08); then a shard wz (3303)
# joins, the credit record is set up, and 3303 moves from wz to nb as the doc
# moves it.  The doc's host names (province, shard-nb, shard-wz) are
# replaced by the nodes' addresses, its per-node names (sa_catalog_nb,
# credit_from_nb, setup_shard('nb')) by each node's; "user '…'" of the
# move's user mapping by the test's superuser.  The router's lost call is
# lost as scale_in_doubt.pl loses it: nb's commit waits for a synchronous
# standby that never comes, and its backend is terminated there.  Every
# ```sql block from "Beyond one node" on is marked, or says why it is not
# run here, right above its fence:
#     <!-- scale_doc.pl: not run: <why> -->
# (none now).  For the status bound a fourth shard, ls (3311*), joins for
# that block and leaves again.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;
use FindBin;
use lib $FindBin::RealBin;
use ScaleNodes;

my $sharedir = `pg_config --sharedir`;
chomp $sharedir;
my ($ctl) = grep { -r $_ } map { "$_/extension/plproxy.control" } ($sharedir, '/usr/share/postgresql/15');
plan skip_all => 'PL/Proxy is not installed (Debian package postgresql-15-plproxy)' unless $ctl;

# -- the doc's blocks ---------------------------------------------------------------------------
my $docfile = ($ENV{TESTDIR} // '.') . '/doc/scale.md';
$docfile = "$ENV{SA_SOURCE}/doc/scale.md" if !-r $docfile && $ENV{SA_SOURCE};
open(my $fh, '<', $docfile) or die "cannot read $docfile: $!";
my @lines = <$fh>;
close $fh;
my (%block, @order, @stray, @unmarked, $want, $in, $skip, $shards_part);
for my $i (0 .. $#lines)
{
	my $l = $lines[$i];
	chomp $l;
	$shards_part = 1 if $l =~ /^## Beyond one node/;
	# a block not run here says why, right above its fence
	if ($l =~ /^<!-- scale_doc\.pl: not run: \S.* -->\s*$/) { $skip = 1; next; }
	if ($l =~ /^<!-- scale_doc\.pl: (\S+) on (.+?) -->\s*$/) { $want = [ $1, $2 ]; next; }
	# every SQL block of the multi-node part is run here, or says why not
	push @unmarked, $i + 1 if $shards_part && !$in && !$want && !$skip && $l =~ /^```sql\s*$/;
	$skip = undef if $l =~ /\S/;
	if ($l =~ /^```sql\s*$/ && $want)
	{
		$in = { name => $want->[0], node => $want->[1], line => $i + 2, text => '' };
		$want = undef;
		next;
	}
	if ($l =~ /^```/ && $in)
	{
		die "block $in->{name} twice in doc/scale.md" if $block{ $in->{name} };
		$block{ $in->{name} } = $in;
		push @order, $in->{name};
		$in = undef;
		next;
	}
	$in->{text} .= "$l\n" if $in;
	# the marker is right above the fence
	if ($want && $l =~ /\S/) { push @stray, $want->[0]; $want = undef; }
}

# statements TEXT: [sql, [expectation lines]] in order.  A statement ends
# with ";" at the end of its code; the comments on its lines, the comment
# lines indented below it, and the "--  a | b", "-- → …" and "-- ERROR:"
# lines below it are its expectation.  Other comment lines are prose.
sub statements
{
	my ($text) = @_;
	my (@st, $cur, $first, $last, @pending);
	my $n = -1;
	for my $l (split /\n/, $text)
	{
		$n++;
		if ($l =~ /^\s*--(.*)$/)
		{
			my $c = $1;
			if ($last && $c =~ /^ *-+(\+-+)+ *$/)
			{
				pop @{ $last->[1] };    # an aligned table's header and rule
			}
			elsif ($last && ($l =~ /^\s+--/ || $c =~ /^ *(→|ERROR:|DETAIL:|HINT:)/ || $c =~ /^ +\S.*\|/ || $c =~ /^ {5,}\S/))
			{
				push @{ $last->[1] }, $c;
			}
			else
			{
				$last = undef;
			}
			next;
		}
		next if $l !~ /\S/ && !defined $cur;
		my ($code, $comment) = $l =~ /^(.*?)(?:\s+--(.*))?$/;
		$first = $n unless defined $cur;
		$cur = defined $cur ? "$cur\n$code" : $code;
		push @pending, $comment if defined $comment;
		if ($code =~ /;\s*$/)
		{
			$last = [ $cur, [@pending], $first, scalar @pending ];
			push @st, $last;
			($cur, @pending) = (undef);
		}
	}
	die "unterminated statement in block: $cur" if defined $cur && $cur =~ /\S/;
	return @st;
}

# the rows a doc's text shows: "a | b, c | d" (or one row a line), NULL as
# "(NULL)", "(NULL: why)" or an empty column; a note in parentheses after a
# value (its closing parenthesis maybe on the next comment line) ignored
sub doc_rows
{
	my @rows;
	for my $text (@_)
	{
		my $t = $text =~ s/\s+\((?!NULL)[^()]*(?:\)|$)//gr =~ s/\(NULL[^)]*\)/(NULL)/gr;
		for my $r (split /,\s+/, $t)
		{
			my @c = map { s/^\s+|\s+$//gr } split /\|/, $r, -1;
			push @rows, join ' | ', map { $_ eq '' ? '(NULL)' : $_ } @c;
		}
	}
	return join "\n", @rows;
}

# the deployment ---------------------------------------------------------------------------------
my %node;
$node{province} = mknode('province', 1);
$node{router} = mknode('router', 0);
# (the shards publish their credit events: logical WAL too)
$node{$_} = mknode($_, 1) for qw(hz nb);
my $province = $node{province};
sub addr { my ($n) = @_; return ('host=' . $n->host . ' port=' . $n->port, "host '" . $n->host . "', port '" . $n->port . "'"); }

# sql NODE, SQL[, user]: (rows, error lines) as psql prints them
sub sql
{
	my ($n, $q, $user) = @_;
	my ($out, $err) = ('', '');
	$n->psql('sa', "\\set VERBOSITY verbose\n$q", stdout => \$out, stderr => \$err,
		extra_params => [ '-F', ' | ', '-P', 'null=(NULL)', ($user ? ('-U', $user) : ()) ]);
	return ($out, msgs($err));
}

# msgs STDERR: psql's ERROR lines and their DETAIL, HINT: [kind, text, of]
sub msgs
{
	my ($err) = @_;
	my @msg;
	for my $l (split /\n/, $err)
	{
		$l =~ s/^psql:[^ ]*:\d+: //;
		# (a DETAIL or HINT is the ERROR's, NOTICE's … above it)
		if ($l =~ /^(ERROR|WARNING|NOTICE|INFO|LOG|DEBUG\d?):\s+(.*)$/) { push @msg, [ $1, $2, $1 ]; }
		elsif (@msg && $l =~ /^(DETAIL|HINT|LOCATION|CONTEXT|QUERY|LINE \d+|STATEMENT):\s+(.*)$/) { push @msg, [ $1, $2, $msg[-1][2] ]; }
		elsif (@msg) { $msg[-1][1] .= ' ' . ($l =~ s/^\s+//r); }
	}
	# (a message ending in a newline, libpq's, leaves no space at its end)
	$_->[1] =~ s/\s+$// for @msg;
	return [ grep { $_->[2] eq 'ERROR' && $_->[0] =~ /^(ERROR|DETAIL|HINT)$/ } @msg ];
}

# the doc's ERROR/DETAIL/HINT lines: [kind, text], continuation lines joined
sub doc_msgs
{
	my @want;
	for my $c (@_)
	{
		if ($c =~ /^ *(ERROR|DETAIL|HINT):\s+(.*)$/) { push @want, [ $1, $2 ]; }
		elsif (@want && $c =~ /^ {5,}(\S.*)$/) { $want[-1][1] .= " $1"; }
	}
	return @want;
}

my %ran;
# run BLOCK on NODE (as USER), its statements passed through SUBST (a code ref
# on the SQL), those of INDEXES only when given; TABLE: the "--  a | b" rows
# compared as written (see there), the doc's text passed through WANT
sub run_block
{
	my (%a) = @_;
	my $b = $block{ $a{name} } or do { fail("doc/scale.md: no block marked '$a{name}'"); return; };
	$ran{ $a{name} } = 1;
	# the node the marker names
	my $on = $b->{node};
	my $ok = grep {
		my ($where, $as) = /^(?:the )?(.+?)(?: as (\S+))?$/;
		($where eq $a{node} || ($where eq 'each shard' && $a{node} =~ /^(hz|nb|wz)$/)) && ($as // '') eq ($a{user} // '')
	} split /,\s*|\s+and\s+/, $on;
	fail("doc/scale.md:$b->{line}: block $a{name} is marked to run on '$on', not on $a{node}" . ($a{user} ? " as $a{user}" : '')) unless $ok;
	my @st = statements($b->{text});
	my @idx = $a{only} ? @{ $a{only} } : (0 .. $#st);
	for my $i (@idx)
	{
		my ($q, $exp, $at, $own) = @{ $st[$i] };
		$q = $a{subst}->($q) if $a{subst};
		my ($out, $msgs) = ($a{via} && $a{via}{$i} ? $a{via}{$i} : \&sql)->($node{ $a{node} }, $q, $a{user});
		my $label = "doc/scale.md:" . ($b->{line} + $at) . " ($a{name}) on $a{node}" . ($a{user} ? " as $a{user}" : '') . ': ' . ($q =~ s/\s+/ /gr);
		$label = substr($label, 0, 200) if length $label > 200;
		my ($arrow) = map { /^ *→ (.*)$/ ? $1 : () } @$exp;
		# a result written without the arrow: a quoted value ('wz') or a row (3303 | wz | …)
		# (on the statement's own line)
		$arrow //= $1 if $own && ($exp->[ $own - 1 ] =~ /^ *'([^']*)'\s*$/ || $exp->[ $own - 1 ] =~ /^ *(\S+(?: \| \S+)+)\s*$/);
		my @err = grep { /^ *(ERROR|DETAIL|HINT):/ } @$exp;
		my @rows = grep { /^ +\S.*\|/ } @$exp;
		my ($elided) = grep { defined && /\.\.\./ } $exp->[0];
		my $got_err = join "\n", map { "$_->[0]:  $_->[1]" } @$msgs;
		if (@err)
		{
			my @want = doc_msgs(@$exp);
			my $with_state = $want[0][1] =~ /^[0-9A-Z]{5}: /;
			my $got = join "\n", map { my $t = $_->[1]; $t =~ s/^[0-9A-Z]{5}: // if $_->[0] eq 'ERROR' && !$with_state; "$_->[0]:  $t" } @$msgs;
			my $said = join("\n", map { "$_->[0]:  $_->[1]" } @want);
			if ($said =~ /\(…\)/)
			{
				# "(…)" in a message the doc shows stands for any text in parentheses
				my $re = join '\(.*?\)', map { quotemeta } split /\(…\)/, $said, -1;
				like($got, qr/^$re$/s, "$label: $said");
			}
			else
			{
				is($got, $said, $label);
			}
		}
		elsif ($exp->[0] && $exp->[0] =~ /^ *([0-9A-Z]{5}):/)
		{
			my $state = $1;
			like($got_err, qr/^ERROR:  $state:/, $label);
		}
		elsif ($a{table} && @rows)
		{
			# the doc's table as written: a row a line, an empty column
			# NULL, "…" any text; nothing stripped or split (its notes and
			# errors hold parentheses and commas), passed through WANT
			is($got_err, '', "$label: no error");
			my $want = join "\n", map { join ' | ', map { $_ eq '' ? '(NULL)' : $_ } map { s/^\s+|\s+$//gr } split /\|/, $_, -1 } @rows;
			$want = $a{want}->($want) if $a{want};
			my $re = join '.*?', map { quotemeta } split /…/, $want, -1;
			my $got = join "\n", map { join ' | ', map { s/^\s+|\s+$//gr } split / \| /, $_, -1 } split /\n/, $out;
			like($got, qr/^$re$/s, "$label: the doc's rows") or diag("got:\n$got\nthe doc's:\n$want");
		}
		elsif (defined $arrow || @rows)
		{
			is($got_err, '', "$label: no error");
			my $want = doc_rows(defined $arrow ? $arrow : map { s/^ +//r } @rows);
			my $got = join "\n", map { join ' | ', map { s/^\s+|\s+$//gr } split / \| /, $_, -1 } split /\n/, $out;
			is($got, $want, $label);
		}
		elsif ($elided)
		{
			# a result the doc shortens: "..." stands for anything
			is($got_err, '', "$label: no error");
			my $re = join '.*', map { quotemeta } split /\s*\.\.\.\s*/, $elided =~ s/^\s+|\s+$//gr, -1;
			like($out, qr/^$re$/s, "$label: begins and ends as the doc's '$elided'");
		}
		else
		{
			is($got_err, '', $label);
		}
	}
}

# -- the catalog, on the province node: scale_shards.pl's, of 杭州 and 宁波 --------------------------
my @shards = ([ 'hz', 1, '3301', '330106', 'HZ' ], [ 'nb', 2, '3302', '330225', 'NB' ]);
$province->safe_psql('sa', "INSERT INTO service_affair.evidence_type (code, name, number_format) VALUES ('BIZLIC', 'business licence', 'ZJ{region}-{year}-{seq}');\n"
	. join("\n", map {
	my ($s, $k, $p, $r, $u) = @$_;
	"INSERT INTO service_affair.department (code, name, region) VALUES ('${u}_MKT', '$u market', '$r');
	 INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence, output_evidence_type)
	   VALUES ('${s}_biz', '$u business change', '${u}_MKT', 'promised', 20, 5, 'ZJ_BIZ', 'province', 'company', 'BIZLIC'),
	          ('${s}_local', '$u local permit', '${u}_MKT', 'promised', 20, 3, NULL, 'none', 'receiving', NULL);
	 INSERT INTO service_affair.material (item, code, name) VALUES ('${s}_biz', 'form', 'Form'), ('${s}_local', 'form', 'Form');
	 INSERT INTO service_affair.item_implementation (basic_code, region, item) VALUES ('ZJ_BIZ', '$r', '${s}_biz');
	 INSERT INTO service_affair.service_point (code, name, level, region) VALUES ('$u-C', '$u centre', 'county', '$r');"
} @shards));
# "Region shards": the shard map as the doc writes it, on the province node;
# wz taken out again (the walk-through's province starts with hz and nb, wz
# joins in "Moving a region")
run_block(name => 'shard-map', node => 'province');
$province->safe_psql('sa', "DELETE FROM service_affair_shard.shard_region WHERE shard = 'wz'; DELETE FROM service_affair_shard.shard WHERE name = 'wz';");
# "Licence numbers": a format without {region} refused where the catalog is edited
run_block(name => 'licence-format', node => 'province');
is($province->safe_psql('sa', "SELECT number_format FROM service_affair.evidence_type WHERE code = 'BIZLIC'"), 'ZJ{region}-{year}-{seq}', '... BIZLIC keeps its format');
# "Bundles on one shard": the bundle hz_nb_bundle, led by HZ_MKT, holding
# hz_local at stage 1; nb_local refused
$province->safe_psql('sa', "INSERT INTO service_affair.bundle (code, name, lead_department) VALUES ('hz_nb_bundle', 'Hangzhou and Ningbo', 'HZ_MKT');
	INSERT INTO service_affair.bundle_item (bundle, item, stage) VALUES ('hz_nb_bundle', 'hz_local', 1);");
run_block(name => 'bundle', node => 'province');
is($province->safe_psql('sa', "SELECT string_agg(item, ',') FROM service_affair.bundle_item WHERE bundle = 'hz_nb_bundle'"), 'hz_local', '... the bundle keeps its one item');
# the replication login of doc/deployment.md ("Region shards", step 1)
$province->safe_psql('sa', 'CREATE ROLE replicator LOGIN REPLICATION BYPASSRLS;
	GRANT SELECT ON ALL TABLES IN SCHEMA service_affair, service_affair_shard TO replicator;
	GRANT USAGE ON SCHEMA service_affair, service_affair_shard TO replicator;');

# -- "Catalog replication and calendar edits": published, subscribed, shards set up ---------------
my ($prov_conn) = addr($province);
run_block(name => 'catalog', node => 'province', only => [0]);
for my $n (qw(router hz nb))
{
	run_block(name => 'catalog', node => $n, only => [ 1, 2 ],
		subst => sub { $_[0] =~ s/host=province/$prov_conn/r =~ s/sa_catalog_nb/sa_catalog_$n/r });
}
for my $n (qw(router hz nb))
{
	$node{$n}->poll_query_until('sa', "SELECT count(*) > 0 AND count(*) FILTER (WHERE srsubstate NOT IN ('r', 's')) = 0 FROM pg_subscription_rel")
		or die "catalog copy timed out on $n";
}
for my $n (qw(hz nb))
{
	run_block(name => 'catalog', node => $n, only => [3], subst => sub { $_[0] =~ s/'nb'/'$n'/r });
}

# applicants, registered where they act; the province's login on each shard
# (doc/deployment.md, "Region shards", step 5)
my %people = (
	hz => "INSERT INTO service_affair.applicant (kind, uscc, name) VALUES ('org', '913301060000000013', 'HZ company');
	       INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '330106198001010013', 'HZ resident');",
	nb => "INSERT INTO service_affair.applicant (kind, uscc, name) VALUES ('org', '91330225000000002U', 'NB company');
	       INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '330225198001010018', 'NB resident');");
for my $n (qw(hz nb))
{
	$node{$n}->safe_psql('sa', $people{$n});
	$node{$n}->safe_psql('sa', 'CREATE ROLE province_reader LOGIN; GRANT service_affair_province_link TO province_reader;');
}

# -- the router (doc/deployment.md, "Region shards") ----------------------------------------------
my $router = $node{router};
$router->safe_psql('sa', 'CREATE EXTENSION plproxy; CREATE EXTENSION service_affair_router;');
for my $n (qw(hz nb))
{
	my ($c) = addr($node{$n});
	$router->safe_psql('sa', "CREATE SERVER $n FOREIGN DATA WRAPPER plproxy OPTIONS (p0 '$c dbname=sa');
		CREATE USER MAPPING FOR PUBLIC SERVER $n;");
}
$router->safe_psql('sa', 'SELECT service_affair_router.create_roles()');
# "Case numbers unique province-wide": service_affair.submit() called on the
# router itself (its applicant registered there) is refused, nothing written
$router->safe_psql('sa', "INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '330106198001010013', 'HZ resident')");
run_block(name => 'router-local-submit', node => 'router');
is($router->safe_psql('sa', 'SELECT count(*) FROM service_affair.cases'), '0', '... no case on the router');

# -- "Province-wide reads": attach, detach, attach, as the superuser dba ---------------------------
$province->safe_psql('sa', 'CREATE ROLE dba LOGIN SUPERUSER');
my %fdw_host = map { $_ => (addr($node{$_}))[1] } qw(hz nb);
run_block(name => 'attach', node => 'province', user => 'dba', only => [0]);
# "Whose server": mallory, with USAGE on postgres_fdw, made server nb first
$province->safe_psql('sa', "CREATE ROLE mallory LOGIN; GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO mallory;
	SET ROLE mallory; CREATE SERVER nb FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'mallory.example', dbname 'sa');");
run_block(name => 'whose-server', node => 'province', user => 'dba');
is($province->safe_psql('sa', "SELECT count(*) FROM pg_namespace WHERE nspname = 'sa_shard_nb'"), '0', '... nothing made');
$province->safe_psql('sa', 'SET ROLE mallory; DROP SERVER nb;');
run_block(name => 'attach', node => 'province', user => 'dba', only => [ 1, 2, 3, 4 ], subst => sub { $_[0] =~ s/host 'shard-nb'/$fdw_host{nb}/r });
run_block(name => 'attach', node => 'province', user => 'dba', only => [ 1, 2, 3 ],
	subst => sub { $_[0] =~ s/\bnb\b/hz/gr =~ s/host 'shard-hz'/$fdw_host{hz}/r });
run_block(name => 'attach', node => 'province', user => 'dba', only => [3]);

# -- the reference's walk-through, on the router --------------------------------------------------
run_block(name => 'router-cases', node => 'router');
run_block(name => 'router-refusal', node => 'router');
run_block(name => 'router-complaints', node => 'router');
run_block(name => 'routing-helpers', node => 'router');
# on shard nb
run_block(name => 'guards', node => 'nb');
run_block(name => 'link-reads', node => 'nb', user => 'province_reader');
run_block(name => 'link-relations', node => 'nb');
# the province node
run_block(name => 'province-views', node => 'province');
run_block(name => 'province-period', node => 'province');
# a password rotated and the shard moved to another host (here: the same)
run_block(name => 'province-rotate', node => 'province', subst => sub { $_[0] =~ s/SET host 'shard-nb-2'/SET host '@{[ $node{nb}->host ]}'/r });

# a REPEATABLE READ reader of shard_status() and a detach_shard() in another
# session: the doc's block in one session, its "-- another session:" line in
# a second, then hz attached again
if (my $b = $block{'rr-status'})
{
	$ran{'rr-status'} = 1;
	my @st = statements($b->{text});
	my ($other) = $b->{text} =~ /^-- another session: (.*;)\s*$/m;
	my $rr = $province->background_psql('sa', on_error_stop => 0, extra_params => [ '-U', 'dba' ]);
	my $said = '';
	for my $st (@st)
	{
		my ($q, $exp, $at) = @$st;
		$province->safe_psql('sa', $other, extra_params => [ '-U', 'dba' ]) if $q =~ /shard_status/ && $other;
		$rr->{stderr} = '';
		$rr->query($q);
		my $err = join "\n", map { s/^psql:[^ ]*:\d+: //r } grep { /^(psql:[^ ]*: )?(ERROR|DETAIL|HINT):/ } split /\n/, $rr->{stderr};
		my $want = join "\n", map { "$_->[0]:  $_->[1]" } doc_msgs(@$exp);
		is($err, $want, 'doc/scale.md:' . ($b->{line} + $at) . " (rr-status) on province as dba: $q" . ($q =~ /shard_status/ ? " (another session: $other)" : ''));
	}
	$rr->quit;
	run_block(name => 'attach', node => 'province', user => 'dba', only => [3], subst => sub { $_[0] =~ s/\bnb\b/hz/gr });
}
else
{
	fail('doc/scale.md: no block marked rr-status');
}

# -- "Moving a region between shards": 温州 (3303*) joins on shard wz, then moves to nb ----------
$node{wz} = mknode('wz', 1);
$province->safe_psql('sa', "INSERT INTO service_affair.department (code, name, region) VALUES ('WZ_MKT', 'WZ market', '330302');
	INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit) VALUES ('wz_local', 'WZ local permit', 'WZ_MKT', 'promised', 20, 3);
	INSERT INTO service_affair.material (item, code, name) VALUES ('wz_local', 'form', 'Form');
	INSERT INTO service_affair_shard.shard (name, number) VALUES ('wz', 3);
	INSERT INTO service_affair_shard.shard_region (prefix, shard) VALUES ('3303', 'wz');");
run_block(name => 'catalog', node => 'wz', only => [ 1, 2 ],
	subst => sub { $_[0] =~ s/host=province/$prov_conn/r =~ s/sa_catalog_nb/sa_catalog_wz/r });
$node{wz}->poll_query_until('sa', "SELECT count(*) > 0 AND count(*) FILTER (WHERE srsubstate NOT IN ('r', 's')) = 0 FROM pg_subscription_rel")
	or die 'catalog copy timed out on wz';
run_block(name => 'catalog', node => 'wz', only => [3], subst => sub { $_[0] =~ s/'nb'/'wz'/r });
$province->wait_for_catchup("sa_catalog_$_") for qw(router hz nb);
$node{wz}->safe_psql('sa', "INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '330302198001010019', 'WZ resident');
	CREATE ROLE province_reader LOGIN; GRANT service_affair_province_link TO province_reader;");
my ($wz_conn, $wz_host) = addr($node{wz});
$router->safe_psql('sa', "CREATE SERVER wz FOREIGN DATA WRAPPER plproxy OPTIONS (p0 '$wz_conn dbname=sa'); CREATE USER MAPPING FOR PUBLIC SERVER wz;");
run_block(name => 'attach', node => 'province', user => 'dba', only => [ 1, 2, 3 ],
	subst => sub { $_[0] =~ s/\bnb\b/wz/gr =~ s/host 'shard-wz'/$wz_host/r });

# -- "The province-wide credit record": each shard's events published, gathered, given to the others
for my $n (qw(hz nb wz))
{
	# the replication login on the shard too (doc/deployment.md, "Region shards", step 2)
	$node{$n}->safe_psql('sa', 'CREATE ROLE replicator LOGIN REPLICATION BYPASSRLS;
		GRANT USAGE ON SCHEMA service_affair TO replicator; GRANT SELECT ON service_affair.credit_event TO replicator;');
	run_block(name => 'credit', node => $n, only => [0]);
}
# the province node's publications: the doc abbreviates their names
# ({service_affair_credit_hz, _nb, _wz}); here in full
my @credit = $block{credit} ? statements($block{credit}{text}) : ();
my ($credit_sql, $credit_said) = @credit > 1 ? ($credit[1][0], $credit[1][1][0] // '') : ('SELECT NULL', '');
my $credit_want = ($credit_said =~ /^\s*(\{[^}]*\})/)[0] // '(no result in the doc)';
$credit_want =~ s/, _/,service_affair_credit_/g;
is($province->safe_psql('sa', $credit_sql), $credit_want, "doc/scale.md (credit) on province: $credit_sql --$credit_said");
# the province gathers first (the walk-through's events, numbered by hz,
# come in the initial copy), then gives each shard the others' (the nb and
# wz copies of the province's table: hz's events)
my $credit_ready = sub {
	$node{ $_[0] }->poll_query_until('sa', "SELECT count(*) > 0 AND count(*) FILTER (WHERE srsubstate NOT IN ('r', 's')) = 0 FROM pg_subscription_rel r JOIN pg_subscription s ON s.oid = r.srsubid WHERE s.subname LIKE 'credit%'")
		or die "credit copy timed out on $_[0]";
};
for my $n (qw(hz nb wz))
{
	my ($c) = addr($node{$n});
	run_block(name => 'credit', node => 'province', only => [2], subst => sub { $_[0] =~ s/host=shard-nb/$c/r =~ s/credit_from_nb/credit_from_$n/r });
}
$credit_ready->('province');
for my $n (qw(hz nb wz))
{
	run_block(name => 'credit', node => $n, only => [3], subst => sub { $_[0] =~ s/host=province/$prov_conn/r =~ s/credit_nb/credit_$n/gr });
	$credit_ready->($n);
}
# the events of the walk-through (numbered by hz, before any subscription)
# reached the province and, through it, nb and wz in the initial copies: the
# replication login reads credit_event past its row-level security
is(join(' ', map { $node{$_}->safe_psql('sa', 'SELECT string_agg(id::text, \',\' ORDER BY id) FROM service_affair.credit_event') } qw(province nb wz)),
	join(' ', ($node{hz}->safe_psql('sa', 'SELECT string_agg(id::text, \',\' ORDER BY id) FROM service_affair.credit_event')) x 3),
	'the credit events hz numbered before the subscriptions are on the province node, nb and wz (the replication login is BYPASSRLS: doc/deployment.md)');

# -- "Complete or an error": the status bound, four shards past it at once ---------------------
# hz's cases locked (its count ends at the bound), nb silent (its
# pg_namespace locked: the liveness probe ends at the bound), wz down, and a
# fourth shard ls (3311*, number 4) attached before status servers existed:
# its status server dropped and its probe over its own server, as
# attach_shard() made them until 2026-12-05.  ls is a server with the
# extensions and the province's login (service_affair_shard.create_roles());
# no catalog, no cases: the doc's 184022 stands for its count, as ls says
# it.  The doc's socket port (5432) is wz's.  Then the bound reset, the locks
# released, wz started again, ls detached and out of the map.
$node{ls} = mknode('ls', 0);
$node{ls}->safe_psql('sa', 'SELECT service_affair_shard.create_roles(); CREATE ROLE province_reader LOGIN; GRANT service_affair_province_link TO province_reader;');
$province->safe_psql('sa', "INSERT INTO service_affair_shard.shard (name, number) VALUES ('ls', 4); INSERT INTO service_affair_shard.shard_region (prefix, shard) VALUES ('3311', 'ls');");
my $ls_host = (addr($node{ls}))[1];
run_block(name => 'attach', node => 'province', user => 'dba', only => [ 1, 2, 3 ],
	subst => sub { $_[0] =~ s/\bnb\b/ls/gr =~ s/host 'shard-ls'/$ls_host/r });
$province->safe_psql('sa', "DROP SERVER sa_status_ls CASCADE;
	CREATE FOREIGN TABLE sa_shard_ls.probe () SERVER ls OPTIONS (schema_name 'pg_catalog', table_name 'pg_namespace');");
my $ls_cases = $node{ls}->safe_psql('sa', 'SELECT count(*) FROM service_affair.cases');
# (nb's autovacuum off for the block: a vacuum of a system catalog there
# would invalidate the relcache init file, and the probe's new connection
# would then wait for the lock in its start: 08001 at the bound, not 57014)
$node{nb}->safe_psql('sa', 'ALTER SYSTEM SET autovacuum = off');
$node{nb}->reload;
$node{nb}->poll_query_until('sa', "SELECT current_setting('autovacuum') = 'off' AND NOT EXISTS (SELECT FROM pg_stat_activity WHERE backend_type = 'autovacuum worker')")
	or die 'an autovacuum worker still runs on nb';
my %held;
for my $n (qw(hz nb))
{
	# (a connection made first: a new one rebuilding the relcache init file
	# would wait for the lock in its start, 08001 at connect_timeout)
	$node{$n}->safe_psql('sa', 'SELECT 1');
	$held{$n} = $node{$n}->background_psql('sa');
}
$held{hz}->query_safe('BEGIN; LOCK TABLE service_affair.cases IN ACCESS EXCLUSIVE MODE');
$held{nb}->query_safe('BEGIN; LOCK TABLE pg_catalog.pg_namespace IN ACCESS EXCLUSIVE MODE');
$node{wz}->stop;
my $wz_port = $node{wz}->port;
run_block(name => 'status-bound', node => 'province', table => 1,
	want => sub { $_[0] =~ s/\b184022\b/$ls_cases/r =~ s/\.s\.PGSQL\.5432/.s.PGSQL.$wz_port/r });
$province->safe_psql('sa', 'ALTER DATABASE sa RESET service_affair_province.status_timeout');
$_->query_safe('ROLLBACK'), $_->quit for values %held;
$node{nb}->safe_psql('sa', 'ALTER SYSTEM RESET autovacuum');
$node{nb}->reload;
$node{wz}->start;
$province->safe_psql('sa', "SELECT service_affair_province.detach_shard('ls');
	DELETE FROM service_affair_shard.shard_region WHERE shard = 'ls'; DELETE FROM service_affair_shard.shard WHERE name = 'ls';");
$node{ls}->stop;
is($province->safe_psql('sa', 'SELECT string_agg(shard || \':\' || reachable, \' \' ORDER BY shard) FROM service_affair_province.shard_status()'),
	'hz:true nb:true wz:true', '... the bound reset, the locks released, wz started, ls left: every shard answers again');

# -- "The router": a keyed call lost after the shard committed it, repeated ---------------------
# nb's commits wait for a synchronous standby that never comes; when the
# call's backend on nb waits so (committed locally), it is terminated: the
# router gets the shard's FATAL after the call was sent (as scale_in_doubt.pl)
my $lost = sub {
	my ($n, $q, $user) = @_;
	my $nb = $node{nb};
	$nb->safe_psql('sa', "ALTER SYSTEM SET synchronous_standby_names = 'nobody'");
	$nb->reload;
	my ($out, $err) = ('', '');
	my $h = IPC::Run::start([ 'psql', '-XAtq', '-v', 'VERBOSITY=verbose', '-F', ' | ', '-P', 'null=(NULL)', '-d', $n->connstr('sa'),
		($user ? ('-U', $user) : ()), '-c', $q ], '<', \undef, '>', \$out, '2>', \$err);
	$nb->poll_query_until('sa', "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'sa' AND wait_event = 'SyncRep'")
		or die 'the call never waited for its standby on nb';
	$h->finish;
	$nb->safe_psql('sa', 'ALTER SYSTEM RESET synchronous_standby_names');
	$nb->reload;
	chomp $out;
	return ($out, msgs($err));
};
run_block(name => 'lost-call', node => 'router', via => { 0 => $lost });
is($node{nb}->safe_psql('sa', "SELECT count(*) FROM service_affair.rating WHERE case_id = 2003240000000002"), '1',
	'... the lost call\'s rating, committed on nb, and no second one by its repeat');

# -- "Province-wide reads": the complaint queue as a clerk of 温州 --------------------------------
$province->safe_psql('sa', "CREATE ROLE clerk_wz LOGIN IN ROLE service_affair_clerk; INSERT INTO service_affair.staff (login, department) VALUES ('clerk_wz', 'WZ_MKT');");
run_block(name => 'complaint-queue', node => 'province', user => 'clerk_wz');

my $wz_case = $router->safe_psql('sa', "SELECT service_affair_router.submit('wz_local', '330302198001010019', '{form}', 'window', '{}', '2026-12-02 09:00+08')");
like($wz_case, qr/^3\d{15}$/, 'a case of 温州 through the router, on shard wz, to be moved');
my $su = $node{nb}->safe_psql('sa', 'SELECT current_user');
my $replayed = sub { $province->wait_for_catchup("sa_catalog_$_") for qw(router hz nb wz); };
run_block(name => 'move', node => 'province', user => 'dba', only => [0]);
$replayed->();
run_block(name => 'move', node => 'nb', only => [ 1, 2, 3, 4 ], subst => sub { $_[0] =~ s/host 'shard-wz'/$wz_host/r =~ s/user '…'/user '$su'/r });
run_block(name => 'move', node => 'province', user => 'dba', only => [5]);
$replayed->();
run_block(name => 'move', node => 'wz', only => [6]);
run_block(name => 'move', node => 'province', user => 'dba', only => [7]);
is($node{nb}->safe_psql('sa', "SELECT department FROM service_affair.cases WHERE id = $wz_case")
	. ' ' . $node{wz}->safe_psql('sa', 'SELECT count(*) FROM service_affair.cases'), 'WZ_MKT 0', '... the case of 温州 is on nb, none left on wz');

# the analysts' role taken back from the login (a no-op here: it never was one)
run_block(name => 'link-revoke', node => $_) for qw(hz nb wz);

is(join(' ', grep { !$ran{$_} } @order), '', 'every block of doc/scale.md marked for scale_doc.pl was run');
is(join(' ', @stray), '', 'every scale_doc.pl marker of doc/scale.md is right above a ```sql fence');
is(join(' ', @unmarked), '', 'every ```sql block of doc/scale.md from "Beyond one node" on is marked to run here, or "not run: <why>" (lines)');
done_testing();
