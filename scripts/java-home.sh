#!/usr/bin/env bash
# Prints the home of a JDK >= 21 for bookslake: $JAVA_HOME when it is new enough, else the
# newest JDK under /usr/lib/jvm (or $BOOKSLAKE_JVM_DIRS). Exits 1 with a clear message if none.
set -euo pipefail

major_of() {
  local java="$1/bin/java"
  [ -x "$java" ] || { echo 0; return; }
  "$java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

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
