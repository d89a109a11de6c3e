#!/usr/bin/env bash
# The API contract fuzz (part of `make test`): builds a real lake from the sandbox (scrape ->
# clean -> features, rating and price models trained and promoted), starts `./bookslake serve` on
# it with a user, logs in, and runs Schemathesis (pinned in scripts/fuzz/requirements.txt, in a
# virtualenv under build/) with every check, positive and negative data and the stateful links of
# the OpenAPI document, authenticated. Fails on any finding: a 5xx, a response the document does
# not describe, or a request the document allows that the server refuses.
#   scripts/fuzz-api.sh                       # defaults: 120 books, 40 examples per operation
#   FUZZ_EXAMPLES=200 FUZZ_SEED=1 scripts/fuzz-api.sh
#   FUZZ_REUSE_LAKE=1 scripts/fuzz-api.sh     # keep build/fuzz/lake from the last run
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="${BOOKSLAKE_FUZZ_VENV:-$root/build/fuzz-venv}"
requirements="$root/scripts/fuzz/requirements.txt"
python="${PYTHON:-python3}"
books="${FUZZ_BOOKS:-120}"
examples="${FUZZ_EXAMPLES:-40}"
seed="${FUZZ_SEED:-$RANDOM}"
out="$root/build/fuzz"
lake="$out/lake"
dt=2026-01-01

"$root/scripts/pinned-venv.sh" "$venv" "$requirements" st > /dev/null

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { # url, seconds
  for _ in $(seq 1 "$2"); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 1
  done
  echo "Cannot reach $1 after $2 s" >&2
  return 1
}

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

# The lake is the slow part (about two minutes); reusing it is for iterating on the document.
if [ -n "${FUZZ_REUSE_LAKE:-}" ] && [ -f "$lake/.fuzz-complete" ]; then
  echo "==> Reusing the lake in $lake" >&2
  find "$out" -mindepth 1 -maxdepth 1 ! -name lake -exec rm -rf {} +
else
  rm -rf "$out"
  mkdir -p "$out"
  shop_port="$(free_port)"
  ./bookslake sandbox --port "$shop_port" --books "$books" > "$out/sandbox.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$shop_port/robots.txt" 60
  echo "==> Lake of $books sandbox books with trained models ($out)" >&2
  ./bookslake run --source "http://127.0.0.1:$shop_port/" --lake "$lake" --run-date "$dt" > "$out/run.log" 2>&1 \
    || { cat "$out/run.log" >&2; exit 1; }
  for target in rating price; do
    ./bookslake train --lake "$lake" --run-date "$dt" --target "$target" --promote-if-better \
      > "$out/train-$target.log" 2>&1 || { cat "$out/train-$target.log" >&2; exit 1; }
  done
  touch "$lake/.fuzz-complete"
fi

password="$("$python" -c 'import secrets; print(secrets.token_urlsafe(18))')"
printf '%s\n' "$password" | ./bookslake serve hash-password --admin fuzzer > "$out/users.txt" 2> "$out/hash.log" \
  || { cat "$out/hash.log" >&2; exit 1; }
api_port="$(free_port)"
cat > "$out/fuzz.yaml" <<YAML
rate-limit:
  capacity: 0
YAML
BOOKSLAKE_JWT_SECRET="$("$python" -c 'import secrets; print(secrets.token_hex(32))')" \
BOOKSLAKE_USERS_FILE="$out/users.txt" \
  ./bookslake serve --lake "$lake" --port "$api_port" --config "$out/fuzz.yaml" > "$out/server.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$api_port"
wait_for "$base/api/v1/ready" 120
token="$(curl -fsS -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"fuzzer\",\"password\":\"$password\"}" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

# One worker: with two, Hypothesis' concurrent ast.parse on CPython 3.11 failed a run with
# "SystemError: AST constructor recursion depth mismatch" (a CPython race, not a finding).
echo "==> Schemathesis on $base (seed $seed, $examples examples per operation; report in $out)" >&2
status=0
"$venv/bin/st" --config-file "$root/scripts/fuzz/schemathesis.toml" run "$base/api/v1/openapi" --url "$base" \
  --checks all --mode all --phases examples,coverage,fuzzing,stateful \
  --max-examples "$examples" --seed "$seed" --workers 1 --generation-database none \
  -H "Authorization: Bearer $token" \
  --report junit --report-dir "$out" --no-color || status=$?
if [ "$status" -ne 0 ]; then
  echo "Schemathesis found problems (exit $status); server log: $out/server.log" >&2
fi
exit "$status"
