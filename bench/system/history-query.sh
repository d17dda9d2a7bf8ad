#!/usr/bin/env bash
# Time of GET /api/v1/system/metrics over a full default retention: a week of samples every 10 s (26 values each,
# as on a 2-core host with one disk and one interface, ~1.6 M rows) and their five-minute rollups are written
# straight into the SQLite file of a server that runs only the system plugin; then each query is timed RUNS times.
# Ranges of an hour read the samples; a day and more read the rollups.
# Usage: bench/system/history-query.sh [runs]   (default 5; needs python3 for the bulk insert)
set -euo pipefail
RUNS="${1:-5}"
. "$(dirname "${BASH_SOURCE[0]}")/server.sh" "$(printf 'interval: 1h\nhost-name: bench-host\n')"
until api "http://127.0.0.1:$PORT/api/v1/system/health" | jq -e '.sample != null' > /dev/null; do sleep 0.1; done

python3 - "$WORK/data/vigil.db" <<'PY'
import sqlite3, sys, time
metrics = ["cpu_percent", "load_1m", "load_5m", "load_15m", "memory_percent", "memory_used_bytes",
           "memory_available_bytes", "swap_percent", "swap_used_bytes", "process_cpu_percent",
           "process_resident_bytes", "heap_used_bytes", "heap_max_bytes", "heap_percent", "threads", "gc_count",
           "gc_time_ms", "open_files"]
labelled = [("cpu_core_percent", "0"), ("cpu_core_percent", "1"), ("disk_percent", "/"), ("disk_free_bytes", "/"),
            ("net_rx_bytes_per_s", "eth0"), ("net_tx_bytes_per_s", "eth0"), ("net_rx_packets_per_s", "eth0"),
            ("net_tx_packets_per_s", "eth0")]
series = [(m, "") for m in metrics] + labelled
now = int(time.time() * 1000)
start = now - 7 * 24 * 3600 * 1000
db = sqlite3.connect(sys.argv[1], timeout=30)
rows = ((("bench-host", m, l, t, float((t // 10000) % 97))) for t in range(start, now, 10000) for (m, l) in series)
db.executemany("INSERT OR IGNORE INTO system_points (host, metric, label, sampled_at, value) VALUES (?, ?, ?, ?, ?)", rows)
# The five-minute rollups the plugin keeps beside its samples, as its own inserts would have left them.
db.execute("INSERT OR REPLACE INTO system_rollups (host, metric, label, bucket_start, min_value, max_value, sum_value, samples) "
           "SELECT host, metric, label, (sampled_at / 300000) * 300000, MIN(value), MAX(value), SUM(value), COUNT(*) "
           "FROM system_points GROUP BY host, metric, label, sampled_at / 300000")
db.commit()
print("  inserted %d rows (%d series, a week every 10 s)" % (db.execute("SELECT COUNT(*) FROM system_points").fetchone()[0], len(series)))
PY

time_query() {
    local times=()
    for run in $(seq 1 "$RUNS"); do
        times+=("$(curl -fs -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$1")")
    done
    local size
    size=$(api "http://127.0.0.1:$PORT$1" | wc -c)
    printf '%s\n' "${times[@]}" | sort -n | awk -v q="$1" -v size="$size" '{ v[NR] = $1 } END {
        printf "  %-60s median %4.0f ms, max %4.0f ms, %d KB\n", q, v[int((NR + 1) / 2)] * 1000, v[NR] * 1000, size / 1024 }'
}
echo "GET /api/v1/system/metrics over a week of stored samples, $RUNS runs each, load average $(cut -d' ' -f1-3 /proc/loadavg):"
time_query "/api/v1/system/metrics?hours=1&metric=cpu_percent"
time_query "/api/v1/system/metrics?hours=24&metric=cpu_percent"
time_query "/api/v1/system/metrics?hours=168&metric=cpu_percent"
time_query "/api/v1/system/metrics?hours=24"
time_query "/api/v1/system/metrics?hours=168"
