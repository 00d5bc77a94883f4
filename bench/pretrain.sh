#!/usr/bin/env bash
# Offline pretraining evidence (a benchmark, not a test): records the env's bot with epsilon-noise, clones it (bc),
# evaluates the bot and the clone over 100 episodes each, then trains ALGO from the clone (--init-from) and from
# scratch for STEPS env steps per seed and plots both setups together.
#   bench/pretrain.sh MountainCar-v0 100000 "1 2 3" [BOT_EPISODES (50) [EPSILON (0)]]
# PRETRAIN_WHERE selects the recorded data (e.g. "episode_return > -150"); PRETRAIN_OPTS are pretrain's options
# (default "--epochs 40 --batch-size 64 --set learning_rate=0.001"); ALGO (default ppo) is the learner; EVAL_EPISODES
# (default 100) the episodes the bot and the clone are evaluated over.
# Runs go to $BENCH_RUNS (default runs/bench/pretrain-ENV/...); the plot to docs/learning/pretrain-ENV.png.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: bench/pretrain.sh ENV STEPS \"SEED...\" [BOT_EPISODES [EPSILON]]" >&2
  exit 2
fi
env=$1 steps=$2 seeds=$3 episodes=${4:-50} epsilon=${5:-0}
algo=${ALGO:-ppo}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${env//\//-}"
base="${BENCH_RUNS:-$root/runs/bench}/pretrain-$name"
rm -rf "$base"
mkdir -p "$base"
sparkrl="$root/sparkrl"

"$sparkrl" record-bots --env "$env" --episodes "$episodes" --epsilon "$epsilon" --seed 1 --out "$base/bots" | tail -n 1
"$sparkrl" rollout --env "$env" --policy bot --episodes "${EVAL_EPISODES:-100}" --seed 100000 --out "$base/bot-eval" | tail -n 1
where=()
[ -n "${PRETRAIN_WHERE:-}" ] && where=(--where "$PRETRAIN_WHERE")
# shellcheck disable=SC2086
"$sparkrl" pretrain --data "$base/bots" "${where[@]}" --algo bc --learner "$algo" --run "$base/bc" \
  ${PRETRAIN_OPTS:---epochs 40 --batch-size 64 --set learning_rate=0.001} | tail -n 2
"$sparkrl" play --run "$base/bc" --episodes "${EVAL_EPISODES:-100}" --seed 100000 --deterministic | tail -n 1

finetune=() scratch=()
for seed in $seeds; do
  "$sparkrl" train --env "$env" --algo "$algo" --init-from "$base/bc" --total-steps "$steps" --seed "$seed" --no-plots \
    --run "$base/finetune/seed-$seed" | tail -n 1
  "$sparkrl" train --env "$env" --algo "$algo" --total-steps "$steps" --seed "$seed" --no-plots \
    --run "$base/scratch/seed-$seed" | tail -n 1
  finetune+=("$base/finetune/seed-$seed") scratch+=("$base/scratch/seed-$seed")
done
mkdir -p "$root/docs/learning"
"$sparkrl" plot --group "bc+$algo=$(IFS=,; echo "${finetune[*]}")" --group "$algo=$(IFS=,; echo "${scratch[*]}")" \
  --out "$root/docs/learning/pretrain-$name.png"
