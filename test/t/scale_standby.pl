# Analysts on a hot standby (issue 17, part 1 item 3).  A primary holds the
# sample county (every loading file of demo/, as make demo loads them, with a
# short simulation by tools/sa_county) and a streaming replica.  Checked:
#  * every relation and every STABLE or IMMUTABLE function of the extension
#    that one of the group roles may read or execute answers the same on the
#    replica as on the primary, under a login of each group role (so row-level
#    security and masking are exercised too).  The list comes from the
#    catalog, so objects added later are covered without editing this file;
#    the arguments come from pools chosen by argument name and type;
#  * every VOLATILE function a group role may execute (the writing API) fails
#    on the replica with SQLSTATE 25006, with a call that succeeds and writes
#    on the primary (run there in a rolled-back transaction);
#  * a session of the replica whose calendar cache is warm sees a calendar
#    edit of the primary as soon as it is replayed, and its undo too.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

# tools/run-tests.sh copies demo/ and tools/sa_county beside the tests
# (TESTDIR); else the source tree (SA_SOURCE, built with make -C tools)
my ($src) = grep { defined($_) && -r "$_/demo/10_county_catalog.sql" } ($ENV{TESTDIR}, $ENV{SA_SOURCE});
plan skip_all => 'the sample county (demo/) is not readable' unless $src;
my ($sim) = grep { -x } ("$src/tools/sa_county", "$src/build/tools/sa_county");
plan skip_all => 'tools/sa_county is not built (make -C tools)' unless $sim;

my $primary = PostgreSQL::Test::Cluster->new('sb_primary');
$primary->init(allows_streaming => 1);
$primary->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'\nmax_connections = 20\n");
$primary->start;

# -- the sample county ---------------------------------------------------------
$primary->safe_psql('postgres', 'CREATE DATABASE county');
$primary->safe_psql('county', 'CREATE EXTENSION service_affair CASCADE; SELECT service_affair.create_roles();');
# Every loading file of demo/ in order, as `make demo` runs them (so the data
# of parts added later is here too), with a short simulation in place of
# demo/50_simulate.sh; other scripts of demo/ are not run.
opendir(my $dh, "$src/demo") or die "$src/demo: $!";
my @demo = sort grep { /^\d+_.*(?<!_show)\.sql$/ || /^\d+_.*\.sh$/ } readdir $dh;
closedir $dh;
for my $f (@demo)
{
	if ($f =~ /\.sql$/)
	{
		$primary->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', "$src/demo/$f", '-d', $primary->connstr('county') ],
			"load demo/$f");
	}
	elsif ($f =~ /simulate/)
	{
		local $ENV{PGHOST} = $primary->host;
		local $ENV{PGPORT} = $primary->port;
		local $ENV{PGDATABASE} = 'county';
		local $ENV{PGUSER} = 'postgres';
		# -x 0: the quarter ends with work in progress (open tasks, returned cases)
		$primary->command_ok([ $sim, '-t', '2', '-n', '400', '-x', '0', '-q' ], "demo/$f: simulate a quarter (400 cases)");
	}
	else
	{
		note("demo/$f not run");
	}
}

# valid resident ids (GB 11643 check character)
sub resident_id
{
	my ($body) = @_;
	my @w = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2);
	my $s = 0;
	$s += substr($body, $_, 1) * $w[$_] for 0 .. 16;
	return $body . substr('10X98765432', $s % 11, 1);
}
my $new_person = resident_id('33022519990909123');

# Work in every state the writing API starts from, a login per group role
# (clerk and reviewer with staff rows), and the probe helper: one query's
# answer as a digest of its sorted rows, or its error.
$primary->safe_psql('county', q{
SET search_path = service_affair;
-- an incomplete submission (returned: an item that requires a material it
-- does not tolerate missing, that applies to the applicant's kind and that no
-- licence or evidence of the applicant stands for, whatever the simulation's
-- first case was), six
-- complete ones (open tasks), one task claimed, one suspended
SELECT submit(c.service, c.applicant, '{}', 'window', '{}', '2026-10-08 08:30+08')
  FROM cases c WHERE c.id = (SELECT min(x.id) FROM cases x WHERE x.service_kind = 'item'
                               AND EXISTS (SELECT FROM material m JOIN applicant a ON a.id = x.applicant
                                            WHERE m.item = x.item AND m.required AND NOT m.tolerable
                                              AND m.evidence_type IS NULL AND m.applies_to IN ('any', a.kind)));
SELECT submit(c.service, c.applicant,
              ARRAY(SELECT m.material FROM case_material m WHERE m.case_id = c.id AND m.initial_status = 'present'), 'window',
              ARRAY(SELECT m.material FROM case_material m WHERE m.case_id = c.id AND m.initial_status = 'committed'),
              '2026-10-08 09:00+08')
  FROM cases c JOIN item i ON i.code = c.item
 WHERE c.status = 'concluded' AND NOT c.returned AND i.kind = 'promised' ORDER BY c.id LIMIT 6;
SELECT claim_task((SELECT department FROM task WHERE status = 'open' AND assignee IS NULL
                    GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1), 'sb_reviewer', '2026-10-08 09:30+08');
SELECT suspend((SELECT min(id) FROM task WHERE status = 'open' AND assignee IS NOT NULL), 'expert_review', '2026-10-08 10:00+08');
-- two bad ratings (rectifications), one called back
SELECT rate(c.id, 1, 'online', 'slow', '2026-10-08 11:00+08') FROM cases c
 WHERE c.status = 'concluded' AND NOT EXISTS (SELECT FROM rating r WHERE r.case_id = c.id) ORDER BY c.id LIMIT 2;
-- one of the two just made (rating ids carry the month of their case, so
-- the largest is not the newest)
SELECT record_callback((SELECT max(x.rating_id) FROM rectification x JOIN rating r ON r.id = x.rating_id
                         WHERE r.at = '2026-10-08 11:00+08' AND r.comment = 'slow'), '2026-10-09 11:00+08');
DO $$
DECLARE c bigint; a bigint := (SELECT min(id) FROM service_affair.applicant);
BEGIN
  PERFORM service_affair.receive_complaint('12345', 'complaint', 'sb: received', '2026-10-08 09:00+08');
  c := service_affair.receive_complaint('window', 'complaint', 'sb: assigned', '2026-10-08 09:00+08', applicant => a);
  PERFORM service_affair.assign_complaint(c, 'market', '2026-10-08 09:30+08');
  c := service_affair.receive_complaint('window', 'complaint', 'sb: replied', '2026-10-08 09:00+08', applicant => a);
  PERFORM service_affair.assign_complaint(c, 'market', '2026-10-08 09:30+08');
  PERFORM service_affair.reply_complaint(c, 'done', '2026-10-09 09:30+08');
  c := service_affair.receive_complaint('online', 'consultation', 'sb: anonymous replied', '2026-10-08 09:00+08');
  PERFORM service_affair.assign_complaint(c, 'market', '2026-10-08 09:30+08');
  PERFORM service_affair.reply_complaint(c, 'done', '2026-10-09 09:30+08');
END $$;
SELECT create_plan('sb plan', '{market}', '{0.01, 0.02, 0.05, 0.1}', sha256('\x5eed'::bytea), 2);
-- a past month of the history with no case, its partitions made as the
-- nightly make_history_months() makes months ahead (archive_history_month():
-- every month with cases still has open ones, and a month without partitions
-- is left alone, writing nothing)
SELECT make_history_months(0, '2001-01-15 12:00+08');

CREATE ROLE sb_admin LOGIN IN ROLE service_affair_admin;
CREATE ROLE sb_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE sb_reviewer LOGIN IN ROLE service_affair_reviewer;
CREATE ROLE sb_inspector LOGIN IN ROLE service_affair_inspector;
CREATE ROLE sb_analyst LOGIN IN ROLE service_affair_analyst;
CREATE ROLE sb_public LOGIN IN ROLE service_affair_public;
INSERT INTO staff (login, department) VALUES ('sb_clerk', 'market'), ('sb_reviewer', 'market'),
  ('sb_reviewer', 'health'), ('sb_inspector', 'market');

-- catalog work (33_guides.sql) by people other than the postgres user the
-- writing samples run as (nobody reviews their own): two changes proposed by
-- a reviewer of market for next week, the first approved (published by
-- publish_due_catalog_changes), the second waiting for review; a direct
-- write by an administrator waiting for review after the fact
SET ROLE sb_reviewer;
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "market_food_licence"}, "row": {"name": "食品经营许可（新办，sb）"}}',
                              CURRENT_DATE + 7);
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "market_indiv_reg"}, "row": {"name": "个体工商户设立登记（sb）"}}',
                              CURRENT_DATE + 7);
SET ROLE sb_admin;
UPDATE item SET name = '企业注销登记（sb）' WHERE code = 'market_company_dereg';
RESET ROLE;
SELECT review_catalog_change((SELECT min(id) FROM catalog_change WHERE proposed_by = 'sb_reviewer'), true, 'sb');
-- a credit event reported for review (review_credit_event, repair_credit_event)
SELECT record_credit_event('91110000600037341L', 'serious', 'sb: reported for review', '2026-10-08 10:00+08', true);
-- a case received at a town centre and handled at the county centre (代收代办):
-- its originals are on the way (receive_originals)
SELECT submit('health_vaccination_cert', a.resident_id::text,
              ARRAY(SELECT m.code FROM material m WHERE m.item = 'health_vaccination_cert'), 'window', '{}',
              '2026-10-08 09:15+08', point => 'XS-T05')
  FROM applicant a WHERE a.kind = 'person' AND a.region = '330225' AND a.resident_id IS NOT NULL ORDER BY a.id LIMIT 1;
-- ... and one concluded, its result on its way back to the point (receive_result)
DO $sb$
DECLARE
    c bigint;
BEGIN
    SELECT submit('health_vaccination_cert', a.resident_id::text,
                  ARRAY(SELECT m.code FROM material m WHERE m.item = 'health_vaccination_cert'), 'window', '{}',
                  '2026-10-08 09:20+08', point => 'XS-T05') INTO c
      FROM applicant a WHERE a.kind = 'person' AND a.region = '330225' AND a.resident_id IS NOT NULL ORDER BY a.id LIMIT 1;
    PERFORM complete_task(t.id, 'approved', '2026-10-09 10:00+08') FROM task t WHERE t.case_id = c AND NOT t.settled;
END
$sb$;

CREATE SCHEMA sb_probe;
GRANT USAGE ON SCHEMA sb_probe TO PUBLIC;
CREATE FUNCTION sb_probe.run(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE r text;
BEGIN
  EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) || '':'' || coalesce(pg_catalog.md5(pg_catalog.string_agg(t::text, E''\n'' ORDER BY t::text)), '''') FROM (%s) t', q) INTO r;
  RETURN r;
EXCEPTION WHEN OTHERS THEN
  RETURN 'ERROR ' || SQLSTATE || ' ' || SQLERRM;
END $f$;
CREATE TABLE sb_probe.probe (login name, label text, q text, PRIMARY KEY (login, label));
GRANT SELECT ON sb_probe.probe TO PUBLIC;
});
is($primary->safe_psql('county', q{SELECT string_agg(status, ',') FROM service_affair.cases WHERE submitted_at = '2026-10-08 08:30+08'}),
	'returned', 'the fixture has a returned case to supplement');

# -- argument pools, by argument name, then by type ------------------------------
sub q_list { return [ map { defined $_ ? "'" . ($_ =~ s/'/''/gr) . "'" : 'NULL' } @_ ] }
sub data_list
{
	my ($sql) = @_;
	return q_list(split /\n/, $primary->safe_psql('county', $sql));
}
my %by_name = (
	cal => q_list('cn', 'no_such_calendar'),
	role => q_list('reviewer', 'clerk', 'analyst', 'admin'),
	department => q_list('market', 'health', 'public_security'),
	region => q_list('330225', '410102'),
	ledger => data_list('SELECT name FROM service_affair.ledger ORDER BY 1'),
	only_ledger => [ 'NULL', @{ data_list('SELECT name FROM service_affair.ledger ORDER BY 1') } ],
	algorithm => q_list('sha256'),
	status => q_list('accepted', 'returned', 'concluded'),
	from_status => q_list('accepted', 'returned', 'submitted'),
	to_status => q_list('concluded', 'accepted', 'withdrawn'),
	service => data_list('SELECT service FROM service_affair.cases GROUP BY 1 ORDER BY count(*) DESC LIMIT 3'),
	applicant => data_list('SELECT applicant FROM service_affair.cases ORDER BY id LIMIT 3'),
	case_id => data_list(q{(SELECT min(id) FROM service_affair.cases) UNION ALL
		(SELECT min(id) FROM service_affair.cases WHERE status = 'returned') UNION ALL
		(SELECT min(id) FROM service_affair.cases WHERE status = 'accepted')}),
	draw_id => data_list('SELECT id FROM service_affair.draw ORDER BY id'),
	plan_id => data_list('SELECT id FROM service_affair.plan ORDER BY id DESC'),
	task_id => data_list(q{SELECT id FROM service_affair.task WHERE status = 'open' ORDER BY assignee IS NULL, id DESC LIMIT 3}),
	complaint_id => data_list(q{SELECT id FROM service_affair.complaint WHERE status <> 'closed' ORDER BY id DESC LIMIT 3}),
	rating_id => data_list(q{SELECT id FROM service_affair.rating WHERE level <= 2 ORDER BY id DESC LIMIT 3}),
	from_month => q_list('2026-07-01', '2026-08-01'),
	to_month => q_list('2026-09-01', '2026-10-01'),
	from_day => q_list('2026-07-01', '2026-09-30'),
	to_day => q_list('2026-10-31', '2026-10-08'),
	# credit_setting(name): a setting's name (another is 22023)
	name => q_list('cn', '张三', 'Asia/Shanghai', 'credit.duration_years'),
	identifier => q_list('11010519491231002X', '91110000600037341L', 'bad'),
	channel => q_list('online', 'window', 'nope'),
	item => data_list('SELECT item FROM service_affair.cases WHERE item IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 3'),
	bundle => data_list('SELECT code FROM service_affair.bundle ORDER BY code LIMIT 2'),
	code => data_list('SELECT code FROM service_affair.item ORDER BY code LIMIT 2'),
	# an applicant's kind, and an item's (item_promised_days(): person is no item kind)
	kind => q_list('person', 'org', 'promised'),
	month => q_list('2026-08-01', '2026-09-01'),
	# "name type" where a name has other types elsewhere (level integer: a rating)
	'manual text' => q_list('B', undef),
	'credit text' => q_list('A', 'C'),
	'level text' => q_list('county', 'town'),
	# a draw's recorded pool (insp_pool_grade()), and bytes that are none (22023)
	'pool bytea' => [ @{ data_list('SELECT pool FROM service_affair.draw ORDER BY id LIMIT 1') }, q{'\\x00'} ],
	'parent_level text' => q_list(undef, 'county'),
	# settle_quiet_days(): the value of setting settle.quiet_days (NULL: no row)
	setting_value => q_list('90', undef, '0'),
	# period_levels_checked(rollup, levels): a period rollup (another is 22023)
	rollup => q_list('efficiency', 'complaint', 'nope'),
);
my %by_type = (
	date => q_list('2026-10-01', '2026-09-30', '2027-01-01'),
	integer => [ '5', '0', '3' ],
	bigint => [ '1', '2', '100' ],
	'timestamp with time zone' => q_list('2026-09-01 10:00+08', '2026-10-08 18:00+08', 'infinity'),
	boolean => [ 'false', 'true' ],
	text => q_list('cn', 'market', '330225'),
	'text[]' => q_list('{}', '{form}'),
	'service_affair.resident_id' => q_list('11010519491231002X', '330225199909091235'),
	'service_affair.uscc' => q_list('91110000600037341L'),
	jsonb => q_list('{"a": 1}', '{}'),
	bytea => q_list('\x00', '\x'),
	numeric => [ '0.5' ],
);

# Up to four argument lists for a function: the i-th takes the i-th value of
# each argument's pool (cycling), each value cast to the argument's type.
sub sample_args
{
	my ($names, $types) = @_;
	my @pools = map {
		$by_name{ ($names->[$_] // '') . " $types->[$_]" } // $by_name{ $names->[$_] // '' } // $by_type{ $types->[$_] } // ['NULL']
	} 0 .. $#$types;
	my $k = 1;
	$k = @$_ > $k ? scalar(@$_) : $k for @pools;
	$k = 4 if $k > 4;
	return map {
		my $t = $_;
		join(', ', map { "$pools[$_][$t % @{$pools[$_]}]::$types->[$_]" } 0 .. $#$types)
	} 0 .. $k - 1;
}

# -- the read-only objects, from the catalog ---------------------------------------
my @logins = qw(sb_admin sb_clerk sb_reviewer sb_inspector sb_analyst sb_public);
my $login_list = join(',', map { "'$_'" } @logins);
my @rels = split /\n/, $primary->safe_psql('county', qq{
SELECT l || '|' || c.oid::regclass
  FROM pg_class c, unnest(ARRAY[$login_list]) l
 WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
   AND has_table_privilege(l, c.oid, 'SELECT')
 ORDER BY 1});
my @funcs = split /\n/, $primary->safe_psql('county', qq{
SELECT l || '|' || p.oid::regprocedure || '|' || p.proretset || '|' ||
       coalesce(array_to_string(p.proargnames[1:p.pronargs], ','), '') || '|' ||
       coalesce((SELECT string_agg(format_type(t, NULL), ',' ORDER BY i) FROM unnest(p.proargtypes) WITH ORDINALITY a(t, i)), '')
  FROM pg_proc p, unnest(ARRAY[$login_list]) l
 WHERE p.pronamespace = 'service_affair'::regnamespace AND p.prokind = 'f' AND p.provolatile IN ('s', 'i')
   AND has_function_privilege(l, p.oid, 'EXECUTE')
   -- type support (input/output, send/receive, sort support) is not an answer
   AND NOT ('internal'::regtype = ANY (p.proargtypes) OR 'cstring'::regtype = ANY (p.proargtypes))
   AND p.prorettype NOT IN ('internal'::regtype, 'cstring'::regtype, 'trigger'::regtype)
 ORDER BY 1});
cmp_ok(scalar(@rels), '>', 30, 'relations readable by the group roles found in the catalog: ' . scalar(@rels));
cmp_ok(scalar(@funcs), '>', 100, 'read-only functions executable by the group roles found in the catalog: ' . scalar(@funcs));
for my $v (qw(case_sla task_sla efficiency satisfaction complaint_indicators public_results applicant_masked))
{
	ok((grep { /\|service_affair\.$v$/ } @rels), "the list includes $v");
}
for my $f (qw(verify_draw verify_log efficiency_period add_workdays is_valid_uscc mask))
{
	ok((grep { /\|service_affair\.$f\(/ } @funcs), "the list includes $f()");
}

my @probes;    # [login, label, query]
for (@rels)
{
	my ($login, $rel) = split /\|/;
	push @probes, [ $login, $rel, "SELECT * FROM $rel" ];
}
my %func_probes;    # signature => labels
for (@funcs)
{
	my ($login, $sig, $retset, $names, $types) = split /\|/, $_, -1;
	my @names = split /,/, $names, -1;
	my @types = split /,(?! )/, $types, -1;    # "timestamp with time zone" has no ", "
	my ($fname) = $sig =~ /^([^(]+)\(/;
	my $t = 0;
	for my $args (sample_args(\@names, \@types))
	{
		my $label = "$sig #" . $t++;
		push @probes, [ $login, $label, "SELECT * FROM $fname($args)" ];
		push @{ $func_probes{$sig} }, "$login|$label";
	}
}
{
	my $values = join(",\n", map {
		my ($l, $lab, $q) = @$_;
		"('$l', '" . ($lab =~ s/'/''/gr) . "', '" . ($q =~ s/'/''/gr) . "')"
	} @probes);
	$primary->safe_psql('county', "INSERT INTO sb_probe.probe VALUES $values");
}

# -- the replica -------------------------------------------------------------------
$primary->backup('sb_backup');
my $standby = PostgreSQL::Test::Cluster->new('sb_standby');
$standby->init_from_backup($primary, 'sb_backup', has_streaming => 1);
# Replay waits for the probes rather than cancelling them: the primary's
# autovacuum (cleanup records, the exclusive lock of a truncation) would
# otherwise cancel a long probe query on a slow machine after the default 30 s
# (an error of safe_psql, not a wrong answer).  As doc/deployment.md advises.
$standby->append_conf('postgresql.conf', "max_standby_streaming_delay = -1\nhot_standby_feedback = on\n");
$standby->start;
$primary->wait_for_catchup($standby, 'replay');
is($standby->safe_psql('county', 'SELECT pg_is_in_recovery()'), 't', 'the replica is a hot standby');

# Every probe under its login, on one node: "login|label|answer" lines.
sub answers
{
	my ($node, @only) = @_;
	my %a;
	for my $login (@only ? @only : @logins)
	{
		my $out = $node->safe_psql('county', qq{
SET service_affair.as_of = '2026-10-09 12:00+08';
SET ROLE $login;
SELECT label || '|' || sb_probe.run(q) FROM sb_probe.probe WHERE login = '$login' ORDER BY label;});
		for (split /\n/, $out)
		{
			my ($label, $answer) = split /\|/, $_, 2;
			$a{"$login|$label"} = $answer;
		}
	}
	return \%a;
}
my $on_primary = answers($primary);
my $on_standby = answers($standby);
is(scalar(keys %$on_standby), scalar(@probes), 'the replica answered every probe: ' . scalar(@probes));

my @differ = grep { ($on_standby->{$_} // 'missing') ne $on_primary->{$_} } sort keys %$on_primary;
is(scalar(@differ), 0, 'every read-only answer on the replica is the primary\'s')
  or diag(join("\n", map { "$_: primary $on_primary->{$_}, replica " . ($on_standby->{$_} // 'missing') } @differ[0 .. ($#differ < 20 ? $#differ : 20)]));
my @rel_errors = grep { $on_primary->{$_} =~ /^ERROR/ } map { "$_->[0]|$_->[1]" } grep { $_->[1] !~ /#\d+$/ } @probes;
is(scalar(@rel_errors), 0, 'every readable relation answers without error')
  or diag(join("\n", map { "$_: $on_primary->{$_}" } @rel_errors));
my @rows = grep { $on_primary->{$_} !~ /^(ERROR|0:)/ } map { "$_->[0]|$_->[1]" } grep { $_->[1] !~ /#\d+$/ } @probes;
cmp_ok(scalar(@rows), '>', 30, 'relations compared with rows in them: ' . scalar(@rows));
my @silent = grep { !grep { $on_primary->{$_} !~ /^ERROR/ } @{ $func_probes{$_} } } sort keys %func_probes;
is(scalar(@silent), 0, 'every read-only function gives an answer (not an error) for some sample arguments')
  or diag(join("\n", map { "$_: " . $on_primary->{ $func_probes{$_}[0] } } @silent));

# Control: the comparison sees a replica that is behind.  Replay paused, a
# holiday added on the primary changes the public's answers there only;
# replay resumed, they agree again.
$standby->safe_psql('county', 'SELECT pg_wal_replay_pause()');
$standby->poll_query_until('county', q{SELECT pg_get_wal_replay_pause_state() = 'paused'})
  or die 'replay did not pause';
$primary->safe_psql('county', q{INSERT INTO service_affair.calendar_day VALUES ('cn', '2026-10-09', false, 'sb control')});
my ($p2, $s2) = (answers($primary, 'sb_public'), answers($standby, 'sb_public'));
my $lagging = grep { ($s2->{$_} // '') ne $p2->{$_} } keys %$p2;
cmp_ok($lagging, '>', 0, "control: with replay paused after a calendar edit, $lagging answers differ");
$primary->safe_psql('county', q{DELETE FROM service_affair.calendar_day WHERE calendar = 'cn' AND day = '2026-10-09'});
$standby->safe_psql('county', 'SELECT pg_wal_replay_resume()');
$primary->wait_for_catchup($standby, 'replay');
($p2, $s2) = (answers($primary, 'sb_public'), answers($standby, 'sb_public'));
is(scalar(grep { ($s2->{$_} // '') ne $p2->{$_} } keys %$p2), 0, 'control: replay resumed, the answers agree again');

# -- writes: 25006 on the replica --------------------------------------------------
# A call for each writing function that succeeds and writes on the primary
# (checked there in a rolled-back transaction that must have been assigned a
# transaction id): state reached by the fixture above.
my %write_call = (
	'register_applicant(text,text,text,boolean,text)' => "register_applicant('person', '$new_person', 'sb new')",
	'submit(text,bigint,text[],text,text[],timestamp with time zone,text,text)' =>
	  'submit(c.service, c.applicant, \'{}\') FROM service_affair.cases c WHERE c.id = (SELECT min(id) FROM service_affair.cases)',
	'submit(text,text,text[],text,text[],timestamp with time zone,text,text,text,text,text)' =>
	  'submit(c.service, coalesce(a.resident_id::text, a.uscc::text), \'{}\') FROM service_affair.cases c JOIN service_affair.applicant a ON a.id = c.applicant WHERE c.id = (SELECT min(id) FROM service_affair.cases)',
	'completeness(text,text,text[],text[],timestamp with time zone)' =>
	  'completeness(c.service, coalesce(a.resident_id::text, a.uscc::text), \'{}\') FROM service_affair.cases c JOIN service_affair.applicant a ON a.id = c.applicant WHERE c.id = (SELECT min(id) FROM service_affair.cases)',
	'supplement(bigint,text[],timestamp with time zone,text)' =>
	  q{supplement(c.id, ARRAY(SELECT m.material FROM service_affair.case_material m WHERE m.case_id = c.id AND m.status = 'missing')) FROM service_affair.cases c WHERE c.id = (SELECT min(id) FROM service_affair.cases WHERE status = 'returned' AND submitted_at = '2026-10-08 08:30+08')},
	'withdraw(bigint,timestamp with time zone)' => q{withdraw((SELECT min(id) FROM service_affair.cases WHERE status = 'accepted'))},
	'record_visit(bigint,timestamp with time zone,text)' => q{record_visit((SELECT min(id) FROM service_affair.cases))},
	'deliver(bigint,text,timestamp with time zone)' =>
	  q{deliver((SELECT min(id) FROM service_affair.cases WHERE status = 'concluded' AND delivered_at IS NULL), 'electronic')},
	'case_applicant(bigint)' => q{case_applicant((SELECT min(id) FROM service_affair.cases))},
	'case_evidence(bigint)' => q{case_evidence((SELECT min(id) FROM service_affair.cases))},
	'claim_task(text,text,timestamp with time zone)' =>
	  q{claim_task((SELECT min(department) FROM service_affair.task WHERE status = 'open' AND assignee IS NULL), 'sb_reviewer')},
	'complete_task(bigint,text,timestamp with time zone,text)' =>
	  q{complete_task((SELECT max(id) FROM service_affair.task WHERE status = 'open' AND assignee IS NOT NULL), 'approved')},
	'suspend(bigint,text,timestamp with time zone)' => q{suspend((SELECT max(id) FROM service_affair.task WHERE status = 'open' AND assignee IS NOT NULL), 'expert_review')},
	'resume(bigint,timestamp with time zone)' => q{resume((SELECT min(id) FROM service_affair.task WHERE status = 'suspended'))},
	'extend(bigint,integer,text,timestamp with time zone)' =>
	  # dated by its due day at the latest: an overdue task is not extended
	  q{extend(t.id, 1, 'x', GREATEST(t.opened_at, LEAST(now(), (t.due + time '12:00') AT TIME ZONE 'Asia/Shanghai'))) FROM service_affair.task t
	    WHERE t.id = (SELECT max(id) FROM service_affair.task WHERE status = 'open' AND assignee IS NOT NULL)},
	'sla_sweep(timestamp with time zone)' => q{sla_sweep()},
	# settling (63_settle.sql): years later every withdrawn and returned case settles
	'settle_cases(timestamp with time zone,integer)' => q{settle_cases('2100-01-01 00:00+08')},
	# retention (64_history.sql): the fixture's past month with no case; it writes by moving
	# the month's partitions into the archive schema (made then)
	'archive_history_month(date)' => q{archive_history_month('2001-01-01')},
	'rate(bigint,integer,text,text,timestamp with time zone,text)' =>
	  q{rate((SELECT min(c.id) FROM service_affair.cases c WHERE c.status = 'concluded' AND NOT EXISTS (SELECT FROM service_affair.rating r WHERE r.case_id = c.id)), 5)},
	'record_callback(bigint,timestamp with time zone)' =>
	  q{record_callback((SELECT min(rating_id) FROM service_affair.rectification WHERE called_back_at IS NULL AND closed_at IS NULL))},
	'close_rectification(bigint,text,timestamp with time zone)' =>
	  q{close_rectification((SELECT min(rating_id) FROM service_affair.rectification WHERE called_back_at IS NOT NULL AND closed_at IS NULL), 'fixed')},
	'appeal_rating(bigint,text,timestamp with time zone)' =>
	  q{appeal_rating((SELECT max(id) FROM service_affair.rating WHERE level <= 2 AND NOT appealed), 'unfair')},
	'receive_complaint(text,text,text,timestamp with time zone,bigint,text,text,text,bigint,text,text)' =>
	  q{receive_complaint('12345', 'consultation', 'sb question')},
	'assign_complaint(bigint,text,timestamp with time zone)' =>
	  q{assign_complaint((SELECT min(id) FROM service_affair.complaint WHERE status = 'received'), 'market')},
	'transfer_complaint(bigint,text,text,timestamp with time zone)' =>
	  q{transfer_complaint((SELECT min(id) FROM service_affair.complaint WHERE status = 'assigned'), 'health', 'not ours')},
	'supervise_complaint(bigint,date,timestamp with time zone)' =>
	  # a due from the day of the supervision on (now: the primary's time zone is cn's)
	  q{supervise_complaint((SELECT min(id) FROM service_affair.complaint WHERE status = 'assigned'), (now() AT TIME ZONE 'Asia/Shanghai')::date + 30)},
	'reply_complaint(bigint,text,timestamp with time zone,text)' =>
	  q{reply_complaint((SELECT min(id) FROM service_affair.complaint WHERE status = 'assigned'), 'answer')},
	'record_complaint_callback(bigint,boolean,timestamp with time zone)' =>
	  q{record_complaint_callback((SELECT min(id) FROM service_affair.complaint WHERE status = 'replied' AND applicant IS NOT NULL), true)},
	'close_complaint(bigint,timestamp with time zone)' =>
	  q{close_complaint((SELECT min(id) FROM service_affair.complaint WHERE status = 'replied' AND applicant IS NULL))},
	'complaint_from_rating(bigint,text,timestamp with time zone)' =>
	  q{complaint_from_rating((SELECT max(r.id) FROM service_affair.rating r WHERE r.level <= 2 AND NOT r.appealed AND NOT EXISTS (SELECT FROM service_affair.complaint c WHERE c.rating_id = r.id)))},
	'complaint_sla_sweep(timestamp with time zone)' => q{complaint_sla_sweep()},
	'create_ledger(text,text)' => q{create_ledger('health')},
	'create_plan(text,text[],numeric[],bytea,integer,text[],text[])' =>
	  q{create_plan('sb plan 2', '{market}', '{0.01, 0.02, 0.05, 0.1}', sha256('\x5eed'::bytea), 2)},
	'draw(bigint,bytea)' => q{draw((SELECT max(id) FROM service_affair.plan), '\x5eed')},
	'record_result(bigint,bigint,text,text,timestamp with time zone)' =>
	  q{record_result(s.draw_id, s.target, 'pass', 'ok') FROM service_affair.draw_selection s WHERE (s.draw_id, s.target) = (SELECT d.draw_id, d.target FROM service_affair.draw_selection d WHERE NOT EXISTS (SELECT FROM service_affair.inspection_result r WHERE r.draw_id = d.draw_id AND r.target = d.target) ORDER BY 1, 2 LIMIT 1)},
	'publish_results(bigint,timestamp with time zone)' => q{publish_results((SELECT min(id) FROM service_affair.draw))},
	# licences (44_licences)
	'record_evidence(bigint,text,text,date)' =>
	  q{record_evidence(x.id, x.evidence_type, 'sb reference', '2030-12-31') FROM (SELECT c.id, min(m.evidence_type) AS evidence_type FROM service_affair.cases c JOIN service_affair.case_material cm ON cm.case_id = c.id JOIN service_affair.material m ON m.code = cm.material AND m.item = c.item WHERE c.status = 'concluded' AND c.decision = 'approved' AND m.evidence_type IS NOT NULL AND NOT EXISTS (SELECT FROM service_affair.licence l WHERE l.holder = c.applicant AND l.evidence_type = m.evidence_type AND l.status = 'valid' AND l.origin = 'issued') GROUP BY c.id ORDER BY c.id LIMIT 1) x},
	'expire_licences(timestamp with time zone)' => q{expire_licences('2040-01-01 00:00+08')},
	# commitments and credit (55_commitments, 56_credit)
	'record_check(bigint,text,text,timestamp with time zone)' =>
	  q{record_check((SELECT min(id) FROM service_affair.commitment_check WHERE status = 'open'), 'kept')},
	'record_credit_event(text,text,text,timestamp with time zone,boolean,text)' =>
	  q{record_credit_event('91110000600037341L', 'minor', 'sb: a sanction reported by another system')},
	'review_credit_event(bigint,boolean,text,timestamp with time zone)' =>
	  q{review_credit_event((SELECT max(id) FROM service_affair.credit_event WHERE needs_review), true, 'sb review')},
	'repair_credit_event(bigint,text,timestamp with time zone)' =>
	  q{repair_credit_event((SELECT max(id) FROM service_affair.credit_event WHERE needs_review), 'sb repaired')},
	# 通办 (42_tongban): the case received at a town centre in the fixture
	'receive_originals(bigint,timestamp with time zone)' =>
	  q{receive_originals((SELECT min(case_id) FROM service_affair.case_leg WHERE leg = 'forward' AND done_at IS NULL))},
	# ... and a concluded one whose result is on its way back to its point
	'receive_result(bigint,timestamp with time zone)' =>
	  q{receive_result((SELECT min(l.case_id) FROM service_affair.case_leg l JOIN service_affair.cases c ON c.id = l.case_id AND NOT c.settled AND c.status = 'concluded' WHERE l.leg = 'return' AND l.done_at IS NULL AND NOT l.settled))},
	# guides and the catalog ledger (33_guides): the fixture's changes and direct write
	'propose_catalog_change(jsonb,date)' =>
	  q{propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "market_company_reg"}, "row": {"name": "有限责任公司设立登记（sb）"}}')},
	'review_catalog_change(bigint,boolean,text)' =>
	  q{review_catalog_change((SELECT min(id) FROM service_affair.catalog_change WHERE status = 'proposed' AND proposed_by <> 'postgres'), true)},
	'publish_due_catalog_changes(timestamp with time zone)' => q{publish_due_catalog_changes(now() + interval '8 days')},
	'review_catalog_version(bigint,text)' =>
	  q{review_catalog_version((SELECT max(version_id) FROM service_affair.catalog_review_queue WHERE actor <> 'postgres'))},
);
# Writing functions reached through a statement rather than a call: a
# deregistration is revoked (revoke_deregistration(), 73_target_deregister.sql)
# only for a target marked deregistered, which the fixture has none of; the
# mark is made in the same transaction (on the replica its UPDATE is refused
# first, 25006 as the call would be).
my %write_stmt = (
	'revoke_deregistration(bigint,text)' =>
	  q{UPDATE service_affair.target SET deregistered_on = current_date + 1
	     WHERE id = (SELECT max(id) FROM service_affair.target WHERE deregistered_on IS NULL);
	    SELECT service_affair.revoke_deregistration((SELECT max(id) FROM service_affair.target WHERE deregistered_on IS NOT NULL), 'sb annulled')},
	# a month archived (archive_history_month's sample above) is brought back
	'restore_history_month(date)' =>
	  q{SELECT service_affair.archive_history_month('2001-01-01'); SELECT service_affair.restore_history_month('2001-01-01')},
);
# VOLATILE functions that write nothing to the database: reads a replica must
# serve (case_progress and verify_licence count wrong pairs in backend
# memory, which is why they are VOLATILE).  Checked below instead.
my %volatile_read = ('case_progress(bigint,text)' => 1, 'verify_licence(text,text)' => 1);
my @writers = split /\n/, $primary->safe_psql('county', qq{
SELECT p.oid::regprocedure || '|' ||
       coalesce(array_to_string(p.proargnames[1:p.pronargs], ','), '') || '|' ||
       coalesce((SELECT string_agg(format_type(t, NULL), ',' ORDER BY i) FROM unnest(p.proargtypes) WITH ORDINALITY a(t, i)), '')
  FROM pg_proc p
 WHERE p.pronamespace = 'service_affair'::regnamespace AND p.prokind = 'f' AND p.provolatile = 'v'
   AND p.prorettype <> 'trigger'::regtype
   AND EXISTS (SELECT FROM unnest(ARRAY[$login_list]) l WHERE has_function_privilege(l, p.oid, 'EXECUTE'))
 ORDER BY 1});
cmp_ok(scalar(@writers), '>=', 30, 'writing functions a group role may execute: ' . scalar(@writers));
# A writing function without an entry (added by a later part) is tried with
# the argument pools above; the first list that writes on the primary is the
# sample.  None succeeding fails the test: add an entry to %write_call.
for (@writers)
{
	my ($w, $names, $types) = split /\|/, $_, -1;
	my $sig = $w =~ s/^service_affair\.//r;
	next if $volatile_read{$sig};
	my ($fname) = $sig =~ /^([^(]+)\(/;
	my @calls = defined $write_call{$sig} ? ($write_call{$sig})
	  : defined $write_stmt{$sig} ? ()
	  : map { "$fname($_)" } sample_args([ split /,/, $names, -1 ], [ split /,(?! )/, $types, -1 ]);
	my @stmts = defined $write_stmt{$sig} ? ($write_stmt{$sig}) : map { "SELECT service_affair.$_" } @calls;
	my ($sql, $rc, $out, $err);
	for my $stmt (@stmts)
	{
		$sql = "SET search_path = service_affair, pg_catalog; $stmt";
		# it must write: a transaction id is assigned
		($rc, $out, $err) = $primary->psql('county',
			"BEGIN; $sql; SELECT 'wrote ' || (pg_current_xact_id_if_assigned() IS NOT NULL); ROLLBACK;", on_error_stop => 1);
		last if $rc == 0 && $out =~ /^wrote true$/m;
		$err ||= 'the call wrote nothing';
		$rc ||= 1;
	}
	if ($rc != 0)
	{
		fail("$sig: a sample call writes on the primary"
			  . (defined $write_call{$sig} || defined $write_stmt{$sig} ? '' : ' (none of the argument pools worked: add one to %write_call)'));
		diag($err);
		next;
	}
	($rc, $out, $err) = $standby->psql('county', "\\set VERBOSITY verbose\n$sql;");
	like($err, qr/ERROR:\s+25006:/, "$sig fails with 25006 on the replica")
	  or diag("rc $rc, out $out, err $err");
}
is($standby->safe_psql('county', 'SELECT count(*) FROM service_affair.cases'),
	$primary->safe_psql('county', 'SELECT count(*) FROM service_affair.cases'), 'nothing was written on either node');

# -- case progress: applicants ask a replica ----------------------------------------
# The public guides and case progress are among the reads a replica serves.
# case_progress() is VOLATILE only for its per-session budget of wrong pairs
# (backend memory): it writes nothing, answers on the replica as on the
# primary, and its budget holds there too.
for my $f (sort keys %volatile_read)
{
	ok((grep { /^service_affair\.\Q$f\E\|/ } @writers), "$f is VOLATILE and a group role may execute it");
}
my ($pcase, $pident) = split /\|/, $primary->safe_psql('county', q{
SELECT c.id || '|' || coalesce(a.resident_id::text, a.uscc::text)
  FROM service_affair.cases c JOIN service_affair.applicant a ON a.id = c.applicant
 WHERE c.status = 'accepted' AND EXISTS (SELECT FROM service_affair.task t WHERE t.case_id = c.id AND t.status = 'open')
 ORDER BY c.id LIMIT 1});
my $progress = "SELECT concat_ws(' ', status, stage, department, due, missing) FROM service_affair.case_progress($pcase, '$pident')";
my $wrong = "SELECT count(*) FROM service_affair.case_progress($pcase, '11010519491231002X')";
my ($rc, $out, $err) = $primary->psql('county',
	"SET ROLE sb_public; BEGIN; $progress; SELECT 'wrote ' || (pg_current_xact_id_if_assigned() IS NOT NULL); ROLLBACK;",
	on_error_stop => 1);
like($out, qr/^wrote false$/m, 'case_progress() writes nothing on the primary') or diag("rc $rc, err $err");
my $p_answer = $primary->safe_psql('county', "SET ROLE sb_public; $progress");
my $s_answer = $standby->safe_psql('county', "SET ROLE sb_public; $progress");
like($s_answer, qr/^accepted \d+ \S+ \d{4}-\d\d-\d\d /, "case_progress() answers an applicant on the replica: $s_answer");
is($s_answer, $p_answer, 'case_progress() on the replica: the primary\'s answer');
is($standby->safe_psql('county', "SET ROLE sb_public; $wrong"), '0', 'case_progress() on the replica: a wrong pair gives no rows');
($rc, $out, $err) = $standby->psql('county',
	"\\set VERBOSITY verbose\nSET ROLE sb_public;\n" . join('', map { "$wrong;\n" } 1 .. 10) . "$progress;\n");
like($err, qr/ERROR:\s+55000:/, 'case_progress() on the replica: after 10 wrong pairs the session gets 55000')
  or diag("rc $rc, out $out, err $err");
is($standby->safe_psql('county', "SET ROLE sb_public; $progress"), $p_answer, 'case_progress() on the replica: a new session answers again');

# verify_licence() likewise (VOLATILE since 2026-12-03 for the same budget):
# the county's licences answered on the replica as on the primary, writing
# nothing
my $verify = q{SELECT string_agg(l.number || ' ' || service_affair.verify_licence(l.number, coalesce(a.resident_id::text, a.uscc::text)), ',' ORDER BY l.id)
                 FROM service_affair.licence l JOIN service_affair.applicant a ON a.id = l.holder};
($rc, $out, $err) = $primary->psql('county',
	"BEGIN; $verify; SELECT 'wrote ' || (pg_current_xact_id_if_assigned() IS NOT NULL); ROLLBACK;", on_error_stop => 1);
like($out, qr/^wrote false$/m, 'verify_licence() writes nothing on the primary') or diag("rc $rc, err $err");
my $p_verify = $primary->safe_psql('county', $verify);
like($p_verify, qr/ (valid|expired|superseded|revoked)(,|$)/, 'the county holds licences to verify');
is($standby->safe_psql('county', $verify), $p_verify, 'verify_licence() on the replica: the primary\'s answers');

# -- the calendar cache of a replica session follows replayed edits ----------------
my $session = $standby->background_psql('county');
my $q = q{SELECT service_affair.add_workdays('2026-12-01', 5) || ' ' || service_affair.is_workday('2026-12-03')
            || ' ' || service_affair.workdays_between('2026-12-01', '2026-12-31');};
my $warm = $session->query_safe($q);
is($warm, '2026-12-08 true 22', 'replica session: calendar cache warm');
$primary->safe_psql('county', q{INSERT INTO service_affair.calendar_day VALUES ('cn', '2026-12-03', false, 'sb holiday')});
$primary->wait_for_catchup($standby, 'replay');
is($session->query_safe($q), '2026-12-09 false 21', 'replica session: a replayed calendar edit is seen by the warm cache');
$primary->safe_psql('county', q{DELETE FROM service_affair.calendar_day WHERE calendar = 'cn' AND day = '2026-12-03'});
$primary->wait_for_catchup($standby, 'replay');
is($session->query_safe($q), $warm, 'replica session: and its undo');
$primary->safe_psql('county', q{UPDATE service_affair.calendar SET weekmask = '1111110' WHERE name = 'cn'});
$primary->wait_for_catchup($standby, 'replay');
is($session->query_safe($q), '2026-12-07 true 26', 'replica session: a replayed weekmask change is seen too');
is($session->query_safe($q), $primary->safe_psql('county', $q), 'replica session: same answer as the primary');
$session->quit;

$standby->stop;
$primary->stop;
done_testing();
