#!/usr/bin/env bash
# Data-parallel training against one process, side by side on this machine: each round trains the easy Randman setting
# (configs/train-randman.yaml) with 2 workers in one process, on two `node` processes driven by the training process
# (3 processes), and on one `node` with the training process hosting the other worker (`--host-worker`, 2 processes),
# all on 127.0.0.1 without TLS (with -t: with TLS, a cluster certificate made for the rounds). Prints each run's median
# epoch (epochs 2 on: the first includes the JIT) and the ratios.
#
#   benchmarks/training/data-parallel.sh [-r ROUNDS] [-e EPOCHS] [-t]     (NEUROACTORS=path/to/neuroactors to use a build)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=5 epochs=8 tls=0
while getopts "r:e:t" o; do case $o in r) rounds=$OPTARG;; e) epochs=$OPTARG;; t) tls=1;; *) exit 2;; esac; done
neuroactors=${NEUROACTORS:-}
if [[ -z $neuroactors ]]; then
  dotnet publish src/NeuroActors.Cli -c Release -o results/bench-bin >/dev/null
  neuroactors=results/bench-bin/neuroactors
fi
out=results/data-parallel; rm -rf "$out"; mkdir -p "$out"
security=(--insecure)
if ((tls)); then
  "$neuroactors" cert create --out "$out/cluster.pfx" --password bench > /dev/null
  security=(--tls-cert "$out/cluster.pfx" --tls-password bench)
fi
config=configs/train-randman.yaml
median() {
  /usr/bin/python3 -c "
import json, statistics, sys
m = json.load(open(sys.argv[1] + '/metrics.json'))['epochs'][1:]
print('%.3f' % statistics.median(e['epoch_seconds'] for e in m))" "$1"
}
free_port() { /usr/bin/python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
train() { "$neuroactors" train "$config" --epochs "$epochs" --simulate 0 --no-plot "$@" > /dev/null 2>&1; }
for ((r = 0; r < rounds; r++)); do
  train --out "$out/local-$r" --workers 2
  seed=$(free_port) second=$(free_port)
  "$neuroactors" node --seed "127.0.0.1:$seed" --port "$seed" "${security[@]}" > "$out/node1-$r.log" 2>&1 & n1=$!
  "$neuroactors" node --seed "127.0.0.1:$seed" --port "$second" "${security[@]}" > "$out/node2-$r.log" 2>&1 & n2=$!
  sleep 3
  train --out "$out/three-$r" --cluster "127.0.0.1:$seed" --nodes 2 "${security[@]}"
  kill "$n2"; wait "$n2" 2>/dev/null || true
  train --out "$out/two-$r" --cluster "127.0.0.1:$seed" --nodes 2 --host-worker "${security[@]}"
  kill "$n1"; wait "$n1" 2>/dev/null || true
  l=$(median "$out/local-$r") t=$(median "$out/three-$r") w=$(median "$out/two-$r")
  /usr/bin/python3 -c "import sys; l, t, w = map(float, sys.argv[1:]); print(f'one process {l:.3f} s, 3 processes {t:.3f} s ({t / l:.2f}x), 2 processes {w:.3f} s ({w / l:.2f}x)')" "$l" "$t" "$w"
done
