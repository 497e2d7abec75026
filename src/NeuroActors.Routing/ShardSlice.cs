namespace NeuroActors.Routing;

/// <summary>A contiguous range of one population's neurons held by one shard.</summary>
/// <param name="Population">Population index in model order.</param>
/// <param name="Start">First neuron index within the population.</param>
/// <param name="Count">Number of neurons.</param>
public readonly record struct ShardSlice(int Population, int Start, int Count);
