#!/usr/bin/env bash
# Builds and runs the spark-submit command for a sparkrl verb: $SPARK_HOME/bin/spark-submit when
# SPARK_HOME is set, otherwise org.apache.spark.deploy.SparkSubmit on the project's own classpath.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

MAIN_CLASS=io.sparkrl.jobs.cli.SparkRl

usage() {
  cat <<EOF
usage: submit/sparkrl-submit.sh [spark-submit options] [--ship-lib | --cluster-jar] [--app-jar URI] [--dry-run] VERB [verb options]

e.g.   submit/sparkrl-submit.sh --master spark://host:7077 --executor-memory 2g \\
           rollout --env CartPole-v1 --policy random --episodes 1000 --partitions 16 --out hdfs:///sparkrl/runs/r1

Every option before VERB goes to spark-submit (--master, --deploy-mode, --conf K=V,
--executor-memory, --class, --jars, ...). The script adds --class $MAIN_CLASS
(unless you pass --class) and the jobs jar as the application jar.

  --ship-lib     also send the runtime jars (jobs/target/lib) with --jars, for clusters whose
                 executors lack them (YARN, Kubernetes without a sparkrl image, a plain Spark
                 standalone cluster); with SPARK_HOME set, only the jars its jars/ lacks
  --cluster-jar  submit the cluster jar (cluster-jar/target/sparkrl-jobs-cluster.jar, or SPARKRL_CLUSTER_JAR):
                 sparkrl and all its dependencies except Spark's, for clusters whose executors have Spark's
                 jars only; without SPARK_HOME the submitting JVM gets Spark's jars only as well
  --app-jar URI  the application jar to submit instead of the built jobs jar, e.g.
                 local:///opt/sparkrl/sparkrl-jobs.jar inside a Kubernetes image, or hdfs:///apps/sparkrl-jobs.jar
  --dry-run      print the command instead of running it

Without SPARK_HOME, spark-submit runs in a JVM this script starts from the project's own classpath,
with the Java 17 flags of submit/conf/spark-defaults.conf; in client mode that JVM is the driver and
--driver-memory sets its -Xmx. Spark itself adds the same flags to every executor, and
\$SPARK_HOME/bin/spark-submit adds them to the driver.
EOF
}

SPARK_OPTIONS=()
USER_JARS=""
DRIVER_MEMORY=""
DRIVER_JAVA_OPTIONS=""
MAIN_CLASS_GIVEN=false
SHIP_LIB=false
CLUSTER=false
DRY_RUN=false
APP_JAR=""
MASTER=""
while [[ $# -gt 0 && "$1" == -* ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --ship-lib) SHIP_LIB=true; shift; continue ;;
    --cluster-jar) CLUSTER=true; shift; continue ;;
    --dry-run) DRY_RUN=true; shift; continue ;;
    --verbose | -v | --supervise) SPARK_OPTIONS+=("$1"); shift; continue ;;
    --*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}" ;;  # --opt=value as --opt value
  esac
  [[ $# -ge 2 ]] || die "option $1 needs a value: see submit/sparkrl-submit.sh --help"
  case "$1" in
    --jars) USER_JARS="$2"; shift 2; continue ;;  # merged with --ship-lib's jars below
    --app-jar) APP_JAR="$2"; shift 2; continue ;;
    --driver-memory) DRIVER_MEMORY="$2" ;;
    --driver-java-options) DRIVER_JAVA_OPTIONS="$2" ;;
    --conf) [[ "$2" != spark.driver.extraJavaOptions=* ]] || DRIVER_JAVA_OPTIONS="${2#*=}" ;;
    --master) MASTER="$2" ;;
    --class) MAIN_CLASS_GIVEN=true ;;
  esac
  SPARK_OPTIONS+=("$1" "$2")
  shift 2
done
[[ $# -gt 0 ]] || die "no sparkrl verb given (e.g. rollout): see submit/sparkrl-submit.sh --help"

if [[ -z "${SPARK_HOME:-}" ]]; then
  case "$MASTER" in
    yarn* | k8s://*) die "--master $MASTER needs a Spark distribution (the project's jars have no YARN or Kubernetes support): set SPARK_HOME to a Spark 3.5.x (Scala 2.12) install" ;;
  esac
fi
if $CLUSTER; then
  $SHIP_LIB && bad_input "--cluster-jar and --ship-lib together: the cluster jar already holds what --ship-lib would send; drop --ship-lib"
  [[ -z "$APP_JAR" ]] || bad_input "--cluster-jar and --app-jar together: give --app-jar URI alone for a cluster jar already on the cluster"
  require_cluster_jar
  APP_JAR="$CLUSTER_JAR"
  [[ -n "${SPARK_HOME:-}" ]] || SUBMIT_CLASSPATH="$(spark_jars | paste -sd:)"
else
  # A jar already on the cluster needs no local build, unless this script starts the submitting JVM itself.
  if [[ -z "$APP_JAR" || -z "${SPARK_HOME:-}" ]] || $SHIP_LIB; then require_build; fi
  SUBMIT_CLASSPATH="$(project_classpath)"
fi
$MAIN_CLASS_GIVEN || SPARK_OPTIONS+=(--class "$MAIN_CLASS")

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
  [[ -z "$SHIPPED" ]] || JARS="${JARS:+$JARS,}${SHIPPED%,}"
fi
[[ -z "$JARS" ]] || SPARK_OPTIONS+=(--jars "$JARS")

if [[ -n "${SPARK_HOME:-}" ]]; then
  [[ -x "$SPARK_HOME/bin/spark-submit" ]] \
    || die "SPARK_HOME=$SPARK_HOME has no bin/spark-submit: point it at a Spark 3.5.x (Scala 2.12) distribution, or unset it to use the project's own classpath"
  COMMAND=("$SPARK_HOME/bin/spark-submit")
else
  require_java
  # Nothing adds the Java 17 flags to a JVM started by hand, and in client mode this one is the driver: it gets
  # the driver's Java options here too (spark-submit would apply them only to a JVM it launches).
  FLAGS="$(java17_flags) $DRIVER_JAVA_OPTIONS"
  # shellcheck disable=SC2206  # the flags are separate words by design
  COMMAND=("$JAVA" $FLAGS ${DRIVER_MEMORY:+"-Xmx$DRIVER_MEMORY"} -cp "$SUBMIT_CLASSPATH" org.apache.spark.deploy.SparkSubmit)
fi
COMMAND+=("${SPARK_OPTIONS[@]}" "${APP_JAR:-$JOBS_JAR}" "$@")

if $DRY_RUN; then
  printf '%q ' "${COMMAND[@]}"
  echo
else
  exec "${COMMAND[@]}"
fi
