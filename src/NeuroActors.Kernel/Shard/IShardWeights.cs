namespace NeuroActors.Kernel.Shard;

/// <summary>
/// Optional capability of a shard backend: the weights of a projection read and written between runs, in an order
/// that does not depend on the cut (see <see cref="ShardKernel.GetWeights"/>). A backend without it cannot give or
/// take the weights of projections into its populations (<see cref="ShardCapabilities"/> refuses, naming it).
/// </summary>
public interface IShardWeights
{
    /// <summary>
    /// The synapses of projection <paramref name="projection"/> whose targets this shard holds, ordered by (target
    /// gid, source gid, generation order among the pair's multapses).
    /// </summary>
    /// <exception cref="ArgumentException">No such projection.</exception>
    ProjectionWeights GetWeights(int projection);

    /// <summary>
    /// Sets the weights of projection <paramref name="projection"/>'s synapses whose targets this shard holds;
    /// entries whose targets another shard holds are skipped. The k-th entry of a (source, target) pair sets the
    /// pair's k-th synapse in generation order.
    /// </summary>
    /// <exception cref="ArgumentException">The projection or entries are refused; the message says why.</exception>
    void SetWeights(int projection, ReadOnlySpan<int> sourceGids, ReadOnlySpan<int> targetGids, ReadOnlySpan<float> weights);
}
