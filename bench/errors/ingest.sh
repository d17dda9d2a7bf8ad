#!/usr/bin/env bash
# Error events ingested and grouped per second by the errors plugin, over real HTTP on loopback, on SQLite and,
# when VIGIL_TEST_POSTGRES_URL is set, PostgreSQL. Client and server share the machine.
# Usage: bench/errors/ingest.sh [seconds per run]     (builds and installs what it needs first)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECONDS_PER_RUN="${1:-15}"
. "$ROOT/bench/prepare"
export MAVEN_OPTS="${MAVEN_OPTS:--Xmx1g}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
vigil_bench_install plugins/errors
mvn -o -B -q -pl plugins/errors dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/classpath.txt" > /dev/null
ZIP="$(ls "$ROOT"/plugins/errors/target/errors-*.zip)"
run() {
    "$JAVA_HOME/bin/java" -Xmx1g -cp "$(cat "$WORK/classpath.txt")" -Dvigil.plugin.zip="$ZIP" \
        -Djava.util.logging.config.file=/dev/null \
        "$ROOT/bench/errors/IngestBenchmark.java" "$@" 2>"$WORK/stderr" | grep -v '^WARNING' \
        || { cat "$WORK/stderr"; exit 1; }
}
echo "errors plugin ingest: 200 distinct faults, Java stacks with a cause parsed on the server, secrets scrubbed"
echo "load average before: $(cut -d" " -f1-3 /proc/loadavg) on $(nproc) cores"
for database in sqlite postgresql; do
    run "$database" 100 4 "$SECONDS_PER_RUN"
    run "$database" 1 4 "$SECONDS_PER_RUN"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
