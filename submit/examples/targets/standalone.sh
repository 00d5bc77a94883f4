# Spark standalone (spark://HOST:7077). Sourced by submit/examples/*.sh --target standalone: edit to fit your cluster.
MASTER="${SPARK_MASTER_URL:-spark://master-host:7077}"
# client: the driver (train's learner, pretrain's fitting) runs here; workers must reach this machine
# (set --conf spark.driver.host=ADDRESS on multi-homed hosts).
DEPLOY_MODE=client
TARGET_ARGS=(--cluster-jar --total-executor-cores 16 --executor-cores 2 --executor-memory 4g --driver-memory 4g)
# ND4J's off-heap limit per JVM (JavaCPP maxBytes). Standalone workers do not police memory beyond the heap they
# hand out (--memory counts heap only): leave each worker machine executors x (heap + ND4J_OFF_HEAP + 1g) of RAM.
ND4J_OFF_HEAP=2g
MEMORY_OVERHEAD=""   # spark.executor.memoryOverhead: not enforced by standalone workers
# Natives unpack here on each machine (the default ~/.javacpp/cache needs a writable home).
JAVACPP_CACHEDIR=/tmp/javacpp-cache
# Episode tables (rollout, record-bots; read by pretrain and query): any Hadoop URI every node sees.
OUT_BASE="${SPARKRL_OUT_BASE:-file:///mnt/shared/sparkrl/runs}"
# train and pretrain run directories: a path the driver and every executor see (a shared mount).
RUN_BASE="${SPARKRL_RUN_BASE:-/mnt/shared/sparkrl/runs}"
TARGET_CONFS=()
