#!/usr/bin/env bash
# Runs every shard of a matrix plan on this machine, one after another, into OUT/shard-K, merges them
# into one report (OUT/report), and checks that the shards together ran exactly the cells of the
# unsharded plan — what the CI workflow and the Kubernetes job do across machines, rehearsed locally.
# Usage: bin/run-shards-locally.sh N OUT [matrix options]
#   e.g. bin/run-shards-locally.sh 2 results/sharded --profile smoke
# Exit 0 when every shard finished cleanly and the cell sets match; non-zero otherwise.
set -euo pipefail
if [ $# -lt 2 ] || ! [[ "$1" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bin/run-shards-locally.sh N OUT [matrix options], N >= 1 shards, e.g. bin/run-shards-locally.sh 2 results/sharded --profile smoke" >&2
  exit 2
fi
shards=$1 out=$2
shift 2
cli="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/readstates-gc"
if [ -e "$out" ]; then
  echo "$out exists; choose a new OUT (earlier results are never overwritten)" >&2
  exit 2
fi
mkdir -p "$out"
run_id="sharded-$(date +%Y%m%d-%H%M%S)-$$"
status=0
for k in $(seq 1 "$shards"); do
  "$cli" matrix "$@" --shard "$k/$shards" --run-id "$run_id" --out "$out/shard-$k" --no-report || status=1
done
"$cli" report "$out"/shard-* --out "$out/report" || status=1
# The plan's cells, as the unsharded matrix would run them, against the cells the shards wrote.
"$cli" matrix "$@" --out "$out/unsharded-plan" --dry-run | grep -o 'cells/[^/ ]*/cell-spec.json' | cut -d/ -f2 | sort -u > "$out/plan-cells.txt"
find "$out"/shard-*/cells -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort > "$out/shard-cells.txt"
if ! diff -u "$out/plan-cells.txt" "$out/shard-cells.txt"; then
  echo "the shards' cells differ from the unsharded plan's (diff above: - only in the plan, + only in the shards)" >&2
  exit 1
fi
echo "shards: $shards shards ran the $(wc -l < "$out/plan-cells.txt") cells of the unsharded plan; merged report in $out/report"
exit $status
