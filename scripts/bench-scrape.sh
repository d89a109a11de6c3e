#!/usr/bin/env bash
# Benchmarks the scrape stage against the sandbox: wall time, pages/s and peak RSS for each
# (books, runner) pair. Politeness delays are off (the sandbox serves no Crawl-delay).
#   BENCH_BOOKS="1000 10000" BENCH_RUNNERS="DirectRunner FlinkRunner" scripts/bench-scrape.sh
set -euo pipefail
cd "$(dirname "$0")/.."
books_list=${BENCH_BOOKS:-"1000 10000"}
runners=${BENCH_RUNNERS:-"DirectRunner FlinkRunner"}
port=${BENCH_PORT:-8765}
out=${BENCH_OUT:-bench-out}
mkdir -p "$out"
[ -x /usr/bin/time ] || { echo "Installing GNU time for peak RSS..." >&2; apt-get install -y -qq time >/dev/null; }

printf "| books | runner | wall s | pages | pages/s | peak RSS MB |\n|---:|---|---:|---:|---:|---:|\n" > "$out/scrape.md"
for books in $books_list; do
  ./bookslake sandbox --port "$port" --books "$books" >"$out/sandbox-$books.log" 2>&1 &
  sandbox=$!
  for _ in $(seq 1 60); do curl -fsS -o /dev/null "http://127.0.0.1:$port/robots.txt" && break; sleep 1; done
  for runner in $runners; do
    lake="$out/lake-$books-$runner"
    rm -rf "$lake"
    extra=()
    [ "$runner" = FlinkRunner ] && extra=(--flink-master "[local]")
    /usr/bin/time -f "%e %M" -o "$out/time.txt" \
      ./bookslake scrape --source "http://127.0.0.1:$port/" --lake "$lake" --run-date 2026-01-01 \
        --runner "$runner" "${extra[@]}" >"$out/scrape-$books-$runner.log" 2>&1
    read -r wall rss_kb < "$out/time.txt"
    pages=$(grep -oE 'Scraped [0-9]+ pages' "$out/scrape-$books-$runner.log" | grep -oE '[0-9]+')
    rate=$(awk -v p="$pages" -v w="$wall" 'BEGIN { printf "%.0f", p / w }')
    printf "| %s | %s | %.1f | %s | %s | %.0f |\n" "$books" "$runner" "$wall" "$pages" "$rate" "$((rss_kb / 1024))" | tee -a "$out/scrape.md"
    grep -E "Scraped" "$out/scrape-$books-$runner.log" || true
  done
  kill "$sandbox"; wait "$sandbox" 2>/dev/null || true
done
echo "Results in $out/scrape.md (pages/s here is whole-JVM: start-up included; the stage's own rate is in each log's 'Scraped' line)."
