#!/usr/bin/env python3
"""Writes the snnTorch reference fixtures of tests/NeuroActors.Training.Tests/Fixtures/snntorch.

Each fixture is one small network built from snnTorch's modules as a user would build it (nn.Linear, then
snn.Leaky or snn.RLeaky, and for the membrane losses nn.Linear, then snn.Leaky(reset_mechanism="none") as the
non-spiking readout), one batch of Bernoulli input spikes and labels, and what snnTorch computes for them in
float64: the spikes of every layer, the readout's membrane, the loss (mean over the batch) and the gradient of
every parameter. The options are written in NeuroActors' terms (src/NeuroActors.Training/Spec) so that a test can
build the same network, load the same parameters and compare. See README.md for snnTorch's semantics.

Usage: make_fixtures.py [--snntorch DIR] [--out DIR] [--check]
  --snntorch  snnTorch source tree (default $SNNTORCH_DIR or results/snntorch-v0.9.4, see setup.sh)
  --out       where the JSON files go (default tests/NeuroActors.Training.Tests/Fixtures/snntorch)
  --check     recompute every fixture and compare with the files instead of writing them
"""
import argparse
import json
import math
import pathlib
import sys

import snntorch_env

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_OUT = REPO / "tests" / "NeuroActors.Training.Tests" / "Fixtures" / "snntorch"

INPUTS, HIDDEN, CLASSES, STEPS, BATCH, P_SPIKE = 12, 10, 3, 20, 4, 0.15


def surrogate_fn(sg, kind, scale):
    if kind == "fast_sigmoid":
        return sg.fast_sigmoid(slope=scale)
    if kind == "arctan":
        return sg.atan(alpha=scale)
    if kind == "sigmoid":
        return sg.sigmoid(slope=scale)
    raise ValueError(kind)


class Net:
    """The network of one fixture: spiking layers (nn.Linear → snn.Leaky/RLeaky), optionally a readout."""

    def __init__(self, torch, nn, snn, sg, spec):
        self.torch, self.snn, self.spec = torch, snn, spec
        surrogate = spec["surrogate"]
        self.linears, self.neurons = nn.ModuleList(), nn.ModuleList()
        fan_in = spec["inputs"]
        for layer in spec["hidden"]:
            self.linears.append(nn.Linear(fan_in, layer["size"], bias=layer["bias"]))
            options = dict(threshold=layer["threshold"], reset_mechanism=layer["reset"],
                           spike_grad=surrogate_fn(sg, surrogate["kind"], surrogate["scale"]))
            beta = layer["beta"]
            if layer["learn_beta"]:
                options["learn_beta"] = True
            if layer["learn_threshold"]:
                options["learn_threshold"] = True
            if layer["alpha"] > 0:
                neuron = snn.Synaptic(alpha=layer["alpha"], beta=beta, **options)
            elif layer["recurrent"]:
                neuron = snn.RLeaky(beta=beta, linear_features=layer["size"], all_to_all=True, **options)
            else:
                neuron = snn.Leaky(beta=beta, **options)
            self.neurons.append(neuron)
            fan_in = layer["size"]
        self.readout_linear = self.readout_neuron = None
        if spec["readout"] is not None:
            r = spec["readout"]
            self.readout_linear = nn.Linear(fan_in, r["size"], bias=r["bias"])
            self.readout_neuron = snn.Leaky(beta=r["beta"], reset_mechanism="none")

    def forward(self, x):
        """x: [T, B, N] (snnTorch's time-first layout). Returns per layer the spikes and membranes [T, B, H],
        and the readout's membrane [T, B, C] (or None)."""
        torch = self.torch
        states = []
        for neuron in self.neurons:
            if isinstance(neuron, self.snn.RLeaky):
                states.append(list(neuron.init_rleaky()))
            elif isinstance(neuron, self.snn.Synaptic):
                states.append(list(neuron.init_synaptic()))
            else:
                states.append([neuron.init_leaky()])
        mem_r = self.readout_neuron.init_leaky() if self.readout_neuron is not None else None
        spikes = [[] for _ in self.neurons]
        membranes = [[] for _ in self.neurons]
        readout = []
        for t in range(x.shape[0]):
            h = x[t]
            for i, (linear, neuron) in enumerate(zip(self.linears, self.neurons)):
                cur = linear(h)
                if isinstance(neuron, self.snn.RLeaky):
                    spk, mem = neuron(cur, states[i][0], states[i][1])
                    states[i] = [spk, mem]
                elif isinstance(neuron, self.snn.Synaptic):
                    spk, syn, mem = neuron(cur, states[i][0], states[i][1])
                    states[i] = [syn, mem]
                else:
                    spk, mem = neuron(cur, states[i][0])
                    states[i] = [mem]
                spikes[i].append(spk)
                membranes[i].append(mem)
                h = spk
            if self.readout_neuron is not None:
                _, mem_r = self.readout_neuron(self.readout_linear(h), mem_r)
                readout.append(mem_r)
        return ([torch.stack(s) for s in spikes], [torch.stack(m) for m in membranes],
                torch.stack(readout) if readout else None)


def hidden_layer(size, beta=0.9, threshold=1.0, reset="subtract", bias=True, recurrent=False,
                 learn_beta=False, learn_threshold=False, alpha=0.0):
    return {"size": size, "beta": beta, "alpha": alpha, "threshold": threshold, "reset": reset,
            "reset_timing": "previous", "detach_reset": True, "bias": bias, "recurrent": recurrent,
            "learn_beta": learn_beta, "learn_threshold": learn_threshold}


# name: (description, network options, seed, gain of each hidden layer's weights, gain of the readout's weights)
FIXTURES = {
    "default": (
        "snnTorch's default training setup: nn.Linear → snn.Leaky(beta 0.9, threshold 1, reset by subtraction, "
        "spike_grad=surrogate.fast_sigmoid(slope=25)) → nn.Linear → snn.Leaky(beta 0.8, reset_mechanism='none') "
        "as the readout; nn.CrossEntropyLoss on the readout membrane's maximum over time.",
        {"hidden": [hidden_layer(HIDDEN)], "readout": {"size": CLASSES, "beta": 0.8, "alpha": 0.0, "bias": True},
         "surrogate": {"kind": "fast_sigmoid", "scale": 25.0},
         "loss": {"kind": "ce_max_membrane", "correct_rate": 1.0, "incorrect_rate": 0.0}},
        1501, [4.0], 1.0),
    "reset_zero_arctan_last": (
        "Reset to zero (snn.Leaky reset_mechanism='zero', beta 0.85, threshold 0.8), surrogate.atan(alpha=2), "
        "no bias on the hidden layer nor on the readout; nn.CrossEntropyLoss on the readout membrane's last step "
        "(mem[-1]).",
        {"hidden": [hidden_layer(HIDDEN, beta=0.85, threshold=0.8, reset="zero", bias=False)],
         "readout": {"size": CLASSES, "beta": 0.9, "alpha": 0.0, "bias": False},
         "surrogate": {"kind": "arctan", "scale": 2.0},
         "loss": {"kind": "ce_last_membrane", "correct_rate": 1.0, "incorrect_rate": 0.0}},
        1502, [4.0], 1.0),
    "two_hidden_sigmoid_ce_count": (
        "Two hidden snn.Leaky layers (10 and 8 neurons, the second without bias) and a spiking output layer of 3 "
        "snn.Leaky neurons, surrogate.sigmoid(slope=25), no readout; snntorch.functional.ce_count_loss() on the "
        "output layer's spikes (cross-entropy of the spike counts).",
        {"hidden": [hidden_layer(HIDDEN), hidden_layer(8, beta=0.8, bias=False), hidden_layer(CLASSES, beta=0.8)],
         "readout": None,
         "surrogate": {"kind": "sigmoid", "scale": 25.0},
         "loss": {"kind": "ce_count", "correct_rate": 1.0, "incorrect_rate": 0.0}},
        1503, [4.0, 2.5, 2.5], None),
    "mse_count": (
        "One hidden snn.Leaky layer and a spiking output layer of 3 snn.Leaky neurons, surrogate.fast_sigmoid(slope=25), "
        "no readout; snntorch.functional.mse_count_loss(correct_rate=0.8, incorrect_rate=0.2) on the output "
        "layer's spikes: target counts int(T·rate) = 16 and 4, nn.MSELoss averaged over batch × classes.",
        {"hidden": [hidden_layer(HIDDEN), hidden_layer(CLASSES, beta=0.8)],
         "readout": None,
         "surrogate": {"kind": "fast_sigmoid", "scale": 25.0},
         "loss": {"kind": "mse_count", "correct_rate": 0.8, "incorrect_rate": 0.2}},
        1504, [4.0, 2.5], None),
    "learn_beta_threshold": (
        "snn.Leaky with learn_beta=True and learn_threshold=True, given one beta and one threshold per neuron "
        "(tensors of shape [10]), reset by subtraction, surrogate.fast_sigmoid(slope=25); readout and "
        "nn.CrossEntropyLoss on the readout membrane's maximum. layer1.beta and layer1.threshold are parameters "
        "with gradients; the reset term's threshold is not detached (only the spike in it is).",
        {"hidden": [hidden_layer(HIDDEN, learn_beta=True, learn_threshold=True)],
         "readout": {"size": CLASSES, "beta": 0.8, "alpha": 0.0, "bias": True},
         "surrogate": {"kind": "fast_sigmoid", "scale": 25.0},
         "loss": {"kind": "ce_max_membrane", "correct_rate": 1.0, "incorrect_rate": 0.0}},
        1505, [4.0], 1.0),
    "recurrent": (
        "snn.RLeaky(beta 0.9, linear_features=10, all_to_all=True), reset by subtraction, "
        "surrogate.fast_sigmoid(slope=25): U[t] = beta·U[t−1] + W·x[t] + b + V·S[t−1] + b_V − S[t−1]·θ, "
        "V = RLeaky.recurrent.weight (layer1.recurrent). RLeaky's recurrent nn.Linear has a bias b_V of its own, "
        "which only adds to layer1.bias (same gradient); it is set to 0 and frozen here so that each neuron has "
        "one bias, as in NeuroActors. Readout and nn.CrossEntropyLoss on the readout membrane's maximum.",
        {"hidden": [hidden_layer(HIDDEN, recurrent=True)],
         "readout": {"size": CLASSES, "beta": 0.8, "alpha": 0.0, "bias": True},
         "surrogate": {"kind": "fast_sigmoid", "scale": 25.0},
         "loss": {"kind": "ce_max_membrane", "correct_rate": 1.0, "incorrect_rate": 0.0}},
        1506, [4.0], 1.0),
    "synaptic": (
        "snn.Synaptic(alpha 0.8, beta 0.9), reset by subtraction, surrogate.fast_sigmoid(slope=25): "
        "I[t] = alpha·I[t−1] + W·x[t] + b, U[t] = beta·U[t−1] + I[t] − S[t−1]·θ. Readout (snn.Leaky, no "
        "synaptic state) and nn.CrossEntropyLoss on the readout membrane's maximum.",
        {"hidden": [hidden_layer(HIDDEN, alpha=0.8)],
         "readout": {"size": CLASSES, "beta": 0.8, "alpha": 0.0, "bias": True},
         "surrogate": {"kind": "fast_sigmoid", "scale": 25.0},
         "loss": {"kind": "ce_max_membrane", "correct_rate": 1.0, "incorrect_rate": 0.0}},
        1507, [2.0], 1.0),
}

RECURRENT_GAIN = 1.5


def tensor_json(t):
    t = t.detach()
    return {"shape": list(t.shape), "values": [float(v) for v in t.reshape(-1).tolist()]}


def make(name, torch, nn, snn, sg, SF, provenance):
    description, options, seed, gains, readout_gain = FIXTURES[name]
    spec = {"inputs": INPUTS, **options}
    torch.manual_seed(seed)
    net = Net(torch, nn, snn, sg, spec)
    named = {}
    with torch.no_grad():
        for i, (linear, neuron, layer, gain) in enumerate(zip(net.linears, net.neurons, spec["hidden"], gains), 1):
            linear.weight.mul_(gain)
            named[f"layer{i}.weight"] = linear.weight
            if linear.bias is not None:
                named[f"layer{i}.bias"] = linear.bias
            if layer["recurrent"]:
                neuron.recurrent.weight.mul_(RECURRENT_GAIN)
                neuron.recurrent.bias.zero_()
                neuron.recurrent.bias.requires_grad_(False)
                named[f"layer{i}.recurrent"] = neuron.recurrent.weight
            if layer["learn_beta"] or layer["learn_threshold"]:
                # per-neuron values, drawn here and handed to snn.Leaky as tensors, as a user would
                size = layer["size"]
                beta = torch.empty(size).uniform_(0.75, 0.95)
                threshold = torch.empty(size).uniform_(0.8, 1.2)
                neuron = snn.Leaky(beta=beta, threshold=threshold, learn_beta=layer["learn_beta"],
                                   learn_threshold=layer["learn_threshold"], reset_mechanism=layer["reset"],
                                   spike_grad=surrogate_fn(sg, spec["surrogate"]["kind"], spec["surrogate"]["scale"]))
                net.neurons[i - 1] = neuron
                layer["beta"] = None   # per neuron: see parameters.layer{i}.beta
                layer["threshold"] = None
                named[f"layer{i}.beta"] = neuron.beta
                named[f"layer{i}.threshold"] = neuron.threshold
        if net.readout_linear is not None:
            net.readout_linear.weight.mul_(readout_gain)
            named["readout.weight"] = net.readout_linear.weight
            if net.readout_linear.bias is not None:
                named["readout.bias"] = net.readout_linear.bias
    inputs = (torch.rand(BATCH, STEPS, INPUTS) < P_SPIKE).to(torch.float64)
    labels = torch.randint(0, CLASSES, (BATCH,))

    spikes, membranes, readout = net.forward(inputs.transpose(0, 1))
    kind = spec["loss"]["kind"]
    if kind == "ce_max_membrane":
        loss = nn.CrossEntropyLoss()(torch.max(readout, dim=0).values, labels)
    elif kind == "ce_last_membrane":
        loss = nn.CrossEntropyLoss()(readout[-1], labels)
    elif kind == "ce_count":
        loss = SF.ce_count_loss()(spikes[-1], labels)
    elif kind == "mse_count":
        loss = SF.mse_count_loss(correct_rate=spec["loss"]["correct_rate"],
                                 incorrect_rate=spec["loss"]["incorrect_rate"])(spikes[-1], labels)
    else:
        raise ValueError(kind)
    if loss.dtype != torch.float64:
        sys.exit(f"{name}: the loss is {loss.dtype}, not float64 (is snnTorch patched? see patch_snntorch.py)")
    loss.backward()

    for key, p in named.items():
        if p.grad is None or not torch.any(p.grad != 0):
            sys.exit(f"{name}: {key} has no nonzero gradient; change the fixture's gains or seed")
    rates = []
    for i, s in enumerate(spikes, 1):
        total = int(s.sum().item())
        rates.append(total / s.numel())
        if total == 0:
            sys.exit(f"{name}: layer{i} never spikes; change the fixture's gains or seed")

    def bt(t):  # [T, B, ...] → [B, T, ...]
        return tensor_json(t.transpose(0, 1))

    fixture = {
        "name": name,
        "description": description,
        "made_with": provenance,
        "steps": STEPS,
        "inputs": INPUTS,
        "classes": CLASSES,
        "network": {
            "hidden": spec["hidden"],
            "readout": spec["readout"],
            "surrogate": spec["surrogate"],
            "loss": spec["loss"],
        },
        "parameters": {k: tensor_json(v) for k, v in named.items()},
        "batch": {"inputs": tensor_json(inputs), "labels": [int(v) for v in labels.tolist()]},
        "expected": {
            "spikes": {f"layer{i}": bt(s) for i, s in enumerate(spikes, 1)},
            "membranes": {f"layer{i}": bt(m) for i, m in enumerate(membranes, 1)},
            "readout_membrane": bt(readout) if readout is not None else None,
            "loss": float(loss.item()),
            "gradients": {k: tensor_json(v.grad) for k, v in named.items()},
        },
    }
    return fixture, rates


def compare(a, b, path=""):
    """Differences between two JSON values, floats compared exactly."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys {sorted(a)} != {sorted(b)}"]
        return [d for k in a for d in compare(a[k], b[k], f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: length {len(a)} != {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in compare(x, y, f"{path}[{i}]")][:5]
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return []
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--snntorch", help="snnTorch source tree (default $SNNTORCH_DIR or results/snntorch-v0.9.4)")
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--only", nargs="*", help="fixture names (default: all)")
    args = parser.parse_args()

    root = snntorch_env.import_snntorch(args.snntorch)
    import torch
    import torch.nn as nn
    import snntorch as snn
    from snntorch import surrogate as sg
    import snntorch.functional as SF

    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    provenance = {"snntorch": snn.__version__, "snntorch_commit": snntorch_env.snntorch_commit(root),
                  "torch": torch.__version__, "dtype": "float64",
                  "script": "benchmarks/snntorch/make_fixtures.py"}
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    failed = False
    for name in args.only or FIXTURES:
        fixture, rates = make(name, torch, nn, snn, sg, SF, provenance)
        text = json.dumps(fixture, indent=None, separators=(",", ":")) + "\n"
        path = out / f"{name}.json"
        summary = (f"{name}: loss {fixture['expected']['loss']:.6f}, spikes per neuron and step "
                   + ", ".join(f"{r:.3f}" for r in rates) + f", {len(text) / 1024:.0f} KB")
        if args.check:
            differences = compare(json.loads(path.read_text()), json.loads(text)) if path.is_file() else ["missing"]
            failed |= bool(differences)
            print(summary + (": same" if not differences else ": DIFFERENT " + "; ".join(differences[:5])))
        else:
            path.write_text(text)
            print(summary + f" → {path}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
