#!/usr/bin/env bash
# Memory of the API under 10,000 distinct spellings of large pages (CacheMemoryBenchmark): the
# real server in one JVM over a fixture lake, 100-book pages asked for as page=007&size=0100 and
# the like, heap after a full GC and RSS printed as the requests go. Not a test: figures only.
#   scripts/bench-cache-memory.sh                       # 10,000 books, 10,000 spellings, -Xmx2g
#   BENCH_BOOKS=1000 BENCH_REQUESTS=20000 BENCH_JAVA_OPTS=-Xmx1g scripts/bench-cache-memory.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
BOOKS="${BENCH_BOOKS:-10000}"
REQUESTS="${BENCH_REQUESTS:-10000}"
OUT="$here/bench-out/cache"
LAKE="$OUT/lake-$BOOKS"
mkdir -p "$OUT"
if [ -z "${BOOKSLAKE_NO_BUILD:-}" ]; then
  echo "Building serving and its tests..." >&2
  scripts/mvn -q -B -pl serving -am package -DskipTests >&2
fi
scripts/mvn -q -B -o -pl serving -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$OUT/cp.txt" >&2
JAVA_HOME="$(scripts/java-home.sh)"
JAVA="$JAVA_HOME/bin/java"
major=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1)
flags=(--enable-native-access=ALL-UNNAMED)
[ "$major" -ge 24 ] && flags+=(--sun-misc-unsafe-memory-access=allow)
cat > "$OUT/logging.properties" <<PROPS
handlers=java.util.logging.FileHandler
java.util.logging.FileHandler.pattern=$OUT/server-%u.log
java.util.logging.FileHandler.formatter=java.util.logging.SimpleFormatter
.level=INFO
io.helidon.level=WARNING
bookslake.access.level=WARNING
PROPS
# shellcheck disable=SC2086
"$JAVA" "${flags[@]}" -Djava.util.logging.config.file="$OUT/logging.properties" ${BENCH_JAVA_OPTS:--Xmx2g} \
  -cp "serving/target/test-classes:serving/target/classes:$(cat "$OUT/cp.txt")" \
  dev.bookslake.serving.CacheMemoryBenchmark "$LAKE" "$BOOKS" "$REQUESTS"
