#!/usr/bin/env bash
# Learning evidence (a benchmark, not a test): trains ALGO on ENV for STEPS env steps once per seed, then plots
# the seeds together and prints each run's summary.json. With EVAL_EPISODES=N it also plays each run's final policy
# greedily (play --deterministic) for N episodes, as rl-zoo evaluates, and prints the mean return.
#   bench/learning.sh ppo CartPole-v1 100000 "1 2 3" [more train options...]
# Runs go to $BENCH_RUNS (default runs/bench/ALGO-ENV/seed-S, a / in ENV becoming -); the plot to docs/learning/ALGO-ENV.png,
# and with --eval-every among the train options the evaluation curves to docs/learning/ALGO-ENV-eval.png.
set -euo pipefail
if [ $# -lt 4 ]; then
  echo "usage: bench/learning.sh ALGO ENV STEPS \"SEED...\" [train options]" >&2
  exit 2
fi
algo=$1 env=$2 steps=$3 seeds=$4
shift 4
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${env//\//-}"   # MinAtar/Breakout-v1 -> MinAtar-Breakout-v1 in paths
base="${BENCH_RUNS:-$root/runs/bench}/$algo-$name"
runs=()
for seed in $seeds; do
  run="$base/seed-$seed"
  rm -rf "$run"
  "$root/sparkrl" train --env "$env" --algo "$algo" --run "$run" --total-steps "$steps" --seed "$seed" "$@"
  runs+=("$run")
done
mkdir -p "$root/docs/learning"
"$root/sparkrl" plot --compare "${runs[@]}" --out "$root/docs/learning/$algo-$name.png"
if [[ " $* " == *" --eval-every "* ]]; then
  "$root/sparkrl" plot --compare "${runs[@]}" --evaluations --out "$root/docs/learning/$algo-$name-eval.png"
fi
for run in "${runs[@]}"; do
  tr -d '\n ' < "$run/summary.json"; echo
  if [ "${EVAL_EPISODES:-0}" -gt 0 ]; then
    "$root/sparkrl" play --run "$run" --episodes "$EVAL_EPISODES" --deterministic | tail -n 1
  fi
done
