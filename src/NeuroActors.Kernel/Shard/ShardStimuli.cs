using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Random;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Shard;

/// <summary>
/// The stimuli acting on one shard's neurons. Poisson generators, homogeneous or inhomogeneous, give each targeted neuron
/// its own train (as NEST's poisson_generator and inhomogeneous_poisson_generator do per connection): the count for (neuron, step) is the inversion of one counter-based word
/// keyed by the neuron's global id and the step (word gid mod 4 of the Philox block gid / 4), so it does not
/// depend on the partition. Currents are summed per step.
/// </summary>
public sealed class ShardStimuli
{
    private readonly PoissonDrive[] _poisson;
    private readonly CurrentSource[] _currents;
    private readonly NetworkSpec _spec;
    private readonly double _dtMs;
    private readonly ulong _seed;
    private ulong _key; // the seed of the current trial (Streams.TrialSeed)
    private int _trial;
    private readonly Dictionary<double, PoissonTable> _tables = new();

    // Targeted[i]: the position of local neuron i in the stimulus's list of targeted neurons (its rate's index).
    // An inhomogeneous generator has no per-neuron tables but one per segment: SegmentTable[k] from SegmentStep[k] on.
    private sealed record PoissonDrive(int Stimulus, uint Stream, int[] Local, uint[] Gid, int[] Targeted, PoissonTable[] Table,
        double Weight, bool Excitatory, long StartStep, long StopStep, long[]? SegmentStep = null, PoissonTable[]? SegmentTable = null);

    private sealed record CurrentSource(int[] Local, long[] SwitchSteps, double[] Amplitudes);

    /// <summary>Collects the stimuli whose targets lie in the shard; <paramref name="localOf"/> maps (population, index) to a local index or -1.</summary>
    /// <param name="plan">The partition.</param>
    /// <param name="localOf">Maps (population, index) to a local index, or −1 for a neuron the shard does not hold.</param>
    /// <param name="weightOf">
    /// What one event of Poisson generator s adds, in the backend's own unit; the model's weight when null (a
    /// fixed-point backend passes the weight it quantised).
    /// </param>
    public ShardStimuli(NetworkPlan plan, Func<int, int, int> localOf, Func<int, double>? weightOf = null)
    {
        var spec = plan.Spec;
        _spec = spec;
        _dtMs = plan.DtMs;
        _seed = _key = spec.Simulation.Seed;
        var poisson = new List<PoissonDrive>();
        var currents = new List<CurrentSource>();
        for (int s = 0; s < spec.Stimuli.Count; s++)
        {
            var st = spec.Stimuli[s];
            int p = spec.PopulationIndex(st.Target);
            var targeted = st.Neurons ?? Enumerable.Range(0, spec.Populations[p].Size).ToArray();
            var local = new List<int>();
            var gids = new List<uint>();
            var rates = new List<double>();
            var positions = new List<int>();
            for (int i = 0; i < targeted.Count; i++)
            {
                int l = localOf(p, targeted[i]);
                if (l < 0) continue;
                local.Add(l);
                gids.Add((uint)(plan.PopulationOffset(p) + targeted[i]));
                rates.Add(st.Rates is { } r ? r[i] : st.RateHz);
                positions.Add(i);
            }
            if (local.Count == 0) continue;
            long start = plan.StepsFor(st.StartMs);
            long stop = double.IsPositiveInfinity(st.StopMs) ? long.MaxValue : plan.StepsFor(st.StopMs);
            switch (st.Kind)
            {
                case StimulusKind.PoissonGenerator:
                    var perNeuron = rates.Select(TableFor).ToArray();
                    poisson.Add(new PoissonDrive(s, Streams.Stimulus(s), local.ToArray(), gids.ToArray(), positions.ToArray(), perNeuron,
                        weightOf?.Invoke(s) ?? st.Weight, st.Receptor == Receptor.Excitatory, start, stop));
                    break;
                case StimulusKind.InhomogeneousPoissonGenerator:
                    // The same stream, words and sampler as a poisson_generator: only the rate of a step depends on time.
                    poisson.Add(new PoissonDrive(s, Streams.Stimulus(s), local.ToArray(), gids.ToArray(), positions.ToArray(), [],
                        weightOf?.Invoke(s) ?? st.Weight, st.Receptor == Receptor.Excitatory, start, stop,
                        st.RateTimesMs!.Select(plan.StepsFor).ToArray(), st.RateValuesHz!.Select(TableFor).ToArray()));
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

    private PoissonTable TableFor(double rateHz)
    {
        double lambda = rateHz * _dtMs / 1000.0;
        if (!_tables.TryGetValue(lambda, out var table)) _tables[lambda] = table = new PoissonTable(lambda);
        return table;
    }

    /// <summary>
    /// The trial whose Poisson input is drawn: 0 gives the draws of a first run, any other number fresh ones (see
    /// <see cref="Streams.TrialSeed"/>). Setting it changes the draws of the steps still to come and nothing else.
    /// A restore leaves it as last set; a session keeps it in its checkpoints (SessionSettings) and sets it on resume.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The trial is negative.</exception>
    [BetweenRuns]
    public int Trial
    {
        get => _trial;
        set
        {
            _key = Streams.TrialSeed(_seed, value);
            _trial = value;
        }
    }

    /// <summary>
    /// Sets the rates of Poisson generator <paramref name="stimulus"/>: one rate (Hz) for every targeted neuron, or one
    /// per targeted neuron in the order the stimulus lists them (population order when it lists none); this shard keeps
    /// the rates of the neurons it holds. The inversion tables are rebuilt for the new rates.
    /// </summary>
    /// <exception cref="ArgumentException">No such stimulus, not a Poisson generator, a wrong count, or a rate that is negative, NaN or infinite.</exception>
    [BetweenRuns]
    public void SetRates(int stimulus, ReadOnlySpan<double> ratesHz)
    {
        if (stimulus < 0 || stimulus >= _spec.Stimuli.Count)
            throw new ArgumentException($"stimulus {stimulus} does not exist: the model has {_spec.Stimuli.Count} (0..{_spec.Stimuli.Count - 1})", nameof(stimulus));
        var st = _spec.Stimuli[stimulus];
        string name = st.Name ?? $"stimuli[{stimulus}]";
        if (st.Kind != StimulusKind.PoissonGenerator)
            throw new ArgumentException($"stimulus {name} is a {st.Kind}, not a Poisson generator: only Poisson rates can be set", nameof(stimulus));
        int targeted = st.Neurons?.Count ?? _spec.Population(st.Target).Size;
        if (ratesHz.Length != 1 && ratesHz.Length != targeted)
            throw new ArgumentException($"stimulus {name}: give one rate or one per targeted neuron ({targeted}), not {ratesHz.Length}", nameof(ratesHz));
        for (int i = 0; i < ratesHz.Length; i++)
            if (!(ratesHz[i] >= 0) || double.IsInfinity(ratesHz[i]))
                throw new ArgumentException($"stimulus {name}: rate [{i}] = {ratesHz[i]} Hz; a rate must be a finite number of Hz >= 0", nameof(ratesHz));
        foreach (var drive in _poisson)
        {
            if (drive.Stimulus != stimulus) continue;
            for (int i = 0; i < drive.Table.Length; i++)
                drive.Table[i] = TableFor(ratesHz.Length == 1 ? ratesHz[0] : ratesHz[drive.Targeted[i]]);
        }
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
            PoissonTable? shared = null;
            if (drive.SegmentStep is { } segments)
            {
                int k = Array.BinarySearch(segments, step);
                if (k < 0) k = ~k - 1;
                if (k < 0) continue; // before the first rate time the rate is 0
                shared = drive.SegmentTable![k];
                if (shared.Lambda == 0) continue; // no draw is needed: the count is 0 whatever the word
            }
            var target = drive.Excitatory ? excitatory : inhibitory;
            var local = drive.Local;
            var gids = drive.Gid;
            // One Philox block gives four words: the draws of four neighbouring gids (gid / 4 is the counter), so a
            // shard's consecutive neurons share a block. Still a pure function of (seed, stream, gid, step, trial).
            uint block = uint.MaxValue;
            (uint, uint, uint, uint) words = default;
            for (int i = 0; i < local.Length; i++)
            {
                uint gid = gids[i];
                if (gid >> 2 != block)
                {
                    block = gid >> 2;
                    words = Philox.Generate((uint)step, (uint)((ulong)step >> 32), block, drive.Stream, (uint)_key, (uint)(_key >> 32));
                }
                uint word = (gid & 3) switch { 0 => words.Item1, 1 => words.Item2, 2 => words.Item3, _ => words.Item4 };
                int count = (shared ?? drive.Table[i]).Sample(word * (1.0 / 4294967296.0));
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
