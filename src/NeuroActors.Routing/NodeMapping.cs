namespace NeuroActors.Routing;

/// <summary>One node as mapped.</summary>
/// <param name="Node">Node id.</param>
/// <param name="Shards">Shards placed on it, increasing.</param>
/// <param name="ExpectedSynapses">Sum of its shards' expected incoming synapses.</param>
/// <param name="Entries">Routing entries before compression.</param>
/// <param name="CompressedEntries">Routing entries after pair compression.</param>
/// <param name="Fits">True when the compressed table fits the router profile.</param>
public sealed record NodeMapping(int Node, IReadOnlyList<int> Shards, double ExpectedSynapses, int Entries, int CompressedEntries, bool Fits);
