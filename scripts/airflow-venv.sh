#!/usr/bin/env bash
# Makes sure the virtualenv with the pinned Airflow of airflow_dags/requirements.txt exists
# (re-created only when that file or the Python changes) and prints its folder.
# Used by scripts/airflow-test.sh and scripts/airflow-local.sh; needs python3 >= 3.10 and PyPI.
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
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements" >&2
  echo "$want" > "$venv/.requirements.sha256"
  echo "Installed in $((SECONDS - start)) s" >&2
fi
echo "$venv"
