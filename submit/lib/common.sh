# Shared by submit/local-cluster.sh and submit/sparkrl-submit.sh (sourced, not run).
# Locates the built jobs jar, its runtime classpath, java, and the Java 17 flags Spark needs.

SUBMIT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(dirname "$SUBMIT_DIR")"
# Overridable so the scripts also work from a copy of the jar and lib/ on a gateway machine.
JOBS_JAR="${SPARKRL_JOBS_JAR:-$REPO_DIR/jobs/target/sparkrl-jobs.jar}"
LIB_DIR="${SPARKRL_LIB_DIR:-$REPO_DIR/jobs/target/lib}"
# The runnable jar for clusters: sparkrl and its dependencies minus Spark's (the cluster-jar module).
CLUSTER_JAR="${SPARKRL_CLUSTER_JAR:-$REPO_DIR/cluster-jar/target/sparkrl-jobs-cluster.jar}"

die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# A mistake in the command line: one line naming the problem and the fix, exit code 2.
bad_input() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

require_build() {
  [[ -f "$JOBS_JAR" ]] || die "no jobs jar at $JOBS_JAR: build it with 'mvn -B package -DskipTests' in $REPO_DIR (or set SPARKRL_JOBS_JAR)"
  compgen -G "$LIB_DIR/*.jar" > /dev/null \
    || die "no runtime jars in $LIB_DIR: build them with 'mvn -B package -DskipTests' in $REPO_DIR (or set SPARKRL_LIB_DIR)"
}

# Sets JAVA to a Java 17+ launcher (JAVA_HOME first, then PATH).
require_java() {
  if [[ -n "${JAVA_HOME:-}" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="$(command -v java || true)"; fi
  [[ -n "$JAVA" && -x "$JAVA" ]] || die "java not found${JAVA_HOME:+ at $JAVA_HOME/bin/java}: install a Java 17 JDK or set JAVA_HOME to one"
  local version
  version="$("$JAVA" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')"
  (( ${version%%.*} >= 17 )) 2>/dev/null \
    || die "$JAVA is Java ${version:-unknown}; sparkrl needs Java 17+: set JAVA_HOME to a Java 17 JDK"
}

require_cluster_jar() {
  [[ -f "$CLUSTER_JAR" ]] || die "no cluster jar at $CLUSTER_JAR: build it with 'mvn -B package -DskipTests' in $REPO_DIR (or set SPARKRL_CLUSTER_JAR)"
}

# Prints Spark's side of the cluster jar's split, one jar path a line: the jars of jobs/target/lib a Spark 3.5
# distribution ships (cluster-jar/target/spark-provided.classpath and spark-shared.classpath name them).
spark_jars() {
  local list jar found=false
  for list in spark-provided.classpath spark-shared.classpath; do
    list="$(dirname "$CLUSTER_JAR")/$list"
    [[ -s "$list" ]] || die "no $list: build it with 'mvn -B package -DskipTests' in $REPO_DIR"
    for jar in $(tr ':' ' ' < "$list"); do
      [[ -f "$LIB_DIR/${jar##*/}" ]] || die "$LIB_DIR has no ${jar##*/} ($list names it): rebuild with 'mvn -B package -DskipTests' in $REPO_DIR"
      echo "$(cd "$LIB_DIR" && pwd)/${jar##*/}"
      found=true
    done
  done
  $found || die "no Spark jars named in $(dirname "$CLUSTER_JAR")/spark-*.classpath: rebuild with 'mvn -B package -DskipTests'"
}

# The project's own classpath: the jobs jar, then the jars Maven copied next to it.
project_classpath() {
  echo "$JOBS_JAR:$LIB_DIR/*"
}

# Prints the Java 17 flags Spark needs: jobs/target/java17.args, which the build generates from the one list
# in pom.xml (property spark.java17.flags) for ./sparkrl, the test JVMs and these scripts alike.
java17_flags() {
  local args_file
  args_file="$(dirname "$JOBS_JAR")/java17.args"
  [[ -s "$args_file" ]] || die "no $args_file: build it with 'mvn -B package -DskipTests' in $REPO_DIR"
  cat "$args_file"
}

# --- submit/examples/*.sh: one script per verb, one settings file per cluster kind (examples/targets/*.sh) ---

# Reads the example's command line: --target standalone|yarn|k8s (or SPARKRL_TARGET), --dry-run, and after '--' more
# spark-submit options; sources the target's settings (MASTER, DEPLOY_MODE, TARGET_ARGS, ND4J_OFF_HEAP, ...).
example_setup() {
  TARGET="${SPARKRL_TARGET:-}"
  EXAMPLE_DRY_RUN=false
  EXAMPLE_EXTRA=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --target) [[ $# -ge 2 ]] || bad_input "--target needs a value: standalone, yarn or k8s"; TARGET="$2"; shift 2 ;;
      --target=*) TARGET="${1#*=}"; shift ;;
      --dry-run) EXAMPLE_DRY_RUN=true; shift ;;
      -h | --help) example_usage; exit 0 ;;
      --) shift; EXAMPLE_EXTRA=("$@"); break ;;
      *) bad_input "unknown option $1: use --target standalone|yarn|k8s [--dry-run] [-- spark-submit options]" ;;
    esac
  done
  [[ -n "$TARGET" ]] || bad_input "no --target: give --target standalone, yarn or k8s (or set SPARKRL_TARGET)"
  local settings="$SUBMIT_DIR/examples/targets/$TARGET.sh"
  [[ -f "$settings" ]] || bad_input "unknown --target $TARGET: use standalone, yarn or k8s (files in $SUBMIT_DIR/examples/targets/)"
  # shellcheck source=/dev/null
  source "$settings"
}

example_usage() {
  cat <<EOF2
usage: submit/examples/$(basename "$0") --target standalone|yarn|k8s [--dry-run] [-- more spark-submit options]

Submits the example in this script to a cluster with the settings of submit/examples/targets/TARGET.sh
(master, deploy mode, executors, memory, ND4J off-heap, image, ...): edit both to fit yours.
--dry-run prints the spark-submit command instead of running it. See submit/README.md.
EOF2
}

# The Java options sparkrl's JVMs need on a cluster: Spark's Java 17 list (submit/conf/spark-defaults.conf; Spark
# adds it to executors by itself, but an extraJavaOptions we set replaces the cluster's own) and JavaCPP's settings:
# maxBytes bounds ND4J's off-heap memory, maxPhysicalBytes=0 skips the per-allocation RSS check (small networks run
# faster; the container's memoryOverhead is the bound instead), cachedir is where natives unpack.
example_java_options() {
  local java17
  java17="$(sed -n 's/^spark\.executor\.extraJavaOptions[[:space:]]*//p' "$SUBMIT_DIR/conf/spark-defaults.conf")"
  [[ -n "$java17" ]] || die "no spark.executor.extraJavaOptions in $SUBMIT_DIR/conf/spark-defaults.conf"
  echo "$java17 -Dorg.bytedeco.javacpp.maxBytes=$ND4J_OFF_HEAP -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Dorg.bytedeco.javacpp.cachedir=$JAVACPP_CACHEDIR"
}

# Submits VERB [verb options] with the target's settings through sparkrl-submit.sh.
example_submit() {
  local options confs=() conf
  options="$(example_java_options)"
  confs+=("spark.driver.extraJavaOptions=$options" "spark.executor.extraJavaOptions=$options")
  confs+=(spark.executorEnv.OMP_NUM_THREADS=1)  # one core per task: OpenMP threads would only compete
  if [[ -n "$MEMORY_OVERHEAD" ]]; then
    confs+=("spark.executor.memoryOverhead=$MEMORY_OVERHEAD" "spark.driver.memoryOverhead=$MEMORY_OVERHEAD")
  fi
  confs+=(${TARGET_CONFS[@]+"${TARGET_CONFS[@]}"})
  local command=("$SUBMIT_DIR/sparkrl-submit.sh")
  $EXAMPLE_DRY_RUN && command+=(--dry-run)
  command+=(--master "$MASTER" --deploy-mode "$DEPLOY_MODE" ${TARGET_ARGS[@]+"${TARGET_ARGS[@]}"})
  for conf in "${confs[@]}"; do command+=(--conf "$conf"); done
  command+=(${EXAMPLE_EXTRA[@]+"${EXAMPLE_EXTRA[@]}"} "$@")
  export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"  # a client-mode driver runs here
  "${command[@]}"
}
