#!/usr/bin/env bash
# Dashboard load time over 24 hours of data (target: under 3 s).
#
# Starts a Vigil server from the built distribution (distribution/target/vigil) with every plugin zip found in
# plugins/*/target/ (or in $PLUGIN_ZIPS), fills it through the plugins' public ingest APIs with 24 hours of a
# shop's traffic (requests, statements, errors, browser vitals; the system plugin samples the real host), then
# opens each dashboard page in headless Chromium, cold (empty cache) and warm, and prints how long each took to
# show its data. The server runs on 127.0.0.1 only and is stopped at the end.
#
# Usage: bench/dashboard/run.sh [requests-per-24h (default 1000000)]
# Builds what it needs (the distribution and plugin zips, plugins/dashboard/web/node_modules) and installs
# Debian's chromium when it is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REQUESTS="${1:-1000000}"
PORT="${VIGIL_BENCH_PORT:-18187}"
WEB="$ROOT/plugins/dashboard/web"
DIST="$ROOT/distribution/target/vigil"
. "$ROOT/bench/prepare"
vigil_require_browser || exit 1
vigil_bench_install distribution
[ -d "$WEB/node_modules/playwright-core" ] || (cd "$WEB" && npm ci --no-audit --no-fund --loglevel=error)

WORK="$(mktemp -d /tmp/vigil-dashboard-bench.XXXXXX)"
cp -r "$DIST/bin" "$DIST/lib" "$DIST/config" "$WORK/"
mkdir -p "$WORK/plugins"
if [ -n "${PLUGIN_ZIPS:-}" ]; then
    cp "$PLUGIN_ZIPS"/*.zip "$WORK/plugins/"
else
    for id in dashboard requests queries system errors alerts optimizer dependencies; do
        zip=$(ls "$ROOT/plugins/$id/target/$id-"*.zip 2>/dev/null | head -1 || true)
        if [ -n "$zip" ]; then cp "$zip" "$WORK/plugins/"; else echo "note: no zip for plugin $id" >&2; fi
    done
fi
ADMIN="bench-admin-$RANDOM$RANDOM"
export VIGIL_HOST=127.0.0.1 VIGIL_PORT="$PORT" VIGIL_ADMIN_TOKEN="$ADMIN" VIGIL_VIEWER_TOKEN="bench-viewer" \
       VIGIL_INGEST_TOKEN="bench-ingest" VIGIL_LOG_LEVEL=warn
"$WORK/bin/vigil" > "$WORK/server.log" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/health" > /dev/null && break
    sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/health" > /dev/null || { echo "the server did not start:" >&2; tail -20 "$WORK/server.log" >&2; exit 1; }
echo "server up with plugins: $(ls "$WORK/plugins" | tr '\n' ' ')"

export VIGIL_URL="http://127.0.0.1:$PORT" VIGIL_ADMIN_TOKEN="$ADMIN"
node "$ROOT/bench/dashboard/seed.mjs" "$REQUESTS"
(cd "$WEB" && node "$ROOT/bench/dashboard/load-time.mjs")
