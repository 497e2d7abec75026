using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Results;

namespace NeuroActors.Runtime;

/// <summary>Merges what every shard recorded into per-population results in global order.</summary>
public static class ResultAssembler
{
    /// <summary>Builds the <see cref="RunResult"/> from the shards' recordings.</summary>
    public static RunResult Assemble(NetworkPlan plan, IReadOnlyList<ShardResults> shards, RunStats stats)
    {
        var spec = plan.Spec;
        double dt = plan.DtMs;
        var all = shards.SelectMany(s => s.Spikes).ToArray();
        Array.Sort(all);
        var spikes = new List<PopulationSpikes>();
        for (int p = 0; p < spec.Populations.Count; p++)
        {
            var recorders = spec.Recorders.Where(r => r.Kind == RecorderKind.Spikes && r.Population == spec.Populations[p].Name).ToList();
            if (recorders.Count == 0) continue;
            int offset = plan.PopulationOffset(p), size = spec.Populations[p].Size;
            int recorded = recorders.Any(r => r.Neurons is null) ? size : recorders.SelectMany(r => r.Neurons!).Distinct().Count();
            var ids = new List<int>();
            var times = new List<double>();
            foreach (long e in all)
            {
                int gid = SpikeEvent.Gid(e);
                if (gid < offset || gid >= offset + size) continue;
                ids.Add(gid - offset);
                // A spike computed in step t belongs to the interval (t·dt, (t+1)·dt], stamped at its end as in NEST.
                times.Add((SpikeEvent.Step(e) + 1) * dt);
            }
            spikes.Add(new PopulationSpikes(spec.Populations[p].Name, size, recorded, ids.ToArray(), times.ToArray()));
        }

        var traces = new List<StateTrace>();
        for (int index = 0; index < spec.Recorders.Count; index++)
        {
            var rec = spec.Recorders[index];
            if (rec.Kind != RecorderKind.State) continue;
            var probes = shards.SelectMany(s => s.States).Where(pr => pr.RecorderIndex == index).ToList();
            if (probes.Count == 0) continue;
            int p = spec.PopulationIndex(rec.Population);
            var sampleTimes = probes[0].Steps.Select(s => (s + 1) * dt).ToArray();
            for (int v = 0; v < rec.Variables!.Count; v++)
            {
                var rows = probes
                    .SelectMany(pr => pr.Neurons.Select((n, i) => (Neuron: n, Values: pr.Values[v][i])))
                    .OrderBy(x => x.Neuron)
                    .ToArray();
                traces.Add(new StateTrace(rec.Population, rec.Variables[v], NeuronGroup.UnitOf(spec.Populations[p].Model, rec.Variables[v]),
                    rows.Select(r => r.Neuron).ToArray(), sampleTimes, rows.Select(r => r.Values).ToArray()));
            }
        }
        return new RunResult(spec, spikes, traces, stats);
    }
}
