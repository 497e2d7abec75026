namespace NeuroActors.Routing;

/// <summary>
/// A strategy that places shards on nodes. Strategies are deterministic: the same graph and node count always give
/// the same placement, so every node of a cluster can compute it independently and agree.
/// </summary>
public interface IPlacement
{
    /// <summary>Short name shown in reports.</summary>
    string Name { get; }

    /// <summary>Places every shard of <paramref name="graph"/> on one of <paramref name="nodes"/> nodes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nodes"/> is below 1. More nodes than shards is allowed; the extra nodes get no shard.</exception>
    Placement Place(SliceGraph graph, int nodes);
}
