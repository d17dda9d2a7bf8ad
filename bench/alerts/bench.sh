#!/usr/bin/env bash
# Speed figures of the alerts plugin, measured through a real kernel loading the packaged plugin (SQLite):
# evaluation time over many series, firing a storm of alerts, webhook delivery rate while another endpoint hangs,
# and a trend test over a full in-memory history. Prints one line per figure.
# Usage: bench/alerts/bench.sh      (builds and installs what it needs)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bench/prepare"
vigil_bench_install plugin-api kernel
cd "$ROOT"
echo "alerts plugin benchmark on $(nproc) cores, $("$VIGIL_JAVA" -version 2>&1 | head -n 1)"
mvn -B -pl plugins/alerts verify -Dvigil.bench=true -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=AlertsBenchIT 2>&1 | tee /tmp/vigil-alerts-bench.log | sed -n 's/^BENCH //p'
grep -q "Tests run: 1, Failures: 0, Errors: 0, Skipped: 0" /tmp/vigil-alerts-bench.log \
    || { echo "the benchmark did not run to the end; see /tmp/vigil-alerts-bench.log" >&2; exit 1; }
