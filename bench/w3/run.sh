#!/bin/sh
# W3 side by side: thermosim (Go) against pymbar 3.1, numpy and C on the same
# work.bin, interleaved rounds, medians of the kernel time (time_s), ratios
# relative to thermosim. See ../shared/peers/README.md.
#
#   sh bench/w3/run.sh [ROUNDS]        (from the repository root)
#
# Needs the peers built first:
#   apt-get install -y libgsl-dev python3-numpy python3-scipy python3-pymbar
#   make -C ../shared/peers PYTHON=/usr/bin/python3 OUT=/tmp/thermosim-peers
set -eu
ROUNDS=${1:-5}
P=${P:-/tmp/thermosim-peers}
PEERS=${PEERS:-$(cd "$(dirname "$0")/../../../shared/peers" 2>/dev/null && pwd || echo /work/shared/peers)}
PY=${PY:-/usr/bin/python3}
W=$P/work.bin
[ -f "$W" ] || { echo "no $W: build the peers first (see the header of this script)" >&2; exit 2; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
go build -o "$T/w3" ./bench/w3

run() { # name command...
	name=$1; shift
	"$@" > "$T/out" 2>&1 || { cat "$T/out" >&2; exit 1; }
	awk '/^time_s/ {print $2}' "$T/out" >> "$T/$name.times"
	grep -E '^(EXP_F|EXP_R|BAR) ' "$T/out" | awk '{print $1, $2, $4}' > "$T/$name.res"
}

for r in $(seq "$ROUNDS"); do
	run thermosim "$T/w3" file="$W"
	run pymbar "$PY" "$PEERS/python/thermo.py" w3 file="$W" impl=pymbar
	run numpy "$PY" "$PEERS/python/thermo.py" w3 file="$W" impl=numpy
	run c "$P/thermo_c" w3 file="$W" threads=1
	[ -x "$P/thermo_c_fastmath" ] && run c_fastmath "$P/thermo_c_fastmath" w3 file="$W" threads=1
done

median() { sort -g "$1" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
base=$(median "$T/thermosim.times")
echo "W3: EXP forward + EXP reverse + BAR with analytical errors, nF = nR = 1e6, 1 thread"
echo "median of $ROUNDS interleaved rounds, kernel time only; $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d)"
printf '%-12s %10s %14s  %s\n' impl time_s "time/thermosim" "agrees with pymbar (12 digits)"
for n in thermosim pymbar numpy c c_fastmath; do
	[ -f "$T/$n.times" ] || continue
	m=$(median "$T/$n.times")
	same=yes
	cmp -s "$T/$n.res" "$T/pymbar.res" || same=no
	printf '%-12s %10.4f %14.2f  %s\n' "$n" "$m" "$(echo "$m $base" | awk '{print $1/$2}')" "$same"
done
echo
echo "pymbar results:"; cat "$T/pymbar.res"
