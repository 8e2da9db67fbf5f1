#!/usr/bin/env bash
# What tools/sa_county writes to standard error while its threads and
# signal handlers write there at once (a review of 2026-12-07), tested
# (but for the notice) without a server by test/tools/sa_county_say.c, which includes
# sa_county.c and forces each interleaving through hooks of its fcntl(),
# write() and poll(): two say_once() at once (a worker's die(), a
# handler) never write a shared standard error blocking nor leave it
# non-blocking; a worker's message written while a say_once() holds it
# non-blocking on a full pipe is not lost; a bad option is refused at once
# on a full pipe (no wait for room; a die() after the options waits); a
# server's notice to a worker (the one test that connects, to the run's
# cluster: PGHOST etc.) is not lost either; a second signal pending when
# the handler starts ends the program only once a worker's say_once() has
# given a shared standard error its flags back; an unknown option's
# message and usage line are made printable and written without a wait;
# a message longer than 8 KB is written whole (with no memory for it:
# cut at a whole character, its line ended); die() of libpq's message
# ends its line once; -h names the program made printable; a worker's
# die() after the handler's say_end() polls for no room; a message cut at
# 8 KB inside a character is cut before it (no '?'), and so is a value
# cut by the precision of its %.40s or %.80s; a worker's die() once the
# handler has set interrupted (entered then, or waiting for room) parks,
# and the program ends by the signal, not status 1.
# Prints TAP (the program's, numbered on after the build).
set -u
cd "${SA_TOP:-$(dirname "$0")/../..}"
OUT=$PWD/tmp_check
mkdir -p "$OUT"
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
make -s -C tools test-say >"$OUT/sa_county_say.build" 2>&1
ok $? "test/tools/sa_county_say.c builds (make -C tools test-say)" || cat "$OUT/sa_county_say.build"
# a watchdog only (the interleavings wait on each other, not on time)
timeout 120 build/tools/sa_county_say >"$OUT/sa_county_say.out" 2>"$OUT/sa_county_say.err"
rc=$?
want=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$OUT/sa_county_say.out")
while IFS= read -r line; do
	case $line in
	"ok "*) ok 0 "${line#ok [0-9]* - }" ;;
	"not ok "*) ok 1 "${line#not ok [0-9]* - }" ;;
	"#"*) echo "$line" ;;
	esac
done <"$OUT/sa_county_say.out"
[ $rc = 0 ] && [ -n "$want" ] && [ $((n - 1)) = "$want" ]
ok $? "the program ran its $want tests to the end (exit status $rc)"
echo "1..$n"
