using NeuroActors.Loihi;
using NeuroActors.Loihi.Cores;
using NeuroActors.Loihi.Energy;
using NeuroActors.Model;
using NeuroActors.Results;

namespace NeuroActors.Cli;

/// <summary>
/// summary.json's <c>energy.loihi</c>: the loihi backend's counters (what its shards counted, summed over the run's
/// shards and nodes) turned into joules by the Loihi assembly (<see cref="LoihiEnergy"/>, Davies et al. 2018).
/// </summary>
public static class LoihiEnergyReport
{
    /// <summary>Where the figures come from, as the summary names it.</summary>
    public const string Source = "Davies et al. 2018, IEEE Micro 38(1): Loihi 1 at 0.75 V (23.6 pJ per synaptic op, 81/52 pJ per active/inactive update, 1.7 pJ per spike in a tile, 3.5 pJ per tile hop)";

    /// <summary>Makes the estimate available to results (<see cref="HardwareEnergy.Register"/>); again does nothing new.</summary>
    public static void Register() => HardwareEnergy.Register(LoihiShard.Name, Estimate);

    /// <summary>The estimate of the loihi backend's activity in a run of <paramref name="spec"/>, or null when it counted nothing.</summary>
    public static HardwareEnergy? Estimate(NetworkSpec spec, BackendActivity activity)
    {
        if (activity.Counters is not { } counters) return null;
        var counts = LoihiCounts.FromCounters(counters);
        var e = LoihiEnergy.Estimate(counts, activity.BiologicalMs / 1000.0);
        string profile = spec.Simulation.LoihiProfile ?? LoihiProfile.Default.Name;
        return new HardwareEnergy($"{profile} cores (message counts from the {profile} mapping; energy figures of Loihi 1)", Source,
            [.. spec.Populations.Where(p => p.OnLoihi).Select(p => p.Name)], e.BiologicalSeconds,
            counts.ToCounters(),
            new Dictionary<string, double>
            {
                ["synaptic_ops"] = e.SynapticOps,
                ["neuron_updates"] = e.NeuronUpdates,
                ["spike_messages"] = e.SpikeMessages,
                ["stdp_updates"] = e.StdpUpdates,
                ["tile_hops_low"] = e.TileHopsLow,
                ["tile_hops_high"] = e.TileHopsHigh,
            },
            e.Joules, e.JoulesPerBiologicalSecond, e.JoulesPerSpike);
    }

    /// <summary>The estimate in one line for the run's table.</summary>
    public static string Line(HardwareEnergy e) =>
        $"energy on Loihi ({string.Join(", ", e.Populations)}, estimate): {SummaryTable.Si(e.Joules, "J")}" +
        (e.JoulesPerBiologicalSecond is { } w ? $", {SummaryTable.Si(w, "J")} per biological second" : "") +
        (e.JoulesPerSpike is { } j ? $", {SummaryTable.Si(j, "J")} per spike" : "") +
        $" from {e.Counts.GetValueOrDefault("synaptic_ops"):N0} synaptic ops, {e.Counts.GetValueOrDefault("active_updates"):N0} active and " +
        $"{e.Counts.GetValueOrDefault("inactive_updates"):N0} inactive updates, {e.Counts.GetValueOrDefault("tile_hops"):N0} tile hops";
}
