#!/usr/bin/env bash
# Profiles one `bookslake run` on a fresh sandbox with async-profiler (CPU time of every thread, the
# JIT's and the collector's included, every 2 ms), and prints where it went: samples per thread, and
# the frames most often on the stack of the threads PROFILE_THREADS matches.
#   scripts/profile-run.sh                                  # 1,000 books, --until silver
#   PROFILE_BOOKS=10000 PROFILE_UNTIL=bronze PROFILE_THREADS=direct-runner scripts/profile-run.sh
# JFR is no substitute here: under it the JVM loaded the run's classes from the jar again instead of
# the AOT cache (docs/benchmarks.md, 2026-12-06 night). The profiler comes from Maven Central
# (tools.profiler:async-profiler, pinned below), checked against its pinned SHA-256. Linux x64 only.
set -euo pipefail
cd "$(dirname "$0")/.."
books=${PROFILE_BOOKS:-1000}
until=${PROFILE_UNTIL:-silver}
threads=${PROFILE_THREADS:-}
frames=${PROFILE_FRAMES:-60}
port=${PROFILE_PORT:-8775}
out=${PROFILE_OUT:-build/profile}
version=4.6
sha256=5299f13e7eeb7187e39d0c61552f03ecc2441045d95ae3734104ccff3ad8dc94

[ "$(uname -sm)" = "Linux x86_64" ] || { echo "Cannot profile on $(uname -sm): linux-x64 only" >&2; exit 2; }
home="build/async-profiler-$version"
if [ ! -f "$home/linux-x64/libasyncProfiler.so" ]; then
  mkdir -p "$home"
  scripts/mvn -q -B dependency:copy "-Dartifact=tools.profiler:async-profiler:$version:jar:linux-x64" \
    "-DoutputDirectory=$home" >&2
  jar="$home/async-profiler-$version-linux-x64.jar"
  echo "$sha256  $jar" | sha256sum -c --quiet - \
    || { echo "Cannot use $jar: its SHA-256 is not the pinned one" >&2; exit 1; }
  (cd "$home" && unzip -qo "async-profiler-$version-linux-x64.jar" 'linux-x64/*')
fi
agent="$PWD/$home/linux-x64/libasyncProfiler.so"

mkdir -p "$out"
./bookslake sandbox --port "$port" --books "$books" > "$out/sandbox.log" 2>&1 &
sandbox=$!
trap 'kill "$sandbox" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://127.0.0.1:$port/robots.txt" 2>/dev/null && break; sleep 1; done

# GNU time, for peak RSS (bash's own `time` keyword has no -f).
scripts/debian-packages.sh /usr/bin/time:time
args=(run --source "http://127.0.0.1:$port/" --lake "$out/lake" --run-date 2026-01-01 --until "$until"
  --max-concurrency 32)
# Untimed first: it writes the launcher's AOT cache if the jar is new, and warms the sandbox.
rm -rf "$out/lake"
./bookslake "${args[@]}" > "$out/warmup.log" 2>&1
rm -rf "$out/lake"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
collapsed="$out/run-$books-$until-$stamp.collapsed"
BOOKSLAKE_JAVA_OPTS="${BOOKSLAKE_JAVA_OPTS:-} -agentpath:$agent=start,event=cpu,interval=2ms,threads,collapsed,file=$collapsed" \
  /usr/bin/time -f "%e s wall, %U s user, %S s system, %M KB peak" -o "$out/time.txt" \
  ./bookslake "${args[@]}" > "$out/run.log" 2>&1
echo "Profiled: ./bookslake run --until $until, $books books: $(cat "$out/time.txt")"
echo "Stacks: $collapsed"

python3 - "$collapsed" "$threads" "$frames" <<'EOF'
import collections, re, sys

path, pattern, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
per_thread = collections.Counter()
inclusive = collections.Counter()
total = chosen = 0
for line in open(path):
    stack, count = line.rstrip().rsplit(" ", 1)
    count = int(count)
    frames = stack.split(";")
    # The first frame is the thread ("[name tid=N]"); numbered pools count as one thread.
    thread = re.sub(r" tid=\d+\]$", "]", frames[0])
    thread = re.sub(r"-\d+(\]|$)", r"-N\1", thread)
    per_thread[thread] += count
    total += count
    if pattern and not re.search(pattern, frames[0]):
        continue
    chosen += count
    for frame in set(frames[1:]):
        inclusive[frame] += count
print(f"\nCPU samples (2 ms each): {total}\n\nper thread:")
for thread, count in per_thread.most_common(15):
    print(f"{count:7d} {100 * count / total:5.1f} %  {thread}")
print(f"\nframes most often on the stack of {pattern or 'every thread'} ({chosen} samples):")
for frame, count in inclusive.most_common(limit):
    print(f"{count:7d} {100 * count / chosen:5.1f} %  {frame[:140]}")
EOF
