#!/usr/bin/env bash
# Scaling on a real standalone cluster on this machine (a benchmark, not a test): starts a master and a worker on
# 127.0.0.1 (submit/local-cluster.sh), then through submit/sparkrl-submit.sh
#   1. a rollout with 1 executor and with 2 executors (1 core each): steps/s as the job reports it;
#   2. a PPO training run with --fit local, averaging and shared (2 executors): wall time of the updates
#      (sum of metrics.csv's update_seconds) and of the whole run.
#   bench/cluster-scaling.sh [ROLLOUT_ENV (ALE/Tetris-v5)] [ROLLOUT_EPISODES (40)] [TRAIN_STEPS (8192)]
# The default rollout plays Atari Tetris (long episodes, ALE's emulation dominates) from SPARKRL_ROM_DIR (default
# ../shared/roms); ONLY=rollout or ONLY=train runs one half.
# Results: a table on stdout and in $BENCH_RUNS/cluster-scaling/results.md (default runs/bench). Build first:
# mvn -B -DskipTests package.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
env=${1:-ALE/Tetris-v5} episodes=${2:-40} steps=${3:-8192}
export SPARKRL_ROM_DIR="${SPARKRL_ROM_DIR:-$root/../shared/roms}"
base="${BENCH_RUNS:-$root/runs/bench}/cluster-scaling"
rm -rf "$base"
mkdir -p "$base"
export SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1   # one OpenMP thread per JVM: a core per task
"$root/submit/local-cluster.sh" start --state-dir "$base/cluster" --cores 2 --memory 4g >"$base/cluster-start.log"
trap '"$root/submit/local-cluster.sh" stop --state-dir "$base/cluster" >/dev/null' EXIT
master=$(sed -n 's/^master_url=//p' "$base/cluster/cluster.properties")
submit=("$root/submit/sparkrl-submit.sh" --master "$master" --deploy-mode client --conf spark.driver.host=127.0.0.1
        --conf spark.driver.bindAddress=127.0.0.1 --conf spark.executorEnv.OMP_NUM_THREADS=1 --driver-memory 2g --executor-memory 1g --executor-cores 1)

{
  echo "| job | executors | result |"
  echo "|---|---|---|"
  [ "${ONLY:-rollout}" = rollout ] && for executors in 1 2; do
    line=$("${submit[@]}" --total-executor-cores "$executors" rollout --env "$env" --policy random --episodes "$episodes" \
      --partitions 4 --seed 1 --out "$base/rollout-$executors" | tail -n 1)
    echo "| rollout $env, $episodes episodes, 4 partitions | $executors | $(sed -E 's/.*steps in ([0-9.]+ s) \(([0-9]+ steps\/s).*/\2 (\1)/' <<<"$line") |"
  done
  [ "${ONLY:-train}" = train ] && for fit in local averaging shared; do
    start=$(date +%s.%N)
    "${submit[@]}" --total-executor-cores 2 train --env CartPole-v1 --algo ppo --run "$base/ppo-$fit" --seed 1 \
      --total-steps "$steps" --partitions 2 --set n_envs=4 --set n_steps=256 --set batch_size=64 --set n_epochs=10 \
      --fit "$fit" --no-plots >"$base/ppo-$fit.log" 2>&1
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    update=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="update_seconds") c=i; next} {s+=$c} END{printf "%.1f", s}' "$base/ppo-$fit/metrics.csv")
    echo "| train ppo CartPole-v1, $steps steps, 10 epochs of 16 minibatches per update, --fit $fit | 2 | updates ${update} s, run $(printf %.0f "$wall") s |"
  done
  true
} | tee "$base/results.md"
