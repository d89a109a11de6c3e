#!/usr/bin/env bash
# Benchmarks ML serving: in-process prediction latency (PredictBenchmark, which also trains and
# promotes models into a fixture lake with xgboost4j from the test classpath), then POST
# /ml/predict over HTTP with wrk on loopback, then isolation: p99 of GET /books/{id} alone and
# while 1000-id prediction batches saturate the prediction bound, in the same run. Prints p50/p99
# and req/s.
#   scripts/bench-ml-api.sh
#   BENCH_DURATION=5s BENCH_FLOOD_CONNECTIONS=32 OMP_NUM_THREADS=2 scripts/bench-ml-api.sh
set -euo pipefail
# As `bookslake serve` runs it: one OpenMP thread per prediction unless told otherwise.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
DURATION="${BENCH_DURATION:-10s}"
FLOOD="${BENCH_FLOOD_CONNECTIONS:-16}"
PORT="${BENCH_PORT:-18182}"
OUT="$here/bench-out/ml"
LAKE="$OUT/lake"
JAR="$here/serving/target/bookslake-serving.jar"
BASE="http://127.0.0.1:$PORT"

if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk..." >&2
  { apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }; } >/dev/null 2>&1 \
    || { echo "Cannot install wrk: install it (apt-get install wrk) and run again" >&2; exit 1; }
fi
mkdir -p "$OUT"
if [ -z "${BOOKSLAKE_NO_BUILD:-}" ] || [ ! -f "$JAR" ]; then
  echo "Building the serving jar and tests..." >&2
  scripts/mvn -q -B -pl serving -am package -DskipTests >&2
fi
scripts/mvn -q -B -o -pl serving -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$OUT/cp.txt" >&2
JAVA_HOME="$(scripts/java-home.sh)"
JAVA="$JAVA_HOME/bin/java"
major=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1)
flags=(--enable-native-access=ALL-UNNAMED)
[ "$major" -ge 24 ] && flags+=(--sun-misc-unsafe-memory-access=allow)

rm -rf "$LAKE"
echo "In-process (PredictBenchmark):"
"$JAVA" "${flags[@]}" -cp "serving/target/test-classes:serving/target/classes:$(cat "$OUT/cp.txt")" \
  dev.bookslake.serving.PredictBenchmark "$LAKE" 100 2>/dev/null

cat > "$OUT/bench.yaml" <<YAML
rate-limit:
  capacity: 0
YAML
cat > "$OUT/logging.properties" <<PROPS
handlers=java.util.logging.FileHandler
java.util.logging.FileHandler.pattern=$OUT/server-%u.log
java.util.logging.FileHandler.formatter=java.util.logging.SimpleFormatter
.level=INFO
io.helidon.level=WARNING
bookslake.access.level=WARNING
PROPS
# shellcheck disable=SC2086
"$JAVA" "${flags[@]}" -Djava.util.logging.config.file="$OUT/logging.properties" ${BENCH_JAVA_OPTS:--Xmx512m} \
  -jar "$JAR" --lake "$LAKE" --port "$PORT" --config "$OUT/bench.yaml" > "$OUT/server.out" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "$BASE/api/v1/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs -X POST "$BASE/api/v1/ml/predict" -d '{"id": "1"}' >/dev/null \
  || { echo "Server cannot predict; see $OUT/server.out" >&2; exit 1; }

lua="$here/scripts/wrk/predict.lua"
run() {
  local label="$1" threads="$2" connections="$3"; shift 3
  local out rps p50 p99 errors
  out=$(wrk -t"$threads" -c"$connections" -d"$DURATION" --latency "$@" 2>&1)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx/ {print $5}' <<<"$out")
  printf '| %-46s | %10s | %9s | %9s | %6s |\n' "$label" "$rps" "$p50" "$p99" "${errors:-0}"
}
# Warm the JIT untimed.
wrk -t2 -c8 -d5s -s "$lua" "$BASE/api/v1/ml/predict" >/dev/null 2>&1 || true

echo
echo "HTTP: wrk on loopback, $(getconf _NPROCESSORS_ONLN) cores shared with wrk and the server, OMP_NUM_THREADS=${OMP_NUM_THREADS:-(unset)}"
echo
printf '| %-46s | %10s | %9s | %9s | %6s |\n' "request" "req/s" "p50" "p99" "non-2xx"
printf '|%s|%s|%s|%s|%s|\n' "------------------------------------------------" "------------" "-----------" "-----------" "--------"
run "POST /ml/predict, 1 book, 1 connection" 1 1 -s "$lua" "$BASE/api/v1/ml/predict" -- single
run "POST /ml/predict, 1 book, 4 connections" 1 4 -s "$lua" "$BASE/api/v1/ml/predict" -- single
run "POST /ml/predict, 1 book, 32 connections" 2 32 -s "$lua" "$BASE/api/v1/ml/predict" -- single
run "POST /ml/predict, 1000 ids, 2 connections" 1 2 -s "$lua" "$BASE/api/v1/ml/predict" -- ids 1000 1000

# Isolation: the same /books/{id} load alone, then while a flood of 1000-id batches (more
# connections than ml.predict.max-concurrent places) runs beside it. The flood starts first and
# ends after, so the whole measured window is under load.
book_lua="$here/scripts/wrk/random-path.lua"
secs="${DURATION%s}"
echo
echo "Isolation: GET /books/{id} (random of 1000) alone, then while POST /ml/predict with 1000 ids per request"
echo "floods the server on $FLOOD connections (ml.predict.max-concurrent and ml.predict.wait as configured)"
echo
printf '| %-46s | %10s | %9s | %9s | %6s |\n' "request" "req/s" "p50" "p99" "non-2xx"
printf '|%s|%s|%s|%s|%s|\n' "------------------------------------------------" "------------" "-----------" "-----------" "--------"
run "GET /books/{id} alone, 8 connections" 1 8 -s "$book_lua" "$BASE" -- book 1000
flood_out="$OUT/flood.txt"
wrk -t1 -c"$FLOOD" -d"$((secs + 4))s" --latency -s "$lua" "$BASE/api/v1/ml/predict" -- ids 1000 1000 > "$flood_out" 2>&1 &
flood=$!
sleep 2
run "GET /books/{id} during the flood, 8 connections" 1 8 -s "$book_lua" "$BASE" -- book 1000
wait "$flood"
printf '| %-46s | %10s | %9s | %9s | %6s |\n' "POST /ml/predict 1000 ids, the flood itself" \
  "$(awk '/Requests\/sec/ {print $2}' "$flood_out")" "$(awk '$1=="50%" {print $2}' "$flood_out")" \
  "$(awk '$1=="99%" {print $2}' "$flood_out")" "$(awk '/Non-2xx or 3xx/ {print $5}' "$flood_out")"
shed=$(curl -fs "$BASE/api/v1/metrics" | awk '/^bookslake_shed_total\{bound="predict"\}/ {print $2}')
echo
echo "Predictions shed with 503 + Retry-After (bookslake_shed_total{bound=\"predict\"}): ${shed:-0}"

lines=$(cat "$LAKE"/logs/inference/*/*.jsonl | wc -l)
echo
echo "Inference log: $lines lines under $LAKE/logs/inference"
