#!/usr/bin/env bash
# Startup time to the first answered request, and idle heap, of the built distribution with all its plugins.
# Usage: bench/kernel/startup.sh [runs]   (builds the distribution first if it is missing)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"
. "$ROOT/distribution/src/bin/find-java"
vigil_find_java || exit 1
export JAVA_HOME="$VIGIL_JAVA_HOME"
DIST="$ROOT/distribution/target/vigil"
if [ ! -x "$DIST/bin/vigil" ]; then
    (cd "$ROOT" && mvn -B -q -DskipTests install)
fi
PORT=18765
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
now_ms() { date +%s%3N; }

echo "Vigil startup: $(ls "$DIST/plugins" | wc -l) plugin files, $RUNS runs, fresh data dir each run"
# The class-data-sharing archive bin/vigil makes on the first run is kept across runs (it lives in the data dir,
# which each run starts afresh): run 0 is a first start after installing, which makes it.
export VIGIL_CDS_ARCHIVE="$WORK/vigil-cds.jsa"
times=()
for run in $(seq 0 "$RUNS"); do
    rm -rf "$WORK/data"
    start=$(now_ms)
    VIGIL_PORT=$PORT VIGIL_DATA_DIR="$WORK/data" "$DIST/bin/vigil" > "$WORK/log" 2>&1 &
    pid=$!
    until curl -fs "http://127.0.0.1:$PORT/health" > /dev/null 2>&1; do
        if ! kill -0 "$pid" 2>/dev/null; then cat "$WORK/log"; exit 1; fi
        sleep 0.02
    done
    ready=$(( $(now_ms) - start ))
    if [ "$run" = 0 ]; then
        kill "$pid"; wait "$pid" 2>/dev/null || true
        echo "  first start after installing (makes the class-data-sharing archive): first answered request after $ready ms"
        continue
    fi
    times+=("$ready")
    if [ "$run" = "$RUNS" ]; then
        sleep 10
        "$VIGIL_JAVA_HOME/bin/jcmd" "$pid" GC.run > /dev/null
        heap=$("$VIGIL_JAVA_HOME/bin/jcmd" "$pid" GC.heap_info | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -n 1)
        rss=$(ps -o rss= -p "$pid" | tr -d ' ')
        started=$(curl -fs "http://127.0.0.1:$PORT/health" | sed -n 's/.*"started":\([0-9]*\).*/\1/p')
    fi
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "  run $run: first answered request after $ready ms"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "startup to first answered request: median ${sorted[$(( RUNS / 2 ))]} ms, min ${sorted[0]} ms, max ${sorted[-1]} ms"
echo "idle after 10 s, $started plugins started: heap used after GC $(( heap / 1024 )) MB, resident set $(( rss / 1024 )) MB"
