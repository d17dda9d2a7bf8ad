#!/usr/bin/env bash
# Cost of one run of the system plugin's sampling task (read OSHI, compute rates, publish signals, store).
# Starts a server with only the system plugin (SQLite, shipped default config), triggers the task RUNS times
# through the admin API, and reads after each run:
#   - last_duration_ms of the task, as the kernel's scheduler measures it (GET /api/v1/admin/plugins/system), and
#   - last_sample_cost_ms / _read_ms / _store_ms, measured by the plugin itself (GET /api/v1/system/info).
#   - and the server's CPU time per run, from /proc/<pid>/stat over a second series of runs.
# Usage: bench/system/sampling-cost.sh [runs]   (default 50; builds the plugin zip or distribution if missing)
set -euo pipefail
RUNS="${1:-50}"
. "$(dirname "${BASH_SOURCE[0]}")/server.sh" "$(cat "$(dirname "${BASH_SOURCE[0]}")/../../config/plugins/system.yaml")"

task() { api "http://127.0.0.1:$PORT/api/v1/admin/plugins/system" | jq -c '.tasks[] | select(.name == "sample")'; }
until [ "$(task | jq '.runs')" -ge 1 ]; do sleep 0.1; done
first=$(task | jq '.last_duration_ms')

echo "system plugin sampling task: $RUNS triggered runs on $(nproc) cores ($(api "http://127.0.0.1:$PORT/api/v1/system/info" | jq -r '.cpu.model + ", " + .sampling.oshi_provider')), SQLite storage"
echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine inflates the figures)"
kernel_ms=()
plugin_ms=()
read_ms=()
store_ms=()
for run in $(seq 1 "$RUNS"); do
    before=$(task | jq '.runs')
    api -X POST "http://127.0.0.1:$PORT/api/v1/admin/plugins/system/tasks/sample/run" > /dev/null
    while [ "$(task | jq '.runs')" -le "$before" ] || [ "$(task | jq '.running')" = "true" ]; do sleep 0.02; done
    kernel_ms+=("$(task | jq '.last_duration_ms')")
    info=$(api "http://127.0.0.1:$PORT/api/v1/system/info")
    plugin_ms+=("$(jq '.sampling.last_sample_cost_ms' <<< "$info")")
    read_ms+=("$(jq '.sampling.last_sample_read_ms' <<< "$info")")
    store_ms+=("$(jq '.sampling.last_sample_store_ms' <<< "$info")")
    sleep 0.4   # longer than OSHI's 300 ms cache of CPU ticks, so that every run reads fresh counters
done

stats() {
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1; sum += $1 } END {
        p95 = v[int(NR * 0.95 + 0.999)]; if (p95 == "") p95 = v[NR];
        printf "mean %.2f ms, median %.2f ms, p95 %.2f ms, max %.2f ms", sum / NR, v[int((NR + 1) / 2)], p95, v[NR] }'
}
echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  first run after start (OSHI warming up): $first ms"
echo "  kernel-measured (last_duration_ms, whole ms): $(stats "${kernel_ms[@]}")"
echo "  plugin-measured (last_sample_cost_ms):        $(stats "${plugin_ms[@]}")"
echo "    of which reading OSHI:                       $(stats "${read_ms[@]}")"
echo "    of which storing (one transaction):          $(stats "${store_ms[@]}")"
samples=$(task | jq '.runs')
points=$(api "http://127.0.0.1:$PORT/api/v1/system/metrics?hours=1" | jq '[.series[].points[].count] | add')
echo "  stored: $points points from $samples samples ($(( points / samples )) per sample)"

# CPU rather than wall time, which other work on the machine inflates: the server's own CPU ticks over a second
# series of runs, triggered without polling in between (an upper bound: it includes serving the triggers).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
runs_before=$(task | jq '.runs')
ticks_before=$(cpu_ticks)
for run in $(seq 1 "$RUNS"); do
    api -X POST "http://127.0.0.1:$PORT/api/v1/admin/plugins/system/tasks/sample/run" > /dev/null
    sleep 0.4
done
sleep 0.5
ticks_after=$(cpu_ticks)
runs_done=$(( $(task | jq '.runs') - runs_before ))
echo "  server CPU per run (upper bound, $runs_done runs): $(awk -v t=$(( ticks_after - ticks_before )) -v hz="$(getconf CLK_TCK)" -v n="$runs_done" 'BEGIN { printf "%.1f ms", t * 1000 / hz / n }')"
