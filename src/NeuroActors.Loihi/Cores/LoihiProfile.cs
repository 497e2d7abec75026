namespace NeuroActors.Loihi.Cores;

/// <summary>
/// The per-core and per-chip limits a mapping is checked against (docs/loihi.md, "Profiles and limits"). A limit that
/// is null is not published and therefore not modelled: the mapping reports the count but never refuses it.
/// </summary>
/// <param name="Name">The profile's name (<c>loihi1</c>, <c>loihi2</c>).</param>
/// <param name="CompartmentsPerCore">Neurons (compartments) one core holds.</param>
/// <param name="InputAxonsPerCore">Input axons (fan-in) per core.</param>
/// <param name="OutputAxonsPerCore">Output axons (fan-out) per core.</param>
/// <param name="SynapseMemoryBitsPerCore">Synapse memory per core, in bits.</param>
/// <param name="CompartmentConfigsPerCore">Distinct compartment configurations (du, dv, refractory period) per core.</param>
/// <param name="ThresholdConfigsPerCore">Distinct thresholds per core.</param>
/// <param name="SynapseConfigsPerCore">Distinct synapse configurations (weight exponent, weight bits) per core.</param>
/// <param name="MaxWeightBits">Largest <c>num_weight_bits</c> of a projection (sign included for mixed-sign weights).</param>
/// <param name="CoresPerChip">Neurocores on one chip.</param>
/// <param name="SynapsesPerChip">Synapses one chip holds.</param>
/// <param name="CoresPerTile">
/// Cores that share a tile (a router of the mesh). An assumption of this project, not a figure of the reference: it
/// only places cores for the tile-hop counts of the energy estimate.
/// </param>
/// <param name="TileColumns">Tiles per row of a chip's mesh (the same kind of assumption).</param>
public sealed record LoihiProfile(
    string Name,
    int CompartmentsPerCore,
    int? InputAxonsPerCore,
    int? OutputAxonsPerCore,
    long? SynapseMemoryBitsPerCore,
    int? CompartmentConfigsPerCore,
    int? ThresholdConfigsPerCore,
    int? SynapseConfigsPerCore,
    int MaxWeightBits,
    int CoresPerChip,
    long? SynapsesPerChip,
    int CoresPerTile,
    int TileColumns)
{
    /// <summary>
    /// Loihi 1 (Davies et al. 2018; ../shared/reference/loihi.md): 1,024 compartments, 4,096 input and 4,096 output
    /// axons, 128 KiB of synapse memory, 32 compartment, 8 threshold and 8 synapse configurations per core, 1–8 weight
    /// bits, 128 cores per chip. Four cores per tile on an 8 × 4 mesh of tiles is assumed for hop counts.
    /// </summary>
    public static LoihiProfile Loihi1 { get; } = new("loihi1",
        CompartmentsPerCore: 1024, InputAxonsPerCore: 4096, OutputAxonsPerCore: 4096, SynapseMemoryBitsPerCore: 128L * 1024 * 8,
        CompartmentConfigsPerCore: 32, ThresholdConfigsPerCore: 8, SynapseConfigsPerCore: 8, MaxWeightBits: 8,
        CoresPerChip: 128, SynapsesPerChip: null, CoresPerTile: 4, TileColumns: 8);

    /// <summary>
    /// Loihi 2 as far as it is published in the reference: about 8,192 neurons per core, 128 cores per chip and
    /// 120 million synapses per chip (the chip's "about 1 M neurons" is 128 × 8,192 and needs no limit of its own).
    /// Axons, synapse memory and configuration counts per core are not published and not modelled. Weights keep the
    /// emulated synapse's 8-bit mantissa.
    /// </summary>
    public static LoihiProfile Loihi2 { get; } = new("loihi2",
        CompartmentsPerCore: 8192, InputAxonsPerCore: null, OutputAxonsPerCore: null, SynapseMemoryBitsPerCore: null,
        CompartmentConfigsPerCore: null, ThresholdConfigsPerCore: null, SynapseConfigsPerCore: null, MaxWeightBits: 8,
        CoresPerChip: 128, SynapsesPerChip: 120_000_000, CoresPerTile: 4, TileColumns: 8);

    /// <summary>
    /// The profile used when none is chosen: loihi2, the current chip. Loihi 1's 4,096 input axons per core refuse
    /// every sparse network whose cores see more distinct sources than that (a Brunel network's 256-neuron slice sees
    /// nearly all of its 12,500), so loihi1 is for models built to its limits, chosen explicitly (docs/loihi.md).
    /// </summary>
    public static LoihiProfile Default => Loihi2;

    /// <summary>The profile <paramref name="spec"/> chooses (<c>simulation.loihi.profile</c>), or <see cref="Default"/>.</summary>
    /// <exception cref="ArgumentException">The model names a profile that does not exist.</exception>
    public static LoihiProfile Of(Model.NetworkSpec spec) =>
        spec.Simulation.LoihiProfile is { } name ? Named(name, "simulation.loihi.profile") : Default;

    /// <summary>Every profile by name.</summary>
    public static IReadOnlyDictionary<string, LoihiProfile> All { get; } =
        new Dictionary<string, LoihiProfile>(StringComparer.Ordinal) { [Loihi1.Name] = Loihi1, [Loihi2.Name] = Loihi2 };

    /// <summary>The profile called <paramref name="name"/>.</summary>
    /// <param name="name">A profile name.</param>
    /// <param name="field">The field or option the name came from, for the message (e.g. <c>--loihi-profile</c>).</param>
    /// <exception cref="ArgumentException">No profile has that name; the message lists those that do.</exception>
    public static LoihiProfile Named(string name, string field = "loihi profile") =>
        All.TryGetValue(name, out var p)
            ? p
            : throw new ArgumentException($"{field}: got '{name}'; valid profiles are: {string.Join(", ", All.Keys)}");

    /// <summary>The tile of core <paramref name="coreOnChip"/> (its index on its chip) as (column, row) of the chip's mesh.</summary>
    public (int Column, int Row) TileOf(int coreOnChip)
    {
        int tile = coreOnChip / CoresPerTile;
        return (tile % TileColumns, tile / TileColumns);
    }
}
