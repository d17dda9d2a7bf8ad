# Sourced by the system plugin's benchmarks: starts a server from the built distribution's lib/ with only the
# system plugin and the given plugin config, in a temporary home. Sets PORT, TOKEN, WORK, api(); stops on exit.
# Usage: . server.sh "<system.yaml content>"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bench/prepare"
DIST="$ROOT/distribution/target/vigil"
if [ ! -d "$DIST/lib" ] || [ -z "$(ls "$ROOT"/plugins/system/target/system-*.zip 2>/dev/null)" ]; then
    vigil_bench_install distribution
fi
ZIP="$(ls "$ROOT"/plugins/system/target/system-*.zip | head -n 1)"
vigil_bench_tools curl jq

PORT="${VIGIL_BENCH_PORT:-18766}"
TOKEN="bench-admin-token"
WORK="$(mktemp -d)"
server_pid=""
stop_server() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap stop_server EXIT

mkdir -p "$WORK/home/config/plugins" "$WORK/home/plugins"
cp -r "$DIST/bin" "$WORK/home/bin"
ln -s "$DIST/lib" "$WORK/home/lib"
cp "$ROOT/config/vigil.yaml" "$WORK/home/config/vigil.yaml"
printf '%s\n' "$1" > "$WORK/home/config/plugins/system.yaml"
cp "$ZIP" "$WORK/home/plugins/"

VIGIL_PORT=$PORT VIGIL_HOST=127.0.0.1 VIGIL_DATA_DIR="$WORK/data" VIGIL_ADMIN_TOKEN=$TOKEN \
    "$WORK/home/bin/vigil" > "$WORK/log" 2>&1 &
server_pid=$!
api() { curl -fs -H "Authorization: Bearer $TOKEN" "$@"; }
until curl -fs "http://127.0.0.1:$PORT/health" > /dev/null 2>&1; do
    if ! kill -0 "$server_pid" 2>/dev/null; then cat "$WORK/log"; exit 1; fi
    sleep 0.05
done
