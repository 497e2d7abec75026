using System.Runtime.CompilerServices;

namespace NeuroActors.Kernel.Plasticity;

/// <summary>
/// The spikes of a shard's neurons that plastic synapses target, kept until every such synapse has paired with them:
/// NEST's archiving node. Each entry is a spike's step, the postsynaptic trace K⁻ just after it (the previous entry's
/// K⁻ decayed with the population's <c>tau_minus</c>, plus 1) and how many synapses have read it. A synapse reads each
/// entry once, when the first presynaptic spike after it is delivered (see <see cref="Read"/>); an entry read by all
/// of its neuron's plastic synapses, and followed by a later entry that no future lookup can miss, is dropped when the
/// neuron next spikes. Dropping never changes a result: it only bounds memory.
/// </summary>
public sealed class PostsynapticArchive
{
    /// <summary>One archived spike.</summary>
    public struct Entry
    {
        /// <summary>Its step.</summary>
        public long Step;
        /// <summary>The postsynaptic trace just after it.</summary>
        public double KMinus;
        /// <summary>Plastic synapses that have paired with it.</summary>
        public int Reads;
    }

    // What a synapse update needs of its target, in one place: a synapse's target is a random neuron, so every array
    // touched per update is a cache miss. Most updates find at most the two newest spikes unread (a synapse reads the
    // archive at every presynaptic spike, and neurons fire at similar rates: for Poisson firing at equal rates, three or
    // more postsynaptic spikes between two presynaptic ones come about one time in twelve), so the newest entries are
    // copied here and such an update never touches the entries array.
    private struct Neuron
    {
        public long LastStep, PreviousStep, ThirdStep; // the three newest entries, newest first; long.MinValue where there is none
        public double LastKMinus, PreviousKMinus;
        public int LastReads, PreviousReads;           // the two newest entries' reads are counted here; their Reads in the array are not
        public int Head, Count, Incoming;
        public Entry[]? Entries;              // [Head, Head + Count)
        public DecayTable Minus;              // e^(−n·dt/τ⁻) with the neuron's population's tau_minus
    }

    private readonly Neuron[] _neurons;
    private readonly Entry[] _recent = new Entry[2]; // the entries a fast read found, for Read
    private readonly long _keepSteps; // a later entry this many steps old makes every earlier one unneeded

    /// <summary>
    /// An empty archive for <paramref name="incoming"/>.Length neurons, of which those with plastic synapses
    /// (<paramref name="incoming"/> &gt; 0) are archived.
    /// </summary>
    /// <param name="incoming">Plastic synapses onto each local neuron.</param>
    /// <param name="minusRate">dt / tau_minus for each local neuron (its population's tau_minus).</param>
    /// <param name="keepSteps">
    /// Steps from a spike being archived back to the earliest time any presynaptic spike still to be delivered can look
    /// up (its step minus its delay): two windows plus the longest delay.
    /// </param>
    public PostsynapticArchive(int[] incoming, double[] minusRate, long keepSteps)
    {
        _neurons = new Neuron[incoming.Length];
        var tables = new Dictionary<double, DecayTable>();
        for (int l = 0; l < incoming.Length; l++)
        {
            if (!tables.TryGetValue(minusRate[l], out var table)) tables[minusRate[l]] = table = new DecayTable(minusRate[l]);
            (_neurons[l].Incoming, _neurons[l].Minus) = (incoming[l], table);
            Forget(ref _neurons[l]);
        }
        _keepSteps = keepSteps;
    }

    /// <summary>The array <see cref="Read"/> hands out when it reads nothing older than a neuron's two newest spikes.</summary>
    internal Entry[] RecentEntries => _recent;

    /// <summary>Whether neuron <paramref name="local"/> is archived (some plastic synapse targets it).</summary>
    public bool Archived(int local) => _neurons[local].Incoming > 0;

    /// <summary>Entries held, over all neurons.</summary>
    public long Count
    {
        get
        {
            long n = 0;
            foreach (var neuron in _neurons) n += neuron.Count;
            return n;
        }
    }

    /// <summary>Archives a spike of neuron <paramref name="local"/> at <paramref name="step"/> (after its earlier ones).</summary>
    public void Add(int local, long step)
    {
        ref var n = ref _neurons[local];
        // NEST's pruning: the front entry goes once every synapse has read it and a later entry lies before anything a
        // presynaptic spike still to come can ask for.
        while (n.Count > 1 && ReadsOf(ref n, n.Head) >= n.Incoming && n.Entries![n.Head + 1].Step < step - _keepSteps)
        {
            n.Head++;
            n.Count--;
        }
        double k = n.Count > 0 ? n.LastKMinus * n.Minus.Of(step - n.LastStep) + 1 : 1;
        Append(ref n, step, k, 0);
    }

    // The reads of entry i of n: the two newest count theirs in the neuron.
    private static int ReadsOf(ref Neuron n, int i)
    {
        int newest = n.Head + n.Count - 1;
        return i == newest ? n.LastReads : i == newest - 1 ? n.PreviousReads : n.Entries![i].Reads;
    }

    private static void Append(ref Neuron n, long step, double kMinus, int reads)
    {
        if (n.Count > 1) n.Entries![n.Head + n.Count - 2].Reads = n.PreviousReads;
        if (n.Entries is null || n.Head + n.Count == n.Entries.Length)
        {
            // Grow or compact: doubling keeps appends amortised, and moving the live entries to the front reuses the room
            // pruning freed.
            int length = n.Entries?.Length ?? 0;
            var entries = new Entry[Math.Max(4, n.Count + 1 > length / 2 ? 2 * length : length)];
            if (n.Entries is not null) Array.Copy(n.Entries, n.Head, entries, 0, n.Count);
            n.Entries = entries;
            n.Head = 0;
        }
        n.Entries[n.Head + n.Count] = new Entry { Step = step, KMinus = kMinus, Reads = reads };
        n.Count++;
        (n.ThirdStep, n.PreviousStep, n.PreviousKMinus, n.PreviousReads) = (n.PreviousStep, n.LastStep, n.LastKMinus, n.LastReads);
        (n.LastStep, n.LastKMinus, n.LastReads) = (step, kMinus, reads);
    }

    private static void Forget(ref Neuron n)
    {
        (n.Head, n.Count, n.LastReads, n.PreviousReads) = (0, 0, 0, 0);
        (n.LastStep, n.PreviousStep, n.ThirdStep, n.LastKMinus, n.PreviousKMinus) = (long.MinValue, long.MinValue, long.MinValue, 0, 0);
    }

    /// <summary>
    /// What a presynaptic spike's synapse onto <paramref name="local"/> pairs with: the entries with steps in
    /// (<paramref name="after"/>, <paramref name="upTo"/>] (NEST's <c>get_history</c>), as positions [from, to) of
    /// <paramref name="entries"/> (valid until the archive next changes), each counted as read once more; the step and
    /// K⁻ of the latest entry strictly before <paramref name="upTo"/> (NEST's <c>get_K_values</c>), or
    /// <see cref="long.MinValue"/> and 0 when there is none; and the decay of the neuron's trace.
    /// <paramref name="after"/> is below <paramref name="upTo"/>.
    /// </summary>
    internal void Read(int local, long after, long upTo, out Entry[] entries, out int from, out int to, out long beforeStep, out double beforeKMinus, out DecayTable minus)
    {
        if (TryReadRecent(local, after, upTo, out var recent, out beforeStep, out beforeKMinus, out minus))
        {
            entries = _recent;
            (from, to) = (0, 0);
            if (recent.PreviousCount == 1) _recent[to++].Step = recent.Previous;
            if (recent.LastCount == 1) _recent[to++].Step = recent.Last;
            return;
        }
        ReadEntries(local, after, upTo, out entries, out from, out to, out beforeStep, out beforeKMinus, out minus);
    }

    /// <summary><see cref="Read"/> from the entries array, for when <see cref="TryReadRecent"/> has declined.</summary>
    internal void ReadEntries(int local, long after, long upTo, out Entry[] entries, out int from, out int to, out long beforeStep, out double beforeKMinus, out DecayTable minus)
    {
        ref var n = ref _neurons[local];
        minus = n.Minus;
        ReadEntries(ref n, after, upTo, out entries, out from, out to, out beforeStep, out beforeKMinus);
    }

    /// <summary>
    /// <see cref="Read"/> in the usual case, where at most the two newest entries of <paramref name="local"/> are in
    /// (<paramref name="after"/>, <paramref name="upTo"/>] and the one before them is not: which of the two are (each
    /// counted as read), and the same latest entry before <paramref name="upTo"/> and decay. False, with nothing read,
    /// when older entries are wanted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryReadRecent(int local, long after, long upTo, out RecentSpikes recent, out long beforeStep, out double beforeKMinus, out DecayTable minus)
    {
        ref var n = ref _neurons[local];
        minus = n.Minus;
        long last = n.LastStep, previous = n.PreviousStep;
        // Older entries are wanted, or the latest one before upTo is older than the two newest.
        if (n.ThirdStep > after || previous >= upTo)
        {
            (recent, beforeStep, beforeKMinus) = (default, 0, 0);
            return false;
        }
        // Whether a step lies in (after, upTo], as one unsigned comparison (and without a branch: it is a coin toss).
        ulong window = (ulong)(upTo - after);
        int lastCount = (ulong)(last - after - 1) < window ? 1 : 0, previousCount = (ulong)(previous - after - 1) < window ? 1 : 0;
        n.LastReads += lastCount;
        n.PreviousReads += previousCount;
        recent = new RecentSpikes(previous, previousCount, last, lastCount);
        (beforeStep, beforeKMinus) = last < upTo ? (last, n.LastKMinus) : (previous, n.PreviousKMinus);
        return true;
    }

    private static void ReadEntries(ref Neuron n, long after, long upTo, out Entry[] entries, out int from, out int to, out long beforeStep, out double beforeKMinus)
    {
        entries = n.Entries!;
        int head = n.Head, newest = head + n.Count - 1;
        to = newest + 1;
        while (to > head && entries[to - 1].Step > upTo) to--;
        int before = to > head && entries[to - 1].Step == upTo ? to - 2 : to - 1;
        (beforeStep, beforeKMinus) = before < head ? (long.MinValue, 0) : (entries[before].Step, entries[before].KMinus);
        from = to;
        while (from > head && entries[from - 1].Step > after) from--;
        for (int i = from; i < to; i++)
            if (i == newest) n.LastReads++;
            else if (i == newest - 1) n.PreviousReads++;
            else entries[i].Reads++;
    }

    /// <summary>Forgets every spike (a reset to step 0).</summary>
    public void Clear()
    {
        for (int l = 0; l < _neurons.Length; l++) Forget(ref _neurons[l]);
    }

    /// <summary>Every entry, in (local neuron, step) order: the neuron, its step, K⁻ and reads.</summary>
    public IEnumerable<(int Local, long Step, double KMinus, int Reads)> Entries()
    {
        for (int l = 0; l < _neurons.Length; l++)
            for (int i = _neurons[l].Head; i < _neurons[l].Head + _neurons[l].Count; i++)
            {
                var e = _neurons[l].Entries![i];
                yield return (l, e.Step, e.KMinus, ReadsOf(ref _neurons[l], i));
            }
    }

    /// <summary>Replaces the archive with <paramref name="entries"/>, each neuron's in step order.</summary>
    /// <exception cref="ArgumentException">An entry of a neuron that is not archived, out of step order, or with a K⁻ below 1 or reads below 0.</exception>
    public void Load(IEnumerable<(int Local, long Step, double KMinus, int Reads)> entries)
    {
        Clear();
        foreach (var (l, step, k, reads) in entries)
        {
            if (!Archived(l)) throw new ArgumentException($"local neuron {l} has no plastic synapses, so no archived spikes", nameof(entries));
            if (!(k >= 1) || !double.IsFinite(k) || reads < 0) throw new ArgumentException($"an archived spike at step {step} has K- {k} and {reads} reads; K- is >= 1 and reads >= 0", nameof(entries));
            ref var n = ref _neurons[l];
            if (n.Count > 0 && n.Entries![n.Head + n.Count - 1].Step >= step) throw new ArgumentException($"archived spikes of one neuron must come in step order, once each (step {step})", nameof(entries));
            Append(ref n, step, k, reads);
        }
    }
}
