using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Random;
using NeuroActors.Kernel.Shard;
using NeuroActors.Loihi.Cores;
using NeuroActors.Loihi.Energy;
using NeuroActors.Loihi.Quantisation;
using NeuroActors.Model;

namespace NeuroActors.Loihi;

/// <summary>
/// The shard backend <c>loihi</c>: the shard's <c>loihi_lif</c> populations as Loihi compartments
/// (<see cref="LoihiCompartments"/>), their incoming synapses as integer mantissa rows with delays
/// (<see cref="LoihiSynapses"/>) into an integer input ring (<see cref="LoihiInputRing"/>), bit-accurate to Lava's
/// PyLifModelBitAcc and PyDenseModelBitAcc. Spikes, packets, windows, stimuli, recordings and checkpoints are those of
/// every backend (docs/loihi.md, "The shard backend").
/// </summary>
/// <remarks>
/// Integer sums do not depend on the order of their additions, so the shard is partition invariant whatever order
/// spikes are delivered in. A spike of step t through a synapse of delay d is in the target's a_in at step t + d.
/// </remarks>
public sealed class LoihiShard : IShardBackend, IShardCounters
{
    /// <summary>The name populations choose it by (<c>backend: loihi</c>; the backend of every loihi_lif population).</summary>
    public const string Name = "loihi";

    /// <summary>The model the shard runs.</summary>
    public const string ModelName = "loihi_lif";

    /// <summary>The columns of a Loihi population's state rows in checkpoints: u, v and the refractory countdown.</summary>
    private static readonly string[] Columns = ["u", "v", "refractory_steps"];

    /// <summary>The backend as registered.</summary>
    public static ShardBackendKind Kind { get; } = new(Name, (plan, shard) => new LoihiShard(plan, shard), StateNames)
    {
        Receptors = Receptors,
        Refusals = RunMapping.Refusals,
    };

    /// <summary>
    /// The receptors of population <paramref name="population"/>'s pending input: 0 for the projections of exponent
    /// 0 or more, and 1 + k for its k-th projection of negative exponent (in model order).
    /// </summary>
    public static int Receptors(NetworkSpec spec, int population) =>
        1 + spec.Projections.Count(pr => spec.PopulationIndex(pr.Target) == population && (pr.Synapse.WeightExp ?? 0) < 0);

    /// <summary>Makes the backend available to models (once per process, before a model that uses it is planned; again does nothing).</summary>
    public static void Register() => ShardBackends.Register(Kind);

    /// <summary>The columns of population <paramref name="population"/>'s state rows.</summary>
    public static IReadOnlyList<string> StateNames(NetworkSpec spec, int population) => Columns;

    private readonly LoihiCompartments?[] _groups;
    private readonly int[] _localStart, _firstGid, _sliceStart;
    private readonly int[][] _initialU, _initialV, _initialHold;
    private readonly LoihiSynapses _synapses;
    private readonly LoihiInputRing _ring;
    private readonly Dictionary<(int Population, byte Receptor), int> _groupOfReceptor = new();
    private readonly (int Population, byte Receptor)[] _receptorOfGroup;
    private readonly int[] _aIn, _spiked;
    private readonly double[] _excitatory, _inhibitory, _current;
    private readonly int _count;
    private readonly bool _stimulated;
    private readonly QuantisedPopulation?[] _quantised;
    private readonly bool[] _stimulusLags; // per local neuron: its Poisson input arrives a step later (a quantised population)
    private readonly double[][][] _units; // per quantised population: v (mV) and the synaptic current (pA) for recording
    private readonly int[] _inputBefore;
    private readonly SpikeRoute[][] _routes; // per population, per neuron of the slice: where its spikes go on the cores
    private long _synapticOps, _activeUpdates, _inactiveUpdates, _tileLocal, _tileHops, _chipCrossings;

    // Synaptic ops are counted by the step of their spike and reported for spikes older than the last window: which of
    // the last window's spikes a shard has been delivered when a run stops depends on how windows were sent, so only
    // the older ones make a count that does not depend on the cut or the packets per window.
    private const int OpSlots = 256; // above the three windows of at most 62 steps a shard may hold spikes of
    private readonly long[] _opsBySpikeStep = new long[OpSlots];
    private long _opsFoldedBefore; // spikes of steps below it are in _synapticOps
    private readonly ShardStimuli _stimuli;
    private readonly ShardRecorder _recorder;

    private LoihiShard(NetworkPlan plan, int shard)
    {
        Plan = plan;
        Index = shard;
        var spec = plan.Spec;
        int n = spec.Populations.Count;
        _groups = new LoihiCompartments?[n];
        _localStart = new int[n];
        _firstGid = new int[n];
        _sliceStart = new int[n];
        _initialU = new int[n][];
        _initialV = new int[n][];
        _initialHold = new int[n][];
        var quantised = spec.Populations.Any(pop => pop.OnLoihi && pop.Model.YamlName != ModelName) ? LoihiQuantiser.Quantise(spec) : null;
        _quantised = new QuantisedPopulation?[n];
        _units = new double[n][][];
        for (int p = 0; p < n; p++)
        {
            var (start, count) = plan.Slice(p, shard);
            _localStart[p] = _count;
            _firstGid[p] = plan.PopulationOffset(p) + start;
            _sliceStart[p] = start;
            _initialU[p] = _initialV[p] = _initialHold[p] = [];
            if (count == 0) continue;
            var group = _groups[p] = LoihiPopulation.Create(spec, p, start, count, _firstGid[p], quantised);
            if ((_quantised[p] = quantised?.Population(p)) is not null) _units[p] = [new double[count], new double[count]];
            _initialU[p] = [.. group.U];
            _initialV[p] = [.. group.V];
            _initialHold[p] = [.. group.RefractoryCounter];
            _count += count;
        }
        CompartmentLanes.Compile();
        _routes = new SpikeRoute[n][];
        var mapping = _count > 0 ? RunMapping.Of(spec) : null;
        for (int p = 0; p < n; p++) _routes[p] = _groups[p] is { } g ? mapping!.RoutesOf(_firstGid[p], g.Count) : [];

        // Input groups: 0 for every projection of exponent ≥ 0; one per projection of negative exponent, whose
        // receptor in checkpoints is 1 + its rank among such projections into its population (cut-independent).
        var shifts = new List<int> { 0 };
        var groupOf = new int[spec.Projections.Count];
        var receptors = new List<(int, byte)> { (-1, 0) };
        var rank = new int[n];
        for (int j = 0; j < spec.Projections.Count; j++)
        {
            var pr = spec.Projections[j];
            int tp = spec.PopulationIndex(pr.Target);
            int exp = pr.Synapse.WeightExp ?? 0;
            if (exp >= 0) continue;
            int receptor = 1 + rank[tp]++;
            if (receptor > byte.MaxValue)
                throw new ArgumentException($"projections[{j}] ({pr.Source} → {pr.Target}): population {pr.Target} has more than {byte.MaxValue - 1} projections with a negative weight_exp; give some of them the same exponent of 0 or more");
            if (_groups[tp] is null) continue;
            groupOf[j] = shifts.Count;
            _groupOfReceptor[(tp, (byte)receptor)] = shifts.Count;
            receptors.Add((tp, (byte)receptor));
            shifts.Add(-exp);
        }
        _receptorOfGroup = [.. receptors];
        _synapses = new LoihiSynapses(plan, shard, p => _localStart[p], _count, j => groupOf[j], quantised);
        _ring = new LoihiInputRing(_count, shifts);
        _aIn = new int[_count];
        _spiked = new int[Math.Max(1, _count)];
        _excitatory = new double[_count];
        _inhibitory = new double[_count];
        _current = new double[_count];
        _inputBefore = new int[_count];
        _stimulusLags = new bool[_count];
        for (int p = 0; p < n; p++)
            if (_quantised[p] is { InputLag: > 0 }) _stimulusLags.AsSpan(_localStart[p], _groups[p]!.Count).Fill(true);
        _stimuli = new ShardStimuli(plan, LocalOf, s => quantised?.Stimulus(s) is { } input ? StoredWeight(input, spec.Stimuli[s].Weight) : spec.Stimuli[s].Weight);
        if (_stimuli.InjectsCurrent)
        {
            int s = Enumerable.Range(0, spec.Stimuli.Count).First(k => spec.Stimuli[k].Kind is StimulusKind.DcCurrent or StimulusKind.StepCurrent
                && _groups[spec.PopulationIndex(spec.Stimuli[k].Target)] is not null);
            throw new ArgumentException($"stimuli[{s}] ({spec.Stimuli[s].Kind} into {spec.Stimuli[s].Target}): a current stimulus cannot drive a Loihi population; use its bias_mant and bias_exp");
        }
        _stimulated = spec.Stimuli.Any(st => _groups[spec.PopulationIndex(st.Target)] is not null);
        _recorder = new ShardRecorder(plan, shard, (p, variable) => _quantised[p] is { } qp
            ? Array.IndexOf(QuantisedColumnsOf(qp), variable) is var q and >= 0
                ? q : throw new ArgumentException(qp.InputLag > 0
                    ? $"population {spec.Populations[p].Name} records '{variable}'; quantised onto Loihi it has one synaptic current, recorded as i_syn_ex (excitatory and inhibitory together, pA): record v or i_syn_ex"
                    : $"population {spec.Populations[p].Name} records '{variable}'; quantised onto Loihi it records v and i_syn")
            : Array.IndexOf(Columns, variable) is var c and >= 0 and < 2
                ? c : throw new ArgumentException($"population {spec.Populations[p].Name} records '{variable}'; a loihi_lif population records u and v"));
    }

    /// <summary>
    /// The recordable columns of a quantised population, in the float model's units: v (mV) and the one synaptic current
    /// (pA) of iaf_psc_exp; v and i_syn of the training engine's neurons.
    /// </summary>
    private static string[] QuantisedColumnsOf(QuantisedPopulation q) => q.InputLag > 0 ? ["v", "i_syn_ex"] : ["v", "i_syn"];

    /// <summary>What one event of a Poisson generator into a quantised population adds to a_in: its kept mantissa, shifted by its exponent.</summary>
    private static double StoredWeight(QuantisedInput input, double weightPa) =>
        input.Format.Mantissa(input.Mantissa(weightPa)) * Math.Pow(2, input.WeightExp);

    /// <inheritdoc/>
    public NetworkPlan Plan { get; }

    /// <inheritdoc/>
    public int Index { get; }

    /// <inheritdoc/>
    public ShardResources Resources => new(_count, _synapses.Count, _synapses.Bytes,
        new Dictionary<string, double> { ["input_groups"] = _ring.Groups });

    /// <inheritdoc/>
    public long Step { get; private set; }

    /// <inheritdoc/>
    public long DeliveredBefore { get; set; }

    /// <inheritdoc/>
    public LongBuffer Outbox { get; } = new();

    /// <inheritdoc/>
    public ShardRecorder Recordings => _recorder;

    /// <inheritdoc/>
    public long SpikeCount { get; private set; }

    /// <inheritdoc/>
    public long EventCount { get; private set; }

    /// <inheritdoc/>
    public int Trial
    {
        get => _stimuli.Trial;
        set => _stimuli.Trial = value;
    }

    private int LocalOf(int population, int index)
    {
        int rel = index - _sliceStart[population];
        return _groups[population] is { } g && rel >= 0 && rel < g.Count ? _localStart[population] + rel : -1;
    }

    /// <inheritdoc/>
    public void Deliver(ReadOnlySpan<long> spikes)
    {
        var rowStart = _synapses.RowStart;
        var target = _synapses.Target;
        var delay = _synapses.Delay;
        var group = _synapses.Group;
        var value = _synapses.Value;
        foreach (long e in spikes)
        {
            long step = SpikeEvent.Step(e);
            int gid = SpikeEvent.Gid(e);
            int end = rowStart[gid + 1];
            for (int i = rowStart[gid]; i < end; i++) _ring.Add(group[i], step + delay[i], target[i], value[i]);
            EventCount += end - rowStart[gid];
            if (step < _opsFoldedBefore) _synapticOps += end - rowStart[gid];
            else if (step < _opsFoldedBefore + OpSlots) _opsBySpikeStep[step & (OpSlots - 1)] += end - rowStart[gid];
            else throw new InvalidOperationException($"shard {Index} at step {Step} was delivered a spike of step {step}, more than {OpSlots} steps past the last window it counted");
        }
    }

    /// <inheritdoc/>
    public void Advance(long toStep)
    {
        for (long step = Step; step < toStep; step++)
        {
            _ring.Take(step, _aIn);
            if (_stimulated) ApplyStimuli(step);
            _aIn.CopyTo(_inputBefore, 0);
            for (int p = 0; p < _groups.Length; p++)
            {
                if (_groups[p] is not { } group) continue;
                int start = _localStart[p];
                var input = _inputBefore.AsSpan(start, group.Count);
                int received = group.Count - input.Count(0);
                int spikes = group.Step(step, _aIn.AsSpan(start, group.Count), _spiked);
                int spikedWithout = 0;
                var routes = _routes[p];
                for (int k = 0; k < spikes; k++)
                {
                    if (input[_spiked[k]] == 0) spikedWithout++;
                    var route = routes[_spiked[k]];
                    _tileLocal += route.TileLocal;
                    _tileHops += route.TileHops;
                    _chipCrossings += route.ChipCrossings;
                    long e = SpikeEvent.Pack(step, _firstGid[p] + _spiked[k]);
                    Outbox.Add(e);
                    if (_recorder.SpikeRecorded[start + _spiked[k]]) _recorder.Spikes.Add(e);
                }
                // Active: the update received synaptic input or spiked (docs/loihi.md, "Energy estimate").
                _activeUpdates += received + spikedWithout;
                _inactiveUpdates += group.Count - received - spikedWithout;
                SpikeCount += spikes;
            }
            foreach (var probe in _recorder.Probes)
                if ((step + 1) % probe.Recorder.IntervalSteps == 0)
                {
                    var g = _groups[probe.Population]!;
                    if (_quantised[probe.Population] is { } q) probe.Sample(step, InFloatUnits(probe.Population, q, step));
                    else probe.Sample(step, [g.U, g.V]);
                }
        }
        Step = Math.Max(Step, toStep);
        FoldOps();
    }

    /// <summary>Moves the ops of spikes before the last window (every one of them is delivered by now, whatever the cut) into the count.</summary>
    private void FoldOps()
    {
        long cutoff = Step - Plan.WindowSteps;
        for (; _opsFoldedBefore < cutoff; _opsFoldedBefore++)
        {
            ref long slot = ref _opsBySpikeStep[_opsFoldedBefore & (OpSlots - 1)];
            _synapticOps += slot;
            slot = 0;
        }
    }

    /// <summary>
    /// Population <paramref name="population"/>'s state after step <paramref name="step"/> in the float model's units:
    /// v in mV (<see cref="QuantisedPopulation.VoltageMv"/>) and the synaptic current in pA. u after step t stands for
    /// the float current at the start of step t (its input lags a step), so the current the float model holds after
    /// step t is read from the u that step t + 1 will compute: the decayed u plus the input already in the ring for it.
    /// </summary>
    private double[][] InFloatUnits(int population, QuantisedPopulation q, long step)
    {
        var g = _groups[population]!;
        var columns = _units[population];
        int start = _localStart[population];
        for (int i = 0; i < g.Count; i++)
        {
            columns[0][i] = q.VoltageMv(g.V[i]);
            if (q.InputLag == 0)
            {
                // Without a lag u after step t is that step's current.
                columns[1][i] = g.U[i] / q.UnitsPerPa;
                continue;
            }
            long product = (long)g.U[i] * g.DecayU[i];
            long decayed = product >= 0 ? product >> LoihiFixedPoint.DecayShift : -(-product >> LoihiFixedPoint.DecayShift);
            long next = decayed + ((long)_ring.Peek(step + 1, start + i) << LoihiFixedPoint.ThresholdShift);
            columns[1][i] = next / q.UnitsPerPa;
        }
        return columns;
    }

    /// <summary>
    /// A Poisson generator's events of this step, count × weight, go into a_in as they are (integers: the weight is
    /// a mantissa of exponent 0), in the step they are drawn, as the CPU kernel takes them into its step. Into a
    /// quantised population they arrive a step later, as its synaptic input does (<see cref="QuantisedPopulation.InputLagSteps"/>):
    /// the weight is its quantised mantissa, shifted by its exponent.
    /// </summary>
    private void ApplyStimuli(long step)
    {
        EventCount += _stimuli.Apply(step, _excitatory, _inhibitory, _current);
        for (int l = 0; l < _count; l++)
        {
            double sum = _excitatory[l] + _inhibitory[l];
            if (sum == 0) continue;
            int units = (int)Math.Clamp(Math.Truncate(sum), int.MinValue, int.MaxValue);
            if (_stimulusLags[l]) _ring.Add(0, step + QuantisedPopulation.InputLagSteps, l, units);
            else _aIn[l] = unchecked(_aIn[l] + units);
        }
        Array.Clear(_excitatory);
        Array.Clear(_inhibitory);
    }

    /// <inheritdoc/>
    public void RewindCounters(long spikes, long events)
    {
        SpikeCount = spikes;
        EventCount = events;
    }

    /// <summary>
    /// What the emulated cores did since the build or the last reset (or as rewound), for the energy estimate. Synaptic
    /// ops are those of spikes emitted before the last window (<see cref="NetworkPlan.WindowSteps"/> steps): the ops of
    /// the last window's spikes are left out, so that the count does not depend on the cut.
    /// </summary>
    public LoihiCounts Counts => new(_synapticOps, _activeUpdates, _inactiveUpdates, SpikeCount, _tileLocal, _tileHops, _chipCrossings, 0);

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, long> Counters => Counts.ToCounters();

    /// <inheritdoc/>
    public void RewindCounters(IReadOnlyDictionary<string, long> counters)
    {
        // The ops waiting in _opsBySpikeStep are those of the spikes a restore delivered again (none before the cutoff).
        var c = LoihiCounts.FromCounters(counters);
        (_synapticOps, _activeUpdates, _inactiveUpdates, _tileLocal, _tileHops, _chipCrossings) =
            (c.SynapticOps, c.ActiveUpdates, c.InactiveUpdates, c.TileLocalMessages, c.TileHops, c.ChipCrossings);
    }

    /// <inheritdoc/>
    public ShardSnapshot Snapshot()
    {
        var neurons = new List<NeuronState>(_count);
        var pending = new List<PendingInput>();
        for (int p = 0; p < _groups.Length; p++)
        {
            if (_groups[p] is not { } group) continue;
            for (int i = 0; i < group.Count; i++)
            {
                int gid = _firstGid[p] + i;
                neurons.Add(new NeuronState(gid, [group.U[i], group.V[i], group.RefractoryCounter[i]]));
                for (int g = 0; g < _ring.Groups; g++)
                {
                    if (g > 0 && _receptorOfGroup[g].Population != p) continue;
                    byte receptor = _receptorOfGroup[g].Receptor;
                    for (long step = Step; step < Step + LoihiInputRing.MaxDelay + 1; step++)
                    {
                        int units = _ring.Get(g, step, _localStart[p] + i);
                        if (units != 0) pending.Add(new PendingInput(gid, receptor, step, units));
                    }
                }
            }
        }
        return new ShardSnapshot(Step, neurons, pending, Outbox.ToArray());
    }

    /// <inheritdoc/>
    public void Restore(long step, IEnumerable<NeuronState> neurons, IEnumerable<PendingInput> pending, IEnumerable<long> undelivered)
    {
        Step = step;
        _ring.Clear();
        Array.Clear(_opsBySpikeStep);
        _opsFoldedBefore = Math.Max(0, step - Plan.WindowSteps);
        Outbox.Clear();
        foreach (var s in neurons)
        {
            if (!Locate(s.Gid, out int p, out int i)) continue;
            if (s.Values.Length != Columns.Length)
                throw new InvalidOperationException($"state of neuron {s.Gid} has {s.Values.Length} columns; a Loihi compartment has {Columns.Length} ({string.Join(", ", Columns)})");
            var group = _groups[p]!;
            group.U[i] = Whole(s.Values[0], s.Gid, "u");
            group.V[i] = Whole(s.Values[1], s.Gid, "v");
            group.RefractoryCounter[i] = Whole(s.Values[2], s.Gid, "refractory_steps");
        }
        foreach (var input in pending)
        {
            if (!Locate(input.Gid, out int p, out int i)) continue;
            if (input.Step < step || input.Step > step + LoihiInputRing.MaxDelay)
                throw new InvalidOperationException($"checkpoint holds input for neuron {input.Gid} at step {input.Step}, outside [{step}, {step + LoihiInputRing.MaxDelay}]");
            int g = input.Receptor == 0 ? 0 : _groupOfReceptor.GetValueOrDefault((p, input.Receptor), -1);
            if (g < 0)
                throw new InvalidOperationException($"checkpoint holds input for neuron {input.Gid} in receptor {input.Receptor}; its population {Plan.Spec.Populations[p].Name} has {_ring.Groups - 1} projections with a negative weight_exp here");
            _ring.Add(g, input.Step, _localStart[p] + i, Whole(input.Value, input.Gid, "pending input"));
        }
        var spikes = undelivered.ToArray();
        Array.Sort(spikes);
        foreach (long e in spikes)
            if (SpikeEvent.Gid(e) < 0 || SpikeEvent.Gid(e) >= Plan.TotalNeurons || SpikeEvent.Step(e) >= step)
                throw new InvalidOperationException($"checkpoint at step {step} holds an undelivered spike of neuron {SpikeEvent.Gid(e)} at step {SpikeEvent.Step(e)}");
        Deliver(spikes);
        DeliveredBefore = step;
    }

    private static int Whole(double value, int gid, string what) =>
        value == Math.Floor(value) && value >= int.MinValue && value <= int.MaxValue
            ? (int)value
            : throw new InvalidOperationException($"checkpoint holds {what} = {value} for neuron {gid}; a Loihi value is a 32-bit integer");

    /// <inheritdoc/>
    public void ResetState(int trial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trial);
        for (int p = 0; p < _groups.Length; p++)
        {
            if (_groups[p] is not { } group) continue;
            _initialU[p].CopyTo(group.U, 0);
            _initialV[p].CopyTo(group.V, 0);
            _initialHold[p].CopyTo(group.RefractoryCounter, 0);
        }
        _ring.Clear();
        Outbox.Clear();
        _recorder.Clear();
        Step = DeliveredBefore = SpikeCount = EventCount = 0;
        _synapticOps = _activeUpdates = _inactiveUpdates = _tileLocal = _tileHops = _chipCrossings = _opsFoldedBefore = 0;
        Array.Clear(_opsBySpikeStep);
        Trial = trial;
    }

    private bool Locate(int gid, out int population, out int index)
    {
        population = Plan.PopulationOf(gid);
        index = gid - _firstGid[population];
        return _groups[population] is { } g && index >= 0 && index < g.Count;
    }
}
