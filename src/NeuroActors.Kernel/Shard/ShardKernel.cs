using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Kernel.Plasticity;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Shard;

/// <summary>
/// One shard's neurons, incoming synapses, ring buffers and stimuli, and the step that advances them: the
/// floating-point CPU kernel, shard backend <c>cpu</c> (<see cref="ShardBackends.Cpu"/>). Free of any messaging: the
/// caller hands it each window's spikes (<see cref="Deliver"/>) and collects what it emits (<see cref="Outbox"/>).
/// </summary>
public sealed partial class ShardKernel : IShardBackend, IShardSettings, IShardWeights
{
    private readonly NeuronGroup[] _groups;
    private readonly int[] _groupLocalStart, _groupFirstGid, _groupPopulation, _groupIndexStart;
    private readonly SynapseTable _synapses;
    private readonly PlasticSynapses? _plastic;    // null when no projection into this shard's populations is plastic
    private readonly PostsynapticArchive? _archive; // _plastic's archive, for Advance
    private readonly double[] _ring, _current; // ring: [receptor][slot][local neuron]
    private readonly int _slots, _localCount;
    private readonly int[] _spiked;
    private readonly ShardStimuli _stimuli;
    private readonly ShardRecorder _recorder;
    private readonly LongBuffer _recordedSpikes;
    private readonly bool[] _recordSpikes;
    private readonly StateProbe[] _probes;
    private double[]? _bias;                   // per-neuron i_e (pA) per local neuron, once set; see SetParameter
    private int[]? _localGid;                  // global id of each local neuron, for the weight API
    private int[]? _deliveryOffsets; // Deliver's ring offset per (delay, receptor) for the step being delivered
    private uint _touched;           // keeps Deliver's row-head loads from being optimised away

    /// <summary>
    /// Population <paramref name="p"/>'s group of this shard in its state as built: drawn from the model, so that
    /// <see cref="ResetState"/> can draw it again rather than keep a copy of every neuron's state.
    /// </summary>
    private NeuronGroup BuildGroup(int p)
    {
        var (start, count) = Plan.Slice(p, Index);
        return count == 0 && Plan.Spec.Populations[p].Model.NativeBackend is not null
            ? new AbsentGroup(Plan.DtMs)
            : NeuronGroupFactory.Create(Plan.Spec, p, start, count, _groupFirstGid[p]);
    }

    /// <summary>Builds shard <paramref name="shard"/> of <paramref name="plan"/>: neurons, initial state, synapses, stimuli.</summary>
    public ShardKernel(NetworkPlan plan, int shard)
    {
        Plan = plan;
        Index = shard;
        var spec = plan.Spec;
        int n = spec.Populations.Count;
        _groups = new NeuronGroup[n];
        _groupLocalStart = new int[n];
        _groupFirstGid = new int[n];
        _groupPopulation = new int[n];
        _groupIndexStart = new int[n];
        int local = 0;
        for (int p = 0; p < n; p++)
        {
            var (start, count) = plan.Slice(p, shard);
            _groupLocalStart[p] = local;
            _groupFirstGid[p] = plan.PopulationOffset(p) + start;
            _groupPopulation[p] = p;
            _groupIndexStart[p] = start;
            _groups[p] = BuildGroup(p);
            local += count;
        }
        _localCount = local;

        _recorder = new ShardRecorder(plan, shard, (p, variable) => _groups[p].VariableIndex(variable));
        // Plastic synapses live in a table of their own, so that the static rows and their loop stay as they are.
        var plastic = spec.Projections.Select(pr => pr.Synapse.Plasticity is not null).ToArray();
        bool anyPlastic = plastic.Any(x => x);
        _synapses = ConnectivityBuilder.Build(plan, shard, p => _groupLocalStart[p], _localCount, anyPlastic ? j => !plastic[j] : null);
        if (anyPlastic)
        {
            _plastic = new PlasticSynapses(plan, shard, p => _groupLocalStart[p], _localCount, plastic, _recorder.Weights);
            _archive = _plastic.Archive;
        }

        _slots = Math.Max(_synapses.MaxDelay, _plastic?.Table.MaxDelay ?? 0) + 1;
        _ring = new double[2 * _slots * _localCount];
        _current = new double[_localCount];
        _spiked = new int[Math.Max(1, _groups.Max(g => g.Count))];
        _stimuli = new ShardStimuli(plan, LocalOf);

        _recordedSpikes = _recorder.Spikes;
        _recordSpikes = _recorder.SpikeRecorded;
        _probes = [.. _recorder.Probes];
    }

    /// <summary>The partition this shard belongs to.</summary>
    public NetworkPlan Plan { get; }

    /// <summary>This shard's number.</summary>
    public int Index { get; }

    /// <summary>Next step to compute.</summary>
    public long Step { get; private set; }

    /// <summary>Neurons held.</summary>
    public int NeuronCount => _localCount;

    /// <summary>Incoming synapses held, static and plastic.</summary>
    public long SynapseCount => _synapses.Count + (_plastic?.Table.Count ?? 0);

    /// <summary>Bytes of synapse storage, static and plastic (with the plastic synapses' pairing state).</summary>
    public long SynapseBytes => _synapses.Bytes + (_plastic?.Bytes ?? 0);

    /// <summary>Incoming plastic synapses held.</summary>
    public long PlasticSynapseCount => _plastic?.Table.Count ?? 0;

    /// <summary>Bytes of the plastic synapses and their pairing state (row index and per-source steps included).</summary>
    public long PlasticSynapseBytes => _plastic?.Bytes ?? 0;

    /// <summary>Names of the figures a shard with plastic synapses reports (<see cref="ShardResources.Figures"/>).</summary>
    public const string PlasticSynapsesFigure = "plastic_synapses", PlasticBytesFigure = "plastic_synapse_bytes";

    /// <inheritdoc/>
    public ShardResources Resources => new(NeuronCount, SynapseCount, SynapseBytes, _plastic is null
        ? ShardResources.NoFigures
        : new Dictionary<string, double> { [PlasticSynapsesFigure] = PlasticSynapseCount, [PlasticBytesFigure] = PlasticSynapseBytes });

    /// <summary>Spikes emitted by this shard's neurons since the build or a reset (or as rewound, see <see cref="RewindCounters"/>).</summary>
    public long SpikeCount { get; private set; }

    /// <summary>Synaptic events delivered into this shard (spike × synapse) plus Poisson generator events.</summary>
    public long EventCount { get; private set; }

    /// <summary>
    /// Every spike of the network emitted before this step is in this shard's ring buffers; later ones are still in
    /// outboxes or packets. Set by whoever delivers (<see cref="WindowedShard"/>, <see cref="Restore"/>).
    /// </summary>
    public long DeliveredBefore { get; set; }

    /// <summary>Spikes (<see cref="SpikeEvent"/>) emitted but not yet sent to the shards that need them, in (step, gid) order.</summary>
    public LongBuffer Outbox { get; } = new();

    /// <inheritdoc/>
    public ShardRecorder Recordings => _recorder;

    // The part of population p held here: its first index in the population and how many neurons.
    private (int Start, int Count) SliceOf(int population) => (_groupIndexStart[population], _groups[population].Count);

    /// <summary>Local index of neuron <paramref name="index"/> of population p, or -1 when another shard holds it.</summary>
    public int LocalOf(int population, int index)
    {
        int rel = index - _groupIndexStart[population];
        return rel >= 0 && rel < _groups[population].Count ? _groupLocalStart[population] + rel : -1;
    }

    /// <summary>
    /// Delivers spikes (<see cref="SpikeEvent"/>, sorted by step then gid) into the ring buffers. Each spike's row
    /// adds its weights at (spike step + delay); delays are at least one window, so every arrival lies at or after
    /// <see cref="Step"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Deliver(ReadOnlySpan<long> spikes)
    {
        long events = 0;
        int n = _localCount, slots = _slots;
        var rows = _synapses.RowStart;
        var packed = _synapses.Packed;
        var weight = _synapses.Weight;
        var ring = _ring;
        int targetBits = _synapses.TargetBits;
        uint targetMask = (1u << targetBits) - 1;
        // A synapse's word shifted right by TargetBits is delay · 2 + receptor; for spikes of one step this table maps
        // it to the start of ring row (receptor · slots + (step + delay) mod slots). Spikes come sorted by step, so the
        // table is rebuilt only when the step changes (once per window when windows are one step long), and a synapse
        // costs one table load instead of a wrap test and two multiplications.
        var offsets = _deliveryOffsets ??= new int[2 * slots];
        // Rows start at random places in a table larger than the cache, and a window's spikes are few: load the head of
        // every row first, so that their misses overlap instead of stalling one row after another.
        uint touched = 0;
        foreach (long e in spikes)
        {
            int head = rows[SpikeEvent.Gid(e)];
            if (head < packed.Length) touched += packed[head] ^ (uint)BitConverter.SingleToInt32Bits(weight[head]);
        }
        _touched = touched;
        long tableStep = -1;
        foreach (long e in spikes)
        {
            long step = SpikeEvent.Step(e);
            if (step != tableStep)
            {
                tableStep = step;
                int baseSlot = (int)(step % slots);
                for (int delay = 0; delay < slots; delay++)
                {
                    int slot = baseSlot + delay;
                    if (slot >= slots) slot -= slots;
                    offsets[2 * delay] = slot * n;
                    offsets[2 * delay + 1] = (slots + slot) * n;
                }
            }
            int gid = SpikeEvent.Gid(e);
            int from = rows[gid], to = rows[gid + 1];
            var rowPacked = packed.AsSpan(from, to - from);
            // Same length as rowPacked (AsSpan checked the range), so it is read without bounds checks.
            ref float rowWeight = ref MemoryMarshal.GetReference(weight.AsSpan(from, rowPacked.Length));
            for (int i = 0; i < rowPacked.Length; i++)
            {
                uint p = rowPacked[i];
                ring[offsets[(int)(p >> targetBits)] + (int)(p & targetMask)] += Unsafe.Add(ref rowWeight, i);
            }
            events += rowPacked.Length;
        }
        // Plastic synapses after the static ones, spike by spike in the same order: each input slot still receives the
        // same additions in the same order for any cut.
        if (_plastic is not null) events += _plastic.Deliver(spikes, ring, slots, n);
        EventCount += events;
    }

    /// <summary>Computes steps [<see cref="Step"/>, <paramref name="toStep"/>), appending emitted spikes to <see cref="Outbox"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Advance(long toStep)
    {
        int n = _localCount;
        for (long step = Step; step < toStep; step++)
        {
            int slot = (int)(step % _slots);
            var ex = _ring.AsSpan(slot * n, n);
            var inh = _ring.AsSpan((_slots + slot) * n, n);
            var current = _current.AsSpan();
            // A per-neuron i_e is a constant injected current: the models add i_e and the injected current alike.
            if (_bias is not null) _bias.CopyTo(current);
            else if (_stimuli.InjectsCurrent) current.Clear();
            EventCount += _stimuli.Apply(step, ex, inh, current);
            // Each update zeroes its slice of ex and inh as it reads them, and the groups tile the shard's neurons, so
            // the slot is empty for step + slots without a second pass over it.
            for (int g = 0; g < _groups.Length; g++)
            {
                var group = _groups[g];
                if (group.Count == 0) continue;
                int start = _groupLocalStart[g], count = group.Count;
                int spikes = group.Update(step, ex.Slice(start, count), inh.Slice(start, count), current.Slice(start, count), _spiked);
                for (int k = 0; k < spikes; k++)
                {
                    int l = _spiked[k];
                    long e = SpikeEvent.Pack(step, _groupFirstGid[g] + l);
                    Outbox.Add(e);
                    if (_archive is not null && _archive.Archived(start + l)) _archive.Add(start + l, step);
                    if (_recordSpikes[start + l]) _recordedSpikes.Add(e);
                }
                SpikeCount += spikes;
            }
            foreach (var probe in _probes)
                if ((step + 1) % probe.Recorder.IntervalSteps == 0) probe.Sample(step, _groups[probe.Population]);
        }
        Step = Math.Max(Step, toStep);
    }

    /// <summary>
    /// Names of the columns of the state rows (<see cref="NeuronState.Values"/>) of population
    /// <paramref name="population"/>'s neurons; the same in every shard, so a checkpoint can record them once.
    /// </summary>
    [BetweenRuns]
    public static IReadOnlyList<string> StateNames(NetworkSpec spec, int population) =>
        // An empty slice has the same columns and costs nothing to build.
        NeuronGroupFactory.Create(spec, population, 0, 0, 0).StateNames;

    /// <summary>The shard's complete state, keyed by global ids, with the weights of the projections whose weights were set.</summary>
    public ShardSnapshot Snapshot()
    {
        var neurons = new List<NeuronState>(_localCount);
        for (int g = 0; g < _groups.Length; g++)
        {
            var group = _groups[g];
            for (int i = 0; i < group.Count; i++)
            {
                var row = new double[group.StateWidth];
                group.SaveNeuron(i, row);
                neurons.Add(new NeuronState(_groupFirstGid[g] + i, row));
            }
        }
        var pending = new List<PendingInput>();
        for (long step = Step; step < Step + _slots; step++)
        {
            int slot = (int)(step % _slots);
            for (int g = 0; g < _groups.Length; g++)
                for (int i = 0; i < _groups[g].Count; i++)
                {
                    int l = _groupLocalStart[g] + i;
                    double e = _ring[slot * _localCount + l], h = _ring[(_slots + slot) * _localCount + l];
                    if (e != 0) pending.Add(new PendingInput(_groupFirstGid[g] + i, 0, step, e));
                    if (h != 0) pending.Add(new PendingInput(_groupFirstGid[g] + i, 1, step, h));
                }
        }
        return new ShardSnapshot(Step, neurons, pending, Outbox.ToArray()) { Weights = SetWeightsSnapshot(), Archive = ArchiveSnapshot() };
    }

    /// <summary>
    /// Restores this shard's part of a network state gathered from any partition: the rows and pending input of the
    /// gids this shard holds (the rest is ignored), and the input of every undelivered spike of the network, delivered
    /// through the weights as they stand (a snapshot's weights go back first, with <see cref="RestoreWeights"/>).
    /// </summary>
    public void Restore(long step, IEnumerable<NeuronState> neurons, IEnumerable<PendingInput> pending, IEnumerable<long> undelivered)
    {
        Step = step;
        Array.Clear(_ring);
        Outbox.Clear();
        foreach (var s in neurons)
            if (Locate(s.Gid, out int g, out int i)) _groups[g].LoadNeuron(i, s.Values);
        foreach (var p in pending)
        {
            if (!Locate(p.Gid, out int g, out int i)) continue;
            if (p.Receptor > 1)
                throw new InvalidOperationException($"checkpoint holds input for neuron {p.Gid} in receptor {p.Receptor}; a neuron of the float kernel has receptors 0 and 1");
            if (p.Step < step || p.Step >= step + _slots)
                throw new InvalidOperationException($"checkpoint holds input for step {p.Step}, outside this shard's ring buffer [{step}, {step + _slots})");
            _ring[(p.Receptor * _slots + (int)(p.Step % _slots)) * _localCount + _groupLocalStart[g] + i] = p.Value;
        }
        // Spikes no shard had delivered yet (from the last window before the checkpoint at most): every shard now
        // delivers them into its own rows, after the input already delivered and in canonical order, which adds the
        // same numbers in the same order as an uninterrupted run. The outbox starts empty.
        var spikes = undelivered.ToArray();
        Array.Sort(spikes);
        foreach (long e in spikes)
        {
            long at = SpikeEvent.Step(e);
            int gid = SpikeEvent.Gid(e);
            if (at < step - Plan.WindowSteps || at >= step || gid < 0 || gid >= Plan.TotalNeurons)
                throw new InvalidOperationException($"checkpoint at step {step} holds an undelivered spike of neuron {gid} at step {at}; only spikes of existing neurons from the last window, steps [{step - Plan.WindowSteps}, {step}), can be undelivered");
        }
        Deliver(spikes);
        DeliveredBefore = step;
        foreach (var group in _groups) group.OnRestored(step);
    }

    private bool Locate(int gid, out int group, out int index)
    {
        for (group = 0; group < _groups.Length; group++)
        {
            index = gid - _groupFirstGid[group];
            if (index >= 0 && index < _groups[group].Count) return true;
        }
        index = -1;
        return false;
    }
}
