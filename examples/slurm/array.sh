#!/bin/bash
# memeval as a SLURM job array: each task runs one shard (memeval reads SLURM_ARRAY_TASK_ID
# and its min/max/count), and a dependent job merges the shards and checks them.
#   sbatch examples/slurm/array.sh
# An array with gaps (--array=1,4,9) is refused: a task cannot tell its rank in it.
#SBATCH --job-name=memeval
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
#SBATCH --time=24:00:00
#SBATCH --output=memeval-%A_%a.log
set -euo pipefail

OUT=${MEMEVAL_OUT_ROOT:-$PWD/reports/slurm-$SLURM_ARRAY_JOB_ID}
npx memeval run --shard auto --cache replay --cache-dir "$PWD/.memeval-cache" --out "$OUT/shards"

# The array's first task submits the merge, to start once every task succeeded.
if [ "$SLURM_ARRAY_TASK_ID" = "$SLURM_ARRAY_TASK_MIN" ]; then
  sbatch --dependency="afterok:$SLURM_ARRAY_JOB_ID" --job-name=memeval-merge --output="memeval-merge-%j.log" \
    --wrap "npx memeval merge '$OUT/shards/run-*.shard-*' --out '$OUT/merged' && npx memeval check --baseline reports/baseline/summary.csv --current '$OUT/merged'"
fi
