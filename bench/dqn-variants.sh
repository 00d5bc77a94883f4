#!/usr/bin/env bash
# DQN's extensions one at a time against plain DQN (a benchmark, not a test): trains each variant on ENV for STEPS
# env steps once per seed, then plots every variant's mean curve and band together and prints each run's summary.
#   bench/dqn-variants.sh CartPole-v1 100000 "1 2 3" [more train options...]
# Runs go to $BENCH_RUNS (default runs/bench/dqn-variants-ENV/VARIANT/seed-S); the plot to
# docs/learning/dqn-variants-ENV.png. VARIANTS (default: all) picks a subset, e.g. VARIANTS="plain double".
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
groups=()
for variant in ${VARIANTS:-plain double dueling nstep3 noisy prioritized}; do
  [ -n "${switches[$variant]+set}" ] || { echo "unknown variant $variant: use ${!switches[*]}" >&2; exit 2; }
  dirs=()
  for seed in $seeds; do
    run="$base/$variant/seed-$seed"
    rm -rf "$run"
    # shellcheck disable=SC2086
    "$root/sparkrl" train --env "$env" --algo dqn --run "$run" --total-steps "$steps" --seed "$seed" --no-plots \
      ${switches[$variant]} "$@" >/dev/null
    dirs+=("$run")
    printf '%s seed %s: ' "$variant" "$seed"; tr -d '\n ' < "$run/summary.json"; echo
  done
  groups+=(--group "$variant=$(IFS=,; echo "${dirs[*]}")")
done
mkdir -p "$root/docs/learning"
"$root/sparkrl" plot "${groups[@]}" --out "$root/docs/learning/dqn-variants-$name.png"
if [[ " $* " == *" --eval-every "* ]]; then
  "$root/sparkrl" plot "${groups[@]}" --evaluations --out "$root/docs/learning/dqn-variants-$name-eval.png"
fi
