#!/usr/bin/env bash
# Runs each libFuzzer harness for FUZZ_SECONDS seconds from its seed corpus
# (test/fuzz/corpus/<name>/) and writes a TAP line per harness to
# tmp_check/fuzz.tap with the executions run.  A crash leaves its input in
# tmp_check/fuzz/<name>/ and fails the harness.
set -u
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-20}
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
