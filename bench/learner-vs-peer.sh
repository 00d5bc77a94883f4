#!/usr/bin/env bash
# sparkrl's learner cases against the PyTorch peer (a benchmark, not a test): for each case, ROUNDS times, runs
# `./sparkrl bench --learner CASE` and then ../shared/peers/learner_torch_bench.py on the same case, one thread each,
# and prints a Markdown table of steps/s with each round's ratio (sparkrl / the peer run right after it: this VM's
# speed swings within minutes, so only pairs measured back to back compare).
#   bench/learner-vs-peer.sh [ROUNDS] [SECONDS]            (defaults 2 and 4)
# CASES picks a subset, e.g. CASES="ppo-mlp minatar"; the peer's virtualenv comes from ../shared/peers/setup-venv.sh.
set -euo pipefail
rounds=${1:-2} seconds=${2:-4}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="$root/../shared/peers"
[ -f "$peers/learner_torch_bench.py" ] || { echo "learner-vs-peer: $peers/learner_torch_bench.py not found: put ../shared beside the project" >&2; exit 2; }
venv="$("$peers/setup-venv.sh")"
"$root/sparkrl" info 2>/dev/null | grep nd4j_build || true
printf "| case | round | sparkrl steps/s | peer steps/s | ratio |\n|---|---|---|---|---|\n"
for case in ${CASES:-ppo-mlp nature nature-infer8 minatar minatar-ppo}; do
  peer_case=$case
  [ "$case" = ppo-mlp ] && peer_case=ppo   # the peer's --cases name for its "a ppo-mlp" line
  for round in $(seq 1 "$rounds"); do
    ours=$("$root/sparkrl" bench --learner "$case" --learner-seconds "$seconds" | awk '/^RESULT/ {print $3}')
    theirs=$("$venv/bin/python" "$peers/learner_torch_bench.py" --threads 1 --seconds "$seconds" --cases "$peer_case" | awk '/^RESULT/ {print $5}')
    awk -v c="$case" -v r="$round" -v a="$ours" -v b="$theirs" 'BEGIN { printf "| %s | %d | %s | %s | %.2f |\n", c, r, a, b, a / b }'
  done
done
