#!/usr/bin/env bash
# W1 side by side: thermosim (whole process through the CLI and this YAML
# scenario, 1 and 2 workers) against the peers of ../shared/peers (C scalar
# ziggurat, C 8-lane SIMD ziggurat, numpy), in interleaved rounds; prints
# the median time of each and its ratio to the scalar C peer.
#
#   bash bench/w1/run.sh [rounds]      (from the repository root)
#
# Needs the peers built: make -C ../shared/peers OUT=/tmp/thermosim-peers
# (gcc, libgsl-dev; numpy for the Python peer, skipped if absent).
set -euo pipefail
rounds=${1:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
P=${PEERS:-/tmp/thermosim-peers}
[ -x "$P/thermo_c" ] || make -s -C "$root/../shared/peers" OUT="$P" "$P/thermo_c" >&2
bin=$(mktemp -d)/thermosim
(cd "$root" && go build -o "$bin" ./cmd/thermosim)
out=$(mktemp -d)
py=""
for c in /usr/bin/python3 python3; do
  if $c -c 'import numpy' 2>/dev/null; then py=$c; break; fi
done
declare -A T
now() { date +%s.%N; }
timeit() { local t0 t1; t0=$(now); "$@" >/dev/null 2>&1; t1=$(now); echo "$t1 - $t0" | bc -l; }
for r in $(seq "$rounds"); do
  T[c_zig]+="$(timeit "$P/thermo_c" w1 n=200000 steps=1000 threads=1 gen=zig) "
  T[c_zig8]+="$(timeit "$P/thermo_c" w1 n=200000 steps=1000 threads=1 gen=zig8) "
  T[ts_1]+="$(timeit "$bin" run --quiet --workers 1 --out "$out" "$root/bench/w1/w1.yaml") "
  T[ts_2]+="$(timeit "$bin" run --quiet --workers 2 --out "$out" "$root/bench/w1/w1.yaml") "
  if [ -n "$py" ]; then
    T[numpy]+="$(timeit $py "$root/../shared/peers/python/thermo.py" w1 n=200000 steps=1000) "
  fi
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ref=$(echo "${T[c_zig]}" | median)
printf "%-34s %10s %14s %14s\n" implementation "time (s)" "ns/traj-step" "vs C scalar"
for k in c_zig c_zig8 ts_1 ts_2 numpy; do
  [ -n "${T[$k]:-}" ] || continue
  m=$(echo "${T[$k]}" | median)
  case $k in
    c_zig) name="C, scalar ziggurat (process)";; c_zig8) name="C, 8-lane SIMD ziggurat (process)";;
    ts_1) name="thermosim CLI, 1 worker";; ts_2) name="thermosim CLI, 2 workers";; numpy) name="numpy (process)";;
  esac
  printf "%-34s %10.3f %14.2f %14.2f\n" "$name" "$m" "$(echo "$m / 200000000 * 1000000000" | bc -l)" "$(echo "$m / $ref" | bc -l)"
done
s1=$(echo "${T[ts_1]}" | median); s2=$(echo "${T[ts_2]}" | median)
printf "thermosim speed-up, 2 workers over 1: %.2f\n" "$(echo "$s1 / $s2" | bc -l)"
