#!/usr/bin/env bash
# Example: Spark SQL over a run's tables (here rollout.sh's): mean return and length per 1000 episodes.
#   submit/examples/query.sh --target standalone|yarn|k8s [--dry-run] [-- spark-submit options]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
example_setup "$@"
example_submit query --data "$OUT_BASE/rollout-cartpole" --format csv \
  "SELECT episode_id DIV 1000 AS block, count(*) AS episodes, avg(return) AS mean_return, avg(length) AS mean_length FROM episodes GROUP BY 1 ORDER BY 1"
