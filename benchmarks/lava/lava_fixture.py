#!/usr/bin/env python3
"""Bit-exact fixtures of Lava's Loihi 1 LIF for the tests of NeuroActors' Loihi backend.

  lava_fixture.py [--lava DIR] [--out tests/NeuroActors.Loihi.Tests/Fixtures/lava]

Each case: 30 Bernoulli sources → Dense → 12 LIF neurons with per-neuron bias (mantissa and
exponent) and initial u and v, 100 steps, on Loihi1SimCfg(select_tag='fixed_pt')
(PySendModelFixed → PyDenseModelBitAcc → PyLifModelBitAcc). Lava is run one step at a time and
u, v (LIF) and a_buff (Dense) are read after every step; spikes go to a RingBuffer sink. Every
recorded value is checked against loihi_ref.py, an independent NumPy model of the equations of
shared/reference/loihi.md, before anything is written. See the README the script writes.
"""
import argparse
import json
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import loihi_ref  # noqa: E402
import network  # noqa: E402

N_IN, N_OUT, STEPS, SEED = 30, 12, 100, 14
DEFAULT_OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "NeuroActors.Loihi.Tests" / "Fixtures" / "lava"

# name: (weights, weight_exp, num_weight_bits, du, dv, vth, bias_mant range, bias_exp values, p, what it covers)
CASES = {
    "mixed8": dict(weights="mixed", weight_exp=0, num_weight_bits=8, du=410, dv=205, vth=400,
                   bias=(-300, 900), bias_exp=(0, 1, 2), p=0.1, init=(-20000, 20000),
                   covers="mixed-sign 8-bit weights (Lava drops one bit: even mantissas), weight_exp 0, "
                          "per-neuron bias_mant and bias_exp, non-zero initial u and v"),
    "mixed6_exp-5": dict(weights="mixed", weight_exp=-5, num_weight_bits=6, du=1000, dv=100, vth=20,
                         bias=(-100, 300), bias_exp=(1, 2), p=0.3, init=(0, 0),
                         covers="mixed-sign weights with num_weight_bits 6 (3 low bits dropped, floor) and "
                                "weight_exp -5 (arithmetic shift: sums not a multiple of 32 are floored, "
                                "negative ones away from zero)"),
    "excitatory_wrap": dict(weights="excitatory", weight_exp=4, num_weight_bits=8, du=0, dv=0, vth=131071,
                            bias=(0, 4095), bias_exp=(7,), p=0.2, init=(0, 0),
                            covers="excitatory weights, weight_exp +4, du 0 and dv 0: a_in above 16 bits, "
                                   "u wrapping at +2^23, v saturating at 2^23 - 1 and spiking from saturation"),
    "inhibitory5_wrap": dict(weights="inhibitory", weight_exp=3, num_weight_bits=5, du=0, dv=4095, vth=100,
                             bias=(-4096, 4095), bias_exp=(5, 6, 7), p=0.2, init=(0, 0),
                             covers="inhibitory weights with num_weight_bits 5 (negated, truncated, negated back), "
                                    "u wrapping at -2^23 to positive values, dv 4095"),
}


def make_case(index, c):
    rng = np.random.default_rng([SEED, index])
    if c["weights"] == "mixed":
        w = rng.integers(-256, 256, size=(N_OUT, N_IN))
    elif c["weights"] == "excitatory":
        w = rng.integers(100, 256, size=(N_OUT, N_IN))
    else:
        w = -rng.integers(100, 256, size=(N_OUT, N_IN))
    spikes = network.bernoulli_spikes(rng, STEPS, N_IN, c["p"])
    bias_mant = rng.integers(c["bias"][0], c["bias"][1] + 1, size=N_OUT)
    bias_exp = rng.choice(c["bias_exp"], size=N_OUT)
    lo, hi = c["init"]
    u0 = rng.integers(lo, hi + 1, size=N_OUT) if hi > lo else np.zeros(N_OUT, dtype=np.int64)
    v0 = rng.integers(lo, hi + 1, size=N_OUT) if hi > lo else np.zeros(N_OUT, dtype=np.int64)
    return w.astype(np.int64), spikes, bias_mant.astype(np.int64), bias_exp.astype(np.int64), u0, v0


def run_lava(w, spikes, c, bias_mant, bias_exp, u0, v0):
    from lava.magma.core.run_conditions import RunSteps
    from lava.magma.core.run_configs import Loihi1SimCfg
    from lava.proc.dense.process import Dense
    from lava.proc.io.sink import RingBuffer as Sink
    from lava.proc.io.source import RingBuffer as Source
    from lava.proc.lif.process import LIF

    source = Source(data=np.ascontiguousarray(spikes.T.astype(np.int32)))
    dense = Dense(weights=w.astype(np.int32), weight_exp=c["weight_exp"], num_weight_bits=c["num_weight_bits"])
    lif = LIF(shape=(N_OUT,), u=u0, v=v0, du=c["du"], dv=c["dv"], vth=c["vth"], bias_mant=bias_mant,
              bias_exp=bias_exp)
    sink = Sink(shape=(N_OUT,), buffer=STEPS)
    source.s_out.connect(dense.s_in)
    dense.a_out.connect(lif.a_in)
    lif.s_out.connect(sink.a_in)
    u = np.zeros((STEPS, N_OUT), dtype=np.int64)
    v = np.zeros((STEPS, N_OUT), dtype=np.int64)
    a_in = np.zeros((STEPS, N_OUT), dtype=np.int64)  # row k − 1: the a_in the LIF used in step k
    cfg = Loihi1SimCfg(select_tag="fixed_pt")
    try:
        for k in range(STEPS):
            lif.run(condition=RunSteps(num_steps=1), run_cfg=cfg)
            u[k], v[k] = lif.u.get(), lif.v.get()
            if k + 1 < STEPS:
                a_in[k + 1] = dense.a_buff.get()
        s = sink.data.get().T.astype(np.int64)
        w_eff = dense.weights.get().astype(np.int64)
        models = [p.model_class.__name__ for p in (source, dense, lif, sink)]
    finally:
        lif.stop()
    return u, v, s, a_in, w_eff, models


def reference_a_in(w_eff, spikes, weight_exp):
    acc = spikes.astype(np.int64) @ w_eff.T  # row t: the sum of the sources' spikes of Lava step t + 1
    shifted = acc << weight_exp if weight_exp >= 0 else acc >> -weight_exp
    a_in = np.zeros_like(shifted)
    a_in[1:] = shifted[:-1]
    return a_in


def write_matrix_csv(path, header, rows):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(int(x)) for x in r) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lava", help="root of a lava-nc/lava checkout (default: $LAVA_DIR); patched in place")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    args = ap.parse_args()
    import lava_env
    root = lava_env.import_lava(args.lava)
    commit = lava_env.lava_commit(root)
    out = pathlib.Path(args.out)

    for index, (name, c) in enumerate(CASES.items()):
        w, spikes, bias_mant, bias_exp, u0, v0 = make_case(index, c)
        u, v, s, a_in, w_eff, models = run_lava(w, spikes, c, bias_mant, bias_exp, u0, v0)
        ref_u, ref_v, ref_s, _, _ = loihi_ref.run(spikes, w, weight_exp=c["weight_exp"],
                                                  num_weight_bits=c["num_weight_bits"], du=c["du"], dv=c["dv"],
                                                  vth=c["vth"], bias_mant=bias_mant, bias_exp=bias_exp, u0=u0, v0=v0)
        ref_w, sign_mode = loihi_ref.effective_weights(w, c["num_weight_bits"])
        checks = {"effective weights": np.array_equal(w_eff, ref_w),
                  "a_in": np.array_equal(a_in, reference_a_in(ref_w, spikes, c["weight_exp"])),
                  "u": np.array_equal(u, ref_u), "v": np.array_equal(v, ref_v),
                  "spikes": np.array_equal(s.astype(bool), ref_s)}
        if not all(checks.values()):
            sys.exit(f"{name}: Lava differs from loihi_ref.py in {[k for k, ok in checks.items() if not ok]}")

        d = out / name
        d.mkdir(parents=True, exist_ok=True)
        time_ms = np.arange(1, STEPS + 1)
        neurons = [f"n{i}" for i in range(N_OUT)]
        network.write_spike_times(d / "inputs.npy", spikes)
        src_steps, src_ids = np.nonzero(spikes)
        write_matrix_csv(d / "inputs.csv", ["time_ms", "source"], zip(src_steps + 1, src_ids))
        with open(d / "weights.csv", "w") as f:
            f.write("source,target,weight,delay_ms\n")
            for t in range(N_OUT):
                for i in range(N_IN):
                    f.write(f"{i},{t},{int(w[t, i])},1\n")
        write_matrix_csv(d / "weights_effective.csv", ["target"] + [f"s{i}" for i in range(N_IN)],
                         (np.concatenate(([t], w_eff[t])) for t in range(N_OUT)))
        for var, data in (("u", u), ("v", v), ("a_in", a_in)):
            write_matrix_csv(d / f"{var}.csv", ["time_ms"] + neurons, np.column_stack([time_ms, data]))
        sp_steps, sp_ids = np.nonzero(s)
        write_matrix_csv(d / "spikes.csv", ["time_ms", "neuron"], zip(sp_steps + 1, sp_ids))
        params = {"du": c["du"], "dv": c["dv"], "vth": c["vth"], "bias_mant": bias_mant.tolist(),
                  "bias_exp": bias_exp.tolist()}
        meta = {"case": name, "covers": c["covers"], "lava_commit": commit, "process_models": models,
                "seed": [SEED, index], "n_in": N_IN, "n_out": N_OUT, "steps": STEPS, "p_spike": c["p"],
                "weight_exp": c["weight_exp"], "num_weight_bits": c["num_weight_bits"], "sign_mode": sign_mode,
                **params, "u0": u0.tolist(), "v0": v0.tolist(),
                "source_spikes": int(spikes.sum()), "lif_spikes": int(s.sum()),
                "u_range": [int(u.min()), int(u.max())], "v_range": [int(v.min()), int(v.max())],
                "a_in_range": [int(a_in.min()), int(a_in.max())]}
        (d / "case.json").write_text(json.dumps(meta, indent=1) + "\n")
        network.write_model(d / "model.yaml", name=f"lava-fixture-{name}", steps=STEPS, n_in=N_IN, n_out=N_OUT,
                            params=params, weight_exp=c["weight_exp"], num_weight_bits=c["num_weight_bits"],
                            spikes_file="inputs.npy", connections_file="weights.csv", record_state=True,
                            initial={"u": u0.tolist(), "v": v0.tolist()})
        print(f"{name}: {int(spikes.sum())} source spikes, {int(s.sum())} LIF spikes, u in {meta['u_range']}, "
              f"v in {meta['v_range']}, a_in in {meta['a_in_range']}; Lava = loihi_ref.py")


if __name__ == "__main__":
    main()
