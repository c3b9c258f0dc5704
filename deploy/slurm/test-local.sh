#!/usr/bin/env bash
# Runs the Slurm scripts without Slurm: the array tasks one after the other
# with the SLURM_* variables set by hand, then the merge, in a scratch
# folder. Checks that the merged metrics equal an unsharded run's.
#
#   THERMOSIM=./thermosim deploy/slurm/test-local.sh scenario.yaml 4
#
# cmd/thermosim's TestSlurmScripts runs this script.
set -euo pipefail

scenario=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
n=${2:-4}
here=$(cd "$(dirname "$0")" && pwd)
THERMOSIM=${THERMOSIM:-thermosim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export THERMOSIM RESULTS="$work/shared/results" MERGED="$work/shared/merged"

job=4242
for ((i = 0; i < n; i++)); do
	SLURM_ARRAY_JOB_ID=$job SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=$n \
		SLURM_ARRAY_TASK_MIN=0 SLURM_CPUS_PER_TASK=1 \
		bash "$here/thermosim-array.sh" "$scenario" 2>"$work/task-$i.log" ||
		{ cat "$work/task-$i.log" >&2; exit 1; }
done
bash "$here/thermosim-merge.sh" "$job"

"$THERMOSIM" run --quiet --out "$work/whole" "$scenario"
for f in metrics.csv timeseries.csv; do
	cmp "$work/whole"/*/*/"$f" "$MERGED"/*/*/"$f"
done
diff -r "$work/whole"/*/*/samples "$MERGED"/*/*/samples
echo "test-local: $n shards merged, identical to the unsharded run"
