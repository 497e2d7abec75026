namespace NeuroActors.Routing;

/// <summary>
/// Everything a mapping decided and estimated, for tools and tests; <see cref="InspectReport"/> renders the same
/// data as text.
/// </summary>
/// <param name="ModelName">The model's name.</param>
/// <param name="Plan">The slices.</param>
/// <param name="Layout">The routing key layout.</param>
/// <param name="Populations">Per population: how it was sliced.</param>
/// <param name="Slices">Per shard: keys, node, load and fan-out.</param>
/// <param name="Placement">Where each shard runs.</param>
/// <param name="Profile">The router capacity tables were checked against.</param>
/// <param name="Tables">Per node, the uncompressed routing table.</param>
/// <param name="CompressedTables">Per node, the pair-compressed routing table.</param>
/// <param name="Nodes">Per node: shards, synapse load and table sizes.</param>
/// <param name="Traffic">Expected packets and bytes per window between nodes.</param>
public sealed record InspectResult(
    string ModelName,
    SlicePlan Plan,
    KeyLayout Layout,
    IReadOnlyList<PopulationSlicing> Populations,
    IReadOnlyList<SliceMapping> Slices,
    Placement Placement,
    RouterProfile Profile,
    IReadOnlyList<RoutingTable> Tables,
    IReadOnlyList<RoutingTable> CompressedTables,
    IReadOnlyList<NodeMapping> Nodes,
    TrafficEstimate Traffic)
{
    /// <summary>Total neurons over all populations.</summary>
    public long TotalNeurons => Populations.Sum(p => (long)p.Size);

    /// <summary>Total expected synapses, the sum of every shard's incoming synapses.</summary>
    public double TotalSynapses => Slices.Sum(s => s.ExpectedSynapses);

    /// <summary>Routing entries over all nodes before compression.</summary>
    public int TotalEntries => Nodes.Sum(n => n.Entries);

    /// <summary>Routing entries over all nodes after compression.</summary>
    public int TotalCompressedEntries => Nodes.Sum(n => n.CompressedEntries);

    /// <summary>True when every node's compressed table fits the profile, i.e. the mapping would load.</summary>
    public bool AllTablesFit => Nodes.All(n => n.Fits);
}
