#!/usr/bin/env bash
# Benchmarks `train`: wall time of every candidate (3 XGBoost + baseline) for the rating and price
# models on catalogues of BENCH_BOOKS books, printed as a Markdown table. The training data is the
# sandbox catalogue vectorised by the feature contract (TrainingBench), so 100k books need no crawl.
#   BENCH_BOOKS="1000 100000" scripts/bench-ml.sh
set -euo pipefail
cd "$(dirname "$0")/.."
books=${BENCH_BOOKS:-"1000 100000"}
out=${BENCH_OUT:-bench-out}
mkdir -p "$out"
JAVA_HOME="$(scripts/java-home.sh)"
scripts/mvn -o -q -B -pl pipelines -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$out/ml-cp.txt" -Dmdep.includeScope=test >&2
cp="$(cat "$out/ml-cp.txt"):pipelines/target/classes:pipelines/target/test-classes"
rm -rf "$out/ml-lakes"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)" | tee "$out/ml-training.md"
# shellcheck disable=SC2086
/usr/bin/time -f "whole benchmark JVM: %e s, peak RSS %M KB" \
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx6g -cp "$cp" \
  dev.bookslake.pipelines.train.TrainingBench $books --lake "$out/ml-lakes" 2>&1 | tee -a "$out/ml-training.md"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/ml-training.md"
