#!/usr/bin/env bash
# Builds and runs the spark-submit command for a sparkrl verb: $SPARK_HOME/bin/spark-submit when
# SPARK_HOME is set, otherwise org.apache.spark.deploy.SparkSubmit on the project's own classpath.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

MAIN_CLASS=io.sparkrl.jobs.cli.SparkRl

usage() {
  cat <<EOF
usage: submit/sparkrl-submit.sh [spark-submit options] [--ship-lib] [--dry-run] VERB [verb options]

e.g.   submit/sparkrl-submit.sh --master spark://host:7077 --executor-memory 2g \\
           rollout --env CartPole-v1 --policy random --episodes 1000 --partitions 16 --out hdfs:///sparkrl/runs/r1

Every option before VERB goes to spark-submit (--master, --deploy-mode, --conf K=V, --executor-memory,
--class, --jars, ...). The script adds --class $MAIN_CLASS, the Java 17 flags from
submit/conf/spark-defaults.conf as spark.driver/executor.extraJavaOptions (unless you pass those
keys yourself), and the jobs jar as the application jar.

  --ship-lib   also send the runtime jars (jobs/target/lib) with --jars, for clusters whose
               executors lack them (YARN, Kubernetes without a sparkrl image, a plain Spark
               standalone cluster); with SPARK_HOME set, only the jars its jars/ lacks
  --dry-run    print the command instead of running it

Without SPARK_HOME the driver runs in this machine's JVM (client mode) from the project's own
classpath; --driver-memory then sets its -Xmx.
EOF
}

SPARK_OPTIONS=()
USER_JARS=""
DRIVER_MEMORY=""
DRIVER_JAVA_OPTIONS_GIVEN=false
EXECUTOR_JAVA_OPTIONS_GIVEN=false
MAIN_CLASS_GIVEN=false
SHIP_LIB=false
DRY_RUN=false
while [[ $# -gt 0 && "$1" == -* ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --ship-lib) SHIP_LIB=true; shift; continue ;;
    --dry-run) DRY_RUN=true; shift; continue ;;
    --verbose | -v | --supervise) SPARK_OPTIONS+=("$1"); shift; continue ;;
    --*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}" ;;  # --opt=value as --opt value
  esac
  [[ $# -ge 2 ]] || die "option $1 needs a value: see submit/sparkrl-submit.sh --help"
  case "$1" in
    --jars) USER_JARS="$2"; shift 2; continue ;;  # merged with --ship-lib's jars below
    --driver-memory) DRIVER_MEMORY="$2" ;;
    --class) MAIN_CLASS_GIVEN=true ;;
    --conf)
      case "$2" in
        spark.driver.extraJavaOptions=*) DRIVER_JAVA_OPTIONS_GIVEN=true ;;
        spark.executor.extraJavaOptions=*) EXECUTOR_JAVA_OPTIONS_GIVEN=true ;;
      esac ;;
  esac
  SPARK_OPTIONS+=("$1" "$2")
  shift 2
done
[[ $# -gt 0 ]] || die "no sparkrl verb given (e.g. rollout): see submit/sparkrl-submit.sh --help"

require_build
FLAGS="$(java17_flags)"
$MAIN_CLASS_GIVEN || SPARK_OPTIONS+=(--class "$MAIN_CLASS")
$DRIVER_JAVA_OPTIONS_GIVEN || SPARK_OPTIONS+=(--conf "spark.driver.extraJavaOptions=$FLAGS")
$EXECUTOR_JAVA_OPTIONS_GIVEN || SPARK_OPTIONS+=(--conf "spark.executor.extraJavaOptions=$FLAGS")

# Prints the runtime jars the cluster's executors need, comma-separated.
lib_jars_to_ship() {
  local jar
  for jar in "$(cd "$LIB_DIR" && pwd)"/*.jar; do
    # A Spark distribution already has its own jars (same file name, same version) on every executor.
    [[ -n "${SPARK_HOME:-}" && -e "$SPARK_HOME/jars/${jar##*/}" ]] && continue
    printf '%s,' "$jar"
  done
}

JARS="$USER_JARS"
if $SHIP_LIB; then
  SHIPPED="$(lib_jars_to_ship)"
  JARS="${JARS:+$JARS,}${SHIPPED%,}"
fi
[[ -z "$JARS" ]] || SPARK_OPTIONS+=(--jars "$JARS")

if [[ -n "${SPARK_HOME:-}" ]]; then
  [[ -x "$SPARK_HOME/bin/spark-submit" ]] \
    || die "SPARK_HOME=$SPARK_HOME has no bin/spark-submit: point it at a Spark 3.5.x (Scala 2.12) distribution, or unset it to use the project's own classpath"
  COMMAND=("$SPARK_HOME/bin/spark-submit")
else
  require_java
  # This JVM hosts the driver (client mode), so it needs the Java 17 flags on its own command line.
  # shellcheck disable=SC2206  # the flags are separate words by design
  COMMAND=("$JAVA" $FLAGS ${DRIVER_MEMORY:+"-Xmx$DRIVER_MEMORY"} -cp "$(project_classpath)" org.apache.spark.deploy.SparkSubmit)
fi
COMMAND+=("${SPARK_OPTIONS[@]}" "$JOBS_JAR" "$@")

if $DRY_RUN; then
  printf '%q ' "${COMMAND[@]}"
  echo
else
  exec "${COMMAND[@]}"
fi
