#!/usr/bin/env bash
# Makes sure programs from Debian packages are on this machine, installing the packages that
# provide the missing ones (apt-get, as root or through sudo), and prints nothing else.
#   scripts/debian-packages.sh PROGRAM:PACKAGE...
#   scripts/debian-packages.sh promtool:prometheus chromium:chromium chromedriver:chromium-driver
# Not pinned to a version: Debian's mirrors keep only a release's current version of a package
# (a security update replaces it), so a pinned version would stop installing. The versions the
# tests last ran with are in docs/operations.md.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: debian-packages.sh PROGRAM:PACKAGE..." >&2; exit 2; }

missing=()
for pair in "$@"; do
  program="${pair%%:*}"
  package="${pair#*:}"
  if ! command -v "$program" >/dev/null 2>&1; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -gt 0 ] || exit 0

if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "Cannot install Debian packages ${missing[*]}: not root and no password-less sudo;" \
    "install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Cannot install Debian packages ${missing[*]}: apt-get is not on this machine;" \
    "install the programs of $* another way" >&2
  exit 1
fi

echo "Installing Debian packages ${missing[*]} ..." >&2
start=$SECONDS
export DEBIAN_FRONTEND=noninteractive
# A fresh machine's package lists may be empty or stale; an install then cannot find the package.
"${as_root[@]}" apt-get update -qq >&2
# No daemon is wanted from a package installed for its tools (prometheus would start a server):
# policy-rc.d answers 101 ("not allowed") to the package's service start, for this install only.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod 755 "$policy"
  made_policy=1
fi
status=0
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || status=$?
[ "$made_policy" = 0 ] || "${as_root[@]}" rm -f "$policy"
if [ "$status" != 0 ]; then
  echo "Cannot install Debian packages ${missing[*]}: apt-get exited with $status" >&2
  exit 1
fi
for pair in "$@"; do
  program="${pair%%:*}"
  command -v "$program" >/dev/null 2>&1 || {
    echo "Cannot find $program after installing ${pair#*:}" >&2
    exit 1
  }
done
echo "Installed in $((SECONDS - start)) s" >&2
