#!/usr/bin/env bash
# Prints the home of a JDK >= 21 for bookslake: $JAVA_HOME when it is new enough, else the
# newest JDK under /usr/lib/jvm (or $BOOKSLAKE_JVM_DIRS). Exits 1 with a clear message if none.
#   scripts/java-home.sh --major DIR   # prints the feature release of the JDK in DIR (e.g. 25)
set -euo pipefail

# The feature release of a JDK: from its `release` file (every JDK since 9 has one; reading it
# costs nothing, where starting each JDK's java cost ~50 ms per JDK on every command), else by
# asking its java.
major_of() {
  local java="$1/bin/java" version
  [ -x "$java" ] || { echo 0; return; }
  version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true)
  if [ -n "$version" ]; then
    echo "$version"
    return
  fi
  "$java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

# `java-home.sh --major DIR`: the feature release of the JDK in DIR, for callers that pick flags by it.
if [ "${1:-}" = --major ]; then
  major_of "${2:?usage: java-home.sh --major JDK_DIR}"
  exit 0
fi

if [ -n "${JAVA_HOME:-}" ] && [ "$(major_of "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
  echo "$JAVA_HOME"
  exit 0
fi

best="" best_major=0
for dir in ${BOOKSLAKE_JVM_DIRS:-/usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/*}; do
  [ -d "$dir" ] || continue
  m=$(major_of "$dir")
  if [ "${m:-0}" -ge 21 ] 2>/dev/null && [ "$m" -gt "$best_major" ]; then
    best="$dir" best_major="$m"
  fi
done

if [ -z "$best" ]; then
  echo "Cannot find a JDK 21 or newer: set JAVA_HOME to one (looked in \$JAVA_HOME and /usr/lib/jvm)." >&2
  exit 1
fi
echo "$best"
