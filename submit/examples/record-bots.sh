#!/usr/bin/env bash
# Example: record the env's scripted bot, with 10% random actions, for offline pretraining (pretrain.sh reads it).
#   submit/examples/record-bots.sh --target standalone|yarn|k8s [--dry-run] [-- spark-submit options]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
example_setup "$@"
example_submit record-bots --env CartPole-v1 --bot bot --epsilon 0.1 --episodes 2000 --partitions 32 --seed 1 \
  --out "$OUT_BASE/bots-cartpole"
