#!/usr/bin/perl
# history_restore_list.pl DUMP DBNAME > restore.list
#
# The restore list of a pg_dump -Fc archive of a database with history
# partitions (doc/deployment.md "Backups"): the partitions a submission or the
# maintenance made are ordinary tables attached to the extension's
# partitioned tables, whose keys and foreign keys exist as soon as
# CREATE EXTENSION has run, while pg_dump lists table data by name
# (case_event_p... before cases_p...).  The list loads table data in the order
# of the foreign keys (a partition as its parent), read from DBNAME (the source,
# or the target after pg_restore --section=pre-data), and leaves out the
# partitions' copies of their parent's keys and indexes (made when attached).
use strict;
use warnings;

my ($dump, $db) = @ARGV;
die "usage: $0 DUMP DBNAME\n" unless defined $db;
my $q = q{
WITH RECURSIVE fk AS (
  SELECT DISTINCT COALESCE(pg_partition_root(conrelid), conrelid) AS a, COALESCE(pg_partition_root(confrelid), confrelid) AS b
    FROM pg_constraint WHERE contype = 'f' AND connamespace = 'service_affair'::regnamespace),
lvl(t, l) AS (
  SELECT c.oid, 0 FROM pg_class c WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind IN ('r', 'p')
  UNION ALL
  SELECT fk.a, lvl.l + 1 FROM fk JOIN lvl ON fk.b = lvl.t WHERE fk.a <> fk.b AND lvl.l < 30)
SELECT c.relname || '|' || max(lvl.l) FROM pg_class c JOIN lvl ON lvl.t = COALESCE(pg_partition_root(c.oid), c.oid)
 WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind = 'r' GROUP BY c.relname};
open my $ph, '-|', 'psql', '-X', '-At', '-d', $db, '-c', $q or die "psql: $!";
my %level = map { chomp; split /\|/ } <$ph>;
close $ph or die "psql failed\n";
open my $rh, '-|', 'pg_restore', '-l', $dump or die "pg_restore: $!";
my @lines = grep { !/ (CONSTRAINT|INDEX|INDEX ATTACH) service_affair (cases|case_material|case_event|case_leg|commitment_check|task|task_suspension|rating|rectification)_p\d+/ }
  map { chomp; $_ } <$rh>;
close $rh or die "pg_restore -l failed\n";
my @idx = grep { $lines[$_] =~ / TABLE DATA / } 0 .. $#lines;
my @data = @lines[@idx];
my $rank = sub { return $_[0] =~ / TABLE DATA service_affair (\S+) / ? ($level{$1} // 0) : 0; };
@lines[@idx] = map { $_->[1] } sort { $a->[0] <=> $b->[0] || $a->[2] <=> $b->[2] }
  map { [ $rank->($data[$_]), $data[$_], $_ ] } 0 .. $#data;
print "$_\n" for @lines;
