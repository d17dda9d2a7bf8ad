#!/usr/bin/env bash
# What every plugin costs per record, in the distribution as users run it (bin/vigil, every plugin, SQLite):
#   - GET /health throughput and server CPU per request, every plugin started vs every plugin stopped;
#   - ingest (POST /api/v1/requests/ingest, batches of 1,000 records) with every plugin started vs only the
#     requests plugin started;
#   - each subscription's delivered and dropped counts after the runs.
# Alternating pairs, medians, ratios measured side by side in one run. Prints figures; asserts nothing.
# Runs from a fresh clone: builds and installs what it needs (Maven, wrk, python3 from Debian when missing).
#
#   bench/kernel/fanout.sh
#
# Environment: DURATION (seconds per wrk run, default 10), ROUNDS (pairs, default 3), CONNECTIONS (ingest, 8).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-8}"
ADMIN=bench-admin
INGEST=bench-ingest

. "$ROOT/bench/prepare"
vigil_bench_tools wrk curl python3
vigil_bench_workdir fanout
vigil_bench_install distribution

cp -r "$ROOT/distribution/target/vigil" "$WORK/vigil"
# The dependency scanner's scheduled scan (a minute after start, seconds of every core) would land in a
# measurement and weigh on one side of a pair: it is moved out of the run, and the scans of the plugin files found
# at start are waited for below.
sed -i 's/^first-scan-delay:.*/first-scan-delay: 1d/' "$WORK/vigil/config/plugins/dependencies.yaml"
VIGIL_ADMIN_TOKEN=$ADMIN VIGIL_INGEST_TOKEN=$INGEST vigil_bench_start "$WORK/vigil"
api() { curl -fsS -X "$1" -H "Authorization: Bearer $ADMIN" "$URL$2"; }
for _ in $(seq 600); do
    api GET /api/v1/admin/plugins/dependencies/jobs | python3 -c 'import json,sys
jobs = json.load(sys.stdin).get("jobs", [])
sys.exit(1 if any(j.get("state") in ("QUEUED", "RUNNING") for j in jobs) else 0)' && break
    sleep 0.2
done
PLUGINS=$(api GET /api/v1/admin/plugins | python3 -c 'import json,sys; print(" ".join(p["id"] for p in json.load(sys.stdin)["plugins"]))')
echo "== $(curl -fs "$URL/health")"
echo "   plugins: $PLUGINS"

set_plugins() { # the plugins to leave started ("all", "none" or ids): the others are stopped
    local wanted="$1" id
    for id in $PLUGINS; do
        if [ "$wanted" = all ] || [[ " $wanted " == *" $id "* ]]; then
            api POST "/api/v1/admin/plugins/$id/start" > /dev/null 2>&1 || true
        else
            api POST "/api/v1/admin/plugins/$id/stop" > /dev/null 2>&1 || true
        fi
    done
    sleep 1
}

paired_rounds() { # run first second: ROUNDS pairs of "run <state>", alternating which goes first
    local run="$1" first="$2" second="$3" round order state
    for round in $(seq 1 "$ROUNDS"); do
        order="$first $second"
        if [ $(( round % 2 )) = 0 ]; then order="$second $first"; fi # neither state always runs first
        for state in $order; do
            set_plugins "$state"
            "$run" "$state"
            if [ "$state" = all ]; then sleep 2; subscriptions "$WORK/subscriptions"; fi
        done
    done
    set_plugins all
}

TICKS_PER_S="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

subscriptions() { # appends each subscription's delivered/dropped counts (since its plugin last started) to a file
    api GET /api/v1/admin/plugins | python3 -c '
import json, sys
for plugin in json.load(sys.stdin)["plugins"]:
    for s in plugin.get("subscriptions") or []:
        print(plugin["id"], s["event"], s["delivered"], s["dropped"], s.get("filtered_out", 0))' >> "$1"
}

health_run() { # label: appends "rps cpu_us" to $WORK/health-<label>
    local ticks requests rps
    ticks=$(cpu_ticks)
    wrk -t1 -c16 -d"${DURATION}s" "$URL/health" > "$WORK/wrk.txt"
    ticks=$(( $(cpu_ticks) - ticks ))
    rps=$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk.txt")
    requests=$(awk '/requests in/ { print $1 }' "$WORK/wrk.txt")
    cpu=$(awk -v t="$ticks" -v hz="$TICKS_PER_S" -v n="$requests" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
    echo "$rps $cpu" >> "$WORK/health-$1"
    printf '  %-26s %9.0f requests/s, server CPU %6.2f us/request\n' "$1" "$rps" "$cpu"
}

ingest_run() { # label: appends records/s to $WORK/ingest-<label>
    local result rps
    TOKEN=$INGEST wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$ROOT/bench/requests/ingest.lua" \
        "$URL/api/v1/requests/ingest" > "$WORK/wrk.txt"
    result=$(grep WRK_RESULT "$WORK/wrk.txt")
    rps=$(echo "$result" | sed -n 's/.*records_per_s=\([0-9]*\).*/\1/p')
    echo "$rps" >> "$WORK/ingest-$1"
    printf '  %-26s %9.0f records/s\n' "$1" "$rps"
}

echo
echo "== GET /health, wrk -t1 -c16 -d${DURATION}s: every plugin started vs every plugin stopped, $ROUNDS pairs"
wrk -t1 -c16 -d5s "$URL/health" > /dev/null # warm-up (JIT)
paired_rounds health_run all none

echo
echo "== ingest, batches of 1,000 records, wrk -t1 -c$CONNECTIONS -d${DURATION}s: every plugin vs the requests plugin alone"
TOKEN=$INGEST wrk -t1 -c"$CONNECTIONS" -d3s -s "$ROOT/bench/requests/ingest.lua" "$URL/api/v1/requests/ingest" > /dev/null
paired_rounds ingest_run all requests

all_rps=$(cut -d' ' -f1 "$WORK/health-all" | median)
none_rps=$(cut -d' ' -f1 "$WORK/health-none" | median)
all_cpu=$(cut -d' ' -f2 "$WORK/health-all" | median)
none_cpu=$(cut -d' ' -f2 "$WORK/health-none" | median)
all_ingest=$(median < "$WORK/ingest-all")
alone_ingest=$(median < "$WORK/ingest-requests")
echo
echo "== results (medians of $ROUNDS)"
awk -v a="$all_rps" -v n="$none_rps" -v ac="$all_cpu" -v nc="$none_cpu" 'BEGIN {
    printf "OWN TRAFFIC: GET /health every plugin %.0f req/s, none %.0f req/s: ratio %.1f%% (goal >= 95%%)\n", a, n, a * 100 / n
    printf "  server CPU per request: every plugin %.2f us, none %.2f us: %.2f us per request for all plugins together\n", ac, nc, ac - nc }'
awk -v a="$all_ingest" -v r="$alone_ingest" 'BEGIN {
    printf "INGEST: every plugin %.0f records/s, requests plugin alone %.0f records/s: ratio %.1f%% (goal >= 95%%)\n", a, r, a * 100 / r }'
echo "SUBSCRIPTIONS over the runs with every plugin started (each plugin's counters start again when it starts):"
awk '{ k = $1 " " $2; d[k] += $3; x[k] += $4; f[k] += $5 }
     END { for (k in d) { split(k, p, " "); printf "  %-12s %-14s delivered %10d  dropped %8d  filtered out at the publisher %10d\n", p[1], p[2], d[k], x[k], f[k] } }' \
    "$WORK/subscriptions" | sort
grep -E " ERROR " "$WORK/vigil/server.log" | head -5 || true
