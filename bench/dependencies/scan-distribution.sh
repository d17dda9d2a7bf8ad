#!/usr/bin/env bash
# Scan time and peak memory of the dependencies plugin over the distribution's own jars: a server home whose lib/
# holds the kernel and its runtime dependencies, and whose plugins/ holds every plugin zip built in this tree.
# A real server is started for each mode (fresh JVM, so peak memory is per mode), and POST /scan is timed from the
# job's own start and finish times.
#
# Modes:  no-data   no vulnerability data: dependency-check collects evidence only (components, licenses)
#         fixture   the test fixture database (2 CVEs): every analyzer runs, CPE and NVD matching included
#         outdated  fixture database + newest-version lookups against Maven Central
#
# Usage: bench/dependencies/scan-distribution.sh [modes...]   (default: no-data fixture outdated)
# Builds what it needs: every plugin zip, and the fixture database (made by the plugin's tests).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bench/prepare"
JAVA="$VIGIL_JAVA"
MODES=("$@")
[ ${#MODES[@]} -gt 0 ] || MODES=(no-data fixture outdated)
FIXTURE="$ROOT/plugins/dependencies/target/fixture-db"
vigil_bench_install distribution
if [ ! -f "$FIXTURE/odc.mv.db" ]; then
    echo "== making the fixture database (the dependencies plugin's tests)"
    (cd "$ROOT" && mvn -o -B -q -pl plugins/dependencies verify > /dev/null 2>&1) \
        || { echo "the dependencies plugin's tests failed: run mvn -o -B -pl plugins/dependencies verify" >&2; exit 1; }
fi
ZIP="$(ls "$ROOT"/plugins/dependencies/target/dependencies-*.zip | head -n 1)"
PORT=18766
TOKEN=bench-admin-token
WORK="$(mktemp -d)"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# The distribution's jars: the kernel's runtime class path, and every plugin zip.
HOME_DIR="$WORK/home"
mkdir -p "$HOME_DIR/lib" "$HOME_DIR/plugins" "$HOME_DIR/config/plugins"
(cd "$ROOT" && mvn -o -B -q -pl kernel dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$HOME_DIR/lib" > /dev/null 2>&1)
KERNEL_JAR="$(ls "$ROOT"/kernel/target/vigil-kernel-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1 || true)"
[ -n "$KERNEL_JAR" ] || KERNEL_JAR="$(ls ~/.m2/repository/dev/vigil/vigil-kernel/*/vigil-kernel-*.jar | grep -v -e sources -e tests | head -n 1)"
cp "$KERNEL_JAR" "$HOME_DIR/lib/"
for zip in "$ROOT"/plugins/*/target/*.zip; do
    cp "$zip" "$HOME_DIR/plugins/"
done
cp "$ROOT/config/vigil.yaml" "$HOME_DIR/config/"
cp "$FIXTURE/odc.mv.db" "$WORK/fixture-odc.mv.db"
lib_count=$(ls "$HOME_DIR/lib" | wc -l); lib_mb=$(du -sm "$HOME_DIR/lib" | cut -f1)
plugin_count=$(ls "$HOME_DIR/plugins" | wc -l); plugin_mb=$(du -sm "$HOME_DIR/plugins" | cut -f1)
inner=$(for z in "$HOME_DIR"/plugins/*.zip; do unzip -l "$z" | grep -c '\.jar$'; done | paste -sd+ | bc)
echo "distribution jar set: lib/ $lib_count jars ($lib_mb MB), plugins/ $plugin_count zips ($plugin_mb MB, $inner jars inside)"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); server heap -Xmx512m (bin/vigil's default)"

api() { curl -fsS -H "Authorization: Bearer $TOKEN" "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$PID/status"; }
# CPU time (user + system) the server has used, in clock ticks: less sensitive than wall time to a busy machine.
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
cpu_since() { echo "scale=1; ($(ticks) - $1) / $(getconf CLK_TCK)" | bc; }

config_for() {
    local common="first-scan-delay: 1d
scan-plugins: true
engine-log-level: warn"
    case "$1" in
        no-data) printf '%s\noutdated:\n  enabled: false\n' "$common" ;;
        fixture) mkdir -p "$WORK/odc-$1"; cp "$WORK/fixture-odc.mv.db" "$WORK/odc-$1/odc.mv.db"
                 printf '%s\ndata-directory: %s\noutdated:\n  enabled: false\n' "$common" "$WORK/odc-$1" ;;
        outdated) mkdir -p "$WORK/odc-$1"; cp "$WORK/fixture-odc.mv.db" "$WORK/odc-$1/odc.mv.db"
                  printf '%s\ndata-directory: %s\n' "$common" "$WORK/odc-$1" ;;
        *) echo "unknown mode $1" >&2; exit 1 ;;
    esac
}

# Waits until the plugin has run no job for 3 s (plugins that start after it are scanned as they arrive).
await_idle() {
    local quiet=0
    for _ in $(seq 1 1200); do
        busy=$(api "http://127.0.0.1:$PORT/api/v1/admin/plugins/dependencies/jobs" \
            | json "sum(1 for j in d['jobs'] if j['state'] in ('QUEUED','RUNNING'))")
        if [ "$busy" = "0" ]; then quiet=$((quiet + 1)); else quiet=0; fi
        [ "$quiet" -ge 6 ] && return 0
        sleep 0.5
    done
    echo "the plugin stayed busy" >&2; exit 1
}

scan_once() {
    local id state job
    id=$(api -X POST "http://127.0.0.1:$PORT/api/v1/dependencies/scan" | json "d['job_id']")
    while true; do
        job=$(api "http://127.0.0.1:$PORT/api/v1/dependencies/jobs/$id")
        state=$(echo "$job" | json "d['state']")
        [ "$state" = "QUEUED" ] || [ "$state" = "RUNNING" ] || break
        sleep 0.2
    done
    [ "$state" = "SUCCEEDED" ] || { echo "scan $state: $job" >&2; exit 1; }
    echo "$job" | json "'%.1f s, %d components, health %s, checked %s' % ((__import__('datetime').datetime.fromisoformat(d['finished_at'].replace('Z','+00:00')) - __import__('datetime').datetime.fromisoformat(d['started_at'].replace('Z','+00:00'))).total_seconds(), d['result']['components'], d['result']['report_health_score'], d['result']['vulnerabilities_checked'])"
}

for mode in "${MODES[@]}"; do
    config_for "$mode" > "$HOME_DIR/config/plugins/dependencies.yaml"
    rm -rf "$WORK/data"
    VIGIL_PORT=$PORT VIGIL_DATA_DIR="$WORK/data" VIGIL_ADMIN_TOKEN=$TOKEN VIGIL_LOG_LEVEL=warn \
        "$JAVA" -Xmx512m --enable-native-access=ALL-UNNAMED -Dvigil.home="$HOME_DIR" -cp "$HOME_DIR/lib/*" \
        dev.vigil.kernel.Main > "$WORK/server-$mode.log" 2>&1 &
    PID=$!
    until curl -fs "http://127.0.0.1:$PORT/health" > /dev/null 2>&1; do
        kill -0 "$PID" 2>/dev/null || { cat "$WORK/server-$mode.log"; exit 1; }
        sleep 0.1
    done
    await_idle
    arrivals=$(api "http://127.0.0.1:$PORT/api/v1/admin/plugins/dependencies/jobs" | json "len(d['jobs'])")
    "$JAVA_HOME/bin/jcmd" "$PID" GC.run > /dev/null
    before=$(kb VmRSS)
    echo 5 > "/proc/$PID/clear_refs"   # resets the peak resident set size (VmHWM) to now
    t0=$(ticks)
    first=$(scan_once)
    cpu1=$(cpu_since "$t0")
    peak1=$(kb VmHWM)
    echo 5 > "/proc/$PID/clear_refs"
    t0=$(ticks)
    second=$(scan_once)
    cpu2=$(cpu_since "$t0")
    peak2=$(kb VmHWM)
    "$JAVA_HOME/bin/jcmd" "$PID" GC.run > /dev/null
    after=$(kb VmRSS)
    echo "$mode: ($arrivals plugin-arrival scans ran at startup before timing)"
    echo "  full scan 1: $first; server CPU $cpu1 s; peak RSS $(( peak1 / 1024 )) MB (before $(( before / 1024 )) MB)"
    echo "  full scan 2: $second; server CPU $cpu2 s; peak RSS $(( peak2 / 1024 )) MB; after GC $(( after / 1024 )) MB"
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
done
