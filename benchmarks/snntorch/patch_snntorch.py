#!/usr/bin/env python3
"""Makes snnTorch keep float64 end to end (needed for the float64 fixtures of make_fixtures.py).

snnTorch (jeshraghian/snntorch, tested at tag v0.9.4, commit f5cb74654bc274736165dd2cd7455144c95588d4) imports
and runs unchanged on Debian 12's python3-torch 1.13.1 in float32. Two places fix float32 whatever the network's
dtype, and this script changes exactly those:

1. snntorch/surrogate.py computes every spike as `out = (input_ > 0).float()` (13 places, one per surrogate):
   in a float64 network the next nn.Linear fails ("mat1 and mat2 must have the same dtype"), and casting the
   spikes back with .double() in the model would round every gradient flowing back through a spike to float32
   (the backward of a cast casts the gradient). Patched to `(input_ > 0).to(input_.dtype)`.
2. snntorch/functional/loss.py, mse_count_loss: the target counts come from spikegen.to_one_hot, which is
   float32 (spikegen's module-level `dtype = torch.float`); MSELoss of float64 counts against them fails in the
   backward pass ("Found dtype Float but expected Double"). Patched to cast the targets (small integers, exact
   in both) to the counts' dtype.

Values are unchanged (0, 1 and integer targets are exact in both precisions) and float32 runs compute exactly
what they did. The patch is idempotent: running it again on a patched tree changes nothing.
Usage: patch_snntorch.py SNNTORCH_DIR   (the source tree's root, holding snntorch/surrogate.py)
"""
import pathlib
import sys

# (file, old, new, expected number of occurrences in v0.9.4)
PATCHES = [
    ("snntorch/surrogate.py", "(input_ > 0).float()", "(input_ > 0).to(input_.dtype)", 13),
    ("snntorch/functional/loss.py", "loss = loss_fn(spike_count, spike_count_target)",
     "loss = loss_fn(spike_count, spike_count_target.to(spike_count.dtype))", 1),
]


def patch(snntorch_dir: pathlib.Path) -> int:
    changed = 0
    for relative, old, new, expected in PATCHES:
        path = pathlib.Path(snntorch_dir) / relative
        if not path.is_file():
            sys.exit(f"patch_snntorch.py: {path} not found; SNNTORCH_DIR must be the root of a snnTorch source tree")
        text = path.read_text()
        count = text.count(old)
        if count == 0 and new not in text:
            sys.exit(f"patch_snntorch.py: {path}: neither {old!r} nor its patched form found; "
                     "is this snnTorch v0.9.4?")
        if count:
            if count != expected:
                print(f"patch_snntorch.py: {path}: {count} occurrence(s) of {old!r}, v0.9.4 has {expected}",
                      file=sys.stderr)
            path.write_text(text.replace(old, new))
            changed += count
    return changed


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: patch_snntorch.py SNNTORCH_DIR")
    n = patch(pathlib.Path(sys.argv[1]))
    print(f"patch_snntorch.py: {n} place(s) changed to keep the network's dtype" if n
          else "patch_snntorch.py: already patched")
