#!/usr/bin/env bash
# Runs prototype.sql (doc/scale.md, "Design") on a throwaway cluster: MONTHS
# months of history (default 120) with PER_MONTH cases each (default 2000),
# retention KEEP months (default 84).  Needs postgresql-15-partman.
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_deps postgresql-$PG_MAJOR-partman
sa_build
sa_cluster_start
psql -X -q -d postgres -c 'CREATE DATABASE sa_proto'
psql -X -q -d sa_proto -v months="${MONTHS:-120}" -v per_month="${PER_MONTH:-2000}" -v keep="${KEEP:-84}" \
	-f bench/scale/prototype.sql 2>&1 | sed 's/^psql:[^ ]* NOTICE:  //'
