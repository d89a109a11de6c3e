#!/usr/bin/env bash
# A Flink 1.19 standalone session cluster on this machine, for `./bookslake cluster`: one
# JobManager (StandaloneSessionClusterEntrypoint) and N TaskManagers (TaskManagerRunner), each its
# own JVM, started from Flink's own entry points in the bookslake cli jar (it holds flink-runtime,
# flink-clients and flink-rpc-akka from Maven Central; the flink-dist tarball is not needed).
#
#   ./bookslake cluster start [--taskmanagers 2] [--slots 2] [--port 8081] [--rpc-port 6123] [--home DIR]
#   ./bookslake cluster status [--home DIR]
#   ./bookslake cluster stop [--home DIR]
#
# Jobs go to it with `--runner FlinkRunner --flink-master 127.0.0.1:PORT`. The TaskManagers load
# classes parent-first from the same jar as the job, so the job's own copy is never a second,
# conflicting one. Files (default build/flink-cluster/): conf/config.yaml, log/<process>.log,
# run/<process>.pid (pid and start time: stop signals exactly what start started).
set -euo pipefail
root="${BOOKSLAKE_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

usage() {
  echo "usage: bookslake cluster start [--taskmanagers N] [--slots S] [--port P] [--rpc-port R] [--home DIR] | status [--home DIR] | stop [--home DIR]" >&2
  exit 2
}

command="${1:-}"
[ -n "$command" ] || usage
shift
taskmanagers=2 slots=2 port=8081 rpc_port=6123
home="${BOOKSLAKE_FLINK_HOME:-$root/build/flink-cluster}"
while [ $# -gt 0 ]; do
  case "$1" in
    --taskmanagers) taskmanagers="${2:?--taskmanagers needs a value}"; shift 2 ;;
    --slots) slots="${2:?--slots needs a value}"; shift 2 ;;
    --port) port="${2:?--port needs a value}"; shift 2 ;;
    --rpc-port) rpc_port="${2:?--rpc-port needs a value}"; shift 2 ;;
    --home) home="${2:?--home needs a value}"; shift 2 ;;
    -h | --help) usage ;;
    *) echo "Cannot use argument: $1" >&2; usage ;;
  esac
done
for n in "$taskmanagers" "$slots" "$port" "$rpc_port"; do
  case "$n" in '' | *[!0-9]* | 0) echo "Cannot use a count or port of: $n" >&2; exit 2 ;; esac
done
mkdir -p "$home"
home="$(cd "$home" && pwd)"
run="$home/run"

# shellcheck source=lib/pids.sh
source "$root/scripts/lib/pids.sh"

# The pid of a process this script started and that still runs, or nothing.
process_pid() {
  live_pid "$run/$1.pid"
}

processes() {
  [ -d "$run" ] || return 0
  find "$run" -name '*.pid' -printf '%f\n' | sed 's/\.pid$//' | sort
}

rest_url() {
  sed -n 's/^rest.port: //p' "$home/conf/config.yaml" 2>/dev/null | sed 's|^|http://127.0.0.1:|'
}

stop_all() {
  local p pid
  for p in $(processes); do
    pid="$(process_pid "$p")"
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done
  for p in $(processes); do
    for _ in $(seq 1 60); do
      [ -n "$(process_pid "$p")" ] || break
      sleep 0.5
    done
    pid="$(process_pid "$p")"
    if [ -n "$pid" ]; then
      echo "Flink $p (pid $pid) did not stop in 30 s: killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$run/$p.pid"
  done
}

case "$command" in
  stop) stop_all; echo "Flink cluster in $home stopped" ;;
  status)
    down=0
    echo "Flink cluster home: $home"
    for p in $(processes); do
      pid="$(process_pid "$p")"
      if [ -n "$pid" ]; then echo "$p: running (pid $pid)"; else echo "$p: stopped"; down=1; fi
    done
    [ -n "$(processes)" ] || { echo "not started"; down=1; }
    url="$(rest_url)"
    if [ "$down" = 0 ] && [ -n "$url" ]; then
      echo "REST: $url"
      echo "overview: $(curl -sf --max-time 5 "$url/overview" || echo unreachable)"
    fi
    exit "$down"
    ;;
  start)
    for p in $(processes); do
      if [ -n "$(process_pid "$p")" ]; then
        echo "Cannot start a Flink cluster: its $p already runs from $home (./bookslake cluster stop --home $home)" >&2
        exit 1
      fi
    done
    for p in "$port" "$rpc_port"; do
      if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        echo "Cannot start a Flink cluster: port $p is taken (choose others with --port, --rpc-port)" >&2
        exit 1
      fi
    done
    jar="$root/cli/target/bookslake-cli-0.1.0-SNAPSHOT-all.jar"
    [ -f "$jar" ] || { echo "Cannot start a Flink cluster: build the cli jar first (make build)" >&2; exit 1; }
    java="$("$root/scripts/java-home.sh")/bin/java"
    rm -rf "$run" "$home/log" "$home/conf"
    mkdir -p "$run" "$home/log" "$home/conf" "$home/tmp"
    # Every memory option is given: TaskManagerRunner started directly (not through flink-dist's
    # scripts) derives nothing from the JVM it runs in.
    cat > "$home/conf/config.yaml" <<YAML
jobmanager.rpc.address: 127.0.0.1
jobmanager.bind-host: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.memory.process.size: 1024m
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $port
blob.server.port: 0
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.rpc.port: 0
taskmanager.data.port: 0
taskmanager.numberOfTaskSlots: $slots
taskmanager.cpu.cores: $slots
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.task.heap.size: 1024m
taskmanager.memory.managed.size: 128m
taskmanager.memory.network.min: 256m
taskmanager.memory.network.max: 256m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.task.off-heap.size: 256m
taskmanager.memory.jvm-metaspace.size: 384m
taskmanager.memory.jvm-overhead.min: 192m
taskmanager.memory.jvm-overhead.max: 192m
classloader.resolve-order: parent-first
parallelism.default: $((taskmanagers * slots))
io.tmp.dirs: $home/tmp
security.delegation.tokens.enabled: false
YAML
    # The launcher's JVM flags: --sun-misc-unsafe-memory-access exists from JDK 24 only.
    major=$("$java" -XshowSettings:properties -version 2>&1 \
      | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1)
    flags=(--enable-native-access=ALL-UNNAMED)
    [ "$major" -ge 24 ] && flags+=(--sun-misc-unsafe-memory-access=allow)
    launch() {
      local name="$1" heap="$2" main="$3"
      setsid "$java" "${flags[@]}" "$heap" -cp "$jar" "$main" --configDir "$home/conf" \
        > "$home/log/$name.log" 2>&1 < /dev/null &
      record_pid "$run/$name.pid" $!
    }
    trap 'echo "Cannot start the Flink cluster: stopping what started (logs in $home/log)" >&2; stop_all' ERR
    launch jobmanager -Xmx768m org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
    for i in $(seq 1 "$taskmanagers"); do
      launch "taskmanager-$i" -Xmx1200m org.apache.flink.runtime.taskexecutor.TaskManagerRunner
    done
    # Ready when the REST API counts every TaskManager and slot.
    deadline=$((SECONDS + 120))
    until curl -sf --max-time 2 "http://127.0.0.1:$port/overview" 2>/dev/null \
        | grep -q "\"taskmanagers\":$taskmanagers,\"slots-total\":$((taskmanagers * slots))"; do
      for p in $(processes); do
        [ -n "$(process_pid "$p")" ] || { echo "Flink $p exited; its log:" >&2; tail -30 "$home/log/$p.log" >&2; false; }
      done
      [ "$SECONDS" -lt "$deadline" ] || { echo "Flink cluster not ready after 120 s" >&2; false; }
      sleep 1
    done
    trap - ERR
    echo "Flink cluster up: REST http://127.0.0.1:$port/ , $taskmanagers TaskManagers x $slots slots"
    echo "  submit with: --runner FlinkRunner --flink-master 127.0.0.1:$port ; stop with: ./bookslake cluster stop"
    ;;
  *) usage ;;
esac
