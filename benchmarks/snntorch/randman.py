"""Randman (Zenke & Vogels 2021), procedural spike-timing data, as shared/reference/training.md defines it.

Written from that definition (not copied from the randman package): one random smooth manifold per class; for each
input unit u and manifold dimension d a 1-D function
    g_{u,d}(x) = Σ_{i<F} θ0_i·s_i·sin(2π(i·x·θ1_i + θ2_i)),  θ0, θ1, θ2 ~ U(0, 1),
    s_i = 1/((i+1)^α + 1), s_0 = 0,  F = min(ceil(1e-3^(−1/α)), 1000);
a sample draws x ~ U(0, 1)^D and the unit's value is Π_d g_{u,d}(x_d). Values are min-max standardised per unit
over the class's samples to [0, 1), and each unit fires exactly once, at step floor(value·steps·step_frac).

Easy setting: 10 classes, 100 units, 100 steps, D = 1, α = 2, 1000 samples per class (step_frac 1).
Hard setting: 20 units, α = 1, step_frac 0.5.
"""
import math

import numpy as np


def frequencies(alpha):
    return min(math.ceil(1e-3 ** (-1.0 / alpha)), 1000)


class Manifold:
    """One class's manifold: units × dims random 1-D functions."""

    def __init__(self, rng, units, dims, alpha):
        f = frequencies(alpha)
        i = np.arange(f, dtype=np.float64)
        spectrum = 1.0 / ((i + 1.0) ** alpha + 1.0)
        spectrum[0] = 0.0
        self.theta0 = rng.uniform(0.0, 1.0, size=(units, dims, f)) * spectrum  # amplitude θ0_i·s_i
        self.theta1 = rng.uniform(0.0, 1.0, size=(units, dims, f)) * i         # frequency i·θ1_i
        self.theta2 = rng.uniform(0.0, 1.0, size=(units, dims, f))             # phase θ2_i

    def values(self, x):
        """x: [samples, dims] in [0, 1). Returns [samples, units]."""
        # [samples, units, dims, F]
        arg = 2.0 * np.pi * (x[:, None, :, None] * self.theta1[None] + self.theta2[None])
        g = (self.theta0[None] * np.sin(arg)).sum(axis=-1)  # [samples, units, dims]
        return g.prod(axis=-1)


def spike_times(classes=10, units=100, steps=100, dims=1, alpha=2.0, samples_per_class=1000, step_frac=1.0,
                seed=0):
    """Returns (times [S, units] int, each unit's single spike step; labels [S]), classes in blocks of
    samples_per_class, drawn with numpy's PCG64 from the seed: class c's manifold, then its x, for c = 0, 1, …"""
    rng = np.random.default_rng(seed)
    times, labels = [], []
    for c in range(classes):
        manifold = Manifold(rng, units, dims, alpha)
        x = rng.uniform(0.0, 1.0, size=(samples_per_class, dims))
        v = manifold.values(x)
        lo, hi = v.min(axis=0), v.max(axis=0)
        # [0, 1): the largest value maps just below 1, so that no spike falls at step `steps`
        scaled = (v - lo) / ((hi - lo) * (1.0 + 1e-9) + 1e-300)
        t = np.floor(scaled * steps * step_frac).astype(np.int64)
        times.append(np.clip(t, 0, steps - 1))
        labels.append(np.full(samples_per_class, c, dtype=np.int64))
    return np.concatenate(times), np.concatenate(labels)


def split(times, labels, train_fraction=0.8, seed=0):
    """Shuffles with the seed and cuts into (train_times, train_labels, test_times, test_labels)."""
    order = np.random.default_rng(seed + 1).permutation(len(labels))
    cut = int(round(train_fraction * len(labels)))
    a, b = order[:cut], order[cut:]
    return times[a], labels[a], times[b], labels[b]
