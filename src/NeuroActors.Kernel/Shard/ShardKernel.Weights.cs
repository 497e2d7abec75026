using NeuroActors.Kernel.Network;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Shard;

/// <summary>The synapses of one projection whose targets a shard holds, in canonical order (see <see cref="ShardKernel.GetWeights"/>).</summary>
/// <param name="Source">Global id of each synapse's source.</param>
/// <param name="Target">Global id of each synapse's target.</param>
/// <param name="Weight">Weight (units of the target model), as stored: a float.</param>
/// <param name="DelaySteps">Delay in steps.</param>
public sealed record ProjectionWeights(int[] Source, int[] Target, float[] Weight, int[] DelaySteps)
{
    /// <summary>Number of synapses.</summary>
    public int Count => Source.Length;
}

// Weights read and set between runs, and kept with snapshots, keyed by (projection, target gid, source gid, multapse)
// so that any cut gives and takes the same entries. None of it touches Deliver's loop: it only rewrites weights in the
// synapse table, and snapshots list only the projections whose weights were set, never the whole network.
public sealed partial class ShardKernel
{
    // Per projection whose weights were set since the build: its weights here as built, in canonical order, so that a
    // restore to a state from before the change puts them back (4 bytes per synapse of that projection held). Null for
    // a projection whose weights are those of the build.
    private float[]?[]? _builtWeights;

    /// <summary>Whether the weights of projection <paramref name="projection"/> were set since the build (a snapshot then holds them).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such projection.</exception>
    [BetweenRuns]
    public bool WeightsSet(int projection)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(projection);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(projection, Plan.Spec.Projections.Count);
        return _builtWeights?[projection] is not null;
    }

    /// <summary>
    /// The synapses of projection <paramref name="projection"/> whose targets this shard holds, ordered by (target gid,
    /// source gid, generation order among the pair's multapses): an order that does not depend on the cut, so the
    /// shards' lists concatenated in target order are the same for any partition.
    /// </summary>
    /// <exception cref="ArgumentException">No such projection.</exception>
    [BetweenRuns]
    public ProjectionWeights GetWeights(int projection)
    {
        var (slots, sources) = CanonicalSynapses(projection);
        var table = TableOf(projection);
        var localGid = LocalGids();
        var weights = new float[slots.Length];
        var targets = new int[slots.Length];
        var delays = new int[slots.Length];
        for (int k = 0; k < slots.Length; k++)
        {
            uint packed = table.Packed[slots[k]];
            targets[k] = localGid[table.Target(packed)];
            delays[k] = table.Delay(packed);
            weights[k] = table.Weight[slots[k]];
        }
        return new ProjectionWeights(sources, targets, weights, delays);
    }

    /// <summary>
    /// Sets the weights of projection <paramref name="projection"/>'s synapses whose targets this shard holds; entries
    /// whose targets another shard holds are skipped, so every shard may be given the whole projection. The entries may
    /// come in any order; the k-th entry of a (source, target) pair sets the pair's k-th synapse in generation order
    /// (as <see cref="GetWeights"/> lists them). Weights are stored as float. Delays are not changed. From now on the
    /// projection's weights count as set: snapshots hold them (<see cref="ShardSnapshot.Weights"/>).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// No such projection, arrays of different lengths, a pair the projection does not have (or not as often), a
    /// count that differs from the projection's synapses here, a NaN or infinite weight, or a weight whose sign
    /// contradicts the receptor (conductances must be ≥ 0; otherwise excitatory ≥ 0 and inhibitory ≤ 0).
    /// </exception>
    [BetweenRuns]
    public void SetWeights(int projection, ReadOnlySpan<int> sourceGids, ReadOnlySpan<int> targetGids, ReadOnlySpan<float> weights)
    {
        var (slots, sources) = CanonicalSynapses(projection);
        var check = new EntryCheck(this, projection);
        string name = check.Name;
        if (sourceGids.Length != targetGids.Length || sourceGids.Length != weights.Length)
            throw new ArgumentException($"{name}: {sourceGids.Length} sources, {targetGids.Length} targets and {weights.Length} weights; give one of each per synapse", nameof(weights));
        var mine = new List<int>();
        for (int e = 0; e < weights.Length; e++)
        {
            int s = sourceGids[e], t = targetGids[e];
            if (check.Fault(s, t, weights[e], $"entry {e}") is { } fault) throw new ArgumentException(fault.Message, fault.Parameter);
            if (check.Held(t)) mine.Add(e);
        }
        // The entries for this shard's targets in canonical order: by target, source, then as given.
        var keys = new long[mine.Count];
        var order = mine.ToArray();
        for (int k = 0; k < order.Length; k++) keys[k] = (long)targetGids[order[k]] << 32 | (uint)sourceGids[order[k]];
        Array.Sort(keys, order); // introsort is unstable: re-sort each run of equal pairs by entry
        for (int k = 0; k < order.Length;)
        {
            int end = k + 1;
            while (end < order.Length && keys[end] == keys[k]) end++;
            Array.Sort(order, k, end - k);
            k = end;
        }
        var localGid = LocalGids();
        var table = TableOf(projection);
        int n = Math.Min(order.Length, slots.Length);
        for (int k = 0; k < n; k++)
        {
            int e = order[k];
            int target = localGid[table.Target(table.Packed[slots[k]])];
            if (sources[k] != sourceGids[e] || target != targetGids[e])
            {
                // The first difference in canonical order is the pair that is missing, or extra, in the input.
                bool extra = ((long)targetGids[e] << 32 | (uint)sourceGids[e]) < ((long)target << 32 | (uint)sources[k]);
                (int s, int t) = extra ? (sourceGids[e], targetGids[e]) : (sources[k], target);
                throw new ArgumentException(extra
                    ? $"{name}: has no synapse {s} -> {t} (entry {e}), or not that many times"
                    : $"{name}: synapse {s} -> {t} is not given (this shard holds {slots.Length} synapses of the projection)", nameof(sourceGids));
            }
        }
        if (order.Length != slots.Length)
            throw new ArgumentException(order.Length > slots.Length
                ? $"{name}: has no synapse {sourceGids[order[n]]} -> {targetGids[order[n]]} (entry {order[n]}), or not that many times; this shard holds {slots.Length} synapses of the projection, {order.Length} were given"
                : $"{name}: synapse {sources[n]} -> {localGid[table.Target(table.Packed[slots[n]])]} is not given; this shard holds {slots.Length} synapses of the projection, {order.Length} were given",
                nameof(weights));
        // A plastic projection's weights are in every snapshot anyway: nothing as built to keep.
        if (!IsPlastic(projection)) KeepBuilt(projection, slots);
        for (int k = 0; k < slots.Length; k++) table.Weight[slots[k]] = weights[order[k]];
    }

    /// <summary>
    /// Puts the weights back as a snapshot of any partition listed them: each projection listed takes the entries of
    /// the targets this shard holds, which must name each of its synapses here once (entries of targets held elsewhere
    /// are skipped); each projection not listed goes back to its weights as built. Everything is checked before
    /// anything changes. Call it before <see cref="Restore"/>: the undelivered spikes are delivered through these weights.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An unknown projection, arrays of different lengths, an entry for a synapse the projection does not have here, a
    /// synapse given twice or not at all, or a weight <see cref="SetWeights"/> would refuse.
    /// </exception>
    [BetweenRuns]
    public void RestoreWeights(IReadOnlyList<SynapseWeights> weights, ArchivedSpikes archive)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(archive);
        int projections = Plan.Spec.Projections.Count;
        var given = new List<SynapseWeights>?[projections];
        foreach (var block in weights)
        {
            if (block.Projection < 0 || block.Projection >= projections)
                throw new ArgumentException($"projection {block.Projection} does not exist: the model has {projections} (0..{projections - 1})", nameof(weights));
            if (block.Source.Length != block.Count || block.Multapse.Length != block.Count || block.Weight.Length != block.Count)
                throw new ArgumentException($"projection {block.Projection}: {block.Count} targets, {block.Source.Length} sources, {block.Multapse.Length} multapses and {block.Weight.Length} weights; give one of each per synapse", nameof(weights));
            (given[block.Projection] ??= []).Add(block);
        }
        var restored = new Matched?[projections];
        for (int j = 0; j < projections; j++)
        {
            if (given[j] is { } blocks) restored[j] = Match(j, blocks);
            else if (IsPlastic(j) && CanonicalSynapses(j).Slots.Length > 0)
                throw new SynapseEntryException($"projection {j} ({Plan.Spec.Projections[j].Label}) is plastic: its weights and pairing state must be given", -1, nameof(weights));
        }
        var archived = ArchiveEntries(archive);
        for (int j = 0; j < projections; j++)
        {
            var table = TableOf(j);
            if (restored[j] is { } match)
            {
                if (!IsPlastic(j)) KeepBuilt(j, match.Slots);
                for (int k = 0; k < match.Slots.Length; k++) table.Weight[match.Slots[k]] = match.Values[k];
                if (IsPlastic(j))
                    for (int k = 0; k < match.Slots.Length; k++)
                    {
                        _plastic!.KPlus[match.Slots[k]] = match.Trace![k];
                        _plastic.LastSpike[match.Sources[k]] = match.LastSpike![k];
                    }
            }
            else if (_builtWeights?[j] is { } built)
            {
                var (builtSlots, _) = CanonicalSynapses(j);
                for (int k = 0; k < builtSlots.Length; k++) table.Weight[builtSlots[k]] = built[k];
                _builtWeights[j] = null;
            }
        }
        _plastic?.Archive.Load(archived);
    }

    /// <summary>The entries of <paramref name="archive"/> for this shard's neurons, as local indices; checked before anything changes.</summary>
    [BetweenRuns]
    private List<(int Local, long Step, double KMinus, int Reads)> ArchiveEntries(ArchivedSpikes archive)
    {
        var list = new List<(int, long, double, int)>();
        if (archive.Step.Length != archive.Count || archive.KMinus.Length != archive.Count || archive.Reads.Length != archive.Count)
            throw new ArgumentException($"archived spikes: {archive.Count} gids, {archive.Step.Length} steps, {archive.KMinus.Length} traces and {archive.Reads.Length} reads; give one of each per spike", nameof(archive));
        for (int i = 0; i < archive.Count; i++)
        {
            int gid = archive.Gid[i];
            if (!Locate(gid, out int g, out int index)) continue;
            int local = _groupLocalStart[g] + index;
            if (_plastic is null || !_plastic.Archive.Archived(local))
                throw new SynapseEntryException($"archived spike of neuron {gid} at step {archive.Step[i]}: no plastic synapse targets that neuron", gid, nameof(archive));
            list.Add((local, archive.Step[i], archive.KMinus[i], archive.Reads[i]));
        }
        // Checked here as Load would, so that nothing changes when an entry is refused.
        for (int i = 0; i < list.Count; i++)
        {
            var (local, step, k, reads) = list[i];
            if (!(k >= 1) || !double.IsFinite(k) || reads < 0 || step < 0)
                throw new SynapseEntryException($"archived spike of neuron {LocalGids()[local]} at step {step} has K- {k} and {reads} reads; steps and reads are >= 0 and K- a finite number >= 1", LocalGids()[local], nameof(archive));
            if (i > 0 && list[i - 1].Item1 == local && list[i - 1].Item2 >= step)
                throw new SynapseEntryException($"archived spikes of neuron {LocalGids()[local]} must come in step order, each once (step {step})", LocalGids()[local], nameof(archive));
        }
        return list;
    }

    /// <summary>The archived spikes of this shard's neurons, keyed by gid.</summary>
    [BetweenRuns]
    private ArchivedSpikes ArchiveSnapshot()
    {
        if (_plastic is null) return ArchivedSpikes.None;
        var localGid = LocalGids();
        var entries = _plastic.Archive.Entries().ToArray();
        if (entries.Length == 0) return ArchivedSpikes.None;
        // Local order is gid order: groups are in population order, each population's gids ascending.
        return new ArchivedSpikes([.. entries.Select(e => localGid[e.Local])], [.. entries.Select(e => e.Step)],
            [.. entries.Select(e => e.KMinus)], [.. entries.Select(e => e.Reads)]);
    }

    /// <summary>Whether projection <paramref name="projection"/> is plastic.</summary>
    private bool IsPlastic(int projection) => _plastic is not null && _plastic.Plastic[projection];

    /// <summary>The table that holds projection <paramref name="projection"/>'s synapses: the plastic one or the static one.</summary>
    private SynapseTable TableOf(int projection) => IsPlastic(projection) ? _plastic!.Table : _synapses;

    /// <summary>
    /// The weights of every projection whose weights were set since the build, and of every plastic projection with its
    /// pairing state, keyed for any cut.
    /// </summary>
    [BetweenRuns]
    private SynapseWeights[] SetWeightsSnapshot()
    {
        if (_builtWeights is null && _plastic is null) return [];
        var list = new List<SynapseWeights>();
        var localGid = LocalGids();
        for (int j = 0; j < Plan.Spec.Projections.Count; j++)
        {
            bool plastic = IsPlastic(j);
            if (_builtWeights?[j] is null && !plastic) continue;
            var table = TableOf(j);
            var (slots, sources) = CanonicalSynapses(j);
            var target = new int[slots.Length];
            var multapse = new int[slots.Length];
            var weight = new float[slots.Length];
            for (int k = 0; k < slots.Length; k++)
            {
                target[k] = localGid[table.Target(table.Packed[slots[k]])];
                weight[k] = table.Weight[slots[k]];
                multapse[k] = k > 0 && target[k] == target[k - 1] && sources[k] == sources[k - 1] ? multapse[k - 1] + 1 : 0;
            }
            list.Add(new SynapseWeights(j, target, sources, multapse, weight)
            {
                Trace = plastic ? [.. slots.Select(i => _plastic!.KPlus[i])] : null,
                LastSpike = plastic ? [.. sources.Select(s => _plastic!.LastSpike[s])] : null,
            });
        }
        return [.. list];
    }

    /// <summary>Before a projection's weights first change, keeps them as built (see <see cref="_builtWeights"/>).</summary>
    [BetweenRuns]
    private void KeepBuilt(int projection, int[] slots)
    {
        var built = _builtWeights ??= new float[Plan.Spec.Projections.Count][];
        if (built[projection] is not null) return;
        var copy = new float[slots.Length];
        var table = TableOf(projection);
        for (int k = 0; k < slots.Length; k++) copy[k] = table.Weight[slots[k]];
        built[projection] = copy;
    }

    /// <summary>
    /// Matches snapshot entries of projection <paramref name="projection"/> to its synapses here: the places and the
    /// weights to write, in canonical order.
    /// </summary>
    [BetweenRuns]
    private Matched Match(int projection, List<SynapseWeights> blocks)
    {
        var (slots, sources) = CanonicalSynapses(projection);
        var table = TableOf(projection);
        bool plastic = IsPlastic(projection);
        var check = new EntryCheck(this, projection);
        var entries = new List<(long Pair, int Multapse, float Weight, float Trace, long Last)>();
        foreach (var block in blocks)
        {
            if (plastic && (block.Trace?.Length != block.Count || block.LastSpike?.Length != block.Count))
                throw new ArgumentException($"{check.Name} is plastic: give a trace and a last presynaptic spike per synapse with its weight", nameof(blocks));
            for (int e = 0; e < block.Count; e++)
            {
                int s = block.Source[e], t = block.Target[e], multapse = block.Multapse[e];
                if (check.Fault(s, t, block.Weight[e], $"multapse {multapse}") is { } fault) throw new SynapseEntryException(fault.Message, t, fault.Parameter);
                float trace = plastic ? block.Trace![e] : 0;
                long last = plastic ? block.LastSpike![e] : -1;
                if (plastic && (!(trace >= 0) || !float.IsFinite(trace) || last < -1))
                    throw new SynapseEntryException($"{check.Name}: synapse {s} -> {t} (multapse {multapse}) has trace {trace} and last presynaptic spike at step {last}; a trace is a finite number >= 0 and the step >= -1 (-1: none yet)", t, nameof(blocks));
                if (check.Held(t)) entries.Add(((long)t << 32 | (uint)s, multapse, block.Weight[e], trace, last));
            }
        }
        entries.Sort((a, b) => a.Pair != b.Pair ? a.Pair.CompareTo(b.Pair) : a.Multapse.CompareTo(b.Multapse));
        static string Synapse(long pair, int multapse) => $"synapse {(int)pair} -> {(int)(pair >> 32)} (multapse {multapse})";
        var localGid = LocalGids();
        var values = new float[slots.Length];
        var traces = plastic ? new float[slots.Length] : null;
        var lasts = plastic ? new long[slots.Length] : null;
        var lastOf = plastic ? new Dictionary<int, long>() : null;
        int next = 0, m = 0;
        long previous = -1;
        for (int k = 0; k < slots.Length; k++)
        {
            long pair = (long)localGid[table.Target(table.Packed[slots[k]])] << 32 | (uint)sources[k];
            m = pair == previous ? m + 1 : 0;
            previous = pair;
            if (next < entries.Count && entries[next].Pair == pair && entries[next].Multapse == m)
            {
                var entry = entries[next++];
                values[k] = entry.Weight;
                if (plastic)
                {
                    (traces![k], lasts![k]) = (entry.Trace, entry.Last);
                    // Every synapse of a source has seen the same presynaptic spikes.
                    if (lastOf!.TryGetValue(sources[k], out long seen) && seen != entry.Last)
                        throw new SynapseEntryException($"{check.Name}: synapses of source {sources[k]} give last presynaptic spikes at steps {seen} and {entry.Last}; every synapse of a source has the same", (int)(pair >> 32), nameof(blocks));
                    lastOf[sources[k]] = entry.Last;
                }
                continue;
            }
            // The first difference in canonical order: an entry this shard has no synapse for (or a repeat), or a synapse without an entry.
            bool extra = next < entries.Count && (entries[next].Pair < pair || entries[next].Pair == pair && entries[next].Multapse < m);
            if (extra) throw Extra(next);
            throw new SynapseEntryException($"{check.Name}: {Synapse(pair, m)} is not given; this shard holds {slots.Length} synapses of the projection", (int)(pair >> 32), nameof(blocks));
        }
        if (next < entries.Count) throw Extra(next);
        return new Matched(slots, sources, values, traces, lasts);

        SynapseEntryException Extra(int i) => new(i > 0 && entries[i - 1].Pair == entries[i].Pair && entries[i - 1].Multapse == entries[i].Multapse
            ? $"{check.Name}: {Synapse(entries[i].Pair, entries[i].Multapse)} is given twice"
            : $"{check.Name}: has no {Synapse(entries[i].Pair, entries[i].Multapse)}", (int)(entries[i].Pair >> 32), nameof(blocks));
    }

    /// <summary>The checks every weight entry of a projection passes, whoever gives it: gids of its populations, a finite weight of the receptor's sign.</summary>
    [BetweenRuns]
    private readonly struct EntryCheck
    {
        private readonly ShardKernel _kernel;
        private readonly ProjectionSpec _projection;
        private readonly int _targetPopulation, _sFirst, _sSize, _tFirst, _tSize;
        private readonly bool _conductance, _excitatory;
        private readonly PlasticitySpec? _plasticity;

        public EntryCheck(ShardKernel kernel, int projection)
        {
            var spec = kernel.Plan.Spec;
            _kernel = kernel;
            _projection = spec.Projections[projection];
            Name = $"projection {projection} ({_projection.Label})";
            int sp = spec.PopulationIndex(_projection.Source);
            _targetPopulation = spec.PopulationIndex(_projection.Target);
            (_sFirst, _sSize) = (kernel.Plan.PopulationOffset(sp), spec.Populations[sp].Size);
            (_tFirst, _tSize) = (kernel.Plan.PopulationOffset(_targetPopulation), spec.Populations[_targetPopulation].Size);
            _conductance = spec.Populations[_targetPopulation].Model.WeightSign == WeightSign.NonNegative;
            _excitatory = _projection.Synapse.Receptor == Receptor.Excitatory;
            _plasticity = _projection.Synapse.Plasticity;
        }

        /// <summary>How messages name the projection.</summary>
        public string Name { get; }

        /// <summary>Whether this shard holds target <paramref name="target"/> (a gid of the target population).</summary>
        public bool Held(int target) => _kernel.LocalOf(_targetPopulation, target - _tFirst) >= 0;

        /// <summary>What is wrong with an entry (a gid outside the projection's populations, a weight that is not finite or of the wrong sign) and the parameter at fault, or null.</summary>
        public (string Message, string Parameter)? Fault(int s, int t, float w, string entry)
        {
            if (s < _sFirst || s >= _sFirst + _sSize || t < _tFirst || t >= _tFirst + _tSize)
                return ($"{Name}: has no synapse {s} -> {t} ({entry}): sources are gids {_sFirst}..{_sFirst + _sSize - 1}, targets {_tFirst}..{_tFirst + _tSize - 1}", "sourceGids");
            if (!float.IsFinite(w))
                return ($"{Name}: synapse {s} -> {t} ({entry}) has weight {w}; a weight must be finite", "weights");
            if (_plasticity is { } p && (w < 0 || w > p.UpperBound))
                return ($"{Name}: synapse {s} -> {t} ({entry}) has weight {w}; {PlasticitySpec.NameOf(p.Rule)} weights lie in [0, {(double.IsPositiveInfinity(p.UpperBound) ? "infinity" : p.UpperBound.ToString(System.Globalization.CultureInfo.InvariantCulture))}]", "weights");
            if (_conductance ? w < 0 : _excitatory ? w < 0 : w > 0)
                return ($"{Name}: synapse {s} -> {t} ({entry}) has weight {w}; " + (_conductance
                    ? "conductance weights (nS) must be >= 0, the receptor says whether the synapse excites or inhibits"
                    : $"the receptor is {_projection.Synapse.Receptor.ToString().ToLowerInvariant()}, so weights must be {(_excitatory ? ">= 0" : "<= 0")}"), "weights");
            return null;
        }
    }

    /// <summary>Places of projection j's synapses here in canonical order (target gid, source gid, place) and their source gids.</summary>
    [BetweenRuns]
    private (int[] Slots, int[] Sources) CanonicalSynapses(int projection)
    {
        var spec = Plan.Spec;
        if (projection < 0 || projection >= spec.Projections.Count)
            throw new ArgumentException($"projection {projection} does not exist: the model has {spec.Projections.Count} (0..{spec.Projections.Count - 1})", nameof(projection));
        var pr = spec.Projections[projection];
        int sp = spec.PopulationIndex(pr.Source), tp = spec.PopulationIndex(pr.Target);
        int nSource = spec.Populations[sp].Size, sFirst = Plan.PopulationOffset(sp);
        int tLocal = _groupLocalStart[tp], tEnd = tLocal + _groups[tp].Count, receptor = pr.Synapse.Receptor == Receptor.Excitatory ? 0 : 1;
        var table = TableOf(projection);
        var slots = new List<int>();
        var sources = new List<int>();
        for (int s = 0; s < nSource; s++)
        {
            if (table.TryProjectionRun(projection, s, out int from, out int to))
            {
                for (int i = from; i < to; i++) { slots.Add(i); sources.Add(sFirst + s); }
                continue;
            }
            // The only projection from this source population into the target's with this receptor: its synapses are
            // those of the row that go there, in generation order.
            for (int i = table.RowStart[sFirst + s]; i < table.RowStart[sFirst + s + 1]; i++)
            {
                uint packed = table.Packed[i];
                int target = table.Target(packed);
                if (target >= tLocal && target < tEnd && table.Receptor(packed) == receptor) { slots.Add(i); sources.Add(sFirst + s); }
            }
        }
        // Rows are visited by source and each row's run in generation order, so numbering the synapses in this order
        // and sorting by (target, number) gives (target, source, generation order).
        var localGid = LocalGids();
        var keys = new long[slots.Count];
        var order = new int[slots.Count];
        for (int k = 0; k < keys.Length; k++)
        {
            keys[k] = (long)localGid[table.Target(table.Packed[slots[k]])] << 32 | (uint)k;
            order[k] = k;
        }
        Array.Sort(keys, order);
        return (order.Select(k => slots[k]).ToArray(), order.Select(k => sources[k]).ToArray());
    }

    [BetweenRuns]
    private int[] LocalGids()
    {
        if (_localGid is { } known) return known;
        var gids = new int[_localCount];
        for (int g = 0; g < _groups.Length; g++)
            for (int i = 0; i < _groups[g].Count; i++) gids[_groupLocalStart[g] + i] = _groupFirstGid[g] + i;
        return _localGid = gids;
    }

    /// <summary>A projection's synapses here matched to a snapshot's entries, in canonical order, with their source gids and, for a plastic one, their pairing state.</summary>
    private sealed record Matched(int[] Slots, int[] Sources, float[] Values, float[]? Trace, long[]? LastSpike);
}
