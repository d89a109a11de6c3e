#!/usr/bin/env bash
# Part of `make test`: reads a lake bookslake wrote with readers no one here wrote (the DuckDB CLI
# from PyPI, pyiceberg, pyarrow through pyiceberg; pinned in scripts/readers/requirements.txt, in
# a virtualenv under build/) and compares their rows with `./bookslake query` (compare.py).
# Reuses the lake the API fuzz built (build/fuzz/lake) when it is complete, else builds a small one.
#   scripts/external-readers.sh [LAKE]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="${BOOKSLAKE_READERS_VENV:-$root/build/readers-venv}"
requirements="$root/scripts/readers/requirements.txt"
python="${PYTHON:-python3}"
out="$root/build/readers"

"$root/scripts/pinned-venv.sh" "$venv" "$requirements" duckdb > /dev/null
# The duckdb-cli wheel installs its binary without the executable bit.
chmod +x "$venv/bin/duckdb"
scripts/duckdb-extensions.sh >&2

lake="${1:-}"
if [ -z "$lake" ] && [ -f "$root/build/fuzz/lake/.fuzz-complete" ]; then
  lake="$root/build/fuzz/lake"
fi
if [ -z "$lake" ]; then
  rm -rf "$out"
  mkdir -p "$out"
  port="$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  ./bookslake sandbox --port "$port" --books 40 > "$out/sandbox.log" 2>&1 &
  shop=$!
  trap 'kill $shop 2>/dev/null || true; wait 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do curl -fsS -o /dev/null "http://127.0.0.1:$port/robots.txt" 2>/dev/null && break; sleep 1; done
  lake="$out/lake"
  ./bookslake run --source "http://127.0.0.1:$port/" --lake "$lake" --run-date 2026-01-01 > "$out/run.log" 2>&1 \
    || { cat "$out/run.log" >&2; exit 1; }
fi
echo "==> External readers against ./bookslake query on $lake" >&2
"$venv/bin/python" "$root/scripts/readers/compare.py" "$root" "$lake" "$root/build/duckdb-extensions"
