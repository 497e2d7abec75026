#!/usr/bin/env python3
"""The table of compare.sh: per size, Lava's and NeuroActors' time per step and synaptic events per
second (median, min–max over the repetitions), the speed-up, and whether both computed the network
the NumPy model (loihi_ref.py) computes.

  compare_table.py WORK SIZE...

Both rates use one count of synaptic events, the issue's: source spikes × n_out (every spike of a
source reaches every LIF neuron through the dense matrix)."""
import json
import pathlib
import statistics
import sys


def span(values, fmt):
    m = statistics.median(values)
    lo, hi = min(values), max(values)
    return fmt(m) if fmt(lo) == fmt(hi) else f"{fmt(m)} ({fmt(lo)}–{fmt(hi)})"


def main():
    work = pathlib.Path(sys.argv[1])
    rows = ["| network | steps | LIF spikes | Lava ms/step | NeuroActors ms/step | Lava events/s | NeuroActors events/s "
            "| speed-up | same result |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for size in sys.argv[2:]:
        d = work / size
        expected = json.loads((d / "expected.json").read_text())
        steps, events = expected["steps"], expected["synaptic_events"]
        lava = [json.loads(p.read_text()) for p in sorted(d.glob("lava-r*.json"))]
        na = [json.loads((p / "summary.json").read_text()) for p in sorted(d.glob("neuroactors-r*")) if p.is_dir()]
        lava_s = [r["run_s"] for r in lava]
        na_s = [s["timing"]["simulation_seconds"] for s in na]
        na_spikes = {next(p["spikes"] for p in s["populations"] if p["name"] == "lif") for s in na}
        same = all(r["matches_reference"] for r in lava) and na_spikes == {expected["lif_spikes"]}
        note = "yes" if same else f"NO (NeuroActors LIF spikes {sorted(na_spikes)}, expected {expected['lif_spikes']})"
        ms = lambda x: f"{x:.3g}"
        rate = lambda x: f"{x:.2e}"
        rows.append(f"| {size} | {steps} | {expected['lif_spikes']} | {span([1e3 * s / steps for s in lava_s], ms)} "
                    f"| {span([1e3 * s / steps for s in na_s], ms)} | {span([events / s for s in lava_s], rate)} "
                    f"| {span([events / s for s in na_s], rate)} "
                    f"| {statistics.median(lava_s) / statistics.median(na_s):.2f}× | {note} |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
