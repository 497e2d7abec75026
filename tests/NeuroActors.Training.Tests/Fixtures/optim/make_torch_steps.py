#!/usr/bin/python3
"""Steps of torch.optim.Adam and torch.optim.SGD (Debian's python3-torch 1.13, CPU) for OptimizerTorchTests.

Run: /usr/bin/python3 make_torch_steps.py > torch_steps.json (in this folder). Each case starts from the same parameters
and feeds the same gradient sums; PyTorch's gradient is the sum divided by the batch size in the tensor's dtype, as the
engine's optimizers take it. Values are written as their IEEE bit patterns (integers), so the test compares bit for bit.
The tensor has 45 elements: PyTorch's CPU kernels take a vectorised path for whole blocks of 16 floats (8 doubles) and a
scalar path for the rest, so both are covered. On an AVX2 machine both compute add(x, alpha=a) and addcmul as fused
multiply-adds, which is what Adam<T> and Sgd<T> do.
"""
import json
import struct
import numpy as np
import torch

torch.set_num_threads(1)
N, BATCH, STEPS = 45, 5, 4
rng = np.random.default_rng(15)
start = rng.uniform(-1, 1, N)
sums = rng.uniform(-2, 2, (STEPS, N))
lrs = [0.01, 0.02, 0.005, 0.001]


def bits(values, dtype):
    if dtype == torch.float32:
        return [struct.unpack("<I", struct.pack("<f", float(v)))[0] for v in values]
    return [struct.unpack("<Q", struct.pack("<d", float(v)))[0] for v in values]


cases = []
for dtype in [torch.float32, torch.float64]:
    for name, make in [
        ("adam", lambda p: torch.optim.Adam([p], lr=lrs[0], betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)),
        ("sgd", lambda p: torch.optim.SGD([p], lr=lrs[0], momentum=0.9, weight_decay=0.01)),
    ]:
        p = torch.nn.Parameter(torch.tensor(start, dtype=dtype))
        opt = make(p)
        after = []
        for t in range(STEPS):
            for group in opt.param_groups:
                group["lr"] = lrs[t]
            p.grad = torch.tensor(sums[t], dtype=dtype) / BATCH
            opt.step()
            after.append(bits(p.detach().numpy(), dtype))
        cases.append({"optimizer": name, "dtype": str(dtype).replace("torch.", ""), "after": after})

# Learning rates per epoch: StepLR stepped once per epoch (its chained products), and CosineAnnealingLR's closed form
# (the brief's choice; its step() uses a recursive form that can differ in the last bits).
def epochs_of(make, epochs=12):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.1)
    sched = make(opt)
    lrs = []
    for _ in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return lrs


step_lrs = epochs_of(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.7))
cosine = torch.optim.lr_scheduler.CosineAnnealingLR(torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1), T_max=12)
cosine_lrs = []
for e in range(13):
    cosine.last_epoch = e
    cosine_lrs.append(cosine._get_closed_form_lr()[0])

print(json.dumps({
    "step_lr": {"lr": 0.1, "step_epochs": 3, "gamma": 0.7, "lrs": bits(step_lrs, torch.float64)},
    "cosine_lr": {"lr": 0.1, "epochs": 12, "lrs": bits(cosine_lrs, torch.float64)},
    "torch": torch.__version__, "batch": BATCH, "lrs": lrs,
    "start32": bits(torch.tensor(start, dtype=torch.float32).numpy(), torch.float32),
    "start64": bits(start, torch.float64),
    "sums32": [bits(torch.tensor(s, dtype=torch.float32).numpy(), torch.float32) for s in sums],
    "sums64": [bits(s, torch.float64) for s in sums],
    "cases": cases,
}, indent=1))
