#!/usr/bin/env bash
# NeuroActors' training engine against snnTorch and plain PyTorch on the easy Randman setting (100-128-10, batch 128,
# Adam 2e-3, 100 steps, 10 epochs), side by side on this machine: rounds of the three, in rotated order, so that a
# drift of the shared machine's speed touches each alike. Prints each run's median training epoch time and its final
# test accuracy. Needs benchmarks/snntorch/setup.sh once.
#
#   benchmarks/training/compare.sh [-r ROUNDS] [-e EPOCHS]        (NEUROACTORS=path/to/neuroactors to use a build)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=3 epochs=10
while getopts "r:e:" o; do case $o in r) rounds=$OPTARG;; e) epochs=$OPTARG;; *) exit 2;; esac; done
neuroactors=${NEUROACTORS:-}
if [[ -z $neuroactors ]]; then
  dotnet publish src/NeuroActors.Cli -c Release -o results/bench-bin >/dev/null
  neuroactors=results/bench-bin/neuroactors
fi
out=results/training-compare; mkdir -p "$out"
py=/usr/bin/python3

run_neuroactors() {
  "$neuroactors" train configs/train-randman.yaml --out "$out/na-$1" --epochs "$epochs" --simulate 0 --no-plot > "$out/na-$1.log"
  $py - "$out/na-$1/metrics.json" <<'PY'
import json, statistics, sys
m = json.load(open(sys.argv[1]))["epochs"]
print(f"neuroactors  epoch {statistics.median(e['epoch_seconds'] for e in m):.3f} s (train + test evaluation), test accuracy {m[-1]['test_accuracy']*100:.1f} %")
PY
}
run_python() {
  $py benchmarks/snntorch/train_randman.py --impl "$1" --epochs "$epochs" --threads 2 --json "$out/$1-$2.json" > "$out/$1-$2.log"
  $py - "$out/$1-$2.json" "$1" <<'PY'
import json, statistics, sys
d = json.load(open(sys.argv[1]))
ep = d["epochs"]
print(f"{sys.argv[2]:<12} epoch {statistics.median(e['train_s'] for e in ep):.3f} s (training only), test accuracy {ep[-1]['test_accuracy']*100:.1f} %")
PY
}
for ((r = 0; r < rounds; r++)); do
  echo "round $((r + 1))"
  case $((r % 3)) in
    0) run_neuroactors $r; run_python snntorch $r; run_python torch $r;;
    1) run_python snntorch $r; run_python torch $r; run_neuroactors $r;;
    2) run_python torch $r; run_neuroactors $r; run_python snntorch $r;;
  esac
done
