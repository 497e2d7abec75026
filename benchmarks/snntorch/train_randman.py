#!/usr/bin/env python3
"""Trains a 100-128-10 spiking network on Randman's easy setting, with snnTorch or with plain PyTorch.

The reference figures NeuroActors' training engine is compared with (issue 15, "Performance"). Both variants compute
the same equations: nn.Linear(100, 128) → Leaky(β 0.95, θ 1, reset by subtraction from the previous step, detached;
fast sigmoid surrogate, slope 25) → nn.Linear(128, 10) → non-spiking Leaky readout (β 0.95); cross-entropy on the
readout membrane's maximum over time; Adam (lr 2e-3), batch 128, float32.
  --impl snntorch   snnTorch's modules (snn.Leaky, surrogate.fast_sigmoid), as a user writes them
  --impl torch      the same equations in plain PyTorch (plain_torch.py), no snnTorch
Data: Randman (randman.py), 10 classes × 1000 samples, 100 units, 100 steps, D 1, α 2; 80/20 train/test split.
Per epoch it prints the training time (forward, backward and optimizer over all training batches, batch assembly
included), the evaluation time (forward over the test set, in batches of the same size) separately, the mean training loss and the test
accuracy; --json FILE writes them.

Usage: train_randman.py --impl snntorch|torch [--epochs 10] [--threads 2] [--seed 0] [--json FILE] [--snntorch DIR]
"""
import argparse
import json
import platform
import sys
import time

import numpy as np

import randman

UNITS, HIDDEN, CLASSES, STEPS = 100, 128, 10, 100
BETA, THRESHOLD, READOUT_BETA, SLOPE = 0.95, 1.0, 0.95, 25.0


def dense_batch(torch, times, index):
    """[T, B, units] float32 spikes from each sample's single spike step per unit."""
    t = torch.from_numpy(times[index])  # [B, units]
    batch = torch.zeros(STEPS, len(index), UNITS)
    b = torch.arange(len(index)).unsqueeze(1).expand(-1, UNITS)
    u = torch.arange(UNITS).unsqueeze(0).expand(len(index), -1)
    batch[t, b, u] = 1.0
    return batch


def snntorch_model(torch, nn, snn, surrogate):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(UNITS, HIDDEN)
            self.lif1 = snn.Leaky(beta=BETA, threshold=THRESHOLD, spike_grad=surrogate.fast_sigmoid(slope=SLOPE))
            self.fc2 = nn.Linear(HIDDEN, CLASSES)
            self.readout = snn.Leaky(beta=READOUT_BETA, reset_mechanism="none")

        def forward(self, x):  # x: [T, B, units] → readout membrane [T, B, classes]
            mem1 = self.lif1.init_leaky()
            mem2 = self.readout.init_leaky()
            out = []
            for t in range(x.shape[0]):
                spk1, mem1 = self.lif1(self.fc1(x[t]), mem1)
                _, mem2 = self.readout(self.fc2(spk1), mem2)
                out.append(mem2)
            return torch.stack(out)

    return Net()


def torch_model(torch, nn):
    import plain_torch
    network = {
        "hidden": [{"size": HIDDEN, "beta": BETA, "threshold": THRESHOLD, "reset": "subtract", "bias": True,
                    "recurrent": False}],
        "readout": {"size": CLASSES, "beta": READOUT_BETA, "bias": True},
        "surrogate": {"kind": "fast_sigmoid", "scale": SLOPE},
    }

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            # nn.Linear only for PyTorch's default initialisation (same draws, in the same order, as the snnTorch model)
            self.fc1 = nn.Linear(UNITS, HIDDEN)
            self.fc2 = nn.Linear(HIDDEN, CLASSES)

        def forward(self, x):
            params = {"layer1.weight": self.fc1.weight, "layer1.bias": self.fc1.bias,
                      "readout.weight": self.fc2.weight, "readout.bias": self.fc2.bias}
            _, _, readout = plain_torch.forward(params, network, x)
            return readout

    return Net()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--impl", choices=["snntorch", "torch"], required=True)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--snntorch", help="snnTorch source tree (default $SNNTORCH_DIR or results/snntorch-v0.9.4)")
    args = parser.parse_args()

    snn_version = commit = None
    if args.impl == "snntorch":
        import snntorch_env
        root = snntorch_env.import_snntorch(args.snntorch)
        commit = snntorch_env.snntorch_commit(root)
    import torch
    import torch.nn as nn
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.impl == "snntorch":
        import snntorch as snn
        from snntorch import surrogate
        snn_version = snn.__version__
        model = snntorch_model(torch, nn, snn, surrogate)
    else:
        model = torch_model(torch, nn)

    t0 = time.perf_counter()
    times, labels = randman.spike_times(classes=CLASSES, units=UNITS, steps=STEPS, dims=1, alpha=2.0,
                                        samples_per_class=1000, seed=args.seed)
    train_t, train_y, test_t, test_y = randman.split(times, labels, 0.8, seed=args.seed)
    data_s = time.perf_counter() - t0
    print(f"randman: {len(train_y)} training and {len(test_y)} test samples in {data_s:.2f} s; "
          f"impl {args.impl}{' ' + snn_version if snn_version else ''}, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads", flush=True)

    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    rng = np.random.default_rng(args.seed + 2)
    test_labels = torch.from_numpy(test_y)
    epochs = []
    for epoch in range(1, args.epochs + 1):
        order = rng.permutation(len(train_y))
        model.train()
        t0 = time.perf_counter()
        total_loss, batches = 0.0, 0
        for start in range(0, len(order), args.batch):
            index = order[start:start + args.batch]
            x = dense_batch(torch, train_t, index)
            y = torch.from_numpy(train_y[index])
            readout = model(x)
            loss = loss_fn(readout.max(dim=0).values, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total_loss += loss.item()
            batches += 1
        train_s = time.perf_counter() - t0

        model.eval()
        t0 = time.perf_counter()
        correct = 0
        with torch.no_grad():
            for start in range(0, len(test_y), args.batch):
                index = np.arange(start, min(start + args.batch, len(test_y)))
                readout = model(dense_batch(torch, test_t, index))
                correct += (readout.max(dim=0).values.argmax(dim=1) == test_labels[index]).sum().item()
        eval_s = time.perf_counter() - t0
        figures = {"epoch": epoch, "train_s": round(train_s, 3), "eval_s": round(eval_s, 3),
                   "train_loss": total_loss / batches, "test_accuracy": correct / len(test_y)}
        epochs.append(figures)
        print(f"epoch {epoch}: train {train_s:.2f} s, eval {eval_s:.2f} s, loss {figures['train_loss']:.4f}, "
              f"test accuracy {100 * figures['test_accuracy']:.1f} %", flush=True)

    if args.json:
        result = {
            "impl": args.impl, "snntorch": snn_version, "snntorch_commit": commit, "torch": torch.__version__,
            "threads": torch.get_num_threads(), "python": platform.python_version(), "machine": platform.node(),
            "config": {"dataset": "randman easy", "classes": CLASSES, "units": UNITS, "steps": STEPS, "dims": 1,
                       "alpha": 2.0, "samples_per_class": 1000, "train_fraction": 0.8, "hidden": HIDDEN,
                       "beta": BETA, "threshold": THRESHOLD, "readout_beta": READOUT_BETA,
                       "surrogate": {"kind": "fast_sigmoid", "scale": SLOPE}, "loss": "ce_max_membrane",
                       "optimizer": "adam", "lr": args.lr, "batch": args.batch, "seed": args.seed,
                       "dtype": "float32"},
            "data_s": round(data_s, 3),
            "epochs": epochs,
        }
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
