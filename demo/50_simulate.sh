#!/usr/bin/env bash
# A quarter of operations in the sample county (2026-07-01 .. 2026-09-30),
# driven over four connections by tools/sa_county.c: submissions through every
# channel, notices and supplements, tolerated and committed materials,
# reviewers claiming and completing tasks with suspensions and extensions,
# deliveries, ratings and rectifications.  SA_DEMO_CASES sets the size.
set -euo pipefail
cd "$(dirname "$0")/.."
make -s -C tools >&2
build/tools/sa_county -t 4 -n "${SA_DEMO_CASES:-15000}" -q
