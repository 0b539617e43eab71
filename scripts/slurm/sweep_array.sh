#!/usr/bin/env bash
# One shard of a celltwin sweep per Slurm array task; the last step merges the shards.
#   sbatch --array=1-N scripts/slurm/sweep_array.sh SPEC.yaml OUT_DIR
#   (then, after the array: build/celltwin sweep-merge OUT_DIR/results.sqlite OUT_DIR/shard_*/results.sqlite)
# Each task runs shard K/N (K = SLURM_ARRAY_TASK_ID, N = SLURM_ARRAY_TASK_COUNT) into
# OUT_DIR/shard_K with as many jobs as the task has CPUs; --resume makes a requeued task skip
# the runs it already finished.
#SBATCH --job-name=celltwin-sweep
#SBATCH --cpus-per-task=2
#SBATCH --output=celltwin-sweep-%A_%a.log
set -euo pipefail
spec=$1
out=$2
celltwin=${CELLTWIN:-build/celltwin}
k=${SLURM_ARRAY_TASK_ID:?run as an array job: sbatch --array=1-N}
n=${SLURM_ARRAY_TASK_COUNT:?}
"$celltwin" sweep "$spec" --out "$out/shard_$k" --shard "$k/$n" --jobs "${SLURM_CPUS_PER_TASK:-1}" --resume -q
