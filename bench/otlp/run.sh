#!/usr/bin/env bash
# Benchmark of the otlp plugin in the distribution as users run it (every plugin, embedded SQLite, bin/vigil):
# spans/s accepted and durable over HTTP from protobuf exports of 512 spans (one server span and five database
# spans per trace), then spans/s assembled and handed to the requests, queries and errors plugins.
# Prints figures; asserts nothing. Runs from a fresh clone: it builds and installs what it needs.
#
#   bench/otlp/run.sh
#
# Environment: DURATION (seconds of load, default 20), CONNECTIONS (default 8), EXPORTS (exports generated before
# the run, each sent once, default 2000), VIGIL_JAVA_OPTS (default -Xmx512m, as bin/vigil).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${DURATION:-20}"
CONNECTIONS="${CONNECTIONS:-8}"
EXPORTS="${EXPORTS:-2000}"
INGEST=bench-ingest
VIEWER=bench-viewer

. "$ROOT/bench/prepare"
vigil_bench_tools curl
vigil_bench_workdir otlp
vigil_bench_install distribution
(cd "$ROOT" && mvn -B -q -pl plugins/otlp dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" \
    > "$WORK/cp.log" 2>&1) || { cat "$WORK/cp.log"; exit 1; }

cp -r "$ROOT/distribution/target/vigil" "$WORK/vigil"
VIGIL_INGEST_TOKEN=$INGEST VIGIL_VIEWER_TOKEN=$VIEWER vigil_bench_start "$WORK/vigil"
echo "== distribution started: $(curl -fs "$URL/health")"
echo "== $DURATION s of exports over $CONNECTIONS connections"
"$VIGIL_JAVA" -Xmx2g -cp "$(cat "$WORK/cp.txt")" "$ROOT/bench/otlp/OtlpLoad.java" "$URL" \
    "$INGEST" "$VIEWER" "$DURATION" "$CONNECTIONS" "$EXPORTS"
echo "== server CPU time: $(ps -o cputime= -p "$SERVER_PID")"
grep -E "WARN|ERROR" "$WORK/vigil/server.log" | grep -v "vigil.dependencies" | head -5 || true
