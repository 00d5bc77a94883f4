#!/usr/bin/env bash
# Example: play a policy (random, a bot, or a class of yours) in parallel partitions on a cluster and write the steps
# and episodes tables.   submit/examples/rollout.sh --target standalone|yarn|k8s [--dry-run] [-- spark-submit options]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
example_setup "$@"
example_submit rollout --env CartPole-v1 --policy random --episodes 10000 --partitions 64 --seed 1 \
  --out "$OUT_BASE/rollout-cartpole"
