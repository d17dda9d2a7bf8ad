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

. "$ROOT/distribution/src/bin/find-java"
vigil_find_java || exit 1
export JAVA_HOME="$VIGIL_JAVA_HOME"
for tool in curl mvn; do
    command -v "$tool" > /dev/null || { echo "this benchmark needs $tool (apt-get install -y curl maven)" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/vigil-bench-otlp.XXXXXX)"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2> /dev/null || true; wait "$SERVER_PID" 2> /dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building and installing the distribution (Java: $VIGIL_JAVA)"
(cd "$ROOT" && mvn -B -q -DskipTests install > "$WORK/build.log" 2>&1) || { cat "$WORK/build.log"; exit 1; }
(cd "$ROOT" && mvn -B -q -pl plugins/otlp dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" \
    > "$WORK/cp.log" 2>&1) || { cat "$WORK/cp.log"; exit 1; }

PORT=$(( 20000 + RANDOM % 40000 ))
cp -r "$ROOT/distribution/target/vigil" "$WORK/vigil"
VIGIL_PORT=$PORT VIGIL_HOST=127.0.0.1 VIGIL_INGEST_TOKEN=$INGEST VIGIL_VIEWER_TOKEN=$VIEWER VIGIL_LOG_LEVEL=warn \
    "$WORK/vigil/bin/vigil" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
until curl -fs "http://127.0.0.1:$PORT/health" | grep -q '"failed":0' ; do
    kill -0 "$SERVER_PID" 2> /dev/null || { echo "the server did not start:"; cat "$WORK/server.log"; exit 1; }
    sleep 0.2
done
echo "== distribution started: $(curl -fs "http://127.0.0.1:$PORT/health")"
echo "== $DURATION s of exports over $CONNECTIONS connections"
"$VIGIL_JAVA" -Xmx2g -cp "$(cat "$WORK/cp.txt")" "$ROOT/bench/otlp/OtlpLoad.java" "http://127.0.0.1:$PORT" \
    "$INGEST" "$VIEWER" "$DURATION" "$CONNECTIONS" "$EXPORTS"
echo "== server CPU time: $(ps -o cputime= -p "$SERVER_PID")"
grep -E "WARN|ERROR" "$WORK/server.log" | grep -v "vigil.dependencies" | head -5 || true
