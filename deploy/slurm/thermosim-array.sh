#!/usr/bin/env bash
# One shard of a thermosim run, as a task of a Slurm array job.
#
#   sbatch --array=0-15 deploy/slurm/thermosim-array.sh scenario.yaml
#
# runs 16 shards: task i runs `thermosim run --shard (i+1)/16`. The array
# must be 0..N-1 without a step (submit.sh does this and queues the merge).
# Every task writes its shard's results folder (status "shard", with the
# accumulators in partial.gob) under $RESULTS/$SLURM_ARRAY_JOB_ID, a folder
# of its own per array job, so that the merge sees the shards of this job
# and no others.
#
# Environment: THERMOSIM (the binary, default: thermosim on PATH), RESULTS
# (a folder every node sees, default shared/results).
#
#SBATCH --job-name=thermosim
#SBATCH --cpus-per-task=4
#SBATCH --time=02:00:00
#SBATCH --output=thermosim-%A_%a.log
set -euo pipefail

scenario=${1:?usage: sbatch --array=0-N-1 thermosim-array.sh SCENARIO.yaml}
THERMOSIM=${THERMOSIM:-thermosim}
RESULTS=${RESULTS:-shared/results}
: "${SLURM_ARRAY_JOB_ID:?not a Slurm array task (submit with sbatch --array=0-N-1)}"
: "${SLURM_ARRAY_TASK_ID:?not a Slurm array task}"
: "${SLURM_ARRAY_TASK_COUNT:?not a Slurm array task}"

# 1-based shard index; SLURM_ARRAY_TASK_MIN is 0 for --array=0-N-1.
shard=$((SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-0} + 1))
out="$RESULTS/$SLURM_ARRAY_JOB_ID"
mkdir -p "$out"

# Progress goes to the task's log as plain lines (stderr is not a
# terminal). Exit codes: 0 done, 2 bad input, 130 interrupted (time limit,
# scancel): the folder is then partial and `thermosim run --resume DIR`
# completes the shard.
exec "$THERMOSIM" run \
	--shard "$shard/$SLURM_ARRAY_TASK_COUNT" \
	--workers "${SLURM_CPUS_PER_TASK:-0}" \
	--out "$out" \
	"$scenario"
