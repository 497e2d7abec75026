namespace NeuroActors.Routing;

/// <summary>
/// Builds each node's routing table from where shards are placed: one entry per source slice on the node whose
/// spikes reach at least one shard, keyed by the slice's base key under the slice mask and routed to every
/// destination shard, local and remote alike (the node's router delivers to its own shards too, as a SpiNNaker
/// chip routes to its own cores). Entries appear in shard order; the table is order-independent, since slice
/// keys are disjoint, which is what <see cref="PairCompressor"/> requires.
/// </summary>
public static class RoutingTableBuilder
{
    /// <summary>One table per node of <paramref name="placement"/>, indexed by node id (empty for idle nodes and nodes with only silent shards).</summary>
    /// <exception cref="ArgumentException">The placement is for a different number of shards than the graph.</exception>
    public static IReadOnlyList<RoutingTable> Build(SliceGraph graph, KeyLayout layout, Placement placement)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(placement);
        if (placement.ShardCount != graph.Plan.ShardCount)
            throw new ArgumentException(
                $"the placement places {placement.ShardCount} shards but the slice plan has {graph.Plan.ShardCount}", nameof(placement));
        var tables = new RoutingTable[placement.NodeCount];
        for (int n = 0; n < tables.Length; n++)
        {
            var entries = new List<RoutingEntry>();
            foreach (int shard in placement.ShardsOn(n))
            {
                var route = graph.DestinationsOf(shard);
                if (route.Count == 0) continue;
                entries.Add(new RoutingEntry(layout.SliceKey(graph.Plan, graph.Plan.Slices[shard]), layout.SliceMask, route));
            }
            tables[n] = new RoutingTable(n, entries);
        }
        return tables;
    }
}
