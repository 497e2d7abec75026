namespace NeuroActors.Loihi.Energy;

/// <summary>An energy estimate of Loihi cores, by component, in joules.</summary>
/// <param name="Counts">The counts it was computed from.</param>
/// <param name="BiologicalSeconds">Biological time the counts cover.</param>
/// <param name="SynapticOps">Synaptic spike operations.</param>
/// <param name="NeuronUpdates">Active and inactive neuron updates.</param>
/// <param name="SpikeMessages">Spike messages within tiles and across tile hops (chip crossings are counted but not priced).</param>
/// <param name="StdpUpdates">Learning updates.</param>
/// <param name="TileHopsLow">The tile-hop share at 3 pJ per hop (the low end of the published range).</param>
/// <param name="TileHopsHigh">The tile-hop share at 4 pJ per hop.</param>
public sealed record LoihiEnergyEstimate(LoihiCounts Counts, double BiologicalSeconds, double SynapticOps, double NeuronUpdates, double SpikeMessages,
    double StdpUpdates, double TileHopsLow, double TileHopsHigh)
{
    /// <summary>The estimate: the sum of the components.</summary>
    public double Joules => SynapticOps + NeuronUpdates + SpikeMessages + StdpUpdates;

    /// <summary>Joules per second of biological time (the chip's average dynamic power at real time); null for no time.</summary>
    public double? JoulesPerBiologicalSecond => BiologicalSeconds > 0 ? Joules / BiologicalSeconds : null;

    /// <summary>Joules per spike emitted by Loihi neurons; null when none spiked.</summary>
    public double? JoulesPerSpike => Counts.Spikes > 0 ? Joules / Counts.Spikes : null;
}

/// <summary>
/// The energy of Loihi cores from what they did (docs/loihi.md, "Energy estimate"): each count times its figure. Only
/// the dynamic energy of the operations counted: no static (leakage) power, no host or chip-to-chip links, no
/// x86 management cores.
/// </summary>
public static class LoihiEnergy
{
    /// <summary>The estimate of <paramref name="counts"/> over <paramref name="biologicalSeconds"/> with <paramref name="figures"/> (Davies et al. 2018 by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative count or time.</exception>
    public static LoihiEnergyEstimate Estimate(LoihiCounts counts, double biologicalSeconds, LoihiEnergyFigures? figures = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var f = figures ?? LoihiEnergyFigures.Davies2018;
        if (counts.SynapticOps < 0 || counts.ActiveUpdates < 0 || counts.InactiveUpdates < 0 || counts.Spikes < 0 || counts.TileLocalMessages < 0
            || counts.TileHops < 0 || counts.ChipCrossings < 0 || counts.StdpUpdates < 0)
            throw new ArgumentOutOfRangeException(nameof(counts), counts, "counts are never negative");
        if (!(biologicalSeconds >= 0)) throw new ArgumentOutOfRangeException(nameof(biologicalSeconds), biologicalSeconds, "biological time is at least 0 s");
        return new LoihiEnergyEstimate(counts, biologicalSeconds,
            SynapticOps: counts.SynapticOps * f.SynapticOp,
            NeuronUpdates: counts.ActiveUpdates * f.ActiveUpdate + counts.InactiveUpdates * f.InactiveUpdate,
            SpikeMessages: counts.TileLocalMessages * f.TileLocalSpike + counts.TileHops * f.TileHop,
            StdpUpdates: counts.StdpUpdates * f.StdpUpdate,
            TileHopsLow: counts.TileHops * LoihiEnergyFigures.TileHopLow,
            TileHopsHigh: counts.TileHops * LoihiEnergyFigures.TileHopHigh);
    }
}
