#!/usr/bin/env python3
"""Lava's bit-accurate CPU model of Loihi on Bernoulli sources → Dense → LIF, timed; and the same
network written out for NeuroActors.

  lava_bench.py --n-in 100 --n-out 100 [--steps 1000] [--lava DIR] [--out DIR] [--no-lava]

Network (issue 14, "Performance"): n_in Bernoulli spike trains (p = 0.05 per step, drawn once from
the seed and replayed by a RingBuffer) → Dense (8-bit mixed-sign weight mantissas uniform on
[−256, 255], weight_exp 0, num_weight_bits 8) → LIF (du 410, dv 205, bias 0, vth chosen per size so
that about 3 % of the neurons spike per step), on Loihi1SimCfg(select_tag='fixed_pt'), i.e.
PySendModelFixed → PyDenseModelBitAcc → PyLifModelBitAcc.

With --out, writes DIR/inputs.npy (spike times), DIR/connections.npy (every pair, delay 1 ms),
DIR/model.yaml (the NeuroActors model) and DIR/expected.json (the LIF spike count and final state
of an independent NumPy model of the same equations, loihi_ref.py). Unless --no-lava, runs Lava:
compile and start untimed, then run(RunSteps(steps)) timed, and checks Lava's final u and v against
the NumPy model. Prints one JSON line with the figures.
"""
import argparse
import json
import pathlib
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import loihi_ref  # noqa: E402
import network  # noqa: E402

P_SPIKE = 0.05
DU, DV = 410, 205
# Thresholds for about 3 % of neurons spiking per step (measured with loihi_ref on these seeds).
VTH = {(100, 100): 7000, (1000, 1000): 20000, (2000, 4000): 25000}
SEED = 20261204


def build(n_in, n_out, steps, seed):
    """Weights first, then spikes: a shorter run's inputs are the first steps of a longer one's."""
    rng = np.random.default_rng([seed, n_in, n_out])
    weights = network.mixed_weights(rng, n_out, n_in)
    spikes = network.bernoulli_spikes(rng, steps, n_in, P_SPIKE)
    return weights, spikes


def run_lava(spikes, weights, params, steps):
    from lava.magma.core.run_conditions import RunSteps
    from lava.magma.core.run_configs import Loihi1SimCfg
    from lava.proc.dense.process import Dense
    from lava.proc.io.source import RingBuffer
    from lava.proc.lif.process import LIF

    n_out = weights.shape[0]
    source = RingBuffer(data=np.ascontiguousarray(spikes.T.astype(np.int32)))
    dense = Dense(weights=weights.astype(np.int32), weight_exp=0, num_weight_bits=8)
    lif = LIF(shape=(n_out,), du=params["du"], dv=params["dv"], vth=params["vth"],
              bias_mant=params["bias_mant"], bias_exp=params["bias_exp"])
    source.s_out.connect(dense.s_in)
    dense.a_out.connect(lif.a_in)
    t0 = time.perf_counter()
    lif.create_runtime(run_cfg=Loihi1SimCfg(select_tag="fixed_pt"))
    t1 = time.perf_counter()
    lif.run(condition=RunSteps(num_steps=steps))
    t2 = time.perf_counter()
    u, v = lif.u.get().astype(np.int64), lif.v.get().astype(np.int64)
    models = [p.model_class.__name__ for p in (source, dense, lif)]
    lif.stop()
    return t1 - t0, t2 - t1, u, v, models


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n-in", type=int, required=True)
    ap.add_argument("--n-out", type=int, required=True)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--vth", type=int, help="threshold mantissa (default: the table for the three sizes)")
    ap.add_argument("--lava", help="root of a lava-nc/lava checkout (default: $LAVA_DIR); patched in place")
    ap.add_argument("--out", help="directory for inputs.npy, connections.npy, model.yaml, expected.json")
    ap.add_argument("--no-lava", action="store_true", help="only write the files")
    args = ap.parse_args()

    vth = args.vth if args.vth is not None else VTH.get((args.n_in, args.n_out))
    if vth is None:
        sys.exit(f"--vth is required for {args.n_in}×{args.n_out} (the table has {sorted(VTH)})")
    params = {"du": DU, "dv": DV, "vth": vth, "bias_mant": 0, "bias_exp": 0}
    weights, spikes = build(args.n_in, args.n_out, args.steps, args.seed)
    source_spikes = int(spikes.sum())
    # Dense sums a column per source spike; the last step's spikes never reach the LIF, but Lava
    # does the work, so they count, as NeuroActors counts a spike's events when it is delivered.
    events = source_spikes * args.n_out
    _, _, counts, u_ref, v_ref = loihi_ref.run(spikes, weights, record=False, **params)
    result = {"n_in": args.n_in, "n_out": args.n_out, "steps": args.steps, "seed": args.seed, "vth": vth,
              "source_spikes": source_spikes, "synaptic_events": events,
              "lif_spikes": int(counts.sum()), "lif_spiking_fraction": float(counts.mean() / args.n_out)}

    if args.out:
        out = pathlib.Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        network.write_spike_times(out / "inputs.npy", spikes)
        network.write_connections(out / "connections.npy", weights, delay_ms=1)
        network.write_model(out / "model.yaml", name=f"lava-{args.n_in}x{args.n_out}", steps=args.steps,
                            n_in=args.n_in, n_out=args.n_out, params=params, weight_exp=0, num_weight_bits=8,
                            spikes_file="inputs.npy", connections_file="connections.npy")
        (out / "expected.json").write_text(json.dumps(
            {**result, "u_end": u_ref.tolist(), "v_end": v_ref.tolist()}) + "\n")

    if not args.no_lava:
        import lava_env
        root = lava_env.import_lava(args.lava)
        build_s, run_s, u, v, models = run_lava(spikes, weights, params, args.steps)
        result.update({
            "lava_commit": lava_env.lava_commit(root), "process_models": models,
            "build_s": build_s, "run_s": run_s, "ms_per_step": 1e3 * run_s / args.steps,
            "events_per_s": events / run_s,
            "matches_reference": bool(np.array_equal(u, u_ref) and np.array_equal(v, v_ref)),
        })
    print(json.dumps(result))
    if not args.no_lava and not result["matches_reference"]:
        sys.exit("Lava's final u and v differ from loihi_ref.py's")


if __name__ == "__main__":
    main()
