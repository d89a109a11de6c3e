#!/usr/bin/env bash
# `make demo`: the main job on the embedded defaults. Starts the sandbox bookshop, runs the whole
# data path (scrape -> clean -> features) into the local lake with the DirectRunner, shows what
# landed, and ends with the gold API up (Ctrl-C stops it and the sandbox).
set -euo pipefail
cd "$(dirname "$0")/.."
books=${DEMO_BOOKS:-1000}
port=${DEMO_PORT:-8000}
api_port=${DEMO_API_PORT:-8080}
lake=${DEMO_LAKE:-lake/warehouse}
dt=${DEMO_DATE:-$(date -u +%F)}
log_dir=${DEMO_LOG_DIR:-target/demo}
mkdir -p "$log_dir"

wait_for() { # url, seconds
  for _ in $(seq 1 "$2"); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 1
  done
  echo "Cannot reach $1 after $2 s" >&2
  return 1
}

echo "==> Sandbox bookshop: $books books on http://127.0.0.1:$port/ (log: $log_dir/sandbox.log)"
./bookslake sandbox --port "$port" --books "$books" >"$log_dir/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null || true' EXIT
wait_for "http://127.0.0.1:$port/robots.txt" 60

echo "==> Data path for dt=$dt into $lake (DirectRunner)"
./bookslake run --source "http://127.0.0.1:$port/" --lake "$lake" --run-date "$dt"

echo
echo "==> What landed (./bookslake query ... --lake $lake)"
./bookslake query "SELECT page_kind, http_status, count(*) AS pages FROM bronze.pages GROUP BY ALL ORDER BY ALL" --lake "$lake"
./bookslake query "SELECT category, books, avg_rating FROM gold.category_stats ORDER BY books DESC, category LIMIT 5" --lake "$lake"

api="http://127.0.0.1:$api_port/api/v1"
cat <<TXT

==> Gold API on $api (Ctrl-C stops it and the sandbox). Try:
  curl -s '$api/health'
  curl -s '$api/books?page=1&size=5&sort=-rating'
  curl -s '$api/books/1000'
  curl -s '$api/books/search?category=Travel&max_price=30&min_rating=4'
  curl -s '$api/books/1000/history'
  curl -s '$api/stats/categories'
  curl -s '$api/ml/recommendations/1000?limit=5'
  curl -s -o training.parquet '$api/ml/training-data?format=parquet'
  open $api/docs (Swagger UI)   |   curl -s '$api/openapi'   |   curl -s '$api/metrics'
  Log in with the demo credentials printed below:
  curl -s -X POST '$api/auth/login' -H 'Content-Type: application/json' -d '{"username":"demo","password":"<printed>"}'
TXT
export BOOKSLAKE_SOURCE="http://127.0.0.1:$port/"
./bookslake serve --lake "$lake" --port "$api_port" --demo
