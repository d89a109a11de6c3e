# Sourced by scripts/airflow-local.sh and scripts/flink-cluster.sh: pid files that name one process
# for good. A pid file holds "PID START", START the process's start time in clock ticks since boot
# (field 22 of /proc/PID/stat, counted after the command name, which may hold spaces); a pid that
# the system gave to another process since no longer matches it.

# start_time PID: the start time of a running process.
start_time() {
  [ -r "/proc/$1/stat" ] || return 1
  sed -E 's/^.*\) //' "/proc/$1/stat" | cut -d' ' -f20
}

# record_pid FILE PID: writes the pid file of a process just started.
record_pid() {
  echo "$2 $(start_time "$2")" > "$1"
}

# live_pid FILE: the pid the file names if that very process still runs, else nothing.
live_pid() {
  local file="$1" pid started
  [ -f "$file" ] || return 0
  read -r pid started < "$file" || return 0
  [ "$(start_time "$pid" 2>/dev/null)" = "$started" ] && echo "$pid"
  return 0
}
