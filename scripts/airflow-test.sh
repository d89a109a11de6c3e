#!/usr/bin/env bash
# The Airflow DAG tests (part of `make test`): a virtualenv with the pinned Airflow of
# airflow_dags/requirements.txt (re-created only when that file or the Python changes), a fresh
# AIRFLOW_HOME with a migrated sqlite DB, then pytest on airflow_dags/tests.
# Needs python3 >= 3.10 and PyPI; the tests call ./bookslake (the cli jar is built by `make test-java`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${BOOKSLAKE_AIRFLOW_VENV:-$root/build/airflow-venv}"
requirements="$root/airflow_dags/requirements.txt"
python="${PYTHON:-python3}"

want="$(cat "$requirements" <("$python" -VV) | sha256sum | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  echo "Installing the pinned Airflow into $venv ..." >&2
  start=$SECONDS
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements"
  echo "$want" > "$venv/.requirements.sha256"
  echo "Installed in $((SECONDS - start)) s" >&2
fi

AIRFLOW_HOME="$(mktemp -d "${TMPDIR:-/tmp}/bookslake-airflow.XXXXXX")"
trap 'rm -rf "$AIRFLOW_HOME"' EXIT
export AIRFLOW_HOME
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_FOLDER="$root/airflow_dags"
# Settings a developer's shell may carry must not leak into the tests.
unset "${!AIRFLOW_VAR_@}" 2>/dev/null || true
"$venv/bin/airflow" db migrate > "$AIRFLOW_HOME/migrate.log" 2>&1 \
  || { cat "$AIRFLOW_HOME/migrate.log" >&2; exit 1; }
cd "$root/airflow_dags"
"$venv/bin/python" -m pytest -p no:cacheprovider "$@" tests
