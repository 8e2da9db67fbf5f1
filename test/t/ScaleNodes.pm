# The nodes of a sharded province on one machine, shared by the TAP tests
# of region shards (scale_doc.pl, scale_shards.pl).  A test finds this file
# beside itself:
#     use FindBin;
#     use lib $FindBin::RealBin;
#     use ScaleNodes;
# (tools/run-tests.sh copies test/t whole to the postgres user's directory;
# prove picks only the *.pl files as tests.)
package ScaleNodes;

use strict;
use warnings;
use Exporter 'import';
use PostgreSQL::Test::Cluster;

our @EXPORT = qw(mknode);

# mknode NAME, LOGICAL[, SETTING => VALUE ...]: a node NAME started in China's
# time zone, small (30 connections, 16MB of shared buffers), with a database
# sa holding service_affair, its dependencies and service_affair_shard, and
# the access roles (create_roles()).  LOGICAL: a publisher too (wal_level
# logical, with max_wal_senders and max_replication_slots).  The worker
# settings default to those of a node subscribing to one or two
# publications; a SETTING given replaces its default (the wal senders and
# slots only on a publisher).
my @workers = (max_worker_processes => 12, max_logical_replication_workers => 6, max_sync_workers_per_subscription => 2);
my @senders = (max_wal_senders => 10, max_replication_slots => 10);

sub mknode
{
	my ($name, $logical, %set) = @_;
	my %known = (@workers, @senders);
	exists $known{$_} or die "mknode: no setting $_ to replace" for keys %set;
	my $n = PostgreSQL::Test::Cluster->new($name);
	$n->init($logical ? (allows_streaming => 'logical') : ());
	my @conf = (timezone => "'Asia/Shanghai'", max_connections => 30, shared_buffers => '16MB', @workers, ($logical ? @senders : ()));
	my $conf = '';
	for (my $i = 0; $i < @conf; $i += 2)
	{
		my $k = $conf[$i];
		$conf .= "$k = " . ($set{$k} // $conf[ $i + 1 ]) . "\n";
	}
	$n->append_conf('postgresql.conf', $conf);
	$n->start;
	$n->safe_psql('postgres', 'CREATE DATABASE sa');
	$n->safe_psql('sa', 'CREATE EXTENSION service_affair CASCADE; CREATE EXTENSION service_affair_shard; SELECT service_affair.create_roles();');
	return $n;
}

1;
