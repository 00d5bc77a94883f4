# Kubernetes (--master k8s://https://API:PORT). Needs SPARK_HOME (a Spark 3.5.x Scala 2.12 distribution), an image
# with Spark 3.5 on Java 17 plus the cluster jar (submit/README.md, Kubernetes), a service account the driver may
# create pods with, and a ReadWriteMany volume claim for run directories. Sourced by submit/examples/*.sh --target k8s.
MASTER="k8s://${K8S_API_SERVER:-https://k8s-api.example.com:6443}"
DEPLOY_MODE=cluster
TARGET_ARGS=(--executor-memory 4g --driver-memory 4g --app-jar local:///opt/sparkrl/sparkrl-jobs-cluster.jar)
# ND4J's off-heap limit per JVM (JavaCPP maxBytes) and what each pod's memory request adds beyond the heap for it:
# off-heap + about 1g for the JVM itself. Kubernetes kills a pod over its limit (OOMKilled) with no Java error.
ND4J_OFF_HEAP=2g
MEMORY_OVERHEAD=3g
# The images run as a user without a writable home: unpack natives under /tmp.
JAVACPP_CACHEDIR=/tmp/javacpp-cache
OUT_BASE="${SPARKRL_OUT_BASE:-s3a://my-bucket/sparkrl/runs}"
RUN_BASE="${SPARKRL_RUN_BASE:-/mnt/runs}"   # the claim below, mounted in driver and executors
IMAGE="${SPARKRL_IMAGE:-registry.example.com/sparkrl:0.1.0}"
CLAIM="${SPARKRL_RUNS_CLAIM:-sparkrl-runs}"
TARGET_CONFS=(
  "spark.kubernetes.container.image=$IMAGE"
  "spark.kubernetes.namespace=${K8S_NAMESPACE:-sparkrl}"
  spark.kubernetes.authenticate.driver.serviceAccountName=spark
  spark.executor.instances=8
  spark.executor.cores=2
  spark.kubernetes.driverEnv.OMP_NUM_THREADS=1
  "spark.kubernetes.driver.volumes.persistentVolumeClaim.runs.options.claimName=$CLAIM"
  "spark.kubernetes.driver.volumes.persistentVolumeClaim.runs.mount.path=$RUN_BASE"
  "spark.kubernetes.executor.volumes.persistentVolumeClaim.runs.options.claimName=$CLAIM"
  "spark.kubernetes.executor.volumes.persistentVolumeClaim.runs.mount.path=$RUN_BASE"
)
