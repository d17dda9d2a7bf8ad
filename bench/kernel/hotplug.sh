#!/usr/bin/env bash
# Hot plug latency of the distribution as users run it (bin/vigil, every plugin): the hello plugin's file is dropped
# into plugins/ (copied under a temporary name, then renamed) and removed again, CYCLES times; prints the median
# and p90 time until its route answers, and until it is gone. Prints figures; asserts nothing.
# Runs from a fresh clone: builds and installs what it needs.
#
#   bench/kernel/hotplug.sh            CYCLES (default 100)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CYCLES="${CYCLES:-100}"
VIEWER=bench-viewer

. "$ROOT/distribution/src/bin/find-java"
vigil_find_java || exit 1
export JAVA_HOME="$VIGIL_JAVA_HOME"
. "$ROOT/distribution/scripts/prerequisites"
vigil_require_build_tools

WORK="$(mktemp -d /tmp/vigil-bench-hotplug.XXXXXX)"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2> /dev/null || true; wait "$SERVER_PID" 2> /dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building and installing the distribution (Java: $VIGIL_JAVA)"
(cd "$ROOT" && mvn -B -q -DskipTests install > "$WORK/build.log" 2>&1) || { cat "$WORK/build.log"; exit 1; }
cp -r "$ROOT/distribution/target/vigil" "$WORK/vigil"
HELLO="$WORK/hello.zip"
mv "$WORK/vigil/plugins/"vigil-plugin-hello-*.zip "$HELLO"

PORT=$(( 20000 + RANDOM % 40000 ))
VIGIL_PORT=$PORT VIGIL_HOST=127.0.0.1 VIGIL_VIEWER_TOKEN=$VIEWER VIGIL_LOG_LEVEL=warn \
    "$WORK/vigil/bin/vigil" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
until curl -fs "http://127.0.0.1:$PORT/health" 2> /dev/null | grep -q '"failed":0'; do
    kill -0 "$SERVER_PID" 2> /dev/null || { echo "the server did not start:"; cat "$WORK/server.log"; exit 1; }
    sleep 0.2
done
echo "== $(curl -fs "http://127.0.0.1:$PORT/health"), hello plugin dropped and removed $CYCLES times"
"$VIGIL_JAVA" "$ROOT/bench/kernel/HotPlug.java" "http://127.0.0.1:$PORT" "$VIEWER" "$WORK/vigil/plugins" "$HELLO" \
    /api/v1/hello/greeting "$CYCLES"
