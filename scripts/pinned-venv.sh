#!/usr/bin/env bash
# Makes sure a virtualenv holds exactly a pinned requirements file and prints its folder: made
# when missing, re-made when the file or the Python changes (a hash of both is kept in it).
#   scripts/pinned-venv.sh VENV REQUIREMENTS [PROGRAM]   # PROGRAM: a bin/ entry that must exist
# Used for Airflow, Schemathesis, the external readers and the Scrapy peer; needs python3 >= 3.10
# (or $PYTHON) and PyPI.
set -euo pipefail
venv="${1:?usage: pinned-venv.sh VENV REQUIREMENTS [PROGRAM]}"
requirements="${2:?usage: pinned-venv.sh VENV REQUIREMENTS [PROGRAM]}"
program="${3:-python}"
python="${PYTHON:-python3}"

want="$(cat "$requirements" <("$python" -VV) | sha256sum | cut -d' ' -f1)"
if [ ! -e "$venv/bin/$program" ] || [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  echo "Installing $(basename "$(dirname "$requirements")")/$(basename "$requirements") into $venv ..." >&2
  start=$SECONDS
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements" >&2
  echo "$want" > "$venv/.requirements.sha256"
  echo "Installed in $((SECONDS - start)) s" >&2
fi
echo "$venv"
