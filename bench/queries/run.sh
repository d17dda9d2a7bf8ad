#!/usr/bin/env bash
# Benchmarks of the queries plugin: statements fingerprinted per second (pure logic, one thread), and statements
# fingerprinted and stored per second end to end (real server with the packaged plugin, batches over loopback
# HTTP, each answered only once durable).
# Usage: bench/queries/run.sh [seconds] [clients] [batch-size] [sqlite|postgresql]
# PostgreSQL needs VIGIL_TEST_POSTGRES_URL (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECONDS_TO_RUN="${1:-20}"
CLIENTS="${2:-4}"
BATCH="${3:-1000}"
DATABASE="${4:-sqlite}"
. "$ROOT/bench/prepare"
export MAVEN_OPTS="${MAVEN_OPTS:--Xmx1g}"
MODULE="$ROOT/plugins/queries"
vigil_bench_install plugins/queries
ZIP="$(ls "$MODULE"/target/queries-*.zip | head -n 1)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$ROOT" && mvn -o -B -q -pl plugins/queries dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/classpath" > /dev/null)
CP="$MODULE/target/classes:$(cat "$WORK/classpath")"
"$JAVA_HOME/bin/javac" -nowarn -d "$WORK/classes" -cp "$CP" "$ROOT"/bench/queries/*.java
CP="$WORK/classes:$CP"

echo "== fingerprinting alone"
"$JAVA_HOME/bin/java" -Xmx512m -cp "$CP" dev.vigil.plugins.queries.FingerprintBench 10
echo "== fingerprinted and stored, end to end over HTTP ($DATABASE)"
"$JAVA_HOME/bin/java" -Xmx1g -cp "$CP" dev.vigil.plugins.queries.IngestBench "$ZIP" "$SECONDS_TO_RUN" "$CLIENTS" \
    "$BATCH" "$DATABASE" 2> "$WORK/server.log" || { tail -n 40 "$WORK/server.log"; exit 1; }
