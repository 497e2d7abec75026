#!/usr/bin/env python3
"""Recomputes every snnTorch fixture with plain_torch.py (NeuroActors' equations, no snnTorch) and compares.

Spikes must be equal; membranes, loss and gradients equal to float64 rounding (relative 1e-12 of the largest
magnitude of each tensor). A difference means snnTorch and the equations disagree. Needs only torch.
Usage: check_fixtures.py [-v] [FIXTURE_DIR]  (default tests/NeuroActors.Training.Tests/Fixtures/snntorch)
"""
import json
import pathlib
import sys

import torch

import plain_torch

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_DIR = HERE.parent.parent / "tests" / "NeuroActors.Training.Tests" / "Fixtures" / "snntorch"
RTOL = 1e-12


def tensor(entry):
    return torch.tensor(entry["values"], dtype=torch.float64).reshape(entry["shape"])


def close(name, got, want):
    scale = max(want.abs().max().item(), 1e-300)
    err = (got - want).abs().max().item()
    ok = err <= RTOL * scale
    return ok, f"{name}: max |Δ| {err:.3g} (scale {scale:.3g})"


def check(path):
    f = json.loads(path.read_text())
    network = f["network"]
    params = {k: tensor(v).requires_grad_(True) for k, v in f["parameters"].items()}
    x = tensor(f["batch"]["inputs"]).transpose(0, 1)  # [T, B, N]
    labels = torch.tensor(f["batch"]["labels"])
    spikes, membranes, readout = plain_torch.forward(params, network, x)
    loss = plain_torch.loss_of(network, spikes, readout, labels)
    loss.backward()
    expected = f["expected"]
    problems, notes = [], []
    for i, s in enumerate(spikes, 1):
        want = tensor(expected["spikes"][f"layer{i}"]).transpose(0, 1)
        if not torch.equal(s.detach(), want):
            problems.append(f"layer{i} spikes differ in {(s.detach() != want).sum().item()} places")
        ok, note = close(f"layer{i} membrane", membranes[i - 1].detach(),
                         tensor(expected["membranes"][f"layer{i}"]).transpose(0, 1))
        (notes if ok else problems).append(note)
    if readout is not None:
        ok, note = close("readout membrane", readout.detach(), tensor(expected["readout_membrane"]).transpose(0, 1))
        (notes if ok else problems).append(note)
    ok, note = close("loss", loss.detach(), torch.tensor(expected["loss"], dtype=torch.float64))
    (notes if ok else problems).append(note)
    for name, p in params.items():
        ok, note = close(f"grad {name}", p.grad, tensor(expected["gradients"][name]))
        (notes if ok else problems).append(note)
    return problems, notes


def main():
    verbose = "-v" in sys.argv[1:]
    positional = [a for a in sys.argv[1:] if a != "-v"]
    directory = pathlib.Path(positional[0]) if positional else DEFAULT_DIR
    files = sorted(directory.glob("*.json"))
    if not files:
        sys.exit(f"no fixtures in {directory}")
    failed = False
    for path in files:
        problems, notes = check(path)
        failed |= bool(problems)
        print(f"{path.name}: {'OK' if not problems else 'MISMATCH'}")
        for line in problems + (notes if verbose else []):
            print("   ", line)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
