#!/usr/bin/env bash
# The Airflow DAG tests (part of `make test`): the virtualenv with the pinned Airflow of
# airflow_dags/requirements.txt (scripts/pinned-venv.sh), a fresh AIRFLOW_HOME with a migrated
# sqlite DB, then pytest on airflow_dags/tests. The end-to-end tests among them start their own
# Airflow (scripts/airflow-local.sh) with its own home and port.
# Needs python3 >= 3.10 and PyPI; the tests call ./bookslake (the cli jar is built by `make test-java`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$("$root/scripts/pinned-venv.sh" "${BOOKSLAKE_AIRFLOW_VENV:-$root/build/airflow-venv}" \
  "$root/airflow_dags/requirements.txt" airflow)"

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
"$venv/bin/python" -m pytest -p no:cacheprovider "${@:-tests}"
