# A router call whose connection to the shard is lost after the call was sent
# (doc/scale.md, "The router": errors).  The shard may have run and committed
# it, so the router must not answer 08006 "the call was not run ... retry"
# (a retried submit() makes a second case): 08007, the outcome unknown; a
# submit() repeated with the same request_key returns the case it made, a
# receive_complaint() the complaint, a rate() the rating, a
# record_credit_event() the event.
#
# One server holds the router (database "router") and a region shard
# (database "shard"): PL/Proxy connects to the other database like to another
# server.  The shard's commits wait for a synchronous standby that does not
# exist; terminating the shard's backend while it waits commits the
# transaction locally and closes the connection: the deterministic form of a
# shard that dies between its commit and its answer.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;
use Time::HiRes qw(sleep);

my $sharedir = `pg_config --sharedir`;
chomp $sharedir;
my ($ctl) = grep { -r $_ } map { "$_/extension/plproxy.control" } ($sharedir, '/usr/share/postgresql/15');
plan skip_all => 'PL/Proxy is not installed (Debian package postgresql-15-plproxy)' unless $ctl;

my $node = PostgreSQL::Test::Cluster->new('in_doubt');
$node->init(allows_streaming => 1);
$node->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'\nmax_connections = 20\nshared_buffers = 16MB\n");
$node->start;

sub resident_id
{
	my ($body) = @_;
	my @w = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2);
	my $s = 0;
	$s += substr($body, $_, 1) * $w[$_] for 0 .. 16;
	return $body . substr('10X98765432', $s % 11, 1);
}
my $rid = resident_id('33010619800101001');

my $catalog = "INSERT INTO service_affair.department (code, name, region) VALUES ('HZ_MKT', 'hz market', '330106');
	INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit, competence)
	  VALUES ('hz_local', 'hz local permit', 'HZ_MKT', 'promised', 20, 3, 'receiving');
	INSERT INTO service_affair.material (item, code, name) VALUES ('hz_local', 'form', 'Form');
	INSERT INTO service_affair_shard.shard VALUES ('hz', 1);
	INSERT INTO service_affair_shard.shard_region VALUES ('3301', 'hz');";
for my $db ('router', 'shard')
{
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, 'CREATE EXTENSION service_affair CASCADE; CREATE EXTENSION service_affair_shard; SELECT service_affair.create_roles();');
	$node->safe_psql($db, $catalog);
}
$node->safe_psql('shard', "SELECT service_affair_shard.setup_shard('hz')");
my $applicant = $node->safe_psql('shard', "SELECT service_affair.register_applicant('person', '$rid', 'Zhang San')");
my $conn = 'host=' . $node->host . ' port=' . $node->port . ' dbname=shard';
$node->safe_psql('router', "CREATE EXTENSION plproxy; CREATE EXTENSION service_affair_router;
	CREATE SERVER hz FOREIGN DATA WRAPPER plproxy OPTIONS (p0 '$conn');
	CREATE USER MAPPING FOR PUBLIC SERVER hz;
	SELECT service_affair_router.create_roles();");

my $submit = "SELECT service_affair_router.submit('hz_local', '$rid', '{form}', 'window', '{}', '2026-12-02 09:00+08')";
like($node->safe_psql('router', $submit), qr/^1\d{15}$/, 'a submission through the router lands on shard hz');
my $cases = "SELECT count(*) FROM service_affair.cases";
is($node->safe_psql('shard', $cases), '1', 'one case on the shard');

# the shard's commits now wait for a standby that never comes (the router's do not)
$node->safe_psql('postgres', "ALTER DATABASE shard SET synchronous_commit = on; ALTER DATABASE router SET synchronous_commit = local;
	ALTER DATABASE postgres SET synchronous_commit = local; ALTER SYSTEM SET synchronous_standby_names = 'nobody'");
$node->reload;
# the router's cached connection was opened with the old setting
$node->safe_psql('postgres', "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'shard'");

# run a router call; when the shard's backend waits for the standby, terminate it
sub in_doubt
{
	my ($sql) = @_;
	my ($out, $err) = ('', '');
	my $h = IPC::Run::start(
		[ 'psql', '-X', '-q', '-v', 'VERBOSITY=verbose', '-d', $node->connstr('router'), '-c', $sql ],
		'<', \undef, '>', \$out, '2>', \$err);
	$node->poll_query_until('postgres', "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'shard' AND wait_event = 'SyncRep'")
		or die 'the shard never waited for its standby';
	$h->finish;
	return $err;
}

my $err = in_doubt($submit);
is($node->safe_psql('shard', $cases), '2', 'the submission was committed on the shard before its connection was lost');
like($err, qr/ERROR:  08007: the outcome of the call on shard hz serving region 330106 is unknown/,
	'submit(): 08007, the outcome unknown (until 2026-12-05 08006 "not run", and the retry it advised made a second case)') or diag($err);
unlike($err, qr/08006|was not run|retry when the shard is back/, 'never "the call was not run ... retry"') or diag($err);
like($err, qr/DETAIL:  The connection to shard hz \(regions 3301\*\) was lost after the call was sent: it may have been run and committed there/,
	'the detail says the call may have been run') or diag($err);

like($err, qr/HINT:  Repeat a submit\(\), receive_complaint\(\), rate\(\) or record_credit_event\(\) with the same request_key: the shard returns the case, complaint, rating or credit event the first call made/,
	'the hint says: repeat it with the same request_key') or diag($err);

# the same with a request key: repeated once the shard answers again, the
# call returns the case the lost call made, and makes no second one
my $keyed = "SELECT service_affair_router.submit('hz_local', '$rid', '{form}', 'window', '{}', '2026-12-02 09:30+08', request_key => 'window-7/in-doubt')";
$err = in_doubt($keyed);
like($err, qr/ERROR:  08007: /, 'a submit() with a request_key lost the same way: 08007') or diag($err);
is($node->safe_psql('shard', $cases), '3', '... its case committed on the shard');
my $keyed_case = $node->safe_psql('shard', "SELECT case_id FROM service_affair.case_request WHERE request_key = 'window-7/in-doubt'");
like($keyed_case, qr/^1\d{15}$/, '... with its request key');

# a complaint with a request key, lost the same way
my $complaints = "SELECT count(*) FROM service_affair.complaint";
my $keyed_complaint = "SELECT service_affair_router.receive_complaint('12345', 'complaint', 'slow window', '2026-12-02 09:40+08', department => 'HZ_MKT', request_key => 'hotline-3/in-doubt')";
$err = in_doubt($keyed_complaint);
like($err, qr/ERROR:  08007: /, 'a receive_complaint() with a request_key lost after it was sent: 08007') or diag($err);
is($node->safe_psql('shard', $complaints), '1', '... its complaint committed on the shard');
my $keyed_complaint_id = $node->safe_psql('shard', "SELECT complaint_id FROM service_affair.case_request WHERE request_key = 'hotline-3/in-doubt' AND kind = 'complaint'");
like($keyed_complaint_id, qr/^1\d{12}$/, '... with its request key');

# a rating and a manual credit event with request keys, lost the same way
# (until 2026-12-05 neither took a key: the rating repeated was 23505
# "already rated", the credit event repeated a second event)
my $first_case = $node->safe_psql('shard', "SELECT min(id) FROM service_affair.cases");
my $ratings = "SELECT count(*) FROM service_affair.rating";
my $keyed_rate = "SELECT service_affair_router.rate($first_case, 2, 'window', 'slow', '2026-12-02 11:00+08', request_key => 'rate-5/in-doubt')";
$err = in_doubt($keyed_rate);
like($err, qr/ERROR:  08007: /, 'a rate() with a request_key lost after it was sent: 08007') or diag($err);
is($node->safe_psql('shard', $ratings), '1', '... its rating committed on the shard');
my $keyed_rating_id = $node->safe_psql('shard', "SELECT rating_id FROM service_affair.case_request WHERE request_key = 'rate-5/in-doubt' AND kind = 'rating' AND case_id = $first_case");
like($keyed_rating_id, qr/^1\d{15}$/, '... with its request key');
my $credit_events = "SELECT count(*) FROM service_affair.credit_event";
my $keyed_credit = "SELECT service_affair_router.record_credit_event('$rid', 'minor', 'reported by another system', '2026-12-02 11:10+08', request_key => 'credit-2/in-doubt')";
$err = in_doubt($keyed_credit);
like($err, qr/ERROR:  08007: /, 'a record_credit_event() with a request_key lost after it was sent: 08007') or diag($err);
is($node->safe_psql('shard', $credit_events), '1', '... its event committed on the shard');
my $keyed_event_id = $node->safe_psql('shard', "SELECT credit_event_id FROM service_affair.case_request WHERE request_key = 'credit-2/in-doubt' AND kind = 'credit_event'");
like($keyed_event_id, qr/^1\d{12}$/, '... with its request key');

# a call by id: the holder that lost the connection received it; no other is asked
my $case = $node->safe_psql('shard', "SELECT max(id) FROM service_affair.cases");
$err = in_doubt("SELECT service_affair_router.withdraw($case, '2026-12-02 10:00+08')");
is($node->safe_psql('shard', "SELECT status FROM service_affair.cases WHERE id = $case"), 'withdrawn', 'the withdrawal was committed on the shard');
like($err, qr/ERROR:  08007: the outcome of the call on shard hz serving region 3301\* is unknown/,
	'withdraw() by id: 08007 (next_holder(): the holder received the call)') or diag($err);

# a shard that cannot be reached at all is still 08006, nothing run
$node->safe_psql('postgres', "ALTER SYSTEM RESET synchronous_standby_names");
$node->reload;

# the shard answers again: the keyed call repeated returns the same case
# (withdrawn since: in any state), and writes nothing
is($node->safe_psql('router', $keyed), $keyed_case, 'the in-doubt submit() repeated with the same request_key returns the same case');
is($node->safe_psql('shard', $cases), '3', '... and no second case is made on the shard');
is($node->safe_psql('shard', "SELECT count(*) FROM service_affair.case_event WHERE case_id = $keyed_case AND kind = 'submitted'"), '1',
	'... nor a second submission event');
is($node->safe_psql('router', $keyed_complaint), $keyed_complaint_id, 'the in-doubt receive_complaint() repeated with the same request_key returns the same complaint');
is($node->safe_psql('shard', $complaints), '1', '... and no second complaint is received on the shard');
is($node->safe_psql('shard', "SELECT count(*) FROM service_affair.complaint_event WHERE complaint_id = $keyed_complaint_id"), '1',
	'... nor a second receipt event');
is($node->safe_psql('router', $keyed_rate), $keyed_rating_id, 'the in-doubt rate() repeated with the same request_key returns the same rating');
is($node->safe_psql('shard', $ratings), '1', '... and no second rating (nor a 23505 "already rated")');
is($node->safe_psql('router', $keyed_credit), $keyed_event_id, 'the in-doubt record_credit_event() repeated with the same request_key returns the same event');
is($node->safe_psql('shard', $credit_events), '1', '... and no second event is recorded on the shard');
$node->safe_psql('router', "ALTER SERVER hz OPTIONS (SET p0 'host=" . $node->host . " port=1 dbname=shard')");
my ($rc, $out);
($rc, $out, $err) = $node->psql('router', "\\set VERBOSITY verbose\n$submit");
like($err, qr/08006: shard hz serving region 330106 is unavailable.*The call was not run/s, 'a shard not reached: 08006, not run') or diag($err);
is($node->safe_psql('shard', $cases), '3', 'and nothing was written');
like($err, qr/DETAIL:  The call was not run: PL\/Proxy could not reach shard hz \(regions 3301\*\): PL\/Proxy function [^ ]+: \[shard\] PQconnect\w+: .*(PGSQL\.1|port 1)/s,
	'... an administrator (here a superuser) is told the cause in the DETAIL, libpq\'s message with the address') or diag($err);

# The libpq message names the shard's address (host or socket directory,
# port): any other caller is not told it, whatever client_min_messages it
# chose; the router's server log has it.  Until 2026-12-05 the DETAIL quoted
# it to every caller, the public role included (case_progress()).
$node->safe_psql('postgres', 'CREATE ROLE citizen LOGIN IN ROLE service_affair_public; CREATE ROLE clerk_hz LOGIN IN ROLE service_affair_clerk');
$node->safe_psql('router', "INSERT INTO service_affair.staff (login, department) VALUES ('clerk_hz', 'HZ_MKT')");
my $host = $node->host;
my $log_at = -s $node->logfile;
for my $who (['citizen', "SELECT * FROM service_affair_router.case_progress($case, '$rid')"],
	['citizen', "SELECT service_affair_router.verify_licence('X-1', '$rid')"],
	['clerk_hz', $submit])
{
	my ($role, $sql) = @$who;
	($rc, $out, $err) = $node->psql('router', "\\set VERBOSITY verbose\nSET client_min_messages = log; SET ROLE $role; $sql");
	like($err, qr/08006: shard hz serving region [0-9*]+ is unavailable/, "$role: a shard not reached is still 08006 naming the shard") or diag($err);
	like($err, qr/DETAIL:  The call was not run: PL\/Proxy could not reach shard hz \(regions 3301\*\): \(the cause is in the router's server log\)/,
		'... its DETAIL names the shard and its regions and points to the server log') or diag($err);
	unlike($err, qr/\Q$host\E|port 1|PGSQL|PQconnect|connection to server|could not connect/, '... and never the address of the shard nor libpq\'s message, even at client_min_messages = log') or diag($err);
}
my $log = slurp_file($node->logfile, $log_at);
like($log, qr/LOG:  service_affair_router: shard hz not reached by a call of role citizen: XX000 PL\/Proxy function [^ ]+: \[shard\] PQconnect\w+: .*\Q$host\E/,
	'the router\'s server log has the libpq message with the address, and the role') or diag($log);
like($log, qr/shard hz not reached by a call of role clerk_hz: /, '... for every caller');
# every routed write catches the router's own cancel (57014) to report it in
# doubt; only the reads (which keep 57014) catch OTHERS alone
is($node->safe_psql('router', q{SELECT string_agg(p.proname, ',' ORDER BY p.proname) FROM pg_proc p
  WHERE p.pronamespace = 'service_affair_router'::regnamespace AND p.prosrc ~* 'EXCEPTION\s+WHEN\s+OTHERS\s+THEN'}),
	'case_progress,verify_licence', 'only the reads catch OTHERS without query_canceled: every write reports a cancel in doubt');
# every group role may call unreachable(): what it writes into the server
# log is bounded and has no control characters, whatever the arguments
$log_at = -s $node->logfile;
($rc, $out, $err) = $node->psql('router', "SET ROLE citizen; SELECT service_affair_router.unreachable(E'hz\\nLOG:  forged' || repeat('s', 100), NULL, 'm', state => E'XX000\\nLOG:  forged' || repeat('x', 5000))");
like($err, qr/ERROR/, 'unreachable() called by the public role: refused with an error') or diag($err);
$log = slurp_file($node->logfile, $log_at);
like($log, qr/service_affair_router: shard hz LOG:  forgeds+ not reached by a call of role citizen: XX000 m$/m,
	'... its log line keeps the caller\'s text on one line (control characters replaced)') or diag($log);
unlike($log, qr/x{6}/, '... the state bounded to a SQLSTATE\'s length') or diag($log);

# the classification itself
is($node->safe_psql('router', "SELECT service_affair_router.is_in_doubt('XX000', 'PL/Proxy function service_affair_router.px_withdraw(3): [sa] PQconsumeInput: server closed the connection unexpectedly')"),
	't', 'is_in_doubt(): connection lost while waiting for the result');
is($node->safe_psql('router', "SELECT service_affair_router.is_in_doubt('XX000', 'PL/Proxy function service_affair_router.px_withdraw(3): [sa] PQconnectPoll: could not connect to server: Connection refused')"),
	'f', 'is_in_doubt(): not a failure to connect');
is($node->safe_psql('router', "SELECT service_affair_router.is_in_doubt('XX000', 'PL/Proxy function service_affair_router.px_withdraw(3): [sa] REMOTE ERROR: x] PQconsumeInput: y')"),
	'f', "is_in_doubt(): not a shard's own error");
is($node->safe_psql('router', "SELECT service_affair_router.is_in_doubt('42501', 'PL/Proxy function f(3): [sa] PQconsumeInput: y')"),
	'f', "is_in_doubt(): only PL/Proxy's own XX000");
is($node->safe_psql('router', "SELECT service_affair_router.is_in_doubt('57P01', 'service_affair_router.px_submit(12): [sa] REMOTE FATAL: terminating connection due to administrator command')"),
	't', "is_in_doubt(): the shard's session ended under the call (57P01 passed through)");
is($node->safe_psql('router', "SELECT service_affair_router.is_in_doubt('57P01', 'terminating connection due to administrator command')"),
	'f', "is_in_doubt(): not the router's own 57P01");
is($node->safe_psql('router', "SELECT service_affair_router.is_in_doubt('57014', 'service_affair_router.px_submit(12): [sa] REMOTE ERROR: canceling statement due to statement timeout')"),
	'f', "is_in_doubt(): a statement the shard cancelled was rolled back there: its own error");
is($node->safe_psql('router', "SELECT service_affair_router.is_in_doubt('57014', 'canceling statement due to statement timeout')"),
	't', "is_in_doubt(): the router's own cancel of a call it sent (statement_timeout)");
is($node->safe_psql('router', "SELECT service_affair_router.is_in_doubt('57014', 'canceling statement due to user request')"),
	't', "is_in_doubt(): ... or a user's cancel");
is($node->safe_psql('router', "SELECT service_affair_router.is_unreachable('XX000', 'PL/Proxy function service_affair_router.px_submit(12): connect timeout to: host=shard.example port=5433 dbname=sa')"),
	't', "is_unreachable(): PL/Proxy's connect timeout (its message is the connection string)");
is($node->safe_psql('router', "SELECT service_affair_router.is_unreachable('XX000', 'PL/Proxy function service_affair_router.px_submit(12): [sa] PQconnectPoll: could not translate host name \"shard.example\" to address')"),
	't', "is_unreachable(): a host name not resolved");

# end to end: a second server stands for the shard; the read waits on a lock
# there, and its backend is killed (the server restarts): the router loses the
# connection after the call was sent (PQconsumeInput), as a shard that dies
my $node2 = PostgreSQL::Test::Cluster->new('in_doubt_shard');
$node2->init;
$node2->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'\nmax_connections = 20\nshared_buffers = 16MB\nrestart_after_crash = on\n");
$node2->start;
$node2->safe_psql('postgres', 'CREATE DATABASE shard');
$node2->safe_psql('shard', 'CREATE EXTENSION service_affair CASCADE; CREATE EXTENSION service_affair_shard; SELECT service_affair.create_roles();');
$node2->safe_psql('shard', $catalog);
$node2->safe_psql('shard', "SELECT service_affair_shard.setup_shard('hz')");
$node->safe_psql('router', "ALTER SERVER hz OPTIONS (SET p0 'host=" . $node2->host . " port=" . $node2->port . " dbname=shard')");
sub read_lost
{
	my ($sql) = @_;
	my ($lout, $lerr, $out, $rerr) = ('', '', '', '');
	my $locker = IPC::Run::start(
		[ 'psql', '-X', '-q', '-d', $node2->connstr('shard') . ' application_name=locker',
		  '-c', 'BEGIN; LOCK TABLE service_affair_shard.id_holder IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60)' ],
		'<', \undef, '>', \$lout, '2>', \$lerr);
	$node2->poll_query_until('shard', "SELECT EXISTS (SELECT FROM pg_locks l JOIN pg_stat_activity a USING (pid)
		WHERE a.application_name = 'locker' AND l.relation = 'service_affair_shard.id_holder'::regclass AND l.granted)")
		or die 'the locker never held its lock';
	my $h = IPC::Run::start(
		[ 'psql', '-X', '-q', '-v', 'VERBOSITY=verbose', '-d', $node->connstr('router'), '-c', $sql ],
		'<', \undef, '>', \$out, '2>', \$rerr);
	my $pid;
	for (1 .. 100)
	{
		$pid = $node2->safe_psql('shard', "SELECT pid FROM pg_stat_activity WHERE datname = 'shard' AND wait_event_type = 'Lock'
			AND application_name IS DISTINCT FROM 'locker'");
		last if $pid;
		sleep 0.1;
	}
	die 'the read never waited for the lock' unless $pid;
	kill 'KILL', $pid;
	$h->finish;
	$locker->finish;
	$node2->poll_query_until('postgres', 'SELECT true') or die 'the shard server never came back';
	return $rerr;
}
$err = read_lost("SELECT * FROM service_affair_router.case_progress($case, '$rid')");
like($err, qr/08006: shard hz serving region 3301\* is unavailable/, 'case_progress() lost after it was sent: 08006') or diag($err);
like($err, qr/PQconsumeInput/, '... the connection lost after the call was sent (is_in_doubt())') or diag($err);
unlike($err, qr/08007|request_key/, '... never 08007 nor request keys') or diag($err);
$err = read_lost("SELECT service_affair_router.verify_licence('X-1', '$rid')");
like($err, qr/08006: shard hz serving region 3301\* is unavailable/, 'verify_licence() lost after it was sent: 08006') or diag($err);
unlike($err, qr/08007|request_key/, '... never 08007 nor request keys') or diag($err);

# The shard's backend terminated while it runs the call (pg_terminate_backend(),
# a fast shutdown, a failover): the shard sends its FATAL 57P01, which
# PL/Proxy passes through ("REMOTE FATAL").  Until 2026-12-05 it reached the
# caller as such, unclassified.  A write: the outcome unknown, 08007 (the
# router cannot tell whether the shard committed); a read: 08006.
sub terminated
{
	my ($sql, $table) = @_;
	my ($lout, $lerr, $out, $rerr) = ('', '', '', '');
	my $locker = IPC::Run::start(
		[ 'psql', '-X', '-q', '-d', $node2->connstr('shard') . ' application_name=locker',
		  '-c', "BEGIN; LOCK TABLE $table IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60)" ],
		'<', \undef, '>', \$lout, '2>', \$lerr);
	$node2->poll_query_until('shard', "SELECT EXISTS (SELECT FROM pg_locks l JOIN pg_stat_activity a USING (pid)
		WHERE a.application_name = 'locker' AND l.relation = '$table'::regclass AND l.granted)")
		or die 'the locker never held its lock';
	my $h = IPC::Run::start(
		[ 'psql', '-X', '-q', '-v', 'VERBOSITY=verbose', '-d', $node->connstr('router'), '-c', $sql ],
		'<', \undef, '>', \$out, '2>', \$rerr);
	$node2->poll_query_until('shard', "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'shard'
		AND wait_event_type = 'Lock' AND application_name IS DISTINCT FROM 'locker'")
		or die 'the call never waited for the lock';
	$h->finish;
	$node2->safe_psql('shard', "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'locker'");
	$locker->finish;
	return $rerr;
}
$node2->safe_psql('shard', "SELECT service_affair.register_applicant('person', '$rid', 'Zhang San')");
my $case2 = $node->safe_psql('router', "SELECT service_affair_router.submit('hz_local', '$rid', '{form}', 'window', '{}', '2026-12-02 11:00+08')");
like($case2, qr/^1\d{15}$/, 'a case through the router on the second server');
my $cases2 = $node2->safe_psql('shard', $cases);
$err = terminated("SELECT service_affair_router.submit('hz_local', '$rid', '{form}', 'window', '{}', '2026-12-02 11:10+08')", 'service_affair.cases');
like($err, qr/ERROR:  08007: the outcome of the call on shard hz serving region 330106 is unknown/,
	'submit(): the shard\'s backend terminated under the call: 08007, the outcome unknown (until 2026-12-05 57P01 "REMOTE FATAL")') or diag($err);
like($err, qr/HINT:  Repeat a submit\(\), receive_complaint\(\), rate\(\) or record_credit_event\(\) with the same request_key/, '... with the advice on request keys') or diag($err);
unlike($err, qr/ERROR:  57P01/, '... never the shard\'s FATAL') or diag($err);
is($node2->safe_psql('shard', $cases), $cases2, '... (here nothing was committed: the router cannot know it)');
$err = terminated("SELECT service_affair_router.withdraw($case2, '2026-12-02 11:20+08')", 'service_affair.cases');
like($err, qr/ERROR:  08007: the outcome of the call on shard hz serving region 3301\* is unknown/,
	'withdraw() by id: 08007 (next_holder(): the holder received the call)') or diag($err);
unlike($err, qr/ERROR:  57P01/, '... never the shard\'s FATAL') or diag($err);
$err = terminated("SELECT * FROM service_affair_router.case_progress($case2, '$rid')", 'service_affair_shard.id_holder');
like($err, qr/ERROR:  08006: shard hz serving region 3301\* is unavailable/, 'case_progress() terminated on the shard: 08006') or diag($err);
like($err, qr/The read was not answered \(it writes nothing\)/, '... the read wrote nothing') or diag($err);
unlike($err, qr/08007|request_key|ERROR:  57P01/, '... never 08007, request keys nor the shard\'s FATAL') or diag($err);
$err = terminated("SELECT service_affair_router.verify_licence('X-1', '$rid')", 'service_affair_shard.id_holder');
like($err, qr/ERROR:  08006: shard hz serving region 3301\* is unavailable/, 'verify_licence() terminated on the shard: 08006') or diag($err);
unlike($err, qr/08007|request_key|ERROR:  57P01/, '... never 08007, request keys nor the shard\'s FATAL') or diag($err);
is($node->safe_psql('router', "SELECT * FROM service_affair_router.case_progress($case2, '$rid')") ne '', 1,
	'the next call opens a new connection and is answered');

# PL/Proxy's query_timeout (a server option, in seconds) is checked only when
# something arrives from the shard: PL/Proxy 2.10 polls its connections a
# second at a time and goes back to polling, without looking at the clock,
# when nothing came (execute.c, remote_execute()).  A shard that is silent
# (a lock wait, a long statement, a dead host) never times out; one that
# sends anything before its answer (a NOTICE) does, as the next message
# arrives, and the router raises 08007: PL/Proxy stops reading and does not
# cancel the statement, which may still commit on the shard.
$node->safe_psql('router', "ALTER SERVER hz OPTIONS (ADD query_timeout '1')");
{
	my ($lout, $lerr) = ('', '');
	my $locker = IPC::Run::start(
		[ 'psql', '-X', '-q', '-d', $node2->connstr('shard') . ' application_name=locker',
		  '-c', 'BEGIN; LOCK TABLE service_affair_shard.id_holder IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(4); COMMIT' ],
		'<', \undef, '>', \$lout, '2>', \$lerr);
	$node2->poll_query_until('shard', "SELECT EXISTS (SELECT FROM pg_locks l JOIN pg_stat_activity a USING (pid)
		WHERE a.application_name = 'locker' AND l.relation = 'service_affair_shard.id_holder'::regclass AND l.granted)")
		or die 'the locker never held its lock';
	($rc, $out, $err) = $node->psql('router', "SELECT status FROM service_affair_router.case_progress($case2, '$rid')");
	$locker->finish;
	is($out, 'accepted', 'query_timeout 1: a shard silent for 4 s (a lock wait) does not time out: the call is answered') or diag($err);
}
$node2->safe_psql('shard', "CREATE FUNCTION public.talkative() RETURNS trigger LANGUAGE plpgsql AS \$\$
	BEGIN PERFORM pg_sleep(2); RAISE NOTICE 'still working'; PERFORM pg_sleep(2); RETURN NEW; END \$\$;
	CREATE TRIGGER talkative BEFORE INSERT ON service_affair.cases FOR EACH ROW EXECUTE FUNCTION public.talkative()");
$cases2 = $node2->safe_psql('shard', $cases);
($rc, $out, $err) = $node->psql('router', "\\set VERBOSITY verbose\n SELECT service_affair_router.submit('hz_local', '$rid', '{form}', 'window', '{}', '2026-12-02 11:30+08')");
like($err, qr/ERROR:  08007: the outcome of the call on shard hz serving region 330106 is unknown/,
	'query_timeout 1: a shard that sends a NOTICE after 2 s times out then: 08007 (is_in_doubt(): query timeout)') or diag($err);
like($err, qr/PL\/Proxy function service_affair_router.px_submit\(12\): query timeout/, '... PL/Proxy\'s query timeout') or diag($err);
ok($node2->poll_query_until('shard', "SELECT count(*) = $cases2 + 1 FROM service_affair.cases"),
	'... and the shard went on and committed the case: the outcome was indeed unknown');
$node2->safe_psql('shard', 'DROP TRIGGER talkative ON service_affair.cases');
$node->safe_psql('router', "ALTER SERVER hz OPTIONS (DROP query_timeout)");

# The router's statement_timeout cancels a call held on the shard (a lock
# there): PL/Proxy sends the shard a cancel request, which may arrive after
# the shard committed.  A write so cancelled is in doubt: 08007 with the
# advice on request keys (is_in_doubt(): the router's own 57014).  Until
# 2026-12-05 it reached the caller as 57014, unclassified: WHEN OTHERS does
# not catch query_canceled in PL/pgSQL.  A read keeps its 57014 (it wrote
# nothing, and the shard is not known to be down: not 08006).
sub timed_out
{
	my ($sql, $table) = @_;
	my ($lout, $lerr, $out, $rerr) = ('', '', '', '');
	my $locker = IPC::Run::start(
		[ 'psql', '-X', '-q', '-d', $node2->connstr('shard') . ' application_name=locker',
		  '-c', "BEGIN; LOCK TABLE $table IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60)" ],
		'<', \undef, '>', \$lout, '2>', \$lerr);
	$node2->poll_query_until('shard', "SELECT EXISTS (SELECT FROM pg_locks l JOIN pg_stat_activity a USING (pid)
		WHERE a.application_name = 'locker' AND l.relation = '$table'::regclass AND l.granted)")
		or die 'the locker never held its lock';
	my ($rc, $o, $e) = $node->psql('router', "\\set VERBOSITY verbose\nSET statement_timeout = '1s';\n$sql");
	$node2->safe_psql('shard', "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'locker'");
	$locker->finish;
	return $e;
}
$cases2 = $node2->safe_psql('shard', $cases);
$err = timed_out("SELECT service_affair_router.submit('hz_local', '$rid', '{form}', 'window', '{}', '2026-12-02 11:40+08', request_key => 'window-7/timeout')", 'service_affair.cases');
like($err, qr/ERROR:  08007: the outcome of the call on shard hz serving region 330106 is unknown/,
	'submit() cancelled by the router\'s statement_timeout while the shard holds it: 08007 (until 2026-12-05 57014, unclassified)') or diag($err);
like($err, qr/DETAIL:  The call was cancelled on the router \(canceling statement due to statement timeout\) after it was sent to shard hz \(regions 3301\*\): it may have been run and committed there/,
	'... the detail says the router cancelled it after it was sent') or diag($err);
like($err, qr/HINT:  Repeat a submit\(\), receive_complaint\(\), rate\(\) or record_credit_event\(\) with the same request_key/, '... with the advice on request keys') or diag($err);
unlike($err, qr/ERROR:  57014/, '... never the bare 57014') or diag($err);
is($node2->safe_psql('shard', $cases), $cases2, '... (here the cancel reached the shard before its commit: nothing committed, the router cannot know it)');
$err = timed_out("SELECT service_affair_router.withdraw($case2, '2026-12-02 11:50+08')", 'service_affair.cases');
like($err, qr/ERROR:  08007: the outcome of the call on shard hz serving region 3301\* is unknown/,
	'withdraw() by id cancelled by the router\'s statement_timeout: 08007 (next_holder())') or diag($err);
$err = timed_out("SELECT * FROM service_affair_router.case_progress($case2, '$rid')", 'service_affair_shard.id_holder');
like($err, qr/ERROR:  57014: canceling statement due to statement timeout/, 'case_progress() cancelled by the router\'s statement_timeout: 57014, as it came (a read)') or diag($err);
unlike($err, qr/08007|08006|request_key/, '... neither 08007 nor 08006') or diag($err);
$err = timed_out("SELECT service_affair_router.verify_licence('X-1', '$rid')", 'service_affair_shard.id_holder');
like($err, qr/ERROR:  57014: canceling statement due to statement timeout/, 'verify_licence() cancelled: 57014') or diag($err);
unlike($err, qr/08007|08006|request_key/, '... neither 08007 nor 08006') or diag($err);
is($node->safe_psql('router', "SELECT status FROM service_affair_router.case_progress($case2, '$rid')"), 'accepted',
	'the next call is answered (PL/Proxy drops the cancelled connection)');
$node2->stop;

# A read lost after it was sent wrote nothing (case_progress(),
# verify_licence(): read_only): the holder counts as not reached, the next is
# asked, and after the last 08006 "unavailable", never 08007 with its advice
# on request keys (until 2026-12-05 08007 at once).  The one home, asked
# directly (above, end to end).
my $lost = 'PL/Proxy function service_affair_router.px_case_progress(3): [shard] PQconsumeInput: server closed the connection unexpectedly';
is($node->safe_psql('router', "SELECT go_on FROM service_affair_router.next_holder('case', false, '{hz,other}', 1, NULL, 'XX000', '$lost', NULL, read_only => true)"),
	't', 'next_holder(read_only): a read lost after it was sent asks the next holder');
($rc, $out, $err) = $node->psql('router', "\\set VERBOSITY verbose\nSELECT service_affair_router.next_holder('case', false, '{other,hz}', 2, NULL, 'XX000', '$lost', '{other,x,NULL,NULL}', read_only => true)");
like($err, qr/08006: shard other serving region .* is unavailable/, '... after the last, 08006 naming the first not reached') or diag($err);
($rc, $out, $err) = $node->psql('router', "\\set VERBOSITY verbose\nSELECT service_affair_router.next_holder('case', false, '{hz}', 1, NULL, 'XX000', '$lost', NULL, read_only => true)");
like($err, qr/08006: shard hz serving region 3301\* is unavailable/, '... the only holder lost: 08006') or diag($err);
like($err, qr/The read was not answered \(it writes nothing\)/, '... saying the read wrote nothing') or diag($err);
unlike($err, qr/08007|request_key|may have been run/, '... never 08007 nor request keys') or diag($err);
($rc, $out, $err) = $node->psql('router', "\\set VERBOSITY verbose\nSELECT service_affair_router.unreachable('hz', NULL, '$lost', read_only => true)");
like($err, qr/08006: shard hz serving region 3301\* is unavailable/, 'unreachable(read_only) (verify_licence()): 08006') or diag($err);
($rc, $out, $err) = $node->psql('router', "\\set VERBOSITY verbose\nSELECT service_affair_router.next_holder('case', false, '{hz,other}', 1, NULL, 'XX000', '$lost', NULL)");
like($err, qr/08007: the outcome of the call on shard hz/, 'a write lost after it was sent: still 08007 at once') or diag($err);
# A write the router cancels after it was sent may be committed on the
# shard: the shard's commit waits for a synchronous standby; the router's
# statement_timeout (or a user's pg_cancel_backend()) cancels the call, and
# PL/Proxy's cancel request ends the shard's wait with the transaction
# committed locally.  08007, never a bare 57014 (until 2026-12-05).
$node->safe_psql('router', "ALTER SERVER hz OPTIONS (SET p0 '$conn')");
$node->safe_psql('postgres', "ALTER SYSTEM SET synchronous_standby_names = 'nobody'");
$node->reload;
$node->safe_psql('postgres', "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'shard'");
my $before = $node->safe_psql('shard', $cases);
($rc, $out, $err) = $node->psql('router', "\\set VERBOSITY verbose\nSET statement_timeout = '2s';\n"
	. "SELECT service_affair_router.submit('hz_local', '$rid', '{form}', 'window', '{}', '2026-12-02 12:00+08', request_key => 'window-7/cancelled')");
like($err, qr/ERROR:  08007: the outcome of the call on shard hz serving region 330106 is unknown/,
	'submit() cancelled by the router\'s statement_timeout while the shard\'s commit waits: 08007 (until 2026-12-05 57014)') or diag($err);
like($err, qr/HINT:  Repeat a submit\(\), receive_complaint\(\), rate\(\) or record_credit_event\(\) with the same request_key/, '... with the advice on request keys') or diag($err);
ok($node->poll_query_until('shard', "SELECT count(*) = $before + 1 FROM service_affair.cases"),
	'... and the case was committed on the shard: the outcome was indeed unknown');
like($node->safe_psql('shard', "SELECT case_id FROM service_affair.case_request WHERE request_key = 'window-7/cancelled'"), qr/^1\d{15}$/,
	'... with its request key');
{
	my ($cout, $cerr) = ('', '');
	my $h = IPC::Run::start(
		[ 'psql', '-X', '-q', '-v', 'VERBOSITY=verbose', '-d', $node->connstr('router') . ' application_name=caller', '-c',
		  "SELECT service_affair_router.receive_complaint('12345', 'complaint', 'slow window', '2026-12-02 12:10+08', department => 'HZ_MKT', request_key => 'hotline-3/cancelled')" ],
		'<', \undef, '>', \$cout, '2>', \$cerr);
	$node->poll_query_until('postgres', "SELECT pg_cancel_backend(a.pid) FROM pg_stat_activity a WHERE a.datname = 'router' AND a.application_name = 'caller'
		AND EXISTS (SELECT FROM pg_stat_activity s WHERE s.datname = 'shard' AND s.wait_event = 'SyncRep')")
		or die 'the shard never waited for its standby';
	$h->finish;
	like($cerr, qr/ERROR:  08007: the outcome of the call on shard hz serving region 330106 is unknown/,
		'receive_complaint() cancelled by the user (pg_cancel_backend()) after it was sent: 08007 too') or diag($cerr);
	like($cerr, qr/canceling statement due to user request/, '... the detail quotes the router\'s cancel') or diag($cerr);
	ok($node->poll_query_until('shard', "SELECT EXISTS (SELECT FROM service_affair.case_request WHERE request_key = 'hotline-3/cancelled' AND kind = 'complaint')"),
		'... and the complaint was committed on the shard');
}
$node->safe_psql('postgres', "ALTER SYSTEM RESET synchronous_standby_names");
$node->reload;

# the read-only callers say so (the one home decides)
for my $f ('case_progress(bigint,text)', 'verify_licence(text,text)')
{
	like($node->safe_psql('router', "SELECT prosrc FROM pg_proc WHERE oid = 'service_affair_router.$f'::regprocedure"),
		qr/read_only => true/, "$f passes read_only => true");
}

$node->stop;
done_testing();
