"""NeuroActors' training equations (/work/train-common.md, src/NeuroActors.Training/Spec) in plain PyTorch, no snnTorch.

Used twice: check_fixtures.py recomputes every snnTorch fixture with it (so the fixtures are checked against an
independent implementation of the equations the engine follows, and any place where snnTorch differs shows up),
and train_randman.py --impl torch trains with it.

Forward, per step t and spiking layer l (x = the input at t, or the spikes of the layer below at t):
  I[t] = α·I[t−1] + W·x + b (+ V·S[t−1] when recurrent); α = 0: I[t] = W·x + b (+ V·S[t−1])
  subtract: U[t] = β·U[t−1] + I[t] − S[t−1]·θ      zero: U[t] = β·U[t−1]·(1 − S[t−1]) + I[t]      none: no reset term
  S[t] = H(U[t] − θ), H(x) = 1 for x > 0 (strictly), backward through the surrogate
  the reset's S[t−1] is detached (θ in the subtract term is not: a learned θ gets −S[t−1] from it)
Readout: U_r[t] = β_r·U_r[t−1] + W_r·S_last[t] + b_r. Initial states 0.
"""
import math

import torch


class _Spike(torch.autograd.Function):
    """H(x) forward; the surrogate derivative backward. x = U − θ."""

    @staticmethod
    def forward(ctx, x, kind, scale):
        ctx.save_for_backward(x)
        ctx.kind, ctx.scale = kind, scale
        return (x > 0).to(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        k = ctx.scale
        if ctx.kind == "fast_sigmoid":
            d = 1.0 / (k * x.abs() + 1.0) ** 2
        elif ctx.kind == "arctan":
            d = (k / 2) / (1 + (math.pi / 2 * k * x) ** 2)
        elif ctx.kind == "sigmoid":
            e = torch.exp(-k * x)
            d = k * e / (e + 1) ** 2
        else:
            raise ValueError(f"surrogate kind {ctx.kind!r}")
        return grad * d, None, None


def spike(x, surrogate):
    return _Spike.apply(x, surrogate["kind"], float(surrogate["scale"]))


def forward(params, network, x):
    """params: name → tensor (layer{i}.weight|bias|recurrent|beta|threshold, readout.weight|bias);
    network: the fixture's "network" object; x: [T, B, N].
    Returns (spikes per layer [T, B, H], membranes per layer [T, B, H], readout membrane [T, B, C] or None)."""
    steps, batch = x.shape[0], x.shape[1]
    surrogate = network["surrogate"]
    layers = network["hidden"]
    spikes = [[] for _ in layers]
    membranes = [[] for _ in layers]
    readout = []
    dtype = x.dtype
    state = []
    for layer in layers:
        zeros = torch.zeros(batch, layer["size"], dtype=dtype)
        state.append([zeros, zeros, zeros])  # U[t−1], S[t−1], I[t−1]
    readout_u = None
    if network["readout"] is not None:
        readout_u = torch.zeros(batch, network["readout"]["size"], dtype=dtype)
    for t in range(steps):
        h = x[t]
        for i, layer in enumerate(layers, 1):
            w = params[f"layer{i}.weight"]
            current = h @ w.t()
            u_prev, s_prev, i_prev = state[i - 1]
            if layer["recurrent"]:
                current = current + s_prev @ params[f"layer{i}.recurrent"].t()
            if layer["bias"]:
                current = current + params[f"layer{i}.bias"]
            if layer.get("alpha", 0.0) > 0:
                current = layer["alpha"] * i_prev + current
            beta = params.get(f"layer{i}.beta", layer["beta"])
            theta = params.get(f"layer{i}.threshold", layer["threshold"])
            reset = s_prev.detach()
            if layer["reset"] == "subtract":
                u = beta * u_prev + current - reset * theta
            elif layer["reset"] == "zero":
                u = beta * u_prev * (1 - reset) + current
            elif layer["reset"] == "none":
                u = beta * u_prev + current
            else:
                raise ValueError(layer["reset"])
            s = spike(u - theta, surrogate)
            state[i - 1] = [u, s, current]
            spikes[i - 1].append(s)
            membranes[i - 1].append(u)
            h = s
        if readout_u is not None:
            r = network["readout"]
            current = h @ params["readout.weight"].t()
            if r["bias"]:
                current = current + params["readout.bias"]
            readout_u = r["beta"] * readout_u + current
            readout.append(readout_u)
    return ([torch.stack(s) for s in spikes], [torch.stack(m) for m in membranes],
            torch.stack(readout) if readout else None)


def loss_of(network, spikes, readout, labels):
    """The loss of the fixture's kind, mean over the batch (as snnTorch and nn.CrossEntropyLoss give it)."""
    spec = network["loss"]
    kind = spec["kind"]
    ce = torch.nn.functional.cross_entropy
    if kind == "ce_max_membrane":
        return ce(readout.max(dim=0).values, labels)
    if kind == "ce_last_membrane":
        return ce(readout[-1], labels)
    counts = spikes[-1].sum(dim=0)  # [B, C]
    if kind == "ce_count":
        return ce(counts, labels)
    if kind == "mse_count":
        steps = spikes[-1].shape[0]
        # snnTorch: target counts int(T·rate) (truncated), MSE averaged over batch × classes, then divided by T
        on, off = int(steps * spec["correct_rate"]), int(steps * spec["incorrect_rate"])
        target = torch.full_like(counts, float(off))
        target[torch.arange(counts.shape[0]), labels] = float(on)
        return ((counts - target) ** 2).mean() / steps
    raise ValueError(kind)
