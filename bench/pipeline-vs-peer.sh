#!/usr/bin/env bash
# train's two pipelines against the single-process PyTorch peer (a benchmark, not a test): for each round, PPO on
# CartPole-v1 with rl-zoo's settings (100k steps) with --pipeline sync, then --pipeline stream, then
# ../shared/peers/ppo_torch_cartpole.py, back to back (this VM's speed swings within minutes: compare within a
# round), and prints a Markdown table: the training loop's wall seconds (summary.json's wall_seconds, writes
# included; the peer's own wall), its parts, the final mean-100 return and the ratio to the peer.
#   bench/pipeline-vs-peer.sh [ROUNDS] [SEED] [ALGO] [ENV] [TOTAL_STEPS]   (defaults 1, 1, ppo, CartPole-v1, the env's own)
# ALGO/ENV other than ppo/CartPole-v1, or a TOTAL_STEPS, run the two pipelines only (the peer is PPO CartPole's, 100k).
set -euo pipefail
rounds=${1:-1} seed=${2:-1} algo=${3:-ppo} env=${4:-CartPole-v1} total=${5:-}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="$root/../shared/peers"
out="${TMPDIR:-/tmp}/sparkrl-pipeline-bench"
peer=0
[ "$algo/$env" = ppo/CartPole-v1 ] && [ -z "$total" ] && [ -f "$peers/ppo_torch_cartpole.py" ] && peer=1
[ $peer = 1 ] && venv="$("$peers/setup-venv.sh")"
summary() { # run dir, label
  python3 - "$1/summary.json" "$2" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(sys.argv[2], s["wall_seconds"], s["collect_seconds"], s["update_seconds"], s["write_seconds"], s["mean_return_last_100"], s["steps_per_second"])
PY
}
printf "| round | run | training loop s | collect | update | write | mean-100 | steps/s | vs peer |\n|---|---|---|---|---|---|---|---|---|\n"
for round in $(seq 1 "$rounds"); do
  rm -rf "$out" && mkdir -p "$out"
  rows=()
  for pipeline in sync stream; do
    "$root/sparkrl" train --env "$env" --algo "$algo" --run "$out/$pipeline" --seed "$seed" --pipeline "$pipeline" ${total:+--total-steps "$total"} --no-plots >"$out/$pipeline.log" 2>&1
    rows+=("$(summary "$out/$pipeline" "$pipeline")")
  done
  peer_wall=""
  if [ $peer = 1 ]; then
    line=$("$venv/bin/python" "$peers/ppo_torch_cartpole.py" --seed "$seed" | tail -1)
    peer_wall=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["wall_seconds"], d["mean_return_last_100"], d["steps_per_second"])' "$line")
  fi
  for r in "${rows[@]}"; do
    set -- $r
    ratio="-"
    [ -n "$peer_wall" ] && ratio=$(awk -v p="${peer_wall%% *}" -v w="$2" 'BEGIN { printf "%.2fx", p / w }')
    printf "| %d | sparkrl %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f | %s |\n" "$round" "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$ratio"
  done
  if [ -n "$peer_wall" ]; then
    set -- $peer_wall
    printf "| %d | PyTorch peer | %.1f | - | - | - | %.1f | %.0f | 1 |\n" "$round" "$1" "$2" "$3"
  fi
done
