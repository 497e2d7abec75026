namespace NeuroActors.Kernel.Plasticity;

/// <summary>
/// The spikes of a shard's neurons that plastic synapses target, kept until every such synapse has paired with them:
/// NEST's archiving node. Each entry is a spike's step, the postsynaptic trace K⁻ just after it (the previous entry's
/// K⁻ decayed with the population's <c>tau_minus</c>, plus 1) and how many synapses have read it. A synapse reads each
/// entry once, when the first presynaptic spike after it is delivered (see <see cref="ReadHistory"/>); an entry read
/// by all of its neuron's plastic synapses, and followed by a later entry that no future lookup can miss, is dropped
/// when the neuron next spikes. Dropping never changes a result: it only bounds memory.
/// </summary>
public sealed class PostsynapticArchive
{
    // Per local neuron (null for neurons no plastic synapse targets): a queue of entries in arrays, [head, head + count).
    private readonly long[]?[] _step;
    private readonly double[]?[] _kMinus;
    private readonly int[]?[] _reads;
    private readonly int[] _head, _count;
    private readonly int[] _incoming;     // plastic synapses onto each neuron
    private readonly double[] _minusRate; // dt / tau_minus of each neuron's population
    private readonly long _keepSteps;     // a later entry this many steps old makes every earlier one unneeded

    /// <summary>
    /// An empty archive for <paramref name="localNeurons"/> neurons, of which those with plastic synapses
    /// (<paramref name="incoming"/> &gt; 0) are archived.
    /// </summary>
    /// <param name="localNeurons">Neurons of the shard.</param>
    /// <param name="incoming">Plastic synapses onto each local neuron.</param>
    /// <param name="minusRate">dt / tau_minus for each local neuron (its population's tau_minus).</param>
    /// <param name="keepSteps">
    /// Steps from a spike being archived back to the earliest time any presynaptic spike still to be delivered can look
    /// up (its step minus its delay): two windows plus the longest delay.
    /// </param>
    public PostsynapticArchive(int localNeurons, int[] incoming, double[] minusRate, long keepSteps)
    {
        _step = new long[]?[localNeurons];
        _kMinus = new double[]?[localNeurons];
        _reads = new int[]?[localNeurons];
        _head = new int[localNeurons];
        _count = new int[localNeurons];
        _incoming = incoming;
        _minusRate = minusRate;
        _keepSteps = keepSteps;
    }

    /// <summary>Whether neuron <paramref name="local"/> is archived (some plastic synapse targets it).</summary>
    public bool Archived(int local) => _incoming[local] > 0;

    /// <summary>dt / tau_minus of neuron <paramref name="local"/>.</summary>
    public double MinusRate(int local) => _minusRate[local];

    /// <summary>Entries held, over all neurons.</summary>
    public long Count
    {
        get
        {
            long n = 0;
            foreach (int c in _count) n += c;
            return n;
        }
    }

    /// <summary>Archives a spike of neuron <paramref name="local"/> at <paramref name="step"/> (after its earlier ones).</summary>
    public void Add(int local, long step)
    {
        int head = _head[local], count = _count[local];
        var steps = _step[local];
        var reads = _reads[local];
        // NEST's pruning: the front entry goes once every synapse has read it and a later entry lies before anything a
        // presynaptic spike still to come can ask for.
        while (count > 1 && reads![head] >= _incoming[local] && steps![head + 1] < step - _keepSteps)
        {
            head++;
            count--;
        }
        double k = 1;
        if (count > 0)
        {
            int last = head + count - 1;
            k = _kMinus[local]![last] * Math.Exp((steps![last] - step) * _minusRate[local]) + 1;
        }
        Append(local, ref head, count, step, k, 0);
        _head[local] = head;
        _count[local] = count + 1;
    }

    private void Append(int local, ref int head, int count, long step, double kMinus, int reads)
    {
        var steps = _step[local];
        if (steps is null || head + count == steps.Length)
        {
            // Grow or compact: doubling keeps appends amortised, and moving the live entries to the front reuses the room
            // pruning freed.
            int size = Math.Max(4, count + 1 > (steps?.Length ?? 0) / 2 ? 2 * (steps?.Length ?? 2) : steps!.Length);
            var s = new long[size];
            var k = new double[size];
            var r = new int[size];
            if (steps is not null)
            {
                Array.Copy(steps, head, s, 0, count);
                Array.Copy(_kMinus[local]!, head, k, 0, count);
                Array.Copy(_reads[local]!, head, r, 0, count);
            }
            _step[local] = steps = s;
            _kMinus[local] = k;
            _reads[local] = r;
            head = 0;
        }
        steps[head + count] = step;
        _kMinus[local]![head + count] = kMinus;
        _reads[local]![head + count] = reads;
    }

    /// <summary>
    /// The entries of neuron <paramref name="local"/> with steps in (<paramref name="after"/>, <paramref name="upTo"/>]
    /// (NEST's <c>get_history</c>), as positions [from, to) into <see cref="StepAt"/>; each is counted as read once more.
    /// </summary>
    public void ReadHistory(int local, long after, long upTo, out int from, out int to)
    {
        int head = _head[local], end = head + _count[local];
        var steps = _step[local];
        to = end;
        while (to > head && steps![to - 1] > upTo) to--;
        from = to;
        while (from > head && steps![from - 1] > after) from--;
        var reads = _reads[local];
        for (int i = from; i < to; i++) reads![i]++;
    }

    /// <summary>Step of the entry at <paramref name="position"/> of neuron <paramref name="local"/> (see <see cref="ReadHistory"/>).</summary>
    public long StepAt(int local, int position) => _step[local]![position];

    /// <summary>
    /// The postsynaptic traces at <paramref name="step"/> from the spikes strictly before it (NEST's
    /// <c>get_K_values</c>): the all-to-all trace K⁻ and the nearest-neighbour one (the latest spike's alone); 0 before
    /// the first spike.
    /// </summary>
    public void Traces(int local, long step, out double all, out double nearest)
    {
        int head = _head[local];
        var steps = _step[local];
        for (int i = head + _count[local] - 1; i >= head; i--)
        {
            if (steps![i] < step)
            {
                nearest = Math.Exp((steps[i] - step) * _minusRate[local]);
                all = _kMinus[local]![i] * nearest;
                return;
            }
        }
        all = nearest = 0;
    }

    /// <summary>Forgets every spike (a reset to step 0).</summary>
    public void Clear()
    {
        Array.Clear(_head);
        Array.Clear(_count);
    }

    /// <summary>Every entry, in (local neuron, step) order: the neuron, its step, K⁻ and reads.</summary>
    public IEnumerable<(int Local, long Step, double KMinus, int Reads)> Entries()
    {
        for (int l = 0; l < _count.Length; l++)
            for (int i = _head[l]; i < _head[l] + _count[l]; i++)
                yield return (l, _step[l]![i], _kMinus[l]![i], _reads[l]![i]);
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
            int head = _head[l], count = _count[l];
            if (count > 0 && _step[l]![head + count - 1] >= step) throw new ArgumentException($"archived spikes of one neuron must come in step order, once each (step {step})", nameof(entries));
            Append(l, ref head, count, step, k, reads);
            _head[l] = head;
            _count[l] = count + 1;
        }
    }
}
