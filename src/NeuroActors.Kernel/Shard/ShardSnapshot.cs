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
    /// <summary>Number of synapses.</summary>
    public int Count => Target.Length;
}
