#!/usr/bin/env bash
# A real Spark standalone cluster (one Master JVM, one or more Worker JVMs) on 127.0.0.1, from the
# project's own jars: no Spark distribution needed. Used by users to try sparkrl on a cluster
# and by jobs/src/test/.../StandaloneClusterIT.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<EOF
usage: submit/local-cluster.sh start  [--state-dir DIR] [--workers N] [--cores N] [--memory SIZE] [--timeout SECONDS] [--owner-pid PID] [--spark-jars-only]
       submit/local-cluster.sh stop   [--state-dir DIR]
       submit/local-cluster.sh status [--state-dir DIR]

start   starts a Master and N Workers on free 127.0.0.1 ports, waits until every worker is registered,
        and prints the cluster's state (master_url=spark://127.0.0.1:PORT, master_webui=..., pids).
stop    stops the JVMs (TERM, then KILL after 15 s); logs stay in the state dir.
status  prints the state; exits 0 if the master and every worker are running, 3 if not.

  --state-dir DIR     pids, ports, logs/ and the workers' work/workerI/ dirs (default: <repo>/target/local-cluster)
  --workers N         worker JVMs to start (default 1): worker I logs to logs/workerI.log, runs its
                      executors in work/workerI/APP/EXECUTOR/ and has its pid as workerI_pid
  --cores N           cores each worker offers (default 2)
  --memory SIZE       memory each worker offers to executors (default 2g)
  --timeout SECONDS   how long start waits for master and worker (default 60)
  --owner-pid PID     stop the cluster by itself once process PID has exited (for tests)
  --spark-jars-only   executors get only the jars a Spark distribution ships (cluster-jar/target/spark-*.classpath),
                      not sparkrl's: as on a plain Spark cluster, submit with sparkrl-submit.sh --cluster-jar

Submit to it with:
  submit/sparkrl-submit.sh --master <master_url> --conf spark.driver.host=127.0.0.1 \\
      --conf spark.driver.bindAddress=127.0.0.1 --executor-memory 1g rollout ...
EOF
}

# Marks the JVMs of one cluster on their command line, so stop never signals a reused pid.
marker() {
  echo "-Dsparkrl.local-cluster=$STATE_DIR"
}

is_running() {  # pid
  [[ -n "$1" ]] && ps -p "$1" -o args= 2>/dev/null | grep -qF -- "$(marker)"
}

# Whether a daemon this script has just started is alive. Right after the fork its command line is still this
# script's (no marker until java is exec'd), so is_running would call a starting daemon dead.
is_alive_child() {  # pid
  local stat
  stat="$(ps -p "$1" -o stat= 2>/dev/null)" && [[ -n "$stat" && "$stat" != Z* ]]
}

state_get() {  # key
  [[ -f "$STATE_FILE" ]] && sed -n "s/^$1=//p" "$STATE_FILE" || true
}

state_put() {  # key value
  echo "$1=$2" >> "$STATE_FILE"
}

# Starts one Spark daemon JVM in the background, logging to logs/NAME.log; sets DAEMON_PID.
start_daemon() {  # name main-class args...
  local name="$1" main="$2"
  shift 2
  : > "$STATE_DIR/logs/$name.log"  # exists before the first poll reads it
  # shellcheck disable=SC2086  # the flags are separate words by design
  SPARK_HOME="$STATE_DIR/spark-home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1 \
    "$JAVA" "$(marker)" $JAVA17_FLAGS -Xmx512m -Dlog4j2.configurationFile="$SUBMIT_DIR/conf/log4j2-daemons.properties" -cp "$(project_classpath)" "$main" "$@" \
    > "$STATE_DIR/logs/$name.log" 2>&1 < /dev/null &
  DAEMON_PID=$!
}

# Waits until the daemon's log has a line matching the sed pattern; prints its first group.
await_log() {  # name pid sed-pattern what
  local name="$1" pid="$2" pattern="$3" what="$4" log="$STATE_DIR/logs/$1.log" value deadline=$((SECONDS + TIMEOUT))
  while (( SECONDS < deadline )); do
    value="$(sed -n "s/$pattern/\1/p" "$log" | head -n 1)"
    if [[ -n "$value" ]]; then echo "$value"; return; fi
    is_alive_child "$pid" || die "the $name exited while starting: see $log ($(grep -m 1 -E 'ERROR|Exception' "$log" || tail -n 1 "$log"))"
    sleep 0.5
  done
  die "the $name did not report its $what within ${TIMEOUT}s: see $log, or raise --timeout"
}

await_workers_registered() {  # webui
  local json i alive deadline=$((SECONDS + TIMEOUT))
  while (( SECONDS < deadline )); do
    json="$(curl -sf --max-time 2 "$1/json/" || true)"
    alive="$(sed -n 's/.*"aliveworkers" *: *\([0-9]*\).*/\1/p' <<< "$json" | head -n 1)"
    if (( ${alive:-0} >= WORKERS )); then return; fi
    for ((i = 1; i <= WORKERS; i++)); do
      is_alive_child "$(state_get worker${i}_pid)" || die "worker $i exited while registering: see $STATE_DIR/logs/worker$i.log"
    done
    sleep 0.5
  done
  die "${alive:-0} of $WORKERS workers registered with the master at $1 within ${TIMEOUT}s: see $STATE_DIR/logs/worker*.log and master.log, or raise --timeout"
}

# The daemons of the cluster in the state file, workers first (the order stop ends them in).
daemon_names() {
  local i n
  n="$(state_get workers)"
  for ((i = ${n:-0}; i >= 1; i--)); do echo "worker$i"; done
  echo worker  # a state file written before --workers existed
  echo master
}

start_watchdog() {  # owner-pid
  local owner="$1"
  kill -0 "$owner" 2>/dev/null || die "--owner-pid $owner is not a running process"
  # A zombie (exited, not yet reaped by its parent) counts as gone.
  ( while ps -p "$owner" -o stat= | grep -qv '^Z'; do sleep 2; done
    exec "$SUBMIT_DIR/local-cluster.sh" stop --state-dir "$STATE_DIR" ) > "$STATE_DIR/logs/watchdog.log" 2>&1 < /dev/null &
  state_put watchdog_pid $!
}

start() {
  require_build
  require_java
  JAVA17_FLAGS="$(java17_flags)"
  command -v curl > /dev/null || die "curl not found: install curl (start polls the master's web UI with it)"
  local name
  for name in $(daemon_names); do
    is_running "$(state_get ${name}_pid)" || continue
    die "a local cluster is already running from $STATE_DIR ($(state_get master_url)): stop it with submit/local-cluster.sh stop --state-dir $STATE_DIR"
  done
  rm -rf "$STATE_DIR/spark-home" "$STATE_FILE"
  mkdir -p "$STATE_DIR/spark-home/jars" "$STATE_DIR/logs" "$STATE_DIR/work"
  # The worker builds executor command lines from $SPARK_HOME/jars/*: link the runtime classpath
  # there. The jobs jar itself is left out: spark-submit ships the application jar, as on any cluster.
  if $SPARK_JARS_ONLY; then
    local spark_only
    spark_only="$(spark_jars)"
    # shellcheck disable=SC2086  # one path a line, no spaces (Maven file names)
    ln -s $spark_only "$STATE_DIR/spark-home/jars/"
  else
    ln -s "$(cd "$LIB_DIR" && pwd)"/*.jar "$STATE_DIR/spark-home/jars/"
  fi
  # A caller's Spark configuration must not leak into the daemons (they would read its spark-defaults.conf).
  unset SPARK_CONF_DIR

  # If start fails half-way, leave nothing running.
  trap stop EXIT
  state_put workers "$WORKERS"
  state_put spark_jars_only "$SPARK_JARS_ONLY"
  # Port 0: the OS picks free ports; the logs say which, with no window for another process to take them.
  start_daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 0 --webui-port 0
  state_put master_pid "$DAEMON_PID"
  local master_url webui_port webui
  master_url="$(await_log master "$DAEMON_PID" '.*Starting Spark master at \(spark:[^ ]*\).*' 'URL')"
  webui_port="$(await_log master "$DAEMON_PID" ".*Successfully started service 'MasterUI' on port \([0-9]*\).*" 'web UI port')"
  webui="http://127.0.0.1:$webui_port"
  state_put master_url "$master_url"
  state_put master_webui "$webui"

  local i
  for ((i = 1; i <= WORKERS; i++)); do
    mkdir -p "$STATE_DIR/work/worker$i"
    start_daemon "worker$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
      --cores "$CORES" --memory "$MEMORY" --work-dir "$STATE_DIR/work/worker$i" "$master_url"
    state_put "worker${i}_pid" "$DAEMON_PID"
  done
  await_workers_registered "$webui"
  if [[ -n "$OWNER_PID" ]]; then start_watchdog "$OWNER_PID"; fi
  trap - EXIT
  cat "$STATE_FILE"
}

stop() {
  local pid name waited
  # The watchdog ends by exec'ing stop: then the watchdog is this very process.
  pid="$(state_get watchdog_pid)"
  if [[ -n "$pid" && "$pid" != "$$" ]]; then kill "$pid" 2>/dev/null || true; fi
  for name in $(daemon_names); do
    pid="$(state_get ${name}_pid)"
    is_running "$pid" || continue
    kill "$pid" 2>/dev/null || true
    for ((waited = 0; waited < 30; waited++)); do is_running "$pid" || break; sleep 0.5; done
    if is_running "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
  done
  rm -f "$STATE_FILE"
}

status() {
  [[ -f "$STATE_FILE" ]] || { echo "no local cluster in $STATE_DIR: start one with submit/local-cluster.sh start"; exit 3; }
  cat "$STATE_FILE"
  local running=0 name
  for name in $(daemon_names); do
    [[ -n "$(state_get ${name}_pid)" ]] || continue
    if is_running "$(state_get ${name}_pid)"; then echo "$name=running"; else echo "$name=stopped"; running=3; fi
  done
  exit "$running"
}

COMMAND="${1:-}"
[[ $# -gt 0 ]] && shift
STATE_DIR="$REPO_DIR/target/local-cluster"
WORKERS=1
CORES=2
MEMORY=2g
TIMEOUT=60
OWNER_PID=""
SPARK_JARS_ONLY=false
while [[ $# -gt 0 ]]; do
  if [[ "$1" == --spark-jars-only ]]; then SPARK_JARS_ONLY=true; shift; continue; fi
  [[ $# -ge 2 ]] || die "option $1 needs a value: see submit/local-cluster.sh --help"
  case "$1" in
    --state-dir) STATE_DIR="$2" ;;
    --workers) WORKERS="$2" ;;
    --cores) CORES="$2" ;;
    --memory) MEMORY="$2" ;;
    --timeout) TIMEOUT="$2" ;;
    --owner-pid) OWNER_PID="$2" ;;
    *) die "unknown option $1: see submit/local-cluster.sh --help" ;;
  esac
  shift 2
done
mkdir -p "$STATE_DIR"
STATE_DIR="$(cd "$STATE_DIR" && pwd)"
STATE_FILE="$STATE_DIR/cluster.properties"
[[ "$WORKERS" =~ ^[1-9][0-9]*$ ]] || die "--workers must be a positive number, got '$WORKERS'"

case "$COMMAND" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  -h | --help | help) usage ;;
  "") usage >&2; exit 1 ;;
  *) die "unknown command '${COMMAND}': use start, stop or status (see submit/local-cluster.sh --help)" ;;
esac
