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

SA_PACKAGES=(make gcc clang libclang-rt-14-dev libssl-dev
	postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR postgresql-$PG_MAJOR-pgtap
	libtap-parser-sourcehandler-pgtap-perl libipc-run-perl pgbouncer
	fonts-noto-cjk)  # the CJK glyphs of the report screenshot (demo/report_html.sql)
# Optional: the tests that need them are skipped when they cannot be installed.
SA_OPTIONAL_PACKAGES=(postgresql-$PG_MAJOR-cron postgresql-$PG_MAJOR-plproxy postgresql-$PG_MAJOR-partman)  # plproxy: test/t/scale_shards.pl; partman: doc/scale.md

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
	sa_log "building"
	make -C "$SA_TOP" -s PG_CONFIG="$PG_CONFIG" all >&2
}

# A directory the postgres user can reach: under the build folder when it can,
# else under $TMPDIR (a checkout may sit where postgres cannot traverse).
sa_tmpdir() {
	local base d
	base="$SA_TOP/tmp_check"
	mkdir -p "$base"
	d=$(mktemp -d "$base/cluster.XXXXXX")
	chmod 755 "$d"
	"${SUDO[@]}" chown postgres "$d"
	if ! "${AS_PG[@]}" test -w "$d" 2>/dev/null; then
		"${SUDO[@]}" rm -rf "$d"
		d=$(mktemp -d "${TMPDIR:-/tmp}/service_affair.XXXXXX")
		chmod 755 "$d"
		"${SUDO[@]}" chown postgres "$d"
	fi
	echo "$d"
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

sa_cluster_stop() {
	[ -n "${SA_CLUSTER:-}" ] || return 0
	# as postgres: a user cannot see into data/ (mode 700)
	if "${AS_PG[@]}" test -f "$SA_CLUSTER/data/postmaster.pid"; then
		sa_pg pg_ctl -D "$SA_CLUSTER/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	if [ -z "${SA_KEEP:-}" ]; then
		"${SUDO[@]}" rm -rf "$SA_CLUSTER"
	fi
	SA_CLUSTER=
}

# sa_cluster_start [extra postgresql.conf lines...]
sa_cluster_start() {
	SA_CLUSTER=$(sa_tmpdir)
	trap sa_cluster_stop EXIT
	sa_log "throwaway cluster in $SA_CLUSTER"
	local inst
	inst=$(mktemp -d "${TMPDIR:-/tmp}/service_affair-install.XXXXXX")
	sa_private_install "$inst"
	"${SUDO[@]}" mkdir -p "$SA_CLUSTER/install"
	"${SUDO[@]}" cp -a "$inst/." "$SA_CLUSTER/install/"
	rm -rf "$inst"
	"${SUDO[@]}" chmod -R a+rX "$SA_CLUSTER/install"
	SA_BIN="$SA_CLUSTER/install/usr/lib/postgresql/$PG_MAJOR/bin"
	"${AS_PG[@]}" mkdir -m 700 "$SA_CLUSTER/data"
	"${AS_PG[@]}" mkdir -m 755 "$SA_CLUSTER/socket"
	sa_pg initdb -D "$SA_CLUSTER/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
	SA_PORT=${SA_PORT:-$((20000 + RANDOM % 30000))}
	{
		echo "listen_addresses = ''"
		echo "unix_socket_directories = '$SA_CLUSTER/socket'"
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
	sa_pg pg_ctl -D "$SA_CLUSTER/data" -l "$SA_CLUSTER/server.log" -w -t 60 start >/dev/null
	export PGHOST="$SA_CLUSTER/socket" PGPORT="$SA_PORT" PGUSER=postgres PGDATABASE=postgres
	unset PGSERVICE PGPASSWORD PGOPTIONS
}

# sa_createdb NAME [extensions...]
sa_createdb() {
	local db=$1 e
	shift
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\""
	for e in "$@"; do psql -X -q -d "$db" -c "CREATE EXTENSION \"$e\" CASCADE"; done
}
