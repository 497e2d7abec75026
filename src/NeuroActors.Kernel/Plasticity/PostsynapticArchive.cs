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
    // touched per update is a cache miss. Most updates find at most the newest spike unread (a synapse reads the
    // archive at every presynaptic spike, and neurons fire at similar rates), so the newest two entries are copied here
    // and such an update never touches the entries array.
    private struct Neuron
    {
        public long LastStep, PreviousStep;  // the newest entry and the one before it; long.MinValue where there is none
        public double LastKMinus, PreviousKMinus;
        public int LastReads;                 // the newest entry's reads are counted here; its Reads in the array are not
        public int Head, Count, Incoming;
        public Entry[]? Entries;              // [Head, Head + Count)
        public DecayTable Minus;              // e^(−n·dt/τ⁻) with the neuron's population's tau_minus
    }

    private readonly Neuron[] _neurons;
    private readonly Entry[] _newest = new Entry[1]; // the newest entry of a neuron, when only it is read
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

    /// <summary>The one-entry array a lookup hands out when it reads nothing older than a neuron's newest spike.</summary>
    internal Entry[] NewestEntry => _newest;

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
        while (n.Count > 1 && n.Entries![n.Head].Reads >= n.Incoming && n.Entries[n.Head + 1].Step < step - _keepSteps)
        {
            n.Head++;
            n.Count--;
        }
        double k = n.Count > 0 ? n.LastKMinus * n.Minus.Of(step - n.LastStep) + 1 : 1;
        Append(ref n, step, k, 0);
    }

    private static void Append(ref Neuron n, long step, double kMinus, int reads)
    {
        if (n.Count > 0) n.Entries![n.Head + n.Count - 1].Reads = n.LastReads;
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
        (n.PreviousStep, n.PreviousKMinus) = (n.LastStep, n.LastKMinus);
        (n.LastStep, n.LastKMinus, n.LastReads) = (step, kMinus, reads);
    }

    private static void Forget(ref Neuron n)
    {
        (n.Head, n.Count, n.LastReads) = (0, 0, 0);
        (n.LastStep, n.PreviousStep, n.LastKMinus, n.PreviousKMinus) = (long.MinValue, long.MinValue, 0, 0);
    }

    /// <summary>
    /// What a presynaptic spike's synapse onto <paramref name="local"/> pairs with: the entries with steps in
    /// (<paramref name="after"/>, <paramref name="upTo"/>] (NEST's <c>get_history</c>), as positions [from, to) of
    /// <paramref name="entries"/> (valid until the archive next changes), each counted as read once more; the step and
    /// K⁻ of the latest entry strictly before <paramref name="upTo"/> (NEST's <c>get_K_values</c>), or
    /// <see cref="long.MinValue"/> and 0 when there is none; and the decay of the neuron's trace.
    /// <paramref name="after"/> is below <paramref name="upTo"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Read(int local, long after, long upTo, out Entry[] entries, out int from, out int to, out long beforeStep, out double beforeKMinus, out DecayTable minus)
    {
        ref var n = ref _neurons[local];
        minus = n.Minus;
        if (n.PreviousStep <= after)
        {
            // At most the newest entry is unread by this synapse; the entry before it lies before upTo.
            entries = _newest;
            from = to = 0;
            if (n.LastStep <= after)
            {
                (beforeStep, beforeKMinus) = (n.LastStep, n.LastKMinus);
                return;
            }
            if (n.LastStep <= upTo)
            {
                _newest[0].Step = n.LastStep;
                to = 1;
                n.LastReads++;
            }
            (beforeStep, beforeKMinus) = n.LastStep < upTo ? (n.LastStep, n.LastKMinus) : (n.PreviousStep, n.PreviousKMinus);
            return;
        }
        ReadEntries(ref n, after, upTo, out entries, out from, out to, out beforeStep, out beforeKMinus);
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
                bool newest = i == _neurons[l].Head + _neurons[l].Count - 1;
                yield return (l, e.Step, e.KMinus, newest ? _neurons[l].LastReads : e.Reads);
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
