#!/usr/bin/env bash
# Example: PPO on CartPole-v1, experience collected by 8 Spark partitions, the learner on the driver. The run
# directory must be seen by the driver and every executor (a shared mount); rerunning resumes it.
#   submit/examples/train.sh --target standalone|yarn|k8s [--dry-run] [-- spark-submit options]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
example_setup "$@"
example_submit train --env CartPole-v1 --algo ppo --total-steps 1000000 --partitions 8 --num-envs 32 --seed 1 \
  --checkpoint-every 20 --run "$RUN_BASE/ppo-cartpole"
