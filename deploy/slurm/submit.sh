#!/usr/bin/env bash
# Submits a sharded thermosim run and its merge:
#
#   deploy/slurm/submit.sh scenario.yaml 16
#
# queues an array job of 16 shards (thermosim-array.sh) and a merge job
# (thermosim-merge.sh) that starts when every shard has succeeded.
set -euo pipefail

scenario=${1:?usage: submit.sh SCENARIO.yaml SHARDS}
n=${2:?usage: submit.sh SCENARIO.yaml SHARDS}
here=$(cd "$(dirname "$0")" && pwd)

# Check the scenario before queueing anything: bad input is exit 2 here,
# not 16 failed tasks later.
"${THERMOSIM:-thermosim}" validate "$scenario"

jid=$(sbatch --parsable --array="0-$((n - 1))" "$here/thermosim-array.sh" "$scenario")
jid=${jid%%;*} # --parsable prints JOBID or JOBID;CLUSTER
sbatch --dependency="afterok:$jid" "$here/thermosim-merge.sh" "$jid"
echo "array job $jid: $n shards; merged results in ${MERGED:-${RESULTS:-shared/results}/merged}"
