#!/usr/bin/env bash
# `make demo`: the main job on the embedded defaults. Starts the sandbox bookshop, runs the whole
# data path (scrape -> clean -> features) into the local lake with the DirectRunner, trains and
# promotes the rating and price models, predicts every book in batch, shows what landed, and ends
# with the gold API up (Ctrl-C stops it and the sandbox).
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

# A lake from before the Iceberg tables keeps its history: converted once, a no-op afterwards.
./bookslake lake migrate --lake "$lake"

echo "==> Data path for dt=$dt into $lake (DirectRunner)"
./bookslake run --source "http://127.0.0.1:$port/" --lake "$lake" --run-date "$dt"

echo
echo "==> Models for dt=$dt: XGBoost candidates + baseline, promoted to production only when better"
# The sandbox's ratings and prices are random, so the report usually (and honestly) says the
# model does not beat the baseline; the lifecycle is what the demo shows.
./bookslake train --lake "$lake" --run-date "$dt" --target rating --promote-if-better
echo
./bookslake train --lake "$lake" --run-date "$dt" --target price --promote-if-better
echo
echo "==> Batch prediction of every book with the production models into gold.predictions"
./bookslake predict --lake "$lake" --run-date "$dt"
echo
./bookslake models list --lake "$lake"

echo
echo "==> What landed (./bookslake query ... --lake $lake)"
./bookslake query "SELECT page_kind, http_status, count(*) AS pages FROM bronze.pages GROUP BY ALL ORDER BY ALL" --lake "$lake"
./bookslake query "SELECT category, books, avg_rating FROM gold.category_stats ORDER BY books DESC, category LIMIT 5" --lake "$lake"
./bookslake query "SELECT model, model_version, count(*) AS books, round(avg(prediction), 2) AS avg_prediction FROM gold.predictions GROUP BY ALL ORDER BY ALL" --lake "$lake"

api="http://127.0.0.1:$api_port/api/v1"
dashboard="http://127.0.0.1:$api_port/dashboard"
cat <<TXT

==> Gold API on $api, dashboard on $dashboard (Ctrl-C stops it and the sandbox). Try:
  curl -s '$api/health'
  curl -s '$api/books?page=1&size=5&sort=-rating'
  curl -s '$api/books/1000'
  curl -s '$api/books/search?category=Travel&max_price=30&min_rating=4'
  curl -s '$api/books/1000/history'
  curl -s '$api/stats/categories'
  curl -s '$api/ml/recommendations/1000?limit=5'
  curl -s -o training.parquet '$api/ml/training-data?format=parquet'
  curl -s -X POST '$api/ml/predict' -H 'Content-Type: application/json' -d '{"books":[{"price_excl_tax": 45.17, "review_count": 0, "stock_count": 19, "in_stock": true, "description_length": 740, "title_word_count": 3, "days_since_first_seen": 0, "category": "Travel"}]}'
  curl -s -X POST '$api/ml/predict/price' -H 'Content-Type: application/json' -d '{"books":[{"rating": 4, "review_count": 0, "stock_count": 19, "in_stock": true, "description_length": 740, "title_word_count": 3, "days_since_first_seen": 0, "category": "Travel"}]}'
  curl -s -X POST '$api/ml/predict/price' -H 'Content-Type: application/json' -d '{"rating": 4, "category": "Fiction", "availability": "In stock"}'     (the original API's body: missing features named)
  curl -s -X POST '$api/ml/sentiment' -H 'Content-Type: application/json' -d '{"description": "A wonderful, moving story."}'
  curl -s '$api/ml/models'
  curl -s '$api/ml/monitoring/drift'
  ./bookslake monitor --lake $lake --run-date $dt     (after some predictions: drift of the API's inputs; exit 3 = drifted)
  open $dashboard (dashboard)   |   open $api/docs (Swagger UI)   |   curl -s '$api/openapi'   |   curl -s '$api/metrics'
  Log in with the demo credentials printed below:
  curl -s -X POST '$api/auth/login' -H 'Content-Type: application/json' -d '{"username":"demo","password":"<printed>"}'
TXT
export BOOKSLAKE_SOURCE="http://127.0.0.1:$port/"
# The server runs in the foreground: a background check says when the dashboard answers.
(wait_for "$dashboard" 120 && echo "==> Dashboard: $dashboard") &
./bookslake serve --lake "$lake" --port "$api_port" --demo
