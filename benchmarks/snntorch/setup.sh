#!/usr/bin/env bash
# Prepares everything benchmarks/snntorch needs on a fresh Debian 12 machine; running it again changes nothing.
#
#   benchmarks/snntorch/setup.sh
#
# 1. Debian's PyTorch (python3-torch 1.13.1, OpenBLAS), unless /usr/bin/python3 already imports torch.
# 2. snnTorch's source at tag v0.9.4 (pure Python; nothing is pip-installed), exported to $SNNTORCH_DIR
#    with the commit id in $SNNTORCH_DIR/SNNTORCH_COMMIT, then patched by patch_snntorch.py.
# 3. A check that /usr/bin/python3 imports that snnTorch with that torch.
# Environment:
#   SNNTORCH_DIR   where the source goes (default: results/snntorch-v0.9.4 in this checkout)
#   SNNTORCH_GIT   where it comes from: a git URL (default https://github.com/jeshraghian/snntorch) or a
#                  local git directory (bare or not) that has the tag, e.g. an existing mirror
#   SNNTORCH_TAG   the tag (default v0.9.4; the fixtures were made with it); a commit id only with a local SNNTORCH_GIT
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="${SNNTORCH_DIR:-$repo/results/snntorch-v0.9.4}"
src="${SNNTORCH_GIT:-https://github.com/jeshraghian/snntorch}"
tag="${SNNTORCH_TAG:-v0.9.4}"
python=/usr/bin/python3

if ! "$python" -c 'import torch' 2> /dev/null; then
  echo "installing Debian's python3-torch"
  sudo=(); [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update
  "${sudo[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch
fi

if [[ ! -f "$dir/snntorch/__init__.py" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  if [[ -d "$src" ]]; then
    gitdir="$src"
  else
    echo "cloning $src at $tag"
    git clone --quiet --depth 1 --branch "$tag" "$src" "$tmp/clone"
    gitdir="$tmp/clone/.git"
  fi
  commit="$(git --git-dir="$gitdir" rev-parse "$tag^{commit}")"
  mkdir -p "$tmp/tree"
  # Only the package and its licence: some of the repository's images are large and not needed.
  git --git-dir="$gitdir" archive "$commit" snntorch LICENSE | tar -x -C "$tmp/tree"
  echo "$commit" > "$tmp/tree/SNNTORCH_COMMIT"
  mkdir -p "$(dirname "$dir")"
  rm -rf "$dir"
  mv "$tmp/tree" "$dir"
  echo "snnTorch $tag ($commit) in $dir"
fi

"$python" "$here/patch_snntorch.py" "$dir"
SNNTORCH_DIR="$dir" "$python" - <<PY
import sys
sys.path.insert(0, "$here")
import snntorch_env
root = snntorch_env.import_snntorch("$dir")
import snntorch, torch
print(f"ok: snntorch {snntorch.__version__} ({snntorch_env.snntorch_commit(root)}) on torch {torch.__version__}")
PY
