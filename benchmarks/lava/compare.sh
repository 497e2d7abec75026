#!/usr/bin/env bash
# Lava's bit-accurate CPU model of Loihi and NeuroActors' loihi backend, side by side, on the very same
# networks (Bernoulli sources → Dense → LIF; see lava_bench.py and README.md).
#
#   LAVA_DIR=/path/to/lava benchmarks/lava/compare.sh [-r REPEATS] [-t STEPS] [SIZE...]
#
# SIZE is N_INxN_OUT (default: 100x100 1000x1000 2000x4000). Each repetition runs every size, Lava and
# NeuroActors one after the other, the order swapped from one repetition to the next, so that a
# drift of the machine's speed hits both alike. Environment:
#   LAVA_DIR     root of a lava-nc/lava checkout (required; patched in place by patch_lava.py)
#   PYTHON       Python with numpy, scipy, networkx, asteval (default /usr/bin/python3, Debian's)
#   NEUROACTORS  the neuroactors executable (default: built from this checkout into $WORK/bin)
#   NA_SHARDS    --shards for NeuroActors (default: its own, one per core)
#   WORK         where the networks, runs and table go (default results/lava-compare)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
repeats=3
steps=1000
while getopts "r:t:h" opt; do
  case "$opt" in
    r) repeats="$OPTARG" ;;
    t) steps="$OPTARG" ;;
    *) sed -n '2,15p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
sizes=("${@:-100x100 1000x1000 2000x4000}")
read -r -a sizes <<< "${sizes[*]}"

: "${LAVA_DIR:?set LAVA_DIR to the root of a lava-nc/lava checkout (see benchmarks/lava/README.md)}"
python="${PYTHON:-/usr/bin/python3}"
work="${WORK:-$repo/results/lava-compare}"
mkdir -p "$work"

for size in "${sizes[@]}"; do
  [[ "$size" =~ ^[0-9]+x[0-9]+$ ]] || { echo "compare.sh: size '$size' must be N_INxN_OUT, e.g. 1000x1000" >&2; exit 2; }
done

if [[ -z "${NEUROACTORS:-}" ]]; then
  echo "building NeuroActors (Release) into $work/bin"
  dotnet build "$repo/src/NeuroActors.Cli" -c Release -o "$work/bin" -v quiet -nologo > "$work/build.log" \
    || { cat "$work/build.log" >&2; exit 1; }
  NEUROACTORS="$work/bin/neuroactors"
fi
shards=()
[[ -n "${NA_SHARDS:-}" ]] && shards=(--shards "$NA_SHARDS")

for size in "${sizes[@]}"; do
  n_in="${size%x*}"; n_out="${size#*x}"
  echo "writing the $size network ($steps steps) for NeuroActors"
  rm -rf "${work:?}/$size"
  "$python" "$here/lava_bench.py" --n-in "$n_in" --n-out "$n_out" --steps "$steps" --no-lava --out "$work/$size" > /dev/null
done

run_lava() {  # size rep
  local n_in="${1%x*}" n_out="${1#*x}"
  echo "[$2/$repeats] $1: Lava"
  "$python" "$here/lava_bench.py" --n-in "$n_in" --n-out "$n_out" --steps "$steps" --lava "$LAVA_DIR" \
    > "$work/$1/lava-r$2.json"
}
run_neuroactors() {  # size rep
  echo "[$2/$repeats] $1: NeuroActors"
  "$NEUROACTORS" run "$work/$1/model.yaml" --no-plot --weights none --telemetry none "${shards[@]}" \
    --out "$work/$1/neuroactors-r$2" > "$work/$1/neuroactors-r$2.log" 2>&1 \
    || { tail -n 5 "$work/$1/neuroactors-r$2.log" >&2; exit 1; }
}

for ((rep = 1; rep <= repeats; rep++)); do
  for size in "${sizes[@]}"; do
    if ((rep % 2)); then run_lava "$size" "$rep"; run_neuroactors "$size" "$rep"
    else run_neuroactors "$size" "$rep"; run_lava "$size" "$rep"; fi
  done
done

"$python" "$here/compare_table.py" "$work" "${sizes[@]}" | tee "$work/table.md"
