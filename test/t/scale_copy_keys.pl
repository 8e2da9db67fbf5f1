# copy_region() on the shard a region moves to copies the request keys of
# the manual credit events whose subject the router sends there from then
# on (doc/scale.md, "Moving a region between shards").  Characters valid
# as a resident id and as a USCC have two readings on the router
# (shard_for_subject()): their kind's (person:<id> by its resident id's
# region) and the unprefixed one (the USCC's region first, when served),
# and which spelling a call used is not recorded; the key is copied when
# either reading falls in the moving region.  Until 2026-12-07 copy_region()
# read the kind alone: a person's key recorded through the unprefixed
# spelling (its USCC's region moving, its resident id's staying) was not
# copied, and the call repeated on the new shard, where the router now
# sends that spelling, recorded a second event (a review; drop_region()'s
# half is test/pgtap/shard_subject_keys.sql).  Two shards as databases of
# one server, hz (the old) and nb (the new, reaching hz through
# postgres_fdw); the province node's map and moves are written on each (as
# its replication would), and so are hz's credit events on nb (every node
# holds every event: "The province-wide credit record").  Assertions 3, 4,
# 6 and 8 fail on the former code.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('scale_copy_keys');
$node->init;
$node->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'\n");
$node->start;

# the map: 3301 (杭州, moving to nb) and the other prefixes on hz
for my $s ('hz', 'nb')
{
	$node->safe_psql('postgres', "CREATE DATABASE $s");
	$node->safe_psql($s, "CREATE EXTENSION service_affair CASCADE; CREATE EXTENSION service_affair_shard;
		INSERT INTO service_affair_shard.shard VALUES ('hz', 1), ('nb', 2);
		INSERT INTO service_affair_shard.shard_region VALUES ('3301', 'hz'), ('9133', 'hz'), ('01', 'hz'), ('3302', 'hz'), ('02', 'hz');
		SELECT service_affair_shard.setup_shard('$s');");
}
$node->safe_psql('nb', "CREATE EXTENSION postgres_fdw; CREATE SERVER hz FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '"
	. $node->host . "', port '" . $node->port . "', dbname 'hz'); CREATE USER MAPPING FOR CURRENT_USER SERVER hz;");

# characters valid as a resident id and as a USCC (the USCC's region is
# characters 3-8, the resident id's 1-6), the n-th such of a body
sub both
{
	my ($body, $n) = @_;
	return $node->safe_psql('hz', "SELECT b || c FROM generate_series(0, 999) n,
		LATERAL (SELECT '$body' || lpad(n::text, 3, '0') AS b) x, unnest(string_to_array('0123456789X', NULL)) c
		WHERE service_affair.is_valid_resident_id(b || c) AND service_affair.is_valid_uscc(b || c)
		ORDER BY 1 OFFSET $n LIMIT 1");
}
my %id = (
	rid_in => both('33010619800101', 0),    # resident id 330106 (moving), USCC 010619 (staying)
	uscc_in => both('91330120000101', 0),   # resident id 913301 (staying), USCC 330120 (moving)
	neither => both('33020619800101', 0),   # resident id 330206, USCC 020619 (both staying)
	org => both('33010619800101', 1));      # an organisation's USCC 010619 (staying), its resident id reading 330106 (moving)
my $readings = join(' ', map {
	my $k = $_->[1] eq 'org' ? 'org' : 'person';
	$node->safe_psql('hz', "SELECT coalesce(service_affair_shard.subject_prefix('$id{$_->[0]}', '$k'), '-') || '/'
		|| coalesce(service_affair_shard.subject_prefix('$id{$_->[0]}'), '-')")
} (['rid_in', 'person'], ['uscc_in', 'person'], ['neither', 'person'], ['org', 'org']));
is($readings, '3301/01 9133/3301 3302/02 01/01',
	'fixture: the kind\'s and the unprefixed readings of four subjects valid as both: a person of the moving region 3301 (USCC staying), a person whose USCC reading is in 3301 (resident id staying), a person of neither, an organisation (its resident id reading in 3301)');

# their manual events on hz, keyed, through the unprefixed spelling (the
# holder on hz decides the kind); and every event on nb too
$node->safe_psql('hz', "INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES
	('person', '$id{rid_in}', 'rid in'), ('person', '$id{uscc_in}', 'uscc in'), ('person', '$id{neither}', 'neither');
	INSERT INTO service_affair.applicant (kind, uscc, name) VALUES ('org', '$id{org}', 'org')");
my %call = map { $_ => "SELECT service_affair.record_credit_event('%s', 'minor', 'keyed before the move', '2026-12-01 10:00+08', false, 'ck-$_')" } keys %id;
my %ev = map { $_ => $node->safe_psql('hz', sprintf($call{$_}, $id{$_})) } keys %id;
is($node->safe_psql('hz', "SELECT string_agg(r.request_key || ':' || e.subject_kind, ' ' ORDER BY r.request_key)
	FROM service_affair.case_request r JOIN service_affair.credit_event e ON e.id = r.credit_event_id"),
	'ck-neither:person ck-org:org ck-rid_in:person ck-uscc_in:person', 'four keyed events on hz: three persons\' and an organisation\'s');
# the credit record's replication, as publish_credit() does it
$node->safe_psql('nb', "SET session_replication_role = replica; CREATE SCHEMA sa_credit_hz;
	IMPORT FOREIGN SCHEMA service_affair LIMIT TO (credit_event) FROM SERVER hz INTO sa_credit_hz;
	INSERT INTO service_affair.credit_event OVERRIDING SYSTEM VALUE SELECT * FROM sa_credit_hz.credit_event;
	DROP SCHEMA sa_credit_hz CASCADE;");
# nb knows the person whose USCC reading moves (registered there too): the
# characters are a person's on nb, as on hz
$node->safe_psql('nb', "INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '$id{uscc_in}', 'uscc in')");

# the move of 3301 from hz to nb
$node->safe_psql($_, "SELECT service_affair_shard.begin_region_move('3301', 'nb')") for ('hz', 'nb');
my %copied = map { split /\|/ } split /\n/, $node->safe_psql('nb', "SELECT rel || '|' || copied FROM service_affair_shard.copy_region('3301', 'hz')");
is($copied{case_request}, 2, 'copy_region(3301, hz) on nb: two request keys copied');
is($node->safe_psql('nb', "SELECT string_agg(request_key, ' ' ORDER BY request_key) FROM service_affair.case_request"), 'ck-rid_in ck-uscc_in',
	'... the key of the person of 3301 and that of the person whose USCC reading is in 3301 (until 2026-12-07 not copied); not those of the person of neither nor of the organisation, whose spellings all stay on hz');
$node->safe_psql($_, "SELECT service_affair_shard.finish_region_move('3301')") for ('hz', 'nb');
$node->safe_psql('hz', "SELECT * FROM service_affair_shard.drop_region('3301')");

# the calls repeated where the router sends them now: person:<id> of 330106
# and the unprefixed USCC reading 330120 to nb
my ($rc, $out, $err) = $node->psql('nb', sprintf($call{rid_in}, "person:$id{rid_in}"));
is("$out|$err", "$ev{rid_in}|", 'the keyed call of the person of 3301 repeated on nb (person:, its resident id\'s region): the event hz recorded');
($rc, $out, $err) = $node->psql('nb', sprintf($call{uscc_in}, $id{uscc_in}));
is("$out|$err", "$ev{uscc_in}|", 'the keyed call of the person whose USCC reading is in 3301 repeated on nb (unprefixed, its USCC\'s region): the event hz recorded (until 2026-12-07 a second event)');
# and where the router still sends them: hz
($rc, $out, $err) = $node->psql('hz', sprintf($call{uscc_in}, "person:$id{uscc_in}"));
is("$out|$err", "$ev{uscc_in}|", '... and repeated on hz (person:, its resident id\'s region 913301 stays there): the same event, its key kept by drop_region()');
is($node->safe_psql('nb', "SELECT count(*) FROM service_affair.credit_event WHERE id >= 2000000000000"), '0', 'no event numbered on nb');

done_testing();
