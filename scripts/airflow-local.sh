#!/usr/bin/env bash
# A real Airflow on this machine, running the DAGs of airflow_dags/: API server, scheduler
# (LocalExecutor) and DAG processor as separate processes of the project's pinned virtualenv, with
# their own AIRFLOW_HOME (default build/airflow-local) and a sqlite metadata DB migrated here.
#
#   scripts/airflow-local.sh start [--port 8090] [--home DIR]   # prints the URL and admin password
#   scripts/airflow-local.sh status [--home DIR]
#   scripts/airflow-local.sh stop [--home DIR]
#
# The bookslake settings the DAGs read (lake, source, runner, Flink master) come from the caller's
# AIRFLOW_VAR_BOOKSLAKE_* variables at start, and bookslake's Airflow configuration from its
# AIRFLOW__BOOKSLAKE__* ones (retry_delay); they are kept in <home>/airflow.env with the rest of
# the configuration, so that `source <home>/airflow.env` gives a shell the same Airflow (for the
# `airflow` CLI). `stop` ends exactly the process groups `start` recorded in <home>/run/*.pid
# (each pid checked against its start time), and nothing else. Layout: docs/orchestration.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
components=(api-server scheduler dag-processor)

usage() {
  echo "usage: $0 start [--port P] [--home DIR] | status [--home DIR] | stop [--home DIR]" >&2
  exit 2
}

command="${1:-}"
[ -n "$command" ] || usage
shift
port=8090  # 8080 is bookslake serve's, 8081 Flink's REST port
home="${BOOKSLAKE_AIRFLOW_HOME:-$root/build/airflow-local}"
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="${2:?--port needs a value}"; shift 2 ;;
    --home) home="${2:?--home needs a value}"; shift 2 ;;
    *) echo "Cannot use argument: $1" >&2; usage ;;
  esac
done
case "$port" in '' | *[!0-9]*) echo "Cannot use port: $port" >&2; exit 2 ;; esac
mkdir -p "$home"
home="$(cd "$home" && pwd)"
run="$home/run"
logs="$home/logs"

# shellcheck source=lib/pids.sh
source "$root/scripts/lib/pids.sh"

# The pid of a component this script started and that still runs, or nothing.
component_pid() {
  live_pid "$run/$1.pid"
}

setting() {
  sed -n "s/^export $1=//p" "$home/airflow.env" 2>/dev/null | tail -1 | sed -E "s/^'(.*)'$/\1/"
}

password() {
  local file="$home/simple_auth_manager_passwords.json.generated"
  [ -f "$file" ] && "$venv/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["admin"])' "$file"
}

stop_all() {
  local c pid
  for c in "${components[@]}"; do
    pid="$(component_pid "$c")"
    # setsid made each component the leader of its own process group: the group is the component
    # and the workers and task processes it forked.
    [ -n "$pid" ] && kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for c in "${components[@]}"; do
    pid="$(component_pid "$c")"
    if [ -n "$pid" ]; then
      for _ in $(seq 1 60); do
        [ -n "$(component_pid "$c")" ] || break
        sleep 0.5
      done
      if [ -n "$(component_pid "$c")" ]; then
        echo "Airflow $c (pid $pid) did not stop in 30 s: killing it" >&2
        kill -KILL -- "-$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$run/$c.pid"
  done
}

status() {
  local c pid down=0 url
  url="$(setting AIRFLOW_LOCAL_URL)"
  echo "Airflow home: $home"
  [ -n "$url" ] && echo "URL: $url"
  for c in "${components[@]}"; do
    pid="$(component_pid "$c")"
    if [ -n "$pid" ]; then echo "$c: running (pid $pid)"; else echo "$c: stopped"; down=1; fi
  done
  if [ "$down" = 0 ] && [ -n "$url" ]; then
    echo "health: $(curl -sf --max-time 5 "${url}api/v2/monitor/health" || echo unreachable)"
  fi
  return "$down"
}

case "$command" in
  stop) stop_all; echo "Airflow in $home stopped" ;;
  status) status ;;
  start)
    for c in "${components[@]}"; do
      if [ -n "$(component_pid "$c")" ]; then
        echo "Cannot start Airflow: its $c already runs from $home (scripts/airflow-local.sh stop --home $home)" >&2
        exit 1
      fi
    done
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "Cannot start Airflow: port $port is taken (choose another with --port)" >&2
      exit 1
    fi
    venv="$("$root/scripts/pinned-venv.sh" "${BOOKSLAKE_AIRFLOW_VENV:-$root/build/airflow-venv}" \
      "$root/airflow_dags/requirements.txt" airflow)"
    mkdir -p "$run" "$logs"
    # Secrets shared by the three processes (the API server checks the tokens the scheduler gives
    # tasks), made once per home and readable by its owner only.
    if [ ! -f "$home/secrets.env" ]; then
      (umask 077 && "$venv/bin/python" - > "$home/secrets.env" <<'PY'
import secrets
print(f"export AIRFLOW__API_AUTH__JWT_SECRET='{secrets.token_urlsafe(48)}'")
print(f"export AIRFLOW__API__SECRET_KEY='{secrets.token_urlsafe(32)}'")
PY
      )
    fi
    log_port="$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    url="http://127.0.0.1:$port/"
    {
      echo "# Written by scripts/airflow-local.sh start; 'source' it to use the airflow CLI on this Airflow."
      printf 'export %s=%q\n' \
        AIRFLOW_HOME "$home" \
        PATH "$venv/bin:$PATH" \
        AIRFLOW_LOCAL_URL "$url" \
        AIRFLOW__CORE__DAGS_FOLDER "$root/airflow_dags" \
        AIRFLOW__CORE__LOAD_EXAMPLES False \
        AIRFLOW__CORE__EXECUTOR LocalExecutor \
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS admin:admin \
        AIRFLOW__CORE__EXECUTION_API_SERVER_URL "${url}execution/" \
        AIRFLOW__API__BASE_URL "$url" \
        AIRFLOW__API__HOST 127.0.0.1 \
        AIRFLOW__API__PORT "$port" \
        AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT "$log_port"
      for name in "${!AIRFLOW_VAR_BOOKSLAKE_@}" "${!AIRFLOW__BOOKSLAKE__@}"; do
        printf 'export %s=%q\n' "$name" "${!name}"
      done
      echo "source $(printf %q "$home/secrets.env")"
    } > "$home/airflow.env"
    # Nothing of the caller's Airflow configuration but what airflow.env sets.
    unset "${!AIRFLOW__@}" "${!AIRFLOW_VAR_@}" 2>/dev/null || true
    # shellcheck disable=SC1091
    source "$home/airflow.env"
    airflow db migrate > "$logs/migrate.log" 2>&1 \
      || { echo "Cannot migrate the Airflow DB: see $logs/migrate.log" >&2; tail -20 "$logs/migrate.log" >&2; exit 1; }
    trap 'echo "Cannot start Airflow: stopping what started (logs in $logs)" >&2; stop_all' ERR
    for c in "${components[@]}"; do
      case "$c" in
        api-server) args=(api-server --host 127.0.0.1 --port "$port") ;;
        *) args=("$c") ;;
      esac
      setsid airflow "${args[@]}" > "$logs/$c.log" 2>&1 < /dev/null &
      pid=$!
      record_pid "$run/$c.pid" "$pid"
    done
    dag_files="$(find "$root/airflow_dags" -maxdepth 1 -name 'bookslake_*.py' ! -name bookslake_common.py | wc -l)"
    # Ready when the API server answers, scheduler and DAG processor report healthy, and every DAG
    # file has been parsed into the DB (the DAG list, as the API shows it to the admin).
    if ! "$venv/bin/python" - "$url" "$home/simple_auth_manager_passwords.json.generated" "$dag_files" <<'PY'
import json, sys, time, urllib.request
url, passwords, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
deadline, last = time.monotonic() + 240, "no answer"
def get(path, token=None):
    request = urllib.request.Request(url + path, headers={"Authorization": f"Bearer {token}"} if token else {})
    with urllib.request.urlopen(request, timeout=5) as answer:
        return json.load(answer)
while time.monotonic() < deadline:
    try:
        health = get("api/v2/monitor/health")
        states = {k: health.get(k, {}).get("status") for k in ("metadatabase", "scheduler", "dag_processor")}
        last = f"health {states}"
        if set(states.values()) == {"healthy"}:
            password = json.load(open(passwords))["admin"]
            body = json.dumps({"username": "admin", "password": password}).encode()
            request = urllib.request.Request(url + "auth/token", data=body, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=5) as answer:
                token = json.load(answer)["access_token"]
            dags = get("api/v2/dags?limit=100", token)
            errors = get("api/v2/importErrors", token)
            if errors.get("total_entries"):
                sys.exit(f"Cannot load the DAGs: {json.dumps(errors['import_errors'])[:2000]}")
            last = f"{dags['total_entries']} of {want} DAGs parsed"
            if dags["total_entries"] >= want:
                sys.exit(0)
    except (OSError, ValueError, KeyError) as e:
        last = str(e)
    time.sleep(1)
sys.exit(f"Cannot see Airflow ready after 240 s: {last}")
PY
    then
      false
    fi
    trap - ERR
    echo "Airflow is up: $url (user admin, password $(password))"
    echo "  home $home, logs in $logs; stop with: scripts/airflow-local.sh stop --home $home"
    ;;
  *) usage ;;
esac
