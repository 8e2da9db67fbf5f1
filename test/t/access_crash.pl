# Crash safety: concurrent clients submit and supplement cases (and claim and
# complete tasks when routing is installed, and create inspection plans that
# append to the hash-chained log) in autocommit mode; the server and all its
# backends are killed with SIGKILL in the middle of the load and restarted.
# Every call a client saw succeed must be there, consistent; nothing
# half-done may be visible; every log chain verifies.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;
use Time::HiRes qw(usleep);

my $node = PostgreSQL::Test::Cluster->new('access_crash');
$node->init;
$node->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'\nmax_connections = 30\nsynchronous_commit = on\n");
$node->start;

# valid resident ids (GB 11643 check character)
sub resident_id
{
	my ($body) = @_;
	my @w = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2);
	my $s = 0;
	$s += substr($body, $_, 1) * $w[$_] for 0 .. 16;
	return $body . substr('10X98765432', $s % 11, 1);
}
my @people = map { resident_id(sprintf('33022519800101%03d', $_)) } 1 .. 4;

$node->safe_psql('postgres', 'CREATE EXTENSION service_affair');
$node->safe_psql('postgres', qq{
SET search_path = service_affair;
INSERT INTO department (code, name, region) VALUES ('CR_M', 'Market', '330225'), ('CR_H', 'Health', '330226');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online, mobile) VALUES
  ('cr_a', 'Licence', 'CR_M', 'promised', 20, 5, 3, true, true),
  ('cr_h', 'Health permit', 'CR_H', 'promised', 20, 10, 5, true, true),
  ('cr_i', 'Seal', 'CR_M', 'immediate', NULL, NULL, 5, true, false);
INSERT INTO material (item, code, name, tolerable) VALUES
  ('cr_a', 'form', 'Form', false), ('cr_a', 'lease', 'Lease', true),
  ('cr_h', 'form', 'Form', false), ('cr_h', 'health', 'Health certificate', false),
  ('cr_i', 'form', 'Form', false);
INSERT INTO bundle (code, name, lead_department) VALUES ('cr_b', 'Open a shop', 'CR_M');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('cr_b', 'cr_a', 1), ('cr_b', 'cr_h', 2);
} . join('', map { "SELECT register_applicant('person', '$people[$_]', 'P$_');\n" } 0 .. 3));

my $routing = $node->safe_psql('postgres', "SELECT to_regclass('service_affair.task') IS NOT NULL") eq 't';
note($routing ? 'routing installed: clients also claim and complete tasks' : 'routing not installed: no tasks');

# the client scripts: every line a client prints follows a committed call
my $dir = $node->basedir;
my @clients;
for my $c (1 .. 4)
{
	open my $fh, '>', "$dir/client$c.sql" or die;
	print $fh "SET search_path = service_affair;\n";
	for my $i (1 .. 20000)
	{
		my $app = 1 + ($i + $c) % 4;
		my $k = $i % 4;
		if ($k == 0)
		{
			print $fh "SELECT 'submit', submit('cr_a', $app, '{form}', 'window') AS c \\gset\nSELECT 'submit', :c, 'accepted';\n";
		}
		elsif ($k == 1)
		{
			print $fh "SELECT submit('cr_a', $app, '{}', 'online') AS c \\gset\nSELECT 'submit', :c, 'returned';\n";
			print $fh "SELECT 'supplement', :c, supplement(:c, '{form, lease}');\n";
		}
		elsif ($k == 2)
		{
			print $fh "SELECT submit('cr_b', $app, '{form, health}', 'mobile') AS c \\gset\nSELECT 'submit', :c, 'accepted';\n";
		}
		else
		{
			print $fh "SELECT submit('cr_i', $app, '{}', 'kiosk') AS c \\gset\nSELECT 'submit', :c, 'returned';\n";
			print $fh "SELECT 'withdraw', :c, 'withdrawn' FROM (SELECT withdraw(:c)) w;\n";
		}
		if ($routing && $c <= 2)
		{
			my $dep = $c == 1 ? 'CR_M' : 'CR_H';
			print $fh "SELECT 'task', t, 'done' FROM claim_task('$dep', 'worker$c') t, LATERAL (SELECT complete_task(t, 'approved')) x WHERE t IS NOT NULL;\n";
		}
	}
	close $fh;
	push @clients, "client$c";
}
{
	open my $fh, '>', "$dir/planner.sql" or die;
	print $fh "SET search_path = service_affair;\n";
	print $fh "SELECT 'plan', create_plan('p$_', ARRAY['CR_M', 'CR_H'], ARRAY[0, 0, 0, 0]::numeric[], sha256('\\x$_'::bytea::bytea));\n"
	  for map { sprintf('%04x', $_) } 1 .. 20000;
	close $fh;
	push @clients, 'planner';
}

my @h;
for my $name (@clients)
{
	push @h, IPC::Run::start(
		[ 'psql', '-XAtq', '-F', ' ', '-d', $node->connstr('postgres'), '-f', "$dir/$name.sql" ],
		'>', "$dir/$name.out", '2>', "$dir/$name.err");
}

# let the load run, then kill the postmaster and every backend at once
sleep(4);
my $pm = $node->safe_psql('postgres', 'SELECT 1') && do {
	open my $pf, '<', $node->data_dir . '/postmaster.pid' or die;
	my $p = <$pf>;
	chomp $p;
	$p;
};
my @children = grep { /^\d+$/ } split /\s+/, `ps -o pid= --ppid $pm`;
$node->kill9;    # the postmaster first, so that it cannot start a crash restart
kill 'KILL', @children;
# wait until the processes are gone (and reaped), else the restart sees the old lock
my $gone = 0;
for (1 .. 300)
{
	$gone = !grep { kill(0, $_) } ($pm, @children);
	last if $gone;
	usleep(100_000);
}
ok($gone, "postmaster $pm and " . scalar(@children) . ' children killed with SIGKILL');

$_->finish for @h;
my (%status, %done, %plan, $lines, $lost);
for my $name (@clients)
{
	open my $fh, '<', "$dir/$name.out" or die;
	while (<$fh>)
	{
		chomp;
		$lines++;
		my ($what, $id, $st) = split / /;
		if ($what eq 'submit' || $what eq 'supplement' || $what eq 'withdraw') { $status{$id} = $st; }
		elsif ($what eq 'task') { $done{$id} = 1; }
		elsif ($what eq 'plan') { $plan{$st // $id} = 1; }
	}
	close $fh;
	$lost++ if slurp_file("$dir/$name.err") =~ /terminated|connection|server closed/i;
}
cmp_ok(scalar(keys %status), '>', 50, scalar(keys %status) . ' cases acknowledged before the crash');
cmp_ok(scalar(keys %plan), '>', 5, scalar(keys %plan) . ' plans acknowledged before the crash');
is($lost, scalar(@clients), 'every client lost its connection in the middle of its load');

$node->start;

# every acknowledged call is there, in its acknowledged state or a later one
my %later = (returned => [qw(returned accepted concluded withdrawn revoked)],
	accepted => [qw(accepted concluded withdrawn revoked)],
	withdrawn => ['withdrawn'], concluded => ['concluded']);
my %now = map { split /\|/ } split /\n/, $node->safe_psql('postgres', 'SELECT id, status FROM service_affair.cases');
my @missing = grep { !exists $now{$_} } sort { $a <=> $b } keys %status;
is("@missing", '', 'every acknowledged case is present after the restart');
my @wrong;
for my $id (sort { $a <=> $b } keys %status)
{
	next unless exists $now{$id};
	push @wrong, $id unless grep { $_ eq $now{$id} } @{ $later{ $status{$id} } };
}
@wrong = map { "$_: acknowledged $status{$_}, now $now{$_}" } @wrong;
is("@wrong", '', 'every acknowledged case is in its acknowledged state or one it can have reached since');
is($node->safe_psql('postgres', 'SELECT array_agg(x ORDER BY x) FROM unnest(ARRAY[' . join(',', keys %plan) . ']::bigint[]) x
   WHERE NOT EXISTS (SELECT 1 FROM service_affair.plan p WHERE p.id = x)'), '', 'every acknowledged plan is present');

# nothing half-done, in any case (acknowledged or not)
is($node->safe_psql('postgres', q{
SELECT count(*) FROM service_affair.cases c
 WHERE (SELECT count(*) FROM service_affair.case_event e WHERE e.case_id = c.id AND e.kind = 'submitted') <> 1
    OR (SELECT e.kind FROM service_affair.case_event e WHERE e.case_id = c.id ORDER BY e.id LIMIT 1) <> 'submitted'}),
	'0', 'every case has exactly one submission event, its first');
is($node->safe_psql('postgres', q{
SELECT count(*) FROM service_affair.cases c
 WHERE c.status IS DISTINCT FROM (SELECT e.to_status FROM service_affair.case_event e
                                   WHERE e.case_id = c.id AND e.to_status IS NOT NULL ORDER BY e.id DESC LIMIT 1)}),
	'0', 'the status of every case is the one its history ends with');
is($node->safe_psql('postgres', q{
SELECT count(*) FROM service_affair.cases c
 WHERE (SELECT count(*) FROM service_affair.case_material m WHERE m.case_id = c.id)
       <> CASE c.service WHEN 'cr_a' THEN 2 WHEN 'cr_i' THEN 1 ELSE 3 END}),
	'0', 'every case has all its material rows');
is($node->safe_psql('postgres', q{
SELECT count(*) FROM service_affair.cases c
 WHERE (c.status IN ('accepted', 'concluded')) <> (c.accepted_at IS NOT NULL AND c.due IS NOT NULL)
    OR (c.status = 'returned' AND EXISTS (SELECT 1 FROM service_affair.case_material m WHERE m.case_id = c.id AND m.status = 'present'))}),
	'0', 'accepted cases have a clock, returned ones have no material supplied');
is($node->safe_psql('postgres', q{SELECT count(*) FROM service_affair.case_event e
   WHERE NOT EXISTS (SELECT 1 FROM service_affair.cases c WHERE c.id = e.case_id)}), '0', 'no history without its case');
if ($routing)
{
	cmp_ok(scalar(keys %done), '>', 0, scalar(keys %done) . ' task completions acknowledged before the crash');
	is($node->safe_psql('postgres', 'SELECT array_agg(x ORDER BY x) FROM unnest(ARRAY[0' . join('', map { ",$_" } keys %done) . ']::bigint[]) x
   WHERE x > 0 AND NOT EXISTS (SELECT 1 FROM service_affair.task t WHERE t.id = x AND t.status = \'done\')'), '', 'every acknowledged task completion is done');
	is($node->safe_psql('postgres', q{
SELECT count(*) FROM service_affair.cases c
 WHERE c.status IN ('accepted', 'concluded') AND c.service <> 'cr_i'
   AND NOT EXISTS (SELECT 1 FROM service_affair.task t WHERE t.case_id = c.id)}), '0', 'every accepted case has its tasks');
	is($node->safe_psql('postgres', q{
SELECT count(*) FROM service_affair.cases c
 WHERE (c.status = 'concluded') <> (EXISTS (SELECT 1 FROM service_affair.task t WHERE t.case_id = c.id)
                                   AND NOT EXISTS (SELECT 1 FROM service_affair.task t WHERE t.case_id = c.id AND t.status <> 'done'))
   AND c.status NOT IN ('withdrawn', 'revoked')}), '0', 'a case is concluded exactly when all its tasks are done');
}

# the log: every chain verifies, holds one entry per plan and department
# (the ledger catalog chains the catalog writes of the fixture, issue 14)
is($node->safe_psql('postgres', q{SELECT string_agg(ledger || ':' || ok, ' ' ORDER BY ledger COLLATE "C") FROM service_affair.verify_log()}),
	'CR_H:true CR_M:true catalog:true', 'every log chain verifies after the crash');
is($node->safe_psql('postgres', q{SELECT count(*) FROM service_affair.plan}) * 2,
	$node->safe_psql('postgres', q{SELECT count(*) FROM service_affair.inspection_log WHERE ledger <> 'catalog'}), 'one log entry per plan and department, no more, no less');

# and the database works on
is($node->safe_psql('postgres', q{SELECT service_affair.submit('cr_a', 1, '{form, lease}', 'online') > max(id) FROM service_affair.cases}),
	't', 'a submission after the restart gets a new id');
is($node->safe_psql('postgres', q{SELECT ok FROM service_affair.verify_log('CR_M')}), 't', 'the CR_M chain still verifies');

$node->stop;
done_testing();
