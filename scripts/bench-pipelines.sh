#!/usr/bin/env bash
# Benchmarks a pipeline command against the sandbox: wall time, peak RSS and per-stage times for
# each (books, runner) pair, printed as a Markdown table.
#   BENCH_COMMAND=scrape BENCH_BOOKS="1000 10000" BENCH_RUNNERS="DirectRunner FlinkRunner" scripts/bench-pipelines.sh
#   BENCH_COMMAND=run    BENCH_BOOKS="1000 10000 100000" scripts/bench-pipelines.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command=${BENCH_COMMAND:-scrape}
books_list=${BENCH_BOOKS:-"1000 10000"}
runners=${BENCH_RUNNERS:-"DirectRunner FlinkRunner"}
port=${BENCH_PORT:-8765}
out=${BENCH_OUT:-bench-out}
mkdir -p "$out"
# GNU time, for peak RSS (bash's own `time` keyword has no -f).
scripts/debian-packages.sh /usr/bin/time:time

table="$out/$command.md"
printf "| books | runner | wall s | peak RSS MB | scrape s | pages/s (crawl) | clean s | features s |\n|---:|---|---:|---:|---:|---:|---:|---:|\n" > "$table"
for books in $books_list; do
  ./bookslake sandbox --port "$port" --books "$books" >"$out/sandbox-$books.log" 2>&1 &
  sandbox=$!
  for _ in $(seq 1 60); do curl -fsS -o /dev/null "http://127.0.0.1:$port/robots.txt" && break; sleep 1; done
  for runner in $runners; do
    lake="$out/lake-$command-$books-$runner"
    log="$out/$command-$books-$runner.log"
    rm -rf "$lake"
    extra=()
    [ "$runner" = FlinkRunner ] && extra=(--flink-master "[local]")
    /usr/bin/time -f "%e %M" -o "$out/time.txt" \
      ./bookslake "$command" --source "http://127.0.0.1:$port/" --lake "$lake" --run-date 2026-01-01 \
        --runner "$runner" "${extra[@]}" >"$log" 2>&1 || { echo "FAILED: see $log" >&2; tail -5 "$log" >&2; continue; }
    read -r wall rss_kb < "$out/time.txt"
    scrape=$(grep -oE 'Scraped [0-9]+ pages for dt=[0-9-]+ in [0-9.]+ s \([0-9]+ pages/s\)' "$log" | sed -E 's/.* in ([0-9.]+) s \(([0-9]+) pages.*/\1 \2/')
    clean=$(grep -oE '^Cleaned [0-9]+ product pages for dt=[0-9-]+ in [0-9.]+ s' "$log" | sed -E 's/.* in ([0-9.]+) s/\1/' || true)
    features=$(grep -oE '^Built gold for dt=[0-9-]+ in [0-9.]+ s' "$log" | sed -E 's/.* in ([0-9.]+) s/\1/' || true)
    printf "| %s | %s | %.1f | %d | %s | %s | %s | %s |\n" "$books" "$runner" "$wall" "$((rss_kb / 1024))" \
      "${scrape% *}" "${scrape#* }" "${clean:--}" "${features:--}" | tee -a "$table"
  done
  kill "$sandbox"; wait "$sandbox" 2>/dev/null || true
done
echo "Results in $table (wall and RSS are the whole JVM, start-up included; stage times are each stage's own)."
