# YARN (--master yarn). Needs SPARK_HOME (a Spark 3.5.x Scala 2.12 distribution) and HADOOP_CONF_DIR. Sourced by
# submit/examples/*.sh --target yarn: edit to fit your cluster.
MASTER=yarn
# cluster: the driver runs in the YARN application master; the submitting machine can log off.
DEPLOY_MODE=cluster
TARGET_ARGS=(--cluster-jar --num-executors 8 --executor-cores 2 --executor-memory 4g --driver-memory 4g)
# ND4J's off-heap limit per JVM (JavaCPP maxBytes) and what YARN adds to each container beyond the heap for it:
# off-heap + about 1g for the JVM itself (metaspace, threads, netty buffers, OpenBLAS and ALE natives).
ND4J_OFF_HEAP=2g
MEMORY_OVERHEAD=3g
# The container's working directory: always writable, unlike the home of the YARN user.
JAVACPP_CACHEDIR=./javacpp-cache
OUT_BASE="${SPARKRL_OUT_BASE:-hdfs:///user/${USER:-sparkrl}/sparkrl/runs}"
# train and pretrain run directories: a shared mount at this path on every NodeManager (the driver runs on one).
RUN_BASE="${SPARKRL_RUN_BASE:-/mnt/shared/sparkrl/runs}"
JAVA17="${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
TARGET_CONFS=(
  spark.yarn.appMasterEnv.OMP_NUM_THREADS=1
  # Java 17 in the containers if the NodeManagers default to another JVM:
  "spark.yarn.appMasterEnv.JAVA_HOME=$JAVA17"
  "spark.executorEnv.JAVA_HOME=$JAVA17"
)
