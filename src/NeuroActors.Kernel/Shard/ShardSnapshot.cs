namespace NeuroActors.Kernel.Shard;

/// <summary>
/// A shard's complete state at a step, keyed by global ids so that it can be restored into any partition:
/// per-neuron state rows, pending synaptic input per (neuron, receptor, arrival step), the spikes emitted in
/// the current window that have not been delivered yet, and the weights of the projections whose weights were set
/// since the build.
/// </summary>
/// <param name="Step">Next step to compute.</param>
/// <param name="Neurons">Global id and state row of every neuron of the shard.</param>
/// <param name="Pending">Input already delivered but not yet consumed.</param>
/// <param name="Outbox">Spikes (<see cref="SpikeEvent"/>) this shard emitted that its targets have not yet delivered.</param>
public sealed record ShardSnapshot(long Step, IReadOnlyList<NeuronState> Neurons, IReadOnlyList<PendingInput> Pending, long[] Outbox)
{
    /// <summary>
    /// The weights of the synapses whose targets the shard holds, one entry per projection whose weights were set since
    /// the build (<see cref="IShardWeights.SetWeights"/>), and only those: the weights of every other projection are
    /// those the build generates. Empty for a backend without <see cref="IShardWeights"/>.
    /// </summary>
    public IReadOnlyList<SynapseWeights> Weights { get; init; } = [];

    /// <summary>
    /// The archived spikes of the shard's neurons that plastic synapses target (NEST's archiving node), which the
    /// plastic synapses still pair with; empty in a model without plastic synapses.
    /// </summary>
    public ArchivedSpikes Archive { get; init; } = ArchivedSpikes.None;
}

/// <summary>
/// Postsynaptic spikes archived for plastic synapses, keyed by gid so that any cut can restore them, in (gid, step)
/// order: each spike's step, the postsynaptic trace K⁻ just after it (with the target population's tau_minus), and how
/// many of the neuron's plastic synapses have paired with it (which decides when it may be forgotten).
/// </summary>
/// <param name="Gid">The neuron of each spike.</param>
/// <param name="Step">Its step.</param>
/// <param name="KMinus">The trace just after it (at least 1).</param>
/// <param name="Reads">Plastic synapses that have paired with it.</param>
public sealed record ArchivedSpikes(int[] Gid, long[] Step, double[] KMinus, int[] Reads)
{
    /// <summary>No spikes.</summary>
    public static ArchivedSpikes None { get; } = new([], [], [], []);

    /// <summary>Number of spikes.</summary>
    public int Count => Gid.Length;

    /// <summary>All the spikes of <paramref name="parts"/> in (gid, step) order (parts of disjoint gids).</summary>
    public static ArchivedSpikes Merge(IEnumerable<ArchivedSpikes> parts)
    {
        var all = parts.SelectMany(a => Enumerable.Range(0, a.Count).Select(i => (a.Gid[i], a.Step[i], a.KMinus[i], a.Reads[i])))
            .OrderBy(e => e.Item1).ThenBy(e => e.Item2).ToArray();
        return all.Length == 0 ? None : new([.. all.Select(e => e.Item1)], [.. all.Select(e => e.Item2)], [.. all.Select(e => e.Item3)], [.. all.Select(e => e.Item4)]);
    }
}

/// <summary>The state row of one neuron.</summary>
public sealed record NeuronState(int Gid, double[] Values);

/// <summary>Input waiting in a ring buffer: for neuron <paramref name="Gid"/>, receptor (0 excitatory, 1 inhibitory), arriving at <paramref name="Step"/>.</summary>
public readonly record struct PendingInput(int Gid, byte Receptor, long Step, double Value);

/// <summary>
/// Weights of synapses of projection <paramref name="Projection"/> keyed by (target gid, source gid, multapse), where
/// multapse k names the pair's k-th synapse in generation order: the key <see cref="IShardWeights.GetWeights"/> and
/// <see cref="IShardWeights.SetWeights"/> use, which does not depend on the cut, so a shard of any other partition
/// restores the entries of the targets it holds. The arrays are parallel; a snapshot lists them in key order.
/// </summary>
/// <param name="Projection">Index of the projection in the model.</param>
/// <param name="Target">Global id of each synapse's target.</param>
/// <param name="Source">Global id of each synapse's source.</param>
/// <param name="Multapse">Which synapse of its (source, target) pair, counting from 0 in generation order.</param>
/// <param name="Weight">The weight, as stored.</param>
public sealed record SynapseWeights(int Projection, int[] Target, int[] Source, int[] Multapse, float[] Weight)
{
    /// <summary>
    /// For a plastic projection, each synapse's presynaptic trace K⁺ just after its last presynaptic spike; null for a
    /// static one.
    /// </summary>
    public float[]? Trace { get; init; }

    /// <summary>
    /// For a plastic projection, the step of each synapse's last presynaptic spike (-1 before the first: NEST's time 0);
    /// null for a static one. Every synapse of a source has the same.
    /// </summary>
    public long[]? LastSpike { get; init; }

    /// <summary>Number of synapses.</summary>
    public int Count => Target.Length;
}
