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

. "$ROOT/bench/prepare"
vigil_bench_tools curl
vigil_bench_workdir hotplug
vigil_bench_install distribution
cp -r "$ROOT/distribution/target/vigil" "$WORK/vigil"
HELLO="$WORK/hello.zip"
mv "$WORK/vigil/plugins/"vigil-plugin-hello-*.zip "$HELLO"

VIGIL_VIEWER_TOKEN=$VIEWER vigil_bench_start "$WORK/vigil"
echo "== $(curl -fs "$URL/health"), hello plugin dropped and removed $CYCLES times"
"$VIGIL_JAVA" "$ROOT/bench/kernel/HotPlug.java" "$URL" "$VIEWER" "$WORK/vigil/plugins" "$HELLO" \
    /api/v1/hello/greeting "$CYCLES"
