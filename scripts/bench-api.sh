#!/usr/bin/env bash
# Benchmarks the bookslake API with wrk on loopback: builds a fixture gold lake (BENCH_BOOKS
# books), starts the server, and measures hot routes plain and with If-None-Match revalidation.
# Prints req/s, p50 and p99 latency per route and the server's RSS.
#   scripts/bench-api.sh                 # defaults: 1000 books, 10 s per run, 2 threads, 32 connections
#   BENCH_DURATION=5s BENCH_CONNECTIONS=64 scripts/bench-api.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
BOOKS="${BENCH_BOOKS:-1000}"
DURATION="${BENCH_DURATION:-10s}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
PORT="${BENCH_PORT:-18181}"
ACCESS_LOG="${BENCH_ACCESS_LOG:-off}"
OUT="$here/bench-out/api"
LAKE="$OUT/lake"
JAR="$here/serving/target/bookslake-serving.jar"
BASE="http://127.0.0.1:$PORT"

if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk..." >&2
  { apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }; } >/dev/null 2>&1 \
    || { echo "Cannot install wrk: install it (apt-get install wrk) and run again" >&2; exit 1; }
fi
if [ -z "${BOOKSLAKE_NO_BUILD:-}" ] || [ ! -f "$JAR" ]; then
  echo "Building the serving jar..." >&2
  scripts/mvn -q -B -pl serving -am package -DskipTests >&2
fi
# The fixture lake is test code (pipelines' test-jar), never part of the serving jar.
mkdir -p "$OUT"
scripts/mvn -q -B -o -pl serving -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$OUT/cp.txt" >&2
JAVA_HOME="$(scripts/java-home.sh)"
JAVA="$JAVA_HOME/bin/java"
major=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1)
flags=(--enable-native-access=ALL-UNNAMED)
[ "$major" -ge 24 ] && flags+=(--sun-misc-unsafe-memory-access=allow)

rm -rf "$LAKE"
"$JAVA" "${flags[@]}" -cp "pipelines/target/test-classes:$(cat "$OUT/cp.txt")" \
  dev.bookslake.pipelines.testing.GoldFixture --lake "$LAKE" --books "$BOOKS" --dates 2026-01-01,2026-01-02 >&2

cat > "$OUT/bench.yaml" <<YAML
rate-limit:
  capacity: 0
YAML
cat > "$OUT/logging.properties" <<PROPS
handlers=java.util.logging.FileHandler
java.util.logging.FileHandler.pattern=$OUT/server-%u.log
java.util.logging.FileHandler.formatter=java.util.logging.SimpleFormatter
java.util.logging.SimpleFormatter.format=%1\$tFT%1\$tT.%1\$tL %4\$s %3\$s: %5\$s%6\$s%n
.level=INFO
io.helidon.level=WARNING
bookslake.access.level=$([ "$ACCESS_LOG" = on ] && echo INFO || echo WARNING)
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
curl -fs "$BASE/api/v1/ready" >/dev/null || { echo "Server did not become ready; see $OUT/server.out" >&2; exit 1; }
head -1 "$OUT/server.out" >&2
rss_idle=$(ps -o rss= -p "$server" | tr -d ' ')

etag() { curl -fsI "$BASE$1" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r'; }

# One wrk run: label, then wrk arguments. Prints a table row.
run() {
  local label="$1"; shift
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" 2>&1)
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx/ {print $5}' <<<"$out")
  printf '| %-44s | %10s | %9s | %9s | %6s |\n' "$label" "$rps" "$p50" "$p99" "${errors:-0}"
}

lua="$here/scripts/wrk/random-path.lua"
# Warm the JIT and the per-snapshot response caches once, untimed.
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$lua" "$BASE" -- book "$BOOKS" >/dev/null 2>&1 || true
wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$BASE/api/v1/health" >/dev/null 2>&1 || true
for kind in page search recs; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s "$lua" "$BASE" -- "$kind" 50 >/dev/null 2>&1 || true
done

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION on loopback, $BOOKS books, $(nproc) cores shared with wrk, access log $ACCESS_LOG"
echo
printf '| %-44s | %10s | %9s | %9s | %6s |\n' "route" "req/s" "p50" "p99" "non-2xx"
printf '|%s|%s|%s|%s|%s|\n' "----------------------------------------------" "------------" "-----------" "-----------" "--------"
run "GET /health" "$BASE/api/v1/health"
run "GET /books/{id} (random id)" -s "$lua" "$BASE" -- book "$BOOKS"
run "GET /books?page= (random page of 20)" -s "$lua" "$BASE" -- page $(( BOOKS / 20 ))
run "GET /books/search (5 queries)" -s "$lua" "$BASE" -- search 5
run "GET /stats/categories" "$BASE/api/v1/stats/categories"
run "GET /ml/recommendations/{id} (random id)" -s "$lua" "$BASE" -- recs "$BOOKS"
for path in "/api/v1/books/42" "/api/v1/books?page=7" "/api/v1/books/search?title=light" \
            "/api/v1/stats/categories" "/api/v1/ml/recommendations/42"; do
  run "GET ${path#/api/v1} + If-None-Match (304)" -H "If-None-Match: $(etag "$path")" "$BASE$path"
done
rss_after=$(ps -o rss= -p "$server" | tr -d ' ')
echo
echo "Server RSS: $(( rss_idle / 1024 )) MiB after start, $(( rss_after / 1024 )) MiB after the runs"
