"""Lava's bit-accurate CPU model of Loihi on a Brunel-sized sparse network, timed per step: the quantised
configs/loihi-brunel.yaml (10,000 excitatory and 2,500 inhibitory compartments, fixed in-degrees 1,000 and 250,
15.6 million synapses) built from Lava's own processes: two LIF (PyLifModelBitAcc) with the parameters
`neuroactors inspect configs/loihi-brunel.yaml` prints (du 741, dv 20, vth 43690, bias −3413·2²), four Sparse
(PySparseModelBitAcc) with its weight mantissas (77, weight_exp 0; −193, weight_exp 1), and the external Poisson drive
(20 kHz at dt 0.1 ms: 2 spikes of mantissa 77 per step on average) as a RingBuffer of Bernoulli spikes (p 0.9) through
a one-to-one Sparse of mantissa 171 (the same mean). Differences from NeuroActors' run, which do not change Lava's
cost per step (its Sparse multiplies every stored weight every step, and its LIF updates every compartment): Lava's
Sparse has no delays (the model's are 15 steps), and the drive's fluctuations differ.

    LAVA_DIR=/path/to/lava /usr/bin/python3 benchmarks/lava/brunel_bench.py [--steps 100] [--seed 1]

Prints one JSON line: build and run seconds, ms per step, spikes per population.
"""
import argparse
import json
import pathlib
import sys
import time

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

N_E, N_I, K_E, K_I = 10_000, 2_500, 1_000, 250
LIF_PARAMS = {"du": 741, "dv": 20, "vth": 43690, "bias_mant": -3413, "bias_exp": 2}


def fixed_indegree(rng, n_target, n_source, k, mantissa):
    """A CSR matrix [target, source] with k distinct random sources per target, every weight the mantissa."""
    cols = np.concatenate([rng.choice(n_source, size=k, replace=False) for _ in range(n_target)])
    rows = np.repeat(np.arange(n_target), k)
    return sp.csr_matrix((np.full(rows.size, mantissa, dtype=np.int32), (rows, cols)), shape=(n_target, n_source))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lava", help="root of a lava-nc/lava checkout (default: $LAVA_DIR)")
    args = ap.parse_args()

    import lava_env
    root = lava_env.import_lava(args.lava)
    from lava.magma.core.run_conditions import RunSteps
    from lava.magma.core.run_configs import Loihi1SimCfg
    from lava.proc.io.source import RingBuffer
    from lava.proc.lif.process import LIF
    from lava.proc.monitor.process import Monitor
    from lava.proc.sparse.process import Sparse

    rng = np.random.default_rng(args.seed)
    t0 = time.perf_counter()
    exc = LIF(shape=(N_E,), **LIF_PARAMS)
    inh = LIF(shape=(N_I,), **LIF_PARAMS)
    projections = [
        (exc, exc, fixed_indegree(rng, N_E, N_E, K_E, 77), 0),
        (exc, inh, fixed_indegree(rng, N_I, N_E, K_E, 77), 0),
        (inh, exc, fixed_indegree(rng, N_E, N_I, K_I, -193), 1),
        (inh, inh, fixed_indegree(rng, N_I, N_I, K_I, -193), 1),
    ]
    synapses = sum(m.nnz for _, _, m, _ in projections)
    for source, target, matrix, exp in projections:
        sparse = Sparse(weights=matrix, weight_exp=exp, num_weight_bits=8)
        source.s_out.connect(sparse.s_in)
        sparse.a_out.connect(target.a_in)
    for target, n in ((exc, N_E), (inh, N_I)):
        drive = RingBuffer(data=(rng.random((n, args.steps)) < 0.9).astype(np.int32))
        one_to_one = Sparse(weights=sp.identity(n, dtype=np.int32, format="csr") * 171, weight_exp=0, num_weight_bits=8)
        drive.s_out.connect(one_to_one.s_in)
        one_to_one.a_out.connect(target.a_in)
    monitors = []
    for population in (exc, inh):
        m = Monitor()
        m.probe(population.s_out, args.steps)
        monitors.append(m)
    exc.create_runtime(run_cfg=Loihi1SimCfg(select_tag="fixed_pt"))
    t1 = time.perf_counter()
    exc.run(condition=RunSteps(num_steps=args.steps))
    t2 = time.perf_counter()
    spikes = [int(np.asarray(list(m.get_data().values())[0]["s_out"]).sum()) for m in monitors]
    exc.stop()
    print(json.dumps({"steps": args.steps, "synapses": int(synapses), "lava_commit": lava_env.lava_commit(root),
                      "build_s": t1 - t0, "run_s": t2 - t1, "ms_per_step": 1e3 * (t2 - t1) / args.steps,
                      "spikes_excitatory": spikes[0], "spikes_inhibitory": spikes[1]}))


if __name__ == "__main__":
    main()
