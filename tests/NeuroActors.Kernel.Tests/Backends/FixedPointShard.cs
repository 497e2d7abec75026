using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Kernel.Random;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests.Backends;

/// <summary>
/// A shard backend for tests, <c>fixed-point</c>: it runs a population's neuron model as the CPU kernel does, but sums
/// synaptic input in exact fixed point (every weight rounded to 1/16 of its unit and added as a 64-bit integer) and
/// hands each step's sums to the neuron update as doubles. Integer sums do not depend on the order of their additions,
/// so it is partition invariant by another route than the CPU kernel's canonical order, and its spikes differ from the
/// CPU kernel's by the rounding. A model that mixes it with cpu populations shows that shards of two backends exchange
/// spikes, run in sessions, and checkpoint and restore through <see cref="IShardBackend"/> alone. It cannot change
/// parameters, stimuli or weights between runs (no <see cref="IShardSettings"/> or <see cref="IShardWeights"/>).
/// </summary>
public sealed class FixedPointShard : IShardBackend
{
    /// <summary>The name populations choose it by.</summary>
    public const string Name = "fixed-point";

    /// <summary>Units per weight unit: weights are whole multiples of 1/16 (coarse, as a neuromorphic chip's few weight bits).</summary>
    private const double One = 16;

    /// <summary>The backend as registered.</summary>
    public static ShardBackendKind Kind { get; } = new(Name, (plan, shard) => new FixedPointShard(plan, shard), StateNamesOf);

    /// <summary>Registers the backend (once per process; again does nothing).</summary>
    public static void Register() => ShardBackends.Register(Kind);

    private readonly NeuronGroup[] _groups;
    private readonly int[] _localStart, _firstGid, _sliceStart;
    private readonly double[][] _initialState;
    private readonly SynapseTable _synapses;
    private readonly long[] _weight;  // per synapse, in sixteenths
    private readonly long[] _ring;    // [receptor][slot][local neuron], in sixteenths
    private readonly double[] _excitatory, _inhibitory, _current;
    private readonly int[] _spiked;
    private readonly int _slots, _count;
    private readonly ShardStimuli _stimuli;
    private readonly ShardRecorder _recorder;
    private readonly long _rounded;

    private FixedPointShard(NetworkPlan plan, int shard)
    {
        Plan = plan;
        Index = shard;
        var spec = plan.Spec;
        int n = spec.Populations.Count;
        _groups = new NeuronGroup[n];
        _localStart = new int[n];
        _firstGid = new int[n];
        _sliceStart = new int[n];
        _initialState = new double[n][];
        for (int p = 0; p < n; p++)
        {
            var (start, count) = plan.Slice(p, shard);
            _localStart[p] = _count;
            _firstGid[p] = plan.PopulationOffset(p) + start;
            _sliceStart[p] = start;
            var group = _groups[p] = NeuronGroupFactory.Create(spec, p, start, count, _firstGid[p]);
            var rows = _initialState[p] = new double[count * group.StateWidth];
            for (int i = 0; i < count; i++) group.SaveNeuron(i, rows.AsSpan(i * group.StateWidth, group.StateWidth));
            _count += count;
        }
        _synapses = ConnectivityBuilder.Build(plan, shard, p => _localStart[p], _count);
        _weight = new long[_synapses.Count];
        for (int i = 0; i < _weight.Length; i++)
        {
            double units = _synapses.Weight[i] * One;
            _weight[i] = (long)Math.Round(units);
            if (_weight[i] != units) _rounded++;
        }
        _slots = _synapses.MaxDelay + 1;
        _ring = new long[2 * _slots * _count];
        _excitatory = new double[_count];
        _inhibitory = new double[_count];
        _current = new double[_count];
        _spiked = new int[Math.Max(1, _count)];
        _stimuli = new ShardStimuli(plan, LocalOf);
        _recorder = new ShardRecorder(plan, shard, (p, variable) => _groups[p].VariableIndex(variable));
    }

    private static IReadOnlyList<string> StateNamesOf(NetworkSpec spec, int population) =>
        NeuronGroupFactory.Create(spec, population, 0, 0, 0).StateNames;

    /// <inheritdoc/>
    public NetworkPlan Plan { get; }

    /// <inheritdoc/>
    public int Index { get; }

    /// <inheritdoc/>
    public ShardResources Resources => new(_count, _synapses.Count, _synapses.Bytes + _weight.Length * sizeof(long),
        new Dictionary<string, double> { ["rounded_weights"] = _rounded });

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
        set
        {
            _stimuli.Trial = value;
            ulong key = Streams.TrialSeed(Plan.Spec.Simulation.Seed, value);
            foreach (var group in _groups) group.UseRandomKey(key);
        }
    }

    private int LocalOf(int population, int index)
    {
        int rel = index - _sliceStart[population];
        return rel >= 0 && rel < _groups[population].Count ? _localStart[population] + rel : -1;
    }

    private int Slot(int receptor, long step) => (receptor * _slots + (int)(step % _slots)) * _count;

    /// <inheritdoc/>
    public void Deliver(ReadOnlySpan<long> spikes)
    {
        foreach (long e in spikes)
        {
            long step = SpikeEvent.Step(e);
            int gid = SpikeEvent.Gid(e);
            for (int i = _synapses.RowStart[gid]; i < _synapses.RowStart[gid + 1]; i++)
            {
                uint packed = _synapses.Packed[i];
                _ring[Slot(_synapses.Receptor(packed), step + _synapses.Delay(packed)) + _synapses.Target(packed)] += _weight[i];
            }
            EventCount += _synapses.RowStart[gid + 1] - _synapses.RowStart[gid];
        }
    }

    /// <inheritdoc/>
    public void Advance(long toStep)
    {
        for (long step = Step; step < toStep; step++)
        {
            var ex = _ring.AsSpan(Slot(0, step), _count);
            var inh = _ring.AsSpan(Slot(1, step), _count);
            for (int l = 0; l < _count; l++)
            {
                _excitatory[l] = ex[l] / One;
                _inhibitory[l] = inh[l] / One;
            }
            ex.Clear();
            inh.Clear();
            if (_stimuli.InjectsCurrent) Array.Clear(_current);
            EventCount += _stimuli.Apply(step, _excitatory, _inhibitory, _current);
            for (int p = 0; p < _groups.Length; p++)
            {
                var group = _groups[p];
                if (group.Count == 0) continue;
                int start = _localStart[p];
                int spikes = group.Update(step, _excitatory.AsSpan(start, group.Count), _inhibitory.AsSpan(start, group.Count),
                    _current.AsSpan(start, group.Count), _spiked);
                for (int k = 0; k < spikes; k++)
                {
                    long e = SpikeEvent.Pack(step, _firstGid[p] + _spiked[k]);
                    Outbox.Add(e);
                    if (_recorder.SpikeRecorded[start + _spiked[k]]) _recorder.Spikes.Add(e);
                }
                SpikeCount += spikes;
            }
            foreach (var probe in _recorder.Probes)
                if ((step + 1) % probe.Recorder.IntervalSteps == 0) probe.Sample(step, _groups[probe.Population]);
        }
        Step = Math.Max(Step, toStep);
    }

    /// <inheritdoc/>
    public void RewindCounters(long spikes, long events)
    {
        SpikeCount = spikes;
        EventCount = events;
    }

    /// <inheritdoc/>
    public ShardSnapshot Snapshot()
    {
        var neurons = new List<NeuronState>(_count);
        var pending = new List<PendingInput>();
        for (int p = 0; p < _groups.Length; p++)
            for (int i = 0; i < _groups[p].Count; i++)
            {
                var row = new double[_groups[p].StateWidth];
                _groups[p].SaveNeuron(i, row);
                neurons.Add(new NeuronState(_firstGid[p] + i, row));
                for (int receptor = 0; receptor < 2; receptor++)
                    for (long step = Step; step < Step + _slots; step++)
                    {
                        // A whole number of sixteenths below 2⁵³ is exact as a double, so the restore gets the same integer back.
                        long units = _ring[Slot(receptor, step) + _localStart[p] + i];
                        if (units != 0) pending.Add(new PendingInput(_firstGid[p] + i, (byte)receptor, step, units / One));
                    }
            }
        return new ShardSnapshot(Step, neurons, pending, Outbox.ToArray());
    }

    /// <inheritdoc/>
    public void Restore(long step, IEnumerable<NeuronState> neurons, IEnumerable<PendingInput> pending, IEnumerable<long> undelivered)
    {
        Step = step;
        Array.Clear(_ring);
        Outbox.Clear();
        foreach (var s in neurons)
            if (Locate(s.Gid, out int p, out int i)) _groups[p].LoadNeuron(i, s.Values);
        foreach (var input in pending)
        {
            if (!Locate(input.Gid, out int p, out int i)) continue;
            if (input.Step < step || input.Step >= step + _slots)
                throw new InvalidOperationException($"checkpoint holds input for step {input.Step}, outside this shard's [{step}, {step + _slots})");
            _ring[Slot(input.Receptor, input.Step) + _localStart[p] + i] = checked((long)(input.Value * One));
        }
        var spikes = undelivered.ToArray();
        Array.Sort(spikes);
        foreach (long e in spikes)
            if (SpikeEvent.Gid(e) < 0 || SpikeEvent.Gid(e) >= Plan.TotalNeurons || SpikeEvent.Step(e) >= step)
                throw new InvalidOperationException($"checkpoint at step {step} holds an undelivered spike of neuron {SpikeEvent.Gid(e)} at step {SpikeEvent.Step(e)}");
        Deliver(spikes);
        DeliveredBefore = step;
        foreach (var group in _groups) group.OnRestored(step);
    }

    /// <inheritdoc/>
    public void ResetState(int trial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trial);
        for (int p = 0; p < _groups.Length; p++)
        {
            int width = _groups[p].StateWidth;
            for (int i = 0; i < _groups[p].Count; i++) _groups[p].LoadNeuron(i, _initialState[p].AsSpan(i * width, width));
        }
        Array.Clear(_ring);
        Outbox.Clear();
        _recorder.Clear();
        Step = DeliveredBefore = SpikeCount = EventCount = 0;
        Trial = trial;
        foreach (var group in _groups) group.OnRestored(0);
    }

    private bool Locate(int gid, out int population, out int index)
    {
        for (population = 0; population < _groups.Length; population++)
        {
            index = gid - _firstGid[population];
            if (index >= 0 && index < _groups[population].Count) return true;
        }
        index = -1;
        return false;
    }
}
