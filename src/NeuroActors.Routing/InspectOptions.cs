namespace NeuroActors.Routing;

/// <summary>The mapping choices an inspection (and later a run) is made with; defaults mirror sPyNNaker on one SpiNNaker 1 chip.</summary>
/// <param name="MaxNeuronsPerSlice">Largest slice for populations without an override.</param>
/// <param name="PerPopulation">Optional per-population slice limits by population name.</param>
/// <param name="Nodes">Number of nodes to place shards on (at least 1; more than shards leaves nodes idle).</param>
/// <param name="Placement">Placement strategy; null means <see cref="BalancedBySynapsesPlacement"/>.</param>
/// <param name="Profile">Router capacity to check tables against; null means <see cref="RouterProfile.SpiNNaker1"/>.</param>
/// <param name="RateHz">Assumed mean firing rate for the traffic estimate.</param>
public sealed record InspectOptions(
    int MaxNeuronsPerSlice = SlicePlan.DefaultMaxNeuronsPerSlice,
    IReadOnlyDictionary<string, int>? PerPopulation = null,
    int Nodes = 1,
    IPlacement? Placement = null,
    RouterProfile? Profile = null,
    double RateHz = TrafficEstimate.DefaultRateHz);
