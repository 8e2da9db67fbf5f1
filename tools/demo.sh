#!/usr/bin/env bash
# make demo: install what is missing, build, start a throwaway cluster, install
# the extension, load the sample county (demo/*.sql) and show the dashboard.
#
# Files in demo/ run in lexical order: NN_name.sql loads quietly (its output
# goes to tmp_check/demo.log), NN_name_show.sql prints what it selects, and
# NN_name.sh runs with the cluster's PG* variables (the county simulation).
#   SA_KEEP=1 make demo   keep the cluster running afterwards (also when the
#                         demo fails or is interrupted) and print how to
#                         connect (stop it with the command printed).
source "$(dirname "$0")/cluster.sh"
cd "$SA_TOP"

sa_deps
sa_build
sa_cluster_start
sa_createdb sa_demo service_affair
export PGDATABASE=sa_demo
mkdir -p tmp_check
: > tmp_check/demo.log

for f in demo/[0-9]*.sql demo/[0-9]*.sh; do
	echo "$f"
done | LC_ALL=C sort -t/ -k2 | while read -r f; do  # byte order: 70_inspection.sql before 70_inspection_show.sql in every locale
	case "$f" in
	*.sh)
		sa_log "running $f"
		bash "$f" || exit 1
		;;
	*_show.sql)
		psql -X -q -v ON_ERROR_STOP=1 -P pager=off -f "$f"
		;;
	*)
		sa_log "loading $f"
		psql -X -q -v ON_ERROR_STOP=1 -f "$f" >>tmp_check/demo.log 2>&1 || {
			tail -20 tmp_check/demo.log
			exit 1
		}
		;;
	esac
done

