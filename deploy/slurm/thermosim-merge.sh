#!/usr/bin/env bash
# Merges the shards of one thermosim array job (see thermosim-array.sh):
#
#   sbatch --dependency=afterok:JOBID deploy/slurm/thermosim-merge.sh JOBID
#
# For each scenario of the job it passes the shard folders under
# $RESULTS/JOBID/<scenario>/ to `thermosim merge`, which checks that they
# are shards of one run (same resolved scenario, seed and thermosim
# version), that none is missing or given twice, and writes the merged
# results folder under $MERGED/<scenario>/<run id>/, identical to an
# unsharded run. A folder that is not a finished shard (summary.json
# status "shard" and partial.gob) is the remains of a failed or interrupted
# task and is left out; if that leaves a shard missing, merge says which
# (complete an interrupted shard with thermosim run --resume DIR first).
#
#SBATCH --job-name=thermosim-merge
#SBATCH --cpus-per-task=1
#SBATCH --time=00:30:00
#SBATCH --output=thermosim-merge-%j.log
set -euo pipefail

job=${1:?usage: thermosim-merge.sh ARRAY_JOB_ID}
THERMOSIM=${THERMOSIM:-thermosim}
RESULTS=${RESULTS:-shared/results}
MERGED=${MERGED:-$RESULTS/merged}

shopt -s nullglob
scenarios=("$RESULTS/$job"/*/)
if [ ${#scenarios[@]} -eq 0 ]; then
	echo "thermosim-merge: no shard folders under $RESULTS/$job" >&2
	exit 2
fi
status=0
for s in "${scenarios[@]}"; do
	shards=()
	for d in "$s"*/; do
		if grep -q '"status": "shard"' "$d/summary.json" 2>/dev/null && [ -f "$d/partial.gob" ]; then
			shards+=("${d%/}")
		else
			echo "thermosim-merge: skipping $d (not a finished shard: a failed or interrupted task)" >&2
		fi
	done
	"$THERMOSIM" merge --out "$MERGED" "${shards[@]}" || status=$?
done
exit "$status"
