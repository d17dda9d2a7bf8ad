#!/usr/bin/env bash
# Benchmarks of the requests plugin, against a real server on loopback. Prints figures; asserts nothing.
#
#   bench/requests/run.sh [all|overhead|ingest|summary]        (default: all)
#
#   overhead  throughput and p99 of GET /health with the plugin started vs stopped, alternating in one run (wrk)
#   ingest    records/s accepted and durable, POSTing batches of 1,000 over HTTP (wrk + ingest.lua), then checked
#             against the server's own count
#   summary   latency of GET /summary?hours=24 over a database holding RECORDS records spread over 24 hours,
#             written straight into the tables by GenerateRecords.java through the plugin's own writer
#
# Environment: DURATION (seconds per wrk run, default 10), ROUNDS (overhead pairs, default 3),
# CONNECTIONS (ingest, default 8), RECORDS (summary, default 10000000), VIGIL_JAVA_OPTS (default -Xmx512m, as
# bin/vigil). Needs a JDK 21+ (JAVA_HOME or /usr/lib/jvm), Maven with the project's dependencies, wrk and curl.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/requests"
WHAT="${1:-all}"
DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-8}"
RECORDS="${RECORDS:-10000000}"
JAVA_OPTS="${VIGIL_JAVA_OPTS:--Xmx512m}"
ADMIN=bench-admin
INGEST=bench-ingest

. "$ROOT/bench/prepare"
vigil_bench_tools wrk curl
vigil_bench_install plugins/requests

WORK="$(mktemp -d /tmp/vigil-bench-requests.XXXXXX)"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2> /dev/null || true; wait "$SERVER_PID" 2> /dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

(cd "$ROOT" && mvn -o -B -q -pl plugins/requests dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/cp.txt" > "$WORK/cp.log" 2>&1) || { cat "$WORK/cp.log"; exit 1; }
ZIP="$(ls "$ROOT"/plugins/requests/target/requests-*.zip)"
CP="$(cat "$WORK/cp.txt")"

free_port() {
    local port
    while true; do
        port=$(( 20000 + RANDOM % 40000 ))
        (echo > "/dev/tcp/127.0.0.1/$port") 2> /dev/null || { echo "$port"; return; }
    done
}
PORT="$(free_port)"
URL="http://127.0.0.1:$PORT"

api() { # method path: prints the body
    curl -fsS -X "$1" -H "Authorization: Bearer $ADMIN" "$URL$2"
}

start_server() { # home
    local home="$1"
    mkdir -p "$home/plugins" "$home/config/plugins"
    cp "$ZIP" "$home/plugins/"
    # shellcheck disable=SC2086
    VIGIL_PORT=$PORT VIGIL_HOST=127.0.0.1 VIGIL_ADMIN_TOKEN=$ADMIN VIGIL_INGEST_TOKEN=$INGEST VIGIL_LOG_LEVEL=warn \
        "$VIGIL_JAVA" $JAVA_OPTS --enable-native-access=ALL-UNNAMED -Dvigil.home="$home" -cp "$CP" \
        dev.vigil.kernel.Main > "$home/server.log" 2>&1 &
    SERVER_PID=$!
    until curl -fs -H "Authorization: Bearer $ADMIN" "$URL/api/v1/requests/status" > /dev/null 2>&1; do
        kill -0 "$SERVER_PID" 2> /dev/null || { echo "the server did not start:"; cat "$home/server.log"; exit 1; }
        sleep 0.2
    done
}

stop_server() {
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2> /dev/null || true
    SERVER_PID=""
}

TICKS_PER_S="$(getconf CLK_TCK)"
cpu_ticks() { # user + system CPU of the server so far, in clock ticks
    awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"
}

thread_ticks() { # per thread kind (name without digits): CPU ticks so far
    local task
    for task in /proc/"$SERVER_PID"/task/*; do
        echo "$(tr ' ' '_' < "$task/comm") $(awk '{ print $14 + $15 }' "$task/stat")"
    done | awk '{ n = $1; gsub(/[0-9]+/, "#", n); a[n] += $2 } END { for (k in a) print k, a[k] }' | sort
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# wrk's latency lines read "99%  1.23ms" (or us / s): prints milliseconds.
p99_ms() {
    awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
        if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000; print v }'
}

overhead() {
    echo
    echo "== overhead: GET /health, wrk -t1 -c16 -d${DURATION}s --latency, plugin started vs stopped, $ROUNDS rounds"
    echo "   (stopping the plugin also stops the kernel building an exchange record per request for observers)"
    start_server "$WORK/overhead"
    wrk -t1 -c16 -d5s "$URL/health" > /dev/null # warm-up (JIT)
    : > "$WORK/started.txt"
    : > "$WORK/stopped.txt"
    recorded=0
    dropped=0
    for round in $(seq 1 "$ROUNDS"); do
        order="started stopped"
        if [ $(( round % 2 )) = 0 ]; then order="stopped started"; fi # no state always runs first
        for state in $order; do
            if [ "$state" = stopped ]; then api POST /api/v1/admin/plugins/requests/stop > /dev/null; fi
            ticks=$(cpu_ticks)
            wrk -t1 -c16 -d"${DURATION}s" --latency "$URL/health" > "$WORK/wrk.txt"
            ticks=$(( $(cpu_ticks) - ticks ))
            rps=$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk.txt")
            requests=$(awk '/requests in/ { print $1 }' "$WORK/wrk.txt")
            p99=$(p99_ms < "$WORK/wrk.txt")
            cpu_us=$(awk -v t="$ticks" -v hz="$TICKS_PER_S" -v n="$requests" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
            echo "$rps $p99 $cpu_us" >> "$WORK/$state.txt"
            printf '  round %d, plugin %-7s: %10.0f requests/s, p99 %6.2f ms, server CPU %5.2f us/request\n' \
                "$round" "$state" "$rps" "$p99" "$cpu_us"
            if [ "$state" = started ]; then
                sleep 1 # one flush of the own-traffic figures
                api GET /api/v1/requests/status > "$WORK/status.txt"
                recorded=$(( recorded + $(sed -n 's/.*"recorded":\([0-9]*\).*/\1/p' "$WORK/status.txt") ))
                dropped=$(( dropped + $(sed -n 's/.*"dropped":\([0-9]*\).*/\1/p' "$WORK/status.txt") ))
            fi
            if [ "$state" = stopped ]; then api POST /api/v1/admin/plugins/requests/start > /dev/null; fi
        done
    done
    started_rps=$(cut -d' ' -f1 "$WORK/started.txt" | median)
    stopped_rps=$(cut -d' ' -f1 "$WORK/stopped.txt" | median)
    started_p99=$(cut -d' ' -f2 "$WORK/started.txt" | median)
    stopped_p99=$(cut -d' ' -f2 "$WORK/stopped.txt" | median)
    started_cpu=$(cut -d' ' -f3 "$WORK/started.txt" | median)
    stopped_cpu=$(cut -d' ' -f3 "$WORK/stopped.txt" | median)
    stop_server
    printf 'OVERHEAD median of %d: started %.0f req/s (p99 %.2f ms), stopped %.0f req/s (p99 %.2f ms): ' \
        "$ROUNDS" "$started_rps" "$started_p99" "$stopped_rps" "$stopped_p99"
    awk -v a="$started_rps" -v b="$stopped_rps" 'BEGIN { printf "throughput loss %.1f%%\n", (b - a) * 100 / b }'
    printf '  server CPU per request (less sensitive to other load than throughput): started %.2f us, stopped %.2f us\n' \
        "$started_cpu" "$stopped_cpu"
    echo "  Vigil's own requests recorded while started: $recorded; queue items dropped: $dropped"
    compile_bench_classes
    observe_ns=$("$VIGIL_JAVA" -cp "$WORK/gen:$ROOT/plugins/requests/target/classes:$CP" \
        dev.vigil.plugins.requests.ObserveCost 2> /dev/null)
    awk -v ns="$observe_ns" -v cpu="$stopped_cpu" 'BEGIN {
        printf "  in-process cost of recording one request (exchange record included, best of 5 x 10M): %d ns = %.1f%% of the server CPU of a GET /health\n",
            ns, ns / 10 / cpu }'
}

compile_bench_classes() { # GenerateRecords and ObserveCost, into the plugin's package (they use its package-private classes)
    if [ ! -d "$WORK/gen" ]; then
        mkdir -p "$WORK/gen"
        "$VIGIL_JAVA_HOME/bin/javac" -nowarn -d "$WORK/gen" -cp "$ROOT/plugins/requests/target/classes:$CP" \
            "$HERE/GenerateRecords.java" "$HERE/ObserveCost.java"
    fi
}

stored_records() { # of the services ingest.lua sends, from the server's own figures
    local sum=0 n service
    for service in shop auth billing; do
        n=$(api GET "/api/v1/requests/summary?hours=1&service=$service" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
        sum=$(( sum + n ))
    done
    echo "$sum"
}

ingest() {
    echo
    echo "== ingest: POST batches of 1,000 records, wrk -t1 -c$CONNECTIONS -d${DURATION}s, fresh SQLite database"
    start_server "$WORK/ingest"
    TOKEN=$INGEST wrk -t1 -c"$CONNECTIONS" -d3s -s "$HERE/ingest.lua" "$URL/api/v1/requests/ingest" > /dev/null
    before=$(stored_records)
    ticks=$(cpu_ticks)
    thread_ticks > "$WORK/threads-before.txt"
    TOKEN=$INGEST wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$HERE/ingest.lua" \
        "$URL/api/v1/requests/ingest" > "$WORK/wrk.txt"
    sleep 1 # the batches still in flight
    ticks=$(( $(cpu_ticks) - ticks ))
    thread_ticks > "$WORK/threads-after.txt"
    result=$(grep WRK_RESULT "$WORK/wrk.txt")
    echo "  $result"
    after=$(stored_records)
    ok=$(echo "$result" | sed -n 's/.*batches_ok=\([0-9]*\).*/\1/p')
    rps=$(echo "$result" | sed -n 's/.*records_per_s=\([0-9]*\).*/\1/p')
    p99=$(echo "$result" | sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p')
    stop_server
    stored=$(( after - before ))
    echo "INGEST $rps records/s accepted and committed (batches of 1,000, p99 per batch $p99 ms)"
    echo "  stored during the run: $stored records ($(( ok * 1000 )) acknowledged within the run, the rest in flight at its end)"
    awk -v t="$ticks" -v hz="$TICKS_PER_S" -v n="$stored" 'BEGIN {
        printf "  server CPU: %.1f s for %d records = %.0f records per server CPU-second (less sensitive to other load than records/s)\n",
            t / hz, n, n / (t / hz) }'
    join "$WORK/threads-before.txt" "$WORK/threads-after.txt" | awk -v hz="$TICKS_PER_S" -v n="$stored" '
        $3 > $2 { d = ($3 - $2) / hz; total += d
                  if ($1 ~ /^vigil-writer/) w += d; else if ($1 ~ /^ForkJoinPool/) r += d; else o += d }
        END { printf "  of which: writer threads %.2f us/record (%.0f records per CPU-second), request threads %.2f us/record, other (JIT, GC...) %.2f us/record\n",
              w * 1e6 / n, n / w, r * 1e6 / n, o * 1e6 / n }'
}

summary() {
    echo
    echo "== summary: GET /summary?hours=24 over $RECORDS records spread over the last 24 hours"
    local home="$WORK/summary"
    start_server "$home" # creates the tables
    stop_server
    compile_bench_classes
    started=$(date +%s)
    "$VIGIL_JAVA" -Xmx1g --enable-native-access=ALL-UNNAMED \
        -cp "$WORK/gen:$ROOT/plugins/requests/target/classes:$CP" dev.vigil.plugins.requests.GenerateRecords \
        "$home/data/vigil.db" "$RECORDS" 60
    echo "  generated in $(( $(date +%s) - started )) s; database $(du -sh "$home/data" | cut -f1)"
    start_server "$home"
    for _ in 1 2 3 4 5; do api GET "/api/v1/requests/summary?hours=24" > /dev/null; done # warm-up
    : > "$WORK/times.txt"
    for _ in $(seq 1 30); do
        curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $ADMIN" \
            "$URL/api/v1/requests/summary?hours=24" | awk '{ print $1 * 1000 }' >> "$WORK/times.txt"
    done
    total=$(api GET "/api/v1/requests/summary?hours=24" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
    med=$(median < "$WORK/times.txt")
    max=$(sort -g "$WORK/times.txt" | tail -n 1)
    : > "$WORK/endpoints.txt"
    for _ in $(seq 1 10); do
        curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $ADMIN" \
            "$URL/api/v1/requests/endpoints?hours=24" | awk '{ print $1 * 1000 }' >> "$WORK/endpoints.txt"
    done
    : > "$WORK/slow.txt"
    for _ in $(seq 1 10); do
        curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $ADMIN" \
            "$URL/api/v1/requests/slow?hours=24&limit=20" | awk '{ print $1 * 1000 }' >> "$WORK/slow.txt"
    done
    stop_server
    printf 'SUMMARY over 24 h holding %s records (summary total %s): median %.1f ms, max %.1f ms of 30 requests\n' \
        "$RECORDS" "$total" "$med" "$max"
    printf '  GET /endpoints?hours=24: median %.1f ms; GET /slow?hours=24&limit=20: median %.1f ms (10 requests each)\n' \
        "$(median < "$WORK/endpoints.txt")" "$(median < "$WORK/slow.txt")"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
case "$WHAT" in
    overhead) overhead ;;
    ingest) ingest ;;
    summary) summary ;;
    all) overhead; ingest; summary ;;
    *) echo "usage: $0 [all|overhead|ingest|summary]" >&2; exit 2 ;;
esac
