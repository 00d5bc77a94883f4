#!/usr/bin/env bash
# DQN's extensions one at a time against plain DQN (a benchmark, not a test): trains each variant on ENV for STEPS
# env steps once per seed, then plots every variant's mean curve and band together, prints each run's summary and
# the comparison table of `sparkrl plot --group` (each run scored by the mean of its curve; every variant against
# plain DQN with 95% bootstrap intervals).
#   bench/dqn-variants.sh CartPole-v1 100000 "1 2 3 4 5" [more train options...]
# Runs go to $BENCH_RUNS (default runs/bench/dqn-variants-ENV/VARIANT/seed-S); the plot to
# docs/learning/dqn-variants-ENV.png. VARIANTS (default: all) picks a subset, e.g. VARIANTS="plain double"; JOBS=2
# trains two runs at once (each run is deterministic per seed, so only wall times change).
# With --eval-every among the train options, also docs/learning/dqn-variants-ENV-eval.png: the evaluation curves.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: bench/dqn-variants.sh ENV STEPS \"SEED...\" [train options]" >&2
  exit 2
fi
env=$1 steps=$2 seeds=$3
shift 3
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${env//\//-}"   # MinAtar/Breakout-v1 -> MinAtar-Breakout-v1 in paths
base="${BENCH_RUNS:-$root/runs/bench}/dqn-variants-$name"
declare -A switches=(
  [plain]=""
  [double]="--set double_q=true"
  [dueling]="--set dueling=true"
  [nstep3]="--set n_step=3"
  [noisy]="--set noisy=true"
  [prioritized]="--set prioritized=true"
)
variants=(${VARIANTS:-plain double dueling nstep3 noisy prioritized})
for variant in "${variants[@]}"; do
  [ -n "${switches[$variant]+set}" ] || { echo "unknown variant $variant: use ${!switches[*]}" >&2; exit 2; }
done
"$root/sparkrl" --version >/dev/null   # builds the jar once, before runs start in parallel

train() {   # VARIANT SEED [train options]
  local variant=$1 seed=$2 run="$base/$1/seed-$2"
  shift 2
  rm -rf "$run"
  # shellcheck disable=SC2086
  "$root/sparkrl" train --env "$env" --algo dqn --run "$run" --total-steps "$steps" --seed "$seed" --no-plots \
    ${switches[$variant]} "$@" >/dev/null
  printf '%s seed %s: %s\n' "$variant" "$seed" "$(tr -d '\n ' < "$run/summary.json")"
}
running=0
for variant in "${variants[@]}"; do
  for seed in $seeds; do
    train "$variant" "$seed" "$@" &
    if (( ++running >= ${JOBS:-1} )); then wait -n; running=$((running - 1)); fi
  done
done
while (( running > 0 )); do wait -n; running=$((running - 1)); done   # a failed run fails the script

groups=()
for variant in "${variants[@]}"; do
  dirs=()
  for seed in $seeds; do dirs+=("$base/$variant/seed-$seed"); done
  groups+=(--group "$variant=$(IFS=,; echo "${dirs[*]}")")
done
mkdir -p "$root/docs/learning"
"$root/sparkrl" plot "${groups[@]}" --out "$root/docs/learning/dqn-variants-$name.png"
if [[ " $* " == *" --eval-every "* ]]; then
  "$root/sparkrl" plot "${groups[@]}" --evaluations --out "$root/docs/learning/dqn-variants-$name-eval.png"
fi
