#!/usr/bin/env bash
# Provisions DuckDB's avro and iceberg extensions without DuckDB going online: downloads the wheels
# pinned (with their hashes) in scripts/duckdb/requirements.txt with pip and unpacks them into
# DuckDB's extension_directory layout, <dir>/v<duckdb>/<platform>/<name>.duckdb_extension.
# The Java side (dev.bookslake.lake.sql.DuckDbExtensions) loads them from there. A no-op once done.
#   scripts/duckdb-extensions.sh              # into build/duckdb-extensions
#   scripts/duckdb-extensions.sh /some/dir    # where BOOKSLAKE_DUCKDB_EXTENSIONS points
# Online, DuckDB needs none of this: `INSTALL avro; INSTALL iceberg;` fetches them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requirements="$root/scripts/duckdb/requirements.txt"
dir="${1:-$root/build/duckdb-extensions}"
python="${PYTHON:-python3}"
extensions=(avro iceberg)

# The wheels' version starts with the DuckDB release their extensions are built for.
version="v$(sed -n 's/^duckdb-ext-iceberg==\([0-9]*\.[0-9]*\.[0-9]*\)\..*/\1/p' "$requirements")"
[ "$version" != v ] || { echo "Cannot read the duckdb-ext-iceberg pin: $requirements" >&2; exit 1; }

# DuckDB's own platform names, so the message names what `INSTALL` would look for.
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64 | Linux/amd64)
    if ldd --version 2>&1 | grep -qi musl; then platform=linux_amd64_musl; else platform=linux_amd64; fi ;;
  Linux/aarch64 | Linux/arm64) platform=linux_arm64 ;;
  Darwin/arm64) platform=osx_arm64 ;;
  Darwin/x86_64) platform=osx_amd64 ;;
  *) platform="$(uname -s)/$(uname -m)" ;;
esac

target="$dir/$version/$platform"
stamp="$target/.requirements.sha256"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
provisioned() {
  for name in "${extensions[@]}"; do [ -f "$target/$name.duckdb_extension" ] || return 1; done
  [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]
}
provisioned && exit 0

if [ "$platform" != linux_amd64 ]; then
  echo "Cannot provision DuckDB extensions for platform: $platform (the pinned wheels are" \
    "linux_amd64 only). Online, run 'INSTALL avro; INSTALL iceberg;' in DuckDB instead, or put" \
    "avro.duckdb_extension and iceberg.duckdb_extension in $target yourself." >&2
  exit 1
fi
command -v "$python" >/dev/null 2>&1 \
  || { echo "Cannot provision DuckDB extensions: $python is missing (set PYTHON to a Python 3)." >&2; exit 1; }

echo "Provisioning DuckDB extensions ${extensions[*]} ($version, $platform) into $dir ..." >&2
mkdir -p "$target"
work="$(mktemp -d "$dir/.provision.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The system pip when there is one; a virtualenv under build/ only for a Python without it.
pip=("$python" -m pip)
if ! "$python" -m pip --version >/dev/null 2>&1; then
  venv="$root/build/duckdb-venv"
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv" \
    || { echo "Cannot create a virtualenv for pip: $venv (install python3-venv or pip)." >&2; exit 1; }
  pip=("$venv/bin/python" -m pip)
fi
"${pip[@]}" download -q --disable-pip-version-check --no-deps --only-binary=:all: --require-hashes \
  -r "$requirements" -d "$work/wheels" \
  || { echo "Cannot download the DuckDB extension wheels of $requirements (is PyPI reachable?)." >&2; exit 1; }

for wheel in "$work"/wheels/*.whl; do
  "$python" -m zipfile -e "$wheel" "$work/unpacked"
done
# Renames within one folder, so a reader (or a second run) never sees half a file.
for name in "${extensions[@]}"; do
  file="$work/unpacked/duckdb_ext/extensions/$version/$platform/$name.duckdb_extension"
  [ -f "$file" ] || { echo "Cannot find $name.duckdb_extension for $version/$platform in the wheels." >&2; exit 1; }
  mv "$file" "$target/.$name.duckdb_extension.tmp"
  mv "$target/.$name.duckdb_extension.tmp" "$target/$name.duckdb_extension"
done
echo "$want" > "$work/stamp" && mv "$work/stamp" "$stamp"
echo "DuckDB extensions ready in $target" >&2
