"""The benchmark and fixture networks: Bernoulli spike trains → Dense → LIF, from a fixed seed,
and the files that give NeuroActors the very same network."""
import json
import pathlib

import numpy as np


def bernoulli_spikes(rng, steps, n_in, p):
    """Spike matrix of shape (steps, n_in): row k − 1 holds the spikes of Lava's step k."""
    return rng.random((steps, n_in)) < p


def mixed_weights(rng, n_out, n_in):
    """8-bit mixed-sign weight mantissas, uniform over Lava's mixed-sign range [−256, 255]."""
    return rng.integers(-256, 256, size=(n_out, n_in), dtype=np.int64)


def write_spike_times(path, spikes, dt_ms=1.0):
    """NeuroActors' spike file: (neuron, time) with time = k·dt for a spike of Lava's step k.

    NeuroActors fires a spike at time n·dt in its step n − 1 (0-based), which is Lava's step n.
    """
    steps, neurons = np.nonzero(spikes)
    order = np.lexsort((steps, neurons))
    table = np.rec.fromarrays([neurons[order].astype(np.int64), (steps[order] + 1) * dt_ms],
                              names="neuron,time")
    np.save(path, table)


def write_connections(path, weights, delay_ms):
    """Every (source, target) pair of the dense matrix as an explicit connection, target-major.

    weights has Lava's Dense layout (n_out, n_in); the raw mantissas are written, since NeuroActors
    applies Lava's clipping and truncation itself. Written as 4 int32 columns to keep the file small.
    """
    n_out, n_in = weights.shape
    table = np.empty(n_out * n_in, dtype=[("source", "<i4"), ("target", "<i4"), ("weight", "<i4"), ("delay_ms", "<i4")])
    table["target"] = np.repeat(np.arange(n_out, dtype=np.int32), n_in)
    table["source"] = np.tile(np.arange(n_in, dtype=np.int32), n_out)
    table["weight"] = weights.reshape(-1)
    table["delay_ms"] = delay_ms
    np.save(path, table)


def write_model(path, *, name, steps, n_in, n_out, params, weight_exp, num_weight_bits,
                spikes_file, connections_file, record_state=False, initial=None, seed=1):
    """The NeuroActors model of the network (dt = 1 ms, one Lava step per NeuroActors step).

    JSON is valid YAML, and json.dumps keeps the numbers exactly as Python holds them.
    """
    def flow(mapping):
        return "{" + ", ".join(f"{k}: {json.dumps(v)}" for k, v in mapping.items()) + "}"

    lines = [
        f"# Written by benchmarks/lava/{pathlib.Path(__file__).name}: the network Lava runs, for NeuroActors.",
        f"simulation: {flow({'name': name, 'dt': 1.0, 'duration': float(steps), 'seed': seed})}",
        "populations:",
        f"  - {{name: input, model: spike_source_array, size: {n_in}, spike_times: {{file: {spikes_file}}}}}",
        f"  - {{name: lif, model: loihi_lif, size: {n_out}, parameters: {flow(params)}"
        + (f", initial: {flow(initial)}" if initial else "") + "}",
        "projections:",
        f"  - {{source: input, target: lif, connector: {{rule: from_file, file: {connections_file}}}, "
        f"synapse: {flow({'weight_exp': weight_exp, 'num_weight_bits': num_weight_bits})}}}",
        "recorders:",
        "  - {type: spikes, population: lif}",
    ]
    if record_state:
        lines.append("  - {type: state, population: lif, variables: [u, v], interval: 1}")
    pathlib.Path(path).write_text("\n".join(lines) + "\n")
