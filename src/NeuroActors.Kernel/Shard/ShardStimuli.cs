using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Random;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Shard;

/// <summary>
/// The stimuli acting on one shard's neurons. Poisson generators give each targeted neuron its own train (as NEST's
/// poisson_generator does per connection): the count for (neuron, step) is the inversion of one counter-based word
/// keyed by the neuron's global id and the step (word gid mod 4 of the Philox block gid / 4), so it does not
/// depend on the partition. Currents are summed per step.
/// </summary>
public sealed class ShardStimuli
{
    private readonly PoissonDrive[] _poisson;
    private readonly CurrentSource[] _currents;
    private readonly ulong _seed;

    private sealed record PoissonDrive(uint Stream, int[] Local, uint[] Gid, PoissonTable[] Table, double Weight,
        bool Excitatory, long StartStep, long StopStep);

    private sealed record CurrentSource(int[] Local, long[] SwitchSteps, double[] Amplitudes);

    /// <summary>Collects the stimuli whose targets lie in the shard; <paramref name="localOf"/> maps (population, index) to a local index or -1.</summary>
    public ShardStimuli(NetworkPlan plan, Func<int, int, int> localOf)
    {
        var spec = plan.Spec;
        _seed = spec.Simulation.Seed;
        var poisson = new List<PoissonDrive>();
        var currents = new List<CurrentSource>();
        var tables = new Dictionary<double, PoissonTable>();
        for (int s = 0; s < spec.Stimuli.Count; s++)
        {
            var st = spec.Stimuli[s];
            int p = spec.PopulationIndex(st.Target);
            var targeted = st.Neurons ?? Enumerable.Range(0, spec.Populations[p].Size).ToArray();
            var local = new List<int>();
            var gids = new List<uint>();
            var rates = new List<double>();
            for (int i = 0; i < targeted.Count; i++)
            {
                int l = localOf(p, targeted[i]);
                if (l < 0) continue;
                local.Add(l);
                gids.Add((uint)(plan.PopulationOffset(p) + targeted[i]));
                rates.Add(st.Rates is { } r ? r[i] : st.RateHz);
            }
            if (local.Count == 0) continue;
            long start = plan.StepsFor(st.StartMs);
            long stop = double.IsPositiveInfinity(st.StopMs) ? long.MaxValue : plan.StepsFor(st.StopMs);
            switch (st.Kind)
            {
                case StimulusKind.PoissonGenerator:
                    var perNeuron = rates.Select(rate =>
                    {
                        double lambda = rate * plan.DtMs / 1000.0;
                        if (!tables.TryGetValue(lambda, out var table)) tables[lambda] = table = new PoissonTable(lambda);
                        return table;
                    }).ToArray();
                    poisson.Add(new PoissonDrive(Streams.Stimulus(s), local.ToArray(), gids.ToArray(), perNeuron, st.Weight,
                        st.Receptor == Receptor.Excitatory, start, stop));
                    break;
                case StimulusKind.DcCurrent:
                    currents.Add(new CurrentSource(local.ToArray(),
                        new[] { start, stop }, new[] { st.AmplitudePa, 0.0 }));
                    break;
                case StimulusKind.StepCurrent:
                    currents.Add(new CurrentSource(local.ToArray(),
                        st.TimesMs!.Select(plan.StepsFor).ToArray(), st.AmplitudesPa!.ToArray()));
                    break;
            }
        }
        _poisson = poisson.ToArray();
        _currents = currents.ToArray();
    }

    /// <summary>True when some stimulus injects current; without one the current buffer stays zero and needs no clearing.</summary>
    public bool InjectsCurrent => _currents.Length > 0;

    /// <summary>
    /// Adds this step's Poisson input into <paramref name="excitatory"/>/<paramref name="inhibitory"/> and the injected
    /// current into <paramref name="current"/> (which the caller cleared). Returns the number of Poisson events.
    /// </summary>
    public long Apply(long step, Span<double> excitatory, Span<double> inhibitory, Span<double> current)
    {
        long events = 0;
        foreach (var drive in _poisson)
        {
            if (step < drive.StartStep || step >= drive.StopStep) continue;
            var target = drive.Excitatory ? excitatory : inhibitory;
            var local = drive.Local;
            var gids = drive.Gid;
            // One Philox block gives four words: the draws of four neighbouring gids (gid / 4 is the counter), so a
            // shard's consecutive neurons share a block. Still a pure function of (seed, stream, gid, step).
            uint block = uint.MaxValue;
            (uint, uint, uint, uint) words = default;
            for (int i = 0; i < local.Length; i++)
            {
                uint gid = gids[i];
                if (gid >> 2 != block)
                {
                    block = gid >> 2;
                    words = Philox.Generate((uint)step, (uint)((ulong)step >> 32), block, drive.Stream, (uint)_seed, (uint)(_seed >> 32));
                }
                uint word = (gid & 3) switch { 0 => words.Item1, 1 => words.Item2, 2 => words.Item3, _ => words.Item4 };
                int count = drive.Table[i].Sample(word * (1.0 / 4294967296.0));
                if (count == 0) continue;
                target[local[i]] += count * drive.Weight;
                events += count;
            }
        }
        foreach (var src in _currents)
        {
            double amplitude = AmplitudeAt(src, step);
            if (amplitude == 0) continue;
            foreach (int l in src.Local) current[l] += amplitude;
        }
        return events;
    }

    private static double AmplitudeAt(CurrentSource src, long step)
    {
        double a = 0;
        for (int i = 0; i < src.SwitchSteps.Length && src.SwitchSteps[i] <= step; i++) a = src.Amplitudes[i];
        return a;
    }
}
