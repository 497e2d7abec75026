namespace NeuroActors.Kernel.Shard;

/// <summary>
/// Optional capability of a shard backend: the weights of a projection read and written between runs, in an order
/// that does not depend on the cut (see <see cref="ShardKernel.GetWeights"/>). A backend without it cannot give or
/// take the weights of projections into its populations (<see cref="ShardCapabilities"/> refuses, naming it).
/// </summary>
/// <remarks>
/// Weights set are state: a backend with this capability remembers which projections' weights were set since the
/// build (a reset keeps them), lists their weights in <see cref="ShardSnapshot.Weights"/>, and puts them back with
/// <see cref="RestoreWeights"/>, so a snapshot or checkpoint restores the weights it was taken with.
/// </remarks>
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

    /// <summary>
    /// Puts the weights back as a snapshot of any partition listed them (<see cref="ShardSnapshot.Weights"/>): every
    /// projection listed takes the entries of the targets this shard holds, which must name each of its synapses here
    /// exactly once (entries of other targets are skipped); every projection not listed goes back to its weights as
    /// built. Afterwards the projections listed are those whose weights count as set. Called before
    /// <see cref="IShardBackend.Restore"/>, whose undelivered spikes are delivered through these weights.
    /// </summary>
    /// <remarks>
    /// A plastic projection is always listed (its weights change as it learns), with its synapses' pairing state
    /// (<see cref="SynapseWeights.Trace"/>, <see cref="SynapseWeights.LastSpike"/>); <paramref name="archive"/> holds
    /// the postsynaptic spikes its synapses still pair with, of which the shard takes those of its neurons.
    /// </remarks>
    /// <exception cref="ArgumentException">An unknown projection, or entries that do not name this shard's synapses of it once each, or a weight the projection refuses; nothing is changed.</exception>
    void RestoreWeights(IReadOnlyList<SynapseWeights> weights, ArchivedSpikes archive);
}
