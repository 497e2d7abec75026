using System.Runtime.CompilerServices;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Plasticity;

/// <summary>
/// A shard's plastic synapses, beside its static table: the rows of every plastic projection whose targets the shard
/// holds (a <see cref="SynapseTable"/> of their own, 8 bytes a synapse), the presynaptic trace of each synapse (a
/// float) and which projection's rule it follows (a byte), the step of every source's last presynaptic spike, and the
/// archive of the targets' spikes. A presynaptic spike updates each of its synapses (<see cref="StdpRule.Update"/>)
/// and then delivers the new weight; spikes come in (step, gid) order, so every shard of any cut makes the same
/// updates in the same order.
/// </summary>
public sealed class PlasticSynapses
{
    private readonly StdpRule[] _rules;
    private readonly byte[] _ruleOf;
    private readonly double[] _decay; // per rule, for the spike being delivered: e^(−(t_pre − t_last)/τ⁺)
    // Weight recording: null when no weight recorder names a synapse here, so that delivery only tests a null per spike.
    private readonly bool[]? _recordedSource; // per source gid: some synapse of its row here is recorded
    private readonly bool[]? _recorded;       // per synapse
    private readonly int[]? _targetGid;       // per local neuron
    private readonly WeightRecords? _records;

    /// <summary>Bytes per plastic synapse held: the 8-byte row entry, the presynaptic trace and the rule index.</summary>
    public const int BytesPerSynapse = sizeof(uint) + sizeof(float) + sizeof(float) + sizeof(byte);

    /// <summary>Builds the plastic synapses of shard <paramref name="shard"/>.</summary>
    /// <param name="plan">The partition.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="localStartOf">Local index of the first neuron of population p's slice here.</param>
    /// <param name="localNeurons">Neurons held by the shard.</param>
    /// <param name="plastic">Which projections are plastic.</param>
    /// <param name="records">Where the updates of the synapses the model's weight recorders name are recorded; null to record none.</param>
    /// <exception cref="InvalidOperationException">More than 256 plastic projections.</exception>
    public PlasticSynapses(NetworkPlan plan, int shard, Func<int, int> localStartOf, int localNeurons, bool[] plastic, WeightRecords? records = null)
    {
        var spec = plan.Spec;
        Plastic = plastic;
        Table = ConnectivityBuilder.Build(plan, shard, localStartOf, localNeurons, j => plastic[j]);
        var projections = Enumerable.Range(0, plastic.Length).Where(j => plastic[j]).ToArray();
        if (projections.Length > 256) throw new InvalidOperationException($"a model can have at most 256 plastic projections, not {projections.Length}");
        _rules = projections.Select(j => new StdpRule(spec.Projections[j].Synapse.Plasticity!, spec.Simulation.DtMs)).ToArray();
        Projections = projections;

        // Which rule each synapse follows: rows hold each receptor's synapses projection by projection, and a projection is
        // told apart by its recorded run or by its target population and receptor (see SynapseTable.TryProjectionRun).
        _ruleOf = new byte[Table.Count];
        KPlus = new float[Table.Count];
        for (int r = 0; r < projections.Length; r++)
        {
            int j = projections[r];
            var pr = spec.Projections[j];
            int sp = spec.PopulationIndex(pr.Source), tp = spec.PopulationIndex(pr.Target);
            int sFirst = plan.PopulationOffset(sp), tLocal = localStartOf(tp), tEnd = tLocal + plan.Slice(tp, shard).Count;
            int receptor = pr.Synapse.Receptor == Receptor.Excitatory ? 0 : 1;
            for (int s = 0; s < spec.Populations[sp].Size; s++)
            {
                if (Table.TryProjectionRun(j, s, out int from, out int to))
                {
                    for (int i = from; i < to; i++) _ruleOf[i] = (byte)r;
                    continue;
                }
                for (int i = Table.RowStart[sFirst + s]; i < Table.RowStart[sFirst + s + 1]; i++)
                {
                    uint p = Table.Packed[i];
                    int t = Table.Target(p);
                    if (t >= tLocal && t < tEnd && Table.Receptor(p) == receptor) _ruleOf[i] = (byte)r;
                }
            }
        }

        LastSpike = new long[plan.TotalNeurons];
        Array.Fill(LastSpike, -1);
        var incoming = new int[localNeurons];
        foreach (uint p in Table.Packed) incoming[Table.Target(p)]++;
        var minusRate = new double[localNeurons];
        for (int pop = 0; pop < spec.Populations.Count; pop++)
        {
            int start = localStartOf(pop), count = plan.Slice(pop, shard).Count;
            double rate = spec.Simulation.DtMs / spec.Populations[pop].TauMinusMs;
            for (int l = start; l < start + count; l++) minusRate[l] = rate;
        }
        Archive = new PostsynapticArchive(incoming, minusRate, 2L * plan.WindowSteps + Table.MaxDelay);
        _decay = new double[_rules.Length];
        if (records is not null && MarkRecorded(plan, shard, localStartOf, localNeurons) is var (source, synapse, targetGid))
            (_recordedSource, _recorded, _targetGid, _records) = (source, synapse, targetGid, records);
    }

    // Which synapses here the model's weight recorders name (by source and target index within their populations), or
    // null when none does.
    private (bool[] Source, bool[] Synapse, int[] TargetGid)? MarkRecorded(NetworkPlan plan, int shard, Func<int, int> localStartOf, int localNeurons)
    {
        var spec = plan.Spec;
        bool[]? source = null, synapse = null;
        foreach (var rec in spec.Recorders)
        {
            if (rec.Kind != RecorderKind.Weights) continue;
            int j = spec.Projections.ToList().FindIndex(p => p.Label == rec.Projection);
            int r = Array.IndexOf(Projections, j);
            if (r < 0) continue; // the validator refuses a static or unknown projection
            var pr = spec.Projections[j];
            int sp = spec.PopulationIndex(pr.Source), tp = spec.PopulationIndex(pr.Target);
            var (tStart, tCount) = plan.Slice(tp, shard);
            if (tCount == 0) continue;
            int tLocal = localStartOf(tp), sFirst = plan.PopulationOffset(sp);
            var targetChosen = new bool[tCount];
            foreach (int t in rec.Targets ?? Enumerable.Range(0, spec.Populations[tp].Size).ToArray())
                if (t >= tStart && t < tStart + tCount) targetChosen[t - tStart] = true;
            foreach (int s in rec.Sources ?? Enumerable.Range(0, spec.Populations[sp].Size).ToArray())
            {
                int gid = sFirst + s;
                for (int i = Table.RowStart[gid]; i < Table.RowStart[gid + 1]; i++)
                {
                    int t = Table.Target(Table.Packed[i]) - tLocal;
                    if (_ruleOf[i] != r || t < 0 || t >= tCount || !targetChosen[t]) continue;
                    (synapse ??= new bool[Table.Count])[i] = true;
                    (source ??= new bool[plan.TotalNeurons])[gid] = true;
                }
            }
        }
        if (source is null || synapse is null) return null;
        var targetGid = new int[localNeurons];
        for (int pop = 0; pop < spec.Populations.Count; pop++)
        {
            var (start, count) = plan.Slice(pop, shard);
            int local = localStartOf(pop), first = plan.PopulationOffset(pop) + start;
            for (int l = 0; l < count; l++) targetGid[local + l] = first + l;
        }
        return (source, synapse, targetGid);
    }

    /// <summary>Which projections are plastic (by index in the model).</summary>
    public bool[] Plastic { get; }

    /// <summary>The plastic projections, in model order; a synapse's rule index points into it.</summary>
    public int[] Projections { get; }

    /// <summary>The plastic synapses' rows: target, receptor, dendritic delay and the current weight.</summary>
    public SynapseTable Table { get; }

    /// <summary>Presynaptic trace K⁺ of each synapse, just after its last presynaptic spike.</summary>
    public float[] KPlus { get; }

    /// <summary>Step of each source gid's last presynaptic spike delivered here, -1 before the first (NEST's time 0).</summary>
    public long[] LastSpike { get; }

    /// <summary>The spikes of the targets, as the synapses still need them.</summary>
    public PostsynapticArchive Archive { get; }

    /// <summary>Bytes of plastic synapse storage: rows with their index, traces, rule indices and last spike steps.</summary>
    public long Bytes => Table.Bytes + (long)Table.Count * (sizeof(float) + sizeof(byte)) + (long)LastSpike.Length * sizeof(long);

    /// <summary>
    /// Updates and delivers the plastic synapses of <paramref name="spikes"/> (sorted by step, then gid) into
    /// <paramref name="ring"/> ([receptor][slot][local neuron], <paramref name="slots"/> slots); returns the synaptic
    /// events. The targets' archive must hold their spikes up to each spike's step minus its delay.
    /// </summary>
    public long Deliver(ReadOnlySpan<long> spikes, double[] ring, int slots, int localNeurons) =>
        // One scheme for every plastic projection (the usual case) gets a loop compiled for it alone, and an additive or
        // multiplicative one a loop that calls nothing in the usual case.
        _rules.Length == 1
            ? _rules[0].SimplePowers ? Deliver<TabulatedMath>(spikes, ring, slots, localNeurons) : Deliver<ExactMath>(spikes, ring, slots, localNeurons)
            : Deliver<AnyRule, ExactMath>(spikes, ring, slots, localNeurons);

    private long Deliver<TMath>(ReadOnlySpan<long> spikes, double[] ring, int slots, int localNeurons) where TMath : struct, IUpdateMath =>
        _rules[0].Rule switch
        {
            PlasticityRule.Stdp => Deliver<AllToAll, TMath>(spikes, ring, slots, localNeurons),
            PlasticityRule.StdpNnSymm => Deliver<NearestSymmetric, TMath>(spikes, ring, slots, localNeurons),
            PlasticityRule.StdpNnPreCentered => Deliver<NearestPreCentered, TMath>(spikes, ring, slots, localNeurons),
            PlasticityRule.StdpNnRestr => Deliver<NearestRestricted, TMath>(spikes, ring, slots, localNeurons),
            _ => Deliver<PowerLaw, TMath>(spikes, ring, slots, localNeurons),
        };

    // Every synapse's own rule: several plastic projections with different schemes.
    private readonly struct AnyRule : IPairing
    {
        public void Update<TPosts, TMath>(StdpRule rule, in PostsynapticPairing<TPosts> p, long last, int delay, double decay, ref float weight, ref float kPlus)
            where TPosts : struct, IPostSpikes where TMath : struct, IUpdateMath =>
            rule.Update<TPosts, TMath>(in p, last, delay, decay, ref weight, ref kPlus);
    }

    private long Deliver<TPairing, TMath>(ReadOnlySpan<long> spikes, double[] ring, int slots, int localNeurons)
        where TPairing : struct, IPairing where TMath : struct, IUpdateMath
    {
        var rows = Table.RowStart;
        var packed = Table.Packed;
        var weight = Table.Weight;
        var kPlus = KPlus;
        var ruleOf = _ruleOf;
        var rules = _rules;
        var decays = _decay;
        var archive = Archive;
        int targetBits = Table.TargetBits;
        uint targetMask = (1u << targetBits) - 1;
        var rule0 = rules[0];
        long events = 0;
        foreach (long e in spikes)
        {
            long step = Shard.SpikeEvent.Step(e);
            int gid = Shard.SpikeEvent.Gid(e);
            long last = LastSpike[gid];
            int from = rows[gid], to = rows[gid + 1];
            if (from == to)
            {
                LastSpike[gid] = step;
                continue;
            }
            // Every synapse of the spike's source decays its presynaptic trace over the same time: once per rule.
            for (int r = 0; r < rules.Length; r++) decays[r] = rules[r].TraceDecay(step - last);
            int baseSlot = (int)(step % slots);
            double decay0 = decays[0];
            // Every postsynaptic spike a synapse pairs with lies in (last, step] once shifted by the delay.
            bool potentiationTabulated = (ulong)(step - last) < DecayTable.Size;
            for (int i = from; i < to; i++)
            {
                uint p = packed[i];
                int target = (int)(p & targetMask), receptor = (int)((p >> targetBits) & 1), delay = (int)(p >> (targetBits + 1));
                // A loop made for one scheme has one rule; the rule index is read only when the schemes differ.
                var (rule, decay) = typeof(TPairing) == typeof(AnyRule) ? (rules[ruleOf[i]], decays[ruleOf[i]]) : (rule0, decay0);
                long at = step - delay;
                if (archive.TryReadRecent(target, last - delay, at, out var recent, out long before, out double beforeKMinus, out var minus))
                {
                    if (typeof(TMath) == typeof(ExactMath) || (potentiationTabulated && (before == long.MinValue || (ulong)(at - before) < DecayTable.Size)))
                        default(TPairing).Update<RecentSpikes, TMath>(rule, new(recent, PostsynapticPairing<RecentSpikes>.NearestOf<TMath>(at, before, minus), beforeKMinus),
                            last, delay, decay, ref weight[i], ref kPlus[i]);
                    else UpdateRecent<TPairing>(rule, recent, at, before, beforeKMinus, minus, last, delay, decay, ref weight[i], ref kPlus[i]);
                }
                else UpdateFromEntries<TPairing>(rule, archive, target, last, delay, at, decay, ref weight[i], ref kPlus[i]);
                int slot = baseSlot + delay; // delay < slots
                if (slot >= slots) slot -= slots;
                ring[(receptor * slots + slot) * localNeurons + target] += weight[i];
            }
            events += to - from;
            LastSpike[gid] = step;
            if (_recordedSource is not null && _recordedSource[gid]) Record(step, gid, from, to);
        }
        return events;
    }

    // Out of the delivery loop, so that the loop calls nothing in the usual case: the update that pairs with older
    // postsynaptic spikes than the target's two newest.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UpdateFromEntries<TPairing>(StdpRule rule, PostsynapticArchive archive, int target, long last, int delay, long at, double decay,
        ref float weight, ref float kPlus) where TPairing : struct, IPairing
    {
        archive.ReadEntries(target, last - delay, at, out var entries, out int from, out int to, out long before, out double beforeKMinus, out var minus);
        default(TPairing).Update<ArchivedSpikes, ExactMath>(rule,
            new(new ArchivedSpikes(entries, from, to), PostsynapticPairing<ArchivedSpikes>.NearestOf<ExactMath>(at, before, minus), beforeKMinus),
            last, delay, decay, ref weight, ref kPlus);
    }

    // Likewise: an update with the two newest spikes whose decays are not all tabulated.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UpdateRecent<TPairing>(StdpRule rule, RecentSpikes recent, long at, long before, double beforeKMinus, DecayTable minus,
        long last, int delay, double decay, ref float weight, ref float kPlus) where TPairing : struct, IPairing =>
        default(TPairing).Update<RecentSpikes, ExactMath>(rule, new(recent, PostsynapticPairing<RecentSpikes>.NearestOf<ExactMath>(at, before, minus), beforeKMinus),
            last, delay, decay, ref weight, ref kPlus);

    // Outside the delivery loop, for the sources with a recorded synapse only: every synapse of the row has its new weight.
    private void Record(long step, int gid, int from, int to)
    {
        var recorded = _recorded!;
        for (int i = from; i < to; i++)
            if (recorded[i])
                _records!.Add(step, Projections[_ruleOf[i]], gid, _targetGid![Table.Target(Table.Packed[i])], Table.Weight[i]);
    }

    /// <summary>Back to the state of the build's pairing (weights kept): no trace, no presynaptic spike, an empty archive.</summary>
    public void ResetPairing()
    {
        Array.Clear(KPlus);
        Array.Fill(LastSpike, -1);
        Archive.Clear();
    }
}
