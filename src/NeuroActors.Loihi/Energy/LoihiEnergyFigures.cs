namespace NeuroActors.Loihi.Energy;

/// <summary>Energy per operation of a Loihi chip, in joules.</summary>
/// <param name="SynapticOp">One synaptic spike operation (a spike delivered through one synapse).</param>
/// <param name="ActiveUpdate">One active neuron (compartment) update.</param>
/// <param name="InactiveUpdate">One inactive neuron update.</param>
/// <param name="TileLocalSpike">One spike message to a core in the sender's tile.</param>
/// <param name="TileHop">One tile-to-tile hop of a spike message across the mesh.</param>
/// <param name="StdpUpdate">One synaptic (learning) update.</param>
public sealed record LoihiEnergyFigures(double SynapticOp, double ActiveUpdate, double InactiveUpdate, double TileLocalSpike, double TileHop, double StdpUpdate)
{
    /// <summary>
    /// Davies et al. 2018 (IEEE Micro 38(1), Loihi 1 at 0.75 V, as ../shared/reference/loihi.md quotes it): 23.6 pJ per
    /// synaptic spike operation, 81 pJ per active and 52 pJ per inactive neuron update, 1.7 pJ per spike within a tile,
    /// 3–4 pJ per tile hop (3.5 pJ, the middle, here; <see cref="TileHopLow"/> and <see cref="TileHopHigh"/> bound it),
    /// 120 pJ per STDP synaptic update.
    /// </summary>
    public static LoihiEnergyFigures Davies2018 { get; } = new(23.6e-12, 81e-12, 52e-12, 1.7e-12, 3.5e-12, 120e-12);

    /// <summary>The lower end of the published tile-hop energy (3 pJ).</summary>
    public const double TileHopLow = 3e-12;

    /// <summary>The upper end of the published tile-hop energy (4 pJ).</summary>
    public const double TileHopHigh = 4e-12;
}
