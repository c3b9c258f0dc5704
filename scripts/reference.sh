#!/usr/bin/env bash
# Regenerates the committed reference results: results/reference/ (the
# built-in verify suite's results folders, its table, the statements report
# and a few figures under stable names) and the verify table in README.md.
#
#   bash scripts/reference.sh        (from anywhere; needs only Go)
set -euo pipefail
cd "$(dirname "$0")/.."
ref=results/reference
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. The built-in suite, without the per-trajectory samples (tens of MB).
go run ./cmd/thermosim verify --quiet --no-samples --out "$tmp/ref" 2> "$tmp/verify.txt" || {
  cat "$tmp/verify.txt" >&2; echo "reference: the suite failed; nothing replaced" >&2; exit 1; }
rm -f "$tmp"/ref/*/*/plots/figures.gob
mkdir -p "$ref"
for d in "$tmp"/ref/*; do
  rm -rf "$ref/$(basename "$d")"
  mv "$d" "$ref/"
done
grep -v '^verify:' "$tmp/verify.txt" > "$ref/verify-table.txt"

# 2. The statements report of the seed document.
rm -rf "$ref/claims"
go run ./cmd/thermosim claims --quiet --out "$ref" > /dev/null

# 3. Figures under stable names for the README and the docs.
mkdir -p "$ref/figures"
fig() { cp "$(ls -d "$ref/$1"/*/ | tail -n 1)plots/$2.png" "$ref/figures/$1-$2.png"; }
fig dragged-trap crooks
fig dragged-trap ift-convergence
fig breathing-trap delta-f-convergence
fig free-energy-relaxation free-energy
fig anisotropic-coupled balance-current
fig sgd-batch-sweep sweep-sgd_batch_temperature
fig sgd-fixed-ratio sweep-sgd_temperature

# 4. The verify table in README.md, between its markers.
awk -v table="$ref/verify-table.txt" '
  /<!-- verify-table -->/ { print; print "```"; while ((getline line < table) > 0) print line; print "```"; skip = 1; next }
  /<!-- \/verify-table -->/ { skip = 0 }
  !skip { print }' README.md > "$tmp/README.md"
mv "$tmp/README.md" README.md
echo "reference: results/reference and README.md regenerated"
