#!/usr/bin/env bash
# Before/after benchmark of a lake format change: runs the whole data path (`run`: scrape, clean,
# features on the DirectRunner) and the API's gold load with two checkouts against one sandbox,
# and prints a Markdown table. The "before" checkout must have its jars built
# (`scripts/mvn -q -DskipTests package` there).
#   BEFORE=/work/wt-before BENCH_BOOKS="1000 100000" scripts/bench-lake-formats.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
before="${BEFORE:?BEFORE=<checkout of the earlier version>}"
books_list="${BENCH_BOOKS:-1000}"
out="${BENCH_OUT:-$root/build/bench-lake-formats}"
port="${BENCH_PORT:-8766}"
api_port="${BENCH_API_PORT:-8767}"
mkdir -p "$out"
table="$out/results.md"
printf "| books | lake | run wall s | scrape s | clean s | features s | API gold load ms | API ready s | query s | lake MB |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n" > "$table"

wait_for() { for _ in $(seq 1 "$2"); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done; return 1; }

for books in $books_list; do
  BOOKSLAKE_NO_BUILD=1 ./bookslake sandbox --port "$port" --books "$books" > "$out/sandbox-$books.log" 2>&1 &
  sandbox=$!
  wait_for "http://127.0.0.1:$port/robots.txt" 300
  for side in before after; do
    home="$root"; [ "$side" = before ] && home="$before"
    lake="$out/lake-$side-$books"
    log="$out/run-$side-$books.log"
    rm -rf "$lake"
    start=$(date +%s.%N)
    BOOKSLAKE_NO_BUILD=1 "$home/bookslake" run --source "http://127.0.0.1:$port/" --lake "$lake" \
      --run-date 2026-01-01 > "$log" 2>&1 || { echo "FAILED: $log" >&2; tail -5 "$log" >&2; exit 1; }
    wall=$(python3 -c "print($(date +%s.%N) - $start)")
    scrape=$(grep -oE 'Scraped [0-9]+ pages for dt=[0-9-]+ in [0-9.]+ s' "$log" | sed -E 's/.* in ([0-9.]+) s/\1/')
    clean=$(grep -oE '^Cleaned [0-9]+ product pages for dt=[0-9-]+ in [0-9.]+ s' "$log" | sed -E 's/.* in ([0-9.]+) s/\1/')
    features=$(grep -oE '^Built gold for dt=[0-9-]+ in [0-9.]+ s' "$log" | sed -E 's/.* in ([0-9.]+) s/\1/')
    slog="$out/serve-$side-$books.log"
    start=$(date +%s.%N)
    BOOKSLAKE_NO_BUILD=1 "$home/bookslake" serve --lake "$lake" --port "$api_port" > "$slog" 2>&1 &
    server=$!
    wait_for "http://127.0.0.1:$api_port/api/v1/ready" 600 || { echo "API not ready: $slog" >&2; kill $server; exit 1; }
    ready=$(python3 -c "print($(date +%s.%N) - $start)")
    kill $server; wait $server 2>/dev/null || true
    load=$(grep -oE 'loaded in [0-9]+ ms' "$slog" | head -1 | grep -oE '[0-9]+')
    start=$(date +%s.%N)
    BOOKSLAKE_NO_BUILD=1 "$home/bookslake" query "SELECT count(*) FROM gold.books" --lake "$lake" > /dev/null
    query=$(python3 -c "print($(date +%s.%N) - $start)")
    size=$(du -sm "$lake" | cut -f1)
    layout=$([ "$side" = before ] && echo "pointer files (before)" || echo "Iceberg (after)")
    printf "| %s | %s | %.1f | %s | %s | %s | %s | %.1f | %.2f | %s |\n" "$books" "$layout" "$wall" "$scrape" "$clean" "$features" "$load" "$ready" "$query" "$size" | tee -a "$table"
  done
  kill "$sandbox"; wait "$sandbox" 2>/dev/null || true
done
echo "Results in $table" >&2
