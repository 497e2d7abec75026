"""An independent NumPy model of Lava's bit-accurate Dense → LIF pair (Loihi 1).

Written from the equations of shared/reference/loihi.md, not from Lava's code, so that the
fixture script can check Lava against it (and with it the step alignment it documents).
Everything is integer arithmetic on int64.

Step alignment, in Lava's 1-based time steps k = 1, 2, …: the source's spikes of step k
(column k − 1 of a RingBuffer's data) are summed by Dense in step k and reach the LIF's a_in in
step k + 1 (Dense sends the sum it computed in the step before). NeuroActors' step k − 1 (0-based)
is Lava's step k: its state samples are stamped k·dt, its spike of step k − 1 is stamped k·dt, and
a source spike at time k·dt with a delay of 1 step enters the target's input of NeuroActors' step k,
which is Lava's step k + 1.
"""
import numpy as np

M = 1 << 23


def effective_weights(w, num_weight_bits=8):
    """Lava's clipping and truncation of 8-bit weight mantissas, with the sign mode taken from w."""
    w = np.asarray(w, dtype=np.int64)
    if w.min() >= 0:
        mode = "excitatory"
    elif w.max() <= 0:
        mode = "inhibitory"
    else:
        mode = "mixed"
    drop = 8 - num_weight_bits + (1 if mode == "mixed" else 0)
    if mode == "mixed":
        w = np.clip(w, -256, 255)
        return (w >> drop) << drop, mode
    if mode == "excitatory":
        w = np.clip(w, 0, 255)
        return (w >> drop) << drop, mode
    w = np.clip(-w, 0, 255)
    return -((w >> drop) << drop), mode


def trunc_decay(x, keep):
    """x · keep / 4096 rounded toward zero (sign(x) · (|x · keep| >> 12))."""
    p = x * keep
    return np.sign(p) * (np.abs(p) >> 12)


def lif_step(u, v, a_in, du, dv, vth, bias):
    """One step of the LIF compartment: returns the new u, v (after reset) and the spike vector."""
    u = trunc_decay(u, 4096 - (du + 1)) + (a_in << 6)
    u = np.where(u > M, u - 2 * M, u)
    u = np.where(u <= -M, u + 2 * M, u)
    v = trunc_decay(v, 4096 - dv) + u + bias
    v = np.clip(v, -(M - 1), M - 1)
    spikes = v > (vth << 6)
    v = np.where(spikes, 0, v)
    return u, v, spikes


def run(source_spikes, weights, *, weight_exp=0, num_weight_bits=8, du, dv, vth, bias_mant=0,
        bias_exp=0, u0=0, v0=0, record=True):
    """Runs the network for as many steps as source_spikes has rows (row k − 1 = Lava step k).

    Returns (u, v, spikes, u_end, v_end): u, v and spikes of shape (steps, n_out) when record, else
    (None, None, spike counts per step); u_end and v_end the state after the last step. Parameters
    may be scalars or per-neuron arrays.
    """
    steps, n_in = source_spikes.shape
    w, _ = effective_weights(weights, num_weight_bits)
    n_out = w.shape[0]
    as_vec = lambda x: np.broadcast_to(np.asarray(x, dtype=np.int64), (n_out,)).copy()
    du, dv, vth = as_vec(du), as_vec(dv), as_vec(vth)
    bias = as_vec(bias_mant) << as_vec(bias_exp)
    u, v = as_vec(u0), as_vec(v0)
    a_buff = np.zeros(n_out, dtype=np.int64)
    us = np.zeros((steps, n_out), dtype=np.int64) if record else None
    vs = np.zeros((steps, n_out), dtype=np.int64) if record else None
    ss = np.zeros((steps, n_out), dtype=bool) if record else np.zeros(steps, dtype=np.int64)
    for t in range(steps):
        u, v, s = lif_step(u, v, a_buff, du, dv, vth, bias)
        if record:
            us[t], vs[t], ss[t] = u, v, s
        else:
            ss[t] = s.sum()
        acc = w[:, source_spikes[t]].sum(axis=1)
        a_buff = acc << weight_exp if weight_exp >= 0 else acc >> -weight_exp
    return us, vs, ss, u, v
