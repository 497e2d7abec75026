using NeuroActors.Loihi.Cores;

namespace NeuroActors.Loihi.Energy;

/// <summary>
/// What emulated Loihi cores did in a run, counted as the hardware would do it; the input of
/// <see cref="LoihiEnergy.Estimate"/>. Every field adds up over shards (a shard counts its own neurons and the synapses
/// onto them) and is rewound with the shard's other counters when a session restores a snapshot.
/// </summary>
/// <param name="SynapticOps">Spikes delivered through one synapse each (binary spikes: one per synapse of a spiking source onto a Loihi neuron).</param>
/// <param name="ActiveUpdates">Neuron updates in a step in which the neuron received synaptic input (a non-zero <c>a_in</c>) or spiked.</param>
/// <param name="InactiveUpdates">Every other neuron update: each Loihi neuron is updated every step, so the two add up to neurons × steps.</param>
/// <param name="Spikes">Spikes emitted by Loihi neurons.</param>
/// <param name="TileLocalMessages">Spike messages to a core in the sender's tile: per spike of a neuron, its route's <see cref="SpikeRoute.TileLocal"/>.</param>
/// <param name="TileHops">Tile-to-tile hops of spike messages: per spike, its route's <see cref="SpikeRoute.TileHops"/>.</param>
/// <param name="ChipCrossings">Spike messages between chips: per spike, its route's <see cref="SpikeRoute.ChipCrossings"/>.</param>
/// <param name="StdpUpdates">Synaptic weight updates of learning rules (0 while Loihi populations have no plastic synapses).</param>
public sealed record LoihiCounts(long SynapticOps, long ActiveUpdates, long InactiveUpdates, long Spikes, long TileLocalMessages, long TileHops,
    long ChipCrossings, long StdpUpdates)
{
    /// <summary>Nothing counted.</summary>
    public static LoihiCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The sum of two shards' counts.</summary>
    public static LoihiCounts operator +(LoihiCounts a, LoihiCounts b) => new(
        a.SynapticOps + b.SynapticOps, a.ActiveUpdates + b.ActiveUpdates, a.InactiveUpdates + b.InactiveUpdates, a.Spikes + b.Spikes,
        a.TileLocalMessages + b.TileLocalMessages, a.TileHops + b.TileHops, a.ChipCrossings + b.ChipCrossings, a.StdpUpdates + b.StdpUpdates);

    /// <summary>The names of the counts as a shard reports them (<see cref="ToCounters"/>), in field order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["synaptic_ops", "active_updates", "inactive_updates", "spikes", "tile_local_messages", "tile_hops", "chip_crossings", "stdp_updates"];

    /// <summary>The counts by name (<see cref="Names"/>), as a shard backend reports its own counters.</summary>
    public IReadOnlyDictionary<string, long> ToCounters()
    {
        long[] values = [SynapticOps, ActiveUpdates, InactiveUpdates, Spikes, TileLocalMessages, TileHops, ChipCrossings, StdpUpdates];
        return Names.Select((n, i) => (n, values[i])).ToDictionary(x => x.n, x => x.Item2, StringComparer.Ordinal);
    }

    /// <summary>The counts from counters by name; a name that is missing counts 0, names that are not counts are ignored.</summary>
    public static LoihiCounts FromCounters(IReadOnlyDictionary<string, long> counters)
    {
        long Get(int i) => counters.GetValueOrDefault(Names[i]);
        return new LoihiCounts(Get(0), Get(1), Get(2), Get(3), Get(4), Get(5), Get(6), Get(7));
    }

    /// <summary>
    /// The message counts of <paramref name="spikes"/> spikes of one neuron whose route is <paramref name="route"/>
    /// (<see cref="LoihiMapping.RouteOf"/>); a shard may equally add the route's fields per spike.
    /// </summary>
    public static LoihiCounts OfSpikes(SpikeRoute route, long spikes) =>
        Zero with { Spikes = spikes, TileLocalMessages = spikes * route.TileLocal, TileHops = spikes * route.TileHops, ChipCrossings = spikes * route.ChipCrossings };
}
