namespace NeuroActors.Routing;

/// <summary>The three fields of a routing key, so a receiver can find the sending slice and neuron without a lookup table.</summary>
/// <param name="Population">Population index.</param>
/// <param name="SliceInPopulation">Position of the slice among its population's slices.</param>
/// <param name="Neuron">Neuron index within the slice.</param>
public readonly record struct DecodedKey(int Population, int SliceInPopulation, int Neuron);
