#!/usr/bin/env bash
# Training time and peak memory of the optimizer for 10k and 100k requests, with the shipped default settings
# (50 trees of depth <= 12, 5-fold cross-validation, 1 training thread, isolation forests of 100 trees).
# Each size runs in a fresh JVM with the server's default heap (-Xmx512m; HEAP=256m for another); /usr/bin/time,
# when installed, adds the process's peak RSS.
# Usage: bench/optimizer/training.sh [sizes...]   (default: 10000 100000)
# Runs from a fresh clone: finds a JDK 21+ and builds the optimizer; when the modules it builds against (parent POMs,
# plugin API, kernel) are not in the local Maven repository yet, or no longer fit, it builds and installs them too.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/distribution/src/bin/find-java"
vigil_find_java || exit 1
export JAVA_HOME="$VIGIL_JAVA_HOME"
command -v mvn > /dev/null || { echo "this benchmark needs Maven (apt-get install -y maven)" >&2; exit 1; }
HEAP="${HEAP:-512m}"
SIZES=("$@")
if [ ${#SIZES[@]} -eq 0 ]; then
    SIZES=(10000 100000)
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
# The optimizer alone (offline) when what it depends on is installed; otherwise with it (-am, online if need be).
if ! mvn -o -B -q -DskipTests install -pl plugins/optimizer > "$WORK/build.log" 2>&1; then
    echo "== building and installing plugins/optimizer and what it needs (Java: $VIGIL_JAVA)"
    mvn -B -q -DskipTests install -pl plugins/optimizer -am > "$WORK/build.log" 2>&1 \
        || { cat "$WORK/build.log"; exit 1; }
fi
classpath() {
    mvn "$@" -B -q -pl plugins/optimizer dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$WORK/classpath" > "$WORK/classpath.log" 2>&1
}
classpath -o || classpath || { cat "$WORK/classpath.log"; exit 1; }
CP="plugins/optimizer/target/test-classes:plugins/optimizer/target/classes:$(cat "$WORK/classpath")"
mkdir "$WORK/weka-home"
TIME=()
if [ -x /usr/bin/time ]; then
    TIME=(/usr/bin/time -f "  process peak RSS: %M KB, wall %e s")
fi

echo "optimizer training benchmark: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
     "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1), -Xmx$HEAP"
for size in "${SIZES[@]}"; do
    ${TIME[@]+"${TIME[@]}"} "$JAVA_HOME/bin/java" "-Xmx$HEAP" -DWEKA_HOME="$WORK/weka-home" \
        -Dweka.packageManager.offline=true -Dweka.packageManager.loadPackages=false -cp "$CP" \
        dev.vigil.plugins.optimizer.TrainingBenchmark "$size" 2>&1 | grep -v "core mtj jar files"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
