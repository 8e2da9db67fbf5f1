#!/usr/bin/env bash
# Runs each libFuzzer harness for FUZZ_SECONDS seconds from its seed corpus
# (test/fuzz/corpus/<name>/) and writes a TAP line per harness to
# tmp_check/fuzz.tap with the executions run.  A crash leaves its input in
# tmp_check/fuzz/<name>/ and fails the harness.
set -u
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-20}
# libFuzzer takes -max_total_time=0 (and a word or a negative number, read
# as 0) for "no limit": such a FUZZ_SECONDS fuzzed for ever (a review)
case $secs in
'' | *[!0-9]* | 0* | ??????????*)
	echo "run-fuzz.sh: FUZZ_SECONDS takes a whole number of seconds from 1 to 999999999, not \"$secs\"" >&2
	exit 2 ;;
esac
out=tmp_check/fuzz
mkdir -p "$out"
: > tmp_check/fuzz.tap
rc=0 n=0
for bin in "$@"; do
	name=$(basename "$bin")
	n=$((n + 1))
	work="$out/$name"
	rm -rf "$work"; mkdir -p "$work/corpus"
	[ -d "test/fuzz/corpus/$name" ] && cp test/fuzz/corpus/"$name"/* "$work/corpus/" 2>/dev/null
	if "$bin" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$work/" \
		"$work/corpus" >"$work/log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
		echo "ok $n - $name: ${execs:-?} executions in ${secs}s, no crash" | tee -a tmp_check/fuzz.tap
	else
		echo "not ok $n - $name: crash, see $work/" | tee -a tmp_check/fuzz.tap
		grep -A5 'ERROR: ' "$work/log" | head -20
		rc=1
	fi
done
exit $rc
