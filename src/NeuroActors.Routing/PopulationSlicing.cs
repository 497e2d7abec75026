namespace NeuroActors.Routing;

/// <summary>How one population was sliced.</summary>
/// <param name="Population">Population index.</param>
/// <param name="Name">Population name.</param>
/// <param name="Size">Neurons.</param>
/// <param name="MaxNeuronsPerSlice">The limit applied to it (override or global).</param>
/// <param name="SliceCount">Number of slices it was cut into.</param>
public sealed record PopulationSlicing(int Population, string Name, int Size, int MaxNeuronsPerSlice, int SliceCount);
