namespace NeuroActors.Routing;

/// <summary>One shard as mapped.</summary>
/// <param name="Slice">The slice (its index is the shard id).</param>
/// <param name="PopulationName">Name of its population.</param>
/// <param name="SliceInPopulation">Its position among its population's slices (the slice key field).</param>
/// <param name="Key">Base routing key (neuron index 0).</param>
/// <param name="Mask">Routing mask of its entry.</param>
/// <param name="Node">Node it is placed on.</param>
/// <param name="ExpectedSynapses">Expected incoming synapses.</param>
/// <param name="Destinations">Destination shards of its spikes (its route).</param>
public sealed record SliceMapping(
    Slice Slice, string PopulationName, int SliceInPopulation, uint Key, uint Mask, int Node, double ExpectedSynapses, Route Destinations);
