# shellcheck shell=bash
# Shared by run-tests.sh, demo.sh and the benchmarks' bench/*/run.sh (sourced, not executed).
#
#   sa_deps            install the Debian packages that are missing (apt, via sudo
#                      when not root)
#   sa_build           build the extension
#   sa_cluster_start   make a private installation of PostgreSQL 15 plus this
#                      extension in a temporary directory owned by the postgres
#                      user, initdb, start a server on a Unix socket in it and
#                      export PGHOST/PGPORT/PGUSER; stopped and removed on exit
#
# The private installation mirrors what `make check` does in PostgreSQL's own
# tree: the server computes its share and lib directories relative to its own
# binary, so copying three binaries and linking everything else gives a server
# that sees this build of the extension without touching /usr.  The system
# installation (and whatever version of the extension it holds) is left alone.

set -euo pipefail
# an exported CDPATH makes cd print the directory, which $(cd ... && pwd) then doubles
unset CDPATH

SA_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_MAJOR=15
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/$PG_MAJOR/bin/pg_config}

# Commands run as postgres start in /: in a directory postgres cannot enter (a
# checkout in a home of mode 700) initdb, pg_ctl and postgres print "could not
# change directory to ...: Permission denied" on every start.
if [ "$(id -u)" = 0 ]; then
	SUDO=()
	AS_PG=(runuser -u postgres -- env -C /)
else
	SUDO=(sudo)
	AS_PG=(sudo runuser -u postgres -- env -C /)
fi

sa_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
sa_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# A word the shell reads back as it is (for the commands printed to paste).
sa_q() { printf '%q' "$1"; }

SA_PACKAGES=(make gcc clang libclang-rt-14-dev libssl-dev
	postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR postgresql-$PG_MAJOR-pgtap
	libtap-parser-sourcehandler-pgtap-perl libipc-run-perl pgbouncer
	fonts-noto-cjk)  # the CJK glyphs of the report screenshot (demo/report_html.sql)
# Optional: the tests that need them are skipped when they cannot be installed.
SA_OPTIONAL_PACKAGES=(postgresql-$PG_MAJOR-cron postgresql-$PG_MAJOR-plproxy postgresql-$PG_MAJOR-partman)  # plproxy: test/t/scale_shards.pl, scale_doc.pl, test/pgtap/companion_hostile.sql (skipped without); partman: doc/scale.md

sa_deps() {
	local missing=() p
	for p in "${SA_PACKAGES[@]}" "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		sa_log "installing ${missing[*]}"
		"${SUDO[@]}" apt-get update -qq
		"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
	for p in "${SA_OPTIONAL_PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 ||
			sa_log "optional package $p not installed"
	done
}

sa_build() {
	local v
	v=$("$PG_CONFIG" --version 2>/dev/null) || sa_die "PG_CONFIG=$PG_CONFIG does not run (unset it for PostgreSQL $PG_MAJOR's)"
	case "$v" in
	"PostgreSQL $PG_MAJOR."*) ;;
	*) sa_die "PG_CONFIG=$PG_CONFIG is $v, not PostgreSQL $PG_MAJOR (unset it for the Debian package's)" ;;
	esac
	sa_log "building"
	make -C "$SA_TOP" -s PG_CONFIG="$PG_CONFIG" all >&2
}

# A directory the postgres user can reach: under the build folder when it can,
# else under $TMPDIR, else under /tmp (a checkout, or a private TMPDIR, may
# sit where postgres cannot traverse).  Prints it; fails with a message.
sa_tmpdir() {
	local base d
	for base in "$SA_TOP/tmp_check" "${TMPDIR:-/tmp}" /tmp; do
		mkdir -p "$base" 2>/dev/null || continue
		d=$(mktemp -d "$base/$([ "$base" = "$SA_TOP/tmp_check" ] && echo cluster || echo service_affair).XXXXXX" 2>/dev/null) || continue
		chmod 755 "$d"
		"${SUDO[@]}" chown postgres "$d"
		if "${AS_PG[@]}" test -w "$d" 2>/dev/null; then
			echo "$d"
			return 0
		fi
		"${SUDO[@]}" rm -rf "$d"
	done
	sa_die "no directory the postgres user can write: tried $SA_TOP/tmp_check, ${TMPDIR:-/tmp} and /tmp"
}

sa_private_install() {
	local root=$1 bindir libdir sharedir f
	bindir=$("$PG_CONFIG" --bindir)
	libdir=$("$PG_CONFIG" --pkglibdir)
	sharedir=$("$PG_CONFIG" --sharedir)
	mkdir -p "$root/usr/lib/postgresql/$PG_MAJOR/bin" "$root/usr/lib/postgresql/$PG_MAJOR/lib" \
		"$root/usr/share/postgresql/$PG_MAJOR/extension"
	cp "$bindir/postgres" "$bindir/initdb" "$bindir/pg_ctl" "$root/usr/lib/postgresql/$PG_MAJOR/bin/"
	# Real directories where `make install` writes (bitcode/ for JIT inlining),
	# links to the system's files everywhere else: an install through a link
	# would write into /usr.
	for f in "$libdir"/*; do
		case "$(basename "$f")" in service_affair*|bitcode) continue ;; esac
		ln -s "$f" "$root/usr/lib/postgresql/$PG_MAJOR/lib/"
	done
	if [ -d "$libdir/bitcode" ]; then
		mkdir -p "$root/usr/lib/postgresql/$PG_MAJOR/lib/bitcode"
		for f in "$libdir"/bitcode/*; do
			case "$(basename "$f")" in service_affair*) continue ;; esac
			ln -s "$f" "$root/usr/lib/postgresql/$PG_MAJOR/lib/bitcode/"
		done
	fi
	for f in "$sharedir"/*; do
		[ "$(basename "$f")" = extension ] || ln -s "$f" "$root/usr/share/postgresql/$PG_MAJOR/"
	done
	for f in "$sharedir"/extension/*; do
		case "$(basename "$f")" in service_affair*) continue ;; esac
		ln -s "$f" "$root/usr/share/postgresql/$PG_MAJOR/extension/"
	done
	make -C "$SA_TOP" -s PG_CONFIG="$PG_CONFIG" DESTDIR="$root" install >/dev/null
}

sa_pg() { "${AS_PG[@]}" env -u PGDATA "$SA_BIN/$1" "${@:2}"; }

# The commands that connect to a kept cluster and that stop and remove it.
sa_cluster_kept() {
	local s=${SUDO[*]:+${SUDO[*]} }
	cat >&2 <<EOT

The cluster is still running (SA_KEEP=1):
    psql -h $(sa_q "$PGHOST") -p $PGPORT -U postgres ${PGDATABASE:-postgres}
Stop and remove it with:
    ${s}runuser -u postgres -- env -C / $(sa_q "$SA_BIN/pg_ctl") -D $(sa_q "$SA_CLUSTER/data") -m fast stop && ${s}rm -rf $(sa_q "$SA_CLUSTER")${SA_SOCKET_DIR:+ $(sa_q "$SA_SOCKET_DIR")}
EOT
}

sa_cluster_stop() {
	local rc=$?
	[ -n "${SA_INSTALL_TMP:-}" ] && rm -rf "$SA_INSTALL_TMP"
	SA_INSTALL_TMP=
	[ -n "${SA_CLUSTER:-}" ] || return 0
	if [ -n "${SA_KEEP:-}" ] && [ -n "${SA_STARTED:-}" ]; then
		sa_cluster_kept
		SA_CLUSTER=
		return 0
	fi
	# as postgres: a user cannot see into data/ (mode 700).  The files go
	# only once the server is down: removed under a running server (a stop
	# that failed, e.g. sudo asking again for a password), they were lost
	# while it went on
	if "${AS_PG[@]}" test -f "$SA_CLUSTER/data/postmaster.pid" &&
		! sa_pg pg_ctl -D "$SA_CLUSTER/data" -m immediate -w stop >/dev/null 2>&1; then
		printf 'error: the server of %s did not stop; it is left as it is\n' "$SA_CLUSTER" >&2
		SA_CLUSTER=
		return "$rc"
	fi
	"${SUDO[@]}" rm -rf "$SA_CLUSTER" ${SA_SOCKET_DIR:+"$SA_SOCKET_DIR"}
	SA_CLUSTER=
	SA_SOCKET_DIR=
}

# sa_cluster_start [extra postgresql.conf lines...]
sa_cluster_start() {
	# every libpq and server setting of the environment goes (a PGHOSTADDR,
	# PGCLIENTENCODING=GBK, PGDATESTYLE or PGTZ of the user's broke the
	# demo or the tests' expected output): libpq's documented variables, by
	# name (PG_CONFIG and the runner's PGTAP_FILES are ours and stay)
	local v
	for v in $(compgen -e); do
		case "$v" in
		PGHOST | PGHOSTADDR | PGPORT | PGDATABASE | PGUSER | PGPASSWORD | PGPASSFILE | PGCHANNELBINDING | \
			PGSERVICE | PGSERVICEFILE | PGOPTIONS | PGAPPNAME | PGSSL* | PGREQUIRESSL | PGGSS* | PGKRBSRVNAME | \
			PGREQUIREPEER | PGREQUIREAUTH | PGCONNECT_TIMEOUT | PGCLIENTENCODING | PGTARGETSESSIONATTRS | \
			PGLOADBALANCEHOSTS | PGDATESTYLE | PGTZ | PGGEQO | PGSYSCONFDIR | PGLOCALEDIR | PGDATA) unset "$v" ;;
		esac
	done
	SA_CLUSTER=$(sa_tmpdir) || exit 1
	SA_STARTED=
	trap sa_cluster_stop EXIT
	sa_log "throwaway cluster in $SA_CLUSTER"
	SA_INSTALL_TMP=$(mktemp -d "${TMPDIR:-/tmp}/service_affair-install.XXXXXX" 2>/dev/null ||
		mktemp -d /tmp/service_affair-install.XXXXXX) || sa_die "mktemp failed in ${TMPDIR:-/tmp} and /tmp"
	sa_private_install "$SA_INSTALL_TMP"
	"${SUDO[@]}" mkdir -p "$SA_CLUSTER/install"
	"${SUDO[@]}" cp -a "$SA_INSTALL_TMP/." "$SA_CLUSTER/install/"
	rm -rf "$SA_INSTALL_TMP"
	SA_INSTALL_TMP=
	"${SUDO[@]}" chmod -R a+rX "$SA_CLUSTER/install"
	SA_BIN="$SA_CLUSTER/install/usr/lib/postgresql/$PG_MAJOR/bin"
	"${AS_PG[@]}" mkdir -m 700 "$SA_CLUSTER/data"
	# the socket's path is at most 107 bytes (sun_path): a checkout at a
	# long path gets its socket in a short directory of its own under /tmp
	SA_SOCKET_DIR=
	local sock="$SA_CLUSTER/socket"
	if [ $(( ${#sock} + 20 )) -gt 100 ]; then
		SA_SOCKET_DIR=$(mktemp -d /tmp/sa_sock.XXXXXX) || sa_die "mktemp failed in /tmp"
		chmod 755 "$SA_SOCKET_DIR"
		"${SUDO[@]}" chown postgres "$SA_SOCKET_DIR"
		sock=$SA_SOCKET_DIR
	else
		"${AS_PG[@]}" mkdir -m 755 "$sock"
	fi
	sa_pg initdb -D "$SA_CLUSTER/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
	SA_PORT=${SA_PORT:-$((20000 + RANDOM % 30000))}
	{
		echo "listen_addresses = ''"
		local qs=${sock//\\/\\\\}  # backslashes doubled, then quotes: a quoted value of postgresql.conf
		echo "unix_socket_directories = '${qs//\'/\'\'}'"
		echo "port = $SA_PORT"
		echo "fsync = off"
		echo "synchronous_commit = off"
		echo "full_page_writes = off"
		echo "max_connections = 60"
		echo "max_prepared_transactions = 10"
		echo "shared_buffers = 256MB"
		echo "log_min_messages = warning"
		echo "timezone = 'Asia/Shanghai'"
		local line
		for line in "$@"; do echo "$line"; done
	} | "${AS_PG[@]}" tee -a "$SA_CLUSTER/data/postgresql.conf" >/dev/null
	if ! sa_pg pg_ctl -D "$SA_CLUSTER/data" -l "$SA_CLUSTER/server.log" -w -t 60 start >/dev/null; then
		# the log goes with the cluster's directory: show it first
		printf 'error: the server did not start; the end of %s:\n' "$SA_CLUSTER/server.log" >&2
		"${AS_PG[@]}" tail -n 30 "$SA_CLUSTER/server.log" >&2 || true
		exit 1
	fi
	SA_STARTED=1
	export PGHOST="$sock" PGPORT="$SA_PORT" PGUSER=postgres PGDATABASE=postgres
}

# sa_createdb NAME [extensions...]
sa_createdb() {
	local db=$1 e
	shift
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\""
	for e in "$@"; do psql -X -q -d "$db" -c "CREATE EXTENSION \"$e\" CASCADE"; done
}

# sa_no_autovacuum DB: autovacuum off for the extension's tables in DB (the
# pgTAP database).  Each pgTAP file writes in one transaction it rolls back,
# and a third call create_roles(), whose GRANTs write the tables' pg_class rows.
# An autovacuum of such a table that began meanwhile waits, at its end, for
# that transaction (PostgreSQL 15.10 and later: the in-place update of the
# table's statistics waits for a writer of its row) while holding its lock;
# a TRUNCATE, ANALYZE, CREATE TRIGGER... of the table in that file then
# deadlocks (40P01: insp_hostile.sql, in 5 runs of 8 of the insp_* files
# with autovacuum at every second; most likely the one pgTAP failure of stop
# 46's CI, whose kept log did not name it).  Autovacuum also rewrote
# the planner's figures of tables between files at moments of its choosing.
sa_no_autovacuum() {
	psql -X -q -d "$1" -v ON_ERROR_STOP=1 -c "
		DO \$\$ DECLARE r regclass; BEGIN
		  FOR r IN SELECT c.oid::regclass FROM pg_catalog.pg_class c
		             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		            WHERE n.nspname LIKE 'service_affair%' AND c.relkind = 'r' LOOP
		    EXECUTE pg_catalog.format('ALTER TABLE %s SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)', r);
		  END LOOP;
		END \$\$"
}
