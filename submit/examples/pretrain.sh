#!/usr/bin/env bash
# Example: behaviour-clone the recorded bot (record-bots.sh) into a PPO policy; Spark streams the selected steps to
# the driver, which fits the network. The run directory is the driver's: a shared mount in cluster mode.
#   submit/examples/pretrain.sh --target standalone|yarn|k8s [--dry-run] [-- spark-submit options]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
example_setup "$@"
example_submit pretrain --data "$OUT_BASE/bots-cartpole" --where "episode_return > 200" --algo bc --learner ppo \
  --epochs 5 --batch-size 256 --run "$RUN_BASE/bc-cartpole"
