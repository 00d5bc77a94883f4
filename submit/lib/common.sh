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
