namespace NeuroActors.Routing;

/// <summary>
/// Shard i on node i mod K. The baseline: even shard counts, no regard for load or traffic, and consecutive
/// slices of one population land on different nodes, which maximises cross-node packets.
/// </summary>
public sealed class RoundRobinPlacement : IPlacement
{
    /// <inheritdoc/>
    public string Name => "round-robin";

    /// <inheritdoc/>
    public Placement Place(SliceGraph graph, int nodes)
    {
        ArgumentNullException.ThrowIfNull(graph);
        PlacementArguments.CheckNodes(nodes);
        var nodeOf = new int[graph.Plan.ShardCount];
        for (int s = 0; s < nodeOf.Length; s++) nodeOf[s] = s % nodes;
        return new Placement(Name, nodes, nodeOf);
    }
}
