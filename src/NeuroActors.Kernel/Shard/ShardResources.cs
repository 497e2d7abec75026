namespace NeuroActors.Kernel.Shard;

/// <summary>What a shard holds, as its backend describes it once built.</summary>
/// <param name="Neurons">Neurons held.</param>
/// <param name="Synapses">Incoming synapses held.</param>
/// <param name="SynapseBytes">Bytes of synapse storage.</param>
/// <param name="Figures">
/// The backend's own figures by name (e.g. cores used), each a count that adds up over shards; empty for the CPU
/// kernel. A session reports their sums.
/// </param>
public sealed record ShardResources(int Neurons, long Synapses, long SynapseBytes, IReadOnlyDictionary<string, double> Figures)
{
    /// <summary>Figures of a backend that has none of its own.</summary>
    public static IReadOnlyDictionary<string, double> NoFigures { get; } = new Dictionary<string, double>();
}
