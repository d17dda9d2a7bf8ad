#!/usr/bin/env bash
# Training time and peak memory of the optimizer for 10k and 100k requests, with the shipped default settings
# (50 trees of depth <= 12, 5-fold cross-validation, 1 training thread, isolation forests of 100 trees).
# Each size runs in a fresh JVM with the server's default heap (-Xmx512m); /usr/bin/time adds the process's peak RSS.
# Usage: bench/optimizer/training.sh [sizes...]   (default: 10000 100000)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
SIZES=("${@:-10000 100000}")
cd "$ROOT"
mvn -o -B -q -pl plugins/optimizer test-compile > /dev/null 2>&1 || mvn -o -B -q -pl plugins/optimizer test-compile
CP_FILE="$(mktemp)"
WEKA_HOME_DIR="$(mktemp -d)"
trap 'rm -rf "$CP_FILE" "$WEKA_HOME_DIR"' EXIT
mvn -o -B -q -pl plugins/optimizer dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" \
    > /dev/null 2>&1
CP="plugins/optimizer/target/test-classes:plugins/optimizer/target/classes:$(cat "$CP_FILE")"
echo "optimizer training benchmark: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
     "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
for size in ${SIZES[@]}; do
    /usr/bin/time -f "  process peak RSS: %M KB, wall %e s" \
        "$JAVA_HOME/bin/java" -Xmx512m -DWEKA_HOME="$WEKA_HOME_DIR" -Dweka.packageManager.offline=true \
        -Dweka.packageManager.loadPackages=false -cp "$CP" dev.vigil.plugins.optimizer.TrainingBenchmark "$size" \
        2>&1 | grep -v "core mtj jar files"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
