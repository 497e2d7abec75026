using NeuroActors.Loihi.Cores;
using NeuroActors.Loihi.Energy;

namespace NeuroActors.Loihi.Tests.Energy;

public class LoihiEnergyTests
{
    [Fact]
    public void The_estimate_is_each_count_times_its_Davies_2018_figure()
    {
        var counts = new LoihiCounts(SynapticOps: 1000, ActiveUpdates: 10, InactiveUpdates: 90, Spikes: 5, TileLocalMessages: 3, TileHops: 7,
            ChipCrossings: 1, StdpUpdates: 2);
        var e = LoihiEnergy.Estimate(counts, biologicalSeconds: 0.5);
        // 1000 · 23.6 pJ = 23.6 nJ; 10 · 81 + 90 · 52 pJ = 5.49 nJ; 3 · 1.7 + 7 · 3.5 pJ = 29.6 pJ; 2 · 120 pJ = 0.24 nJ.
        Assert.Equal(23.6e-9, e.SynapticOps, 1e-20);
        Assert.Equal(5.49e-9, e.NeuronUpdates, 1e-20);
        Assert.Equal(29.6e-12, e.SpikeMessages, 1e-22);
        Assert.Equal(0.24e-9, e.StdpUpdates, 1e-21);
        Assert.Equal(29.3596e-9, e.Joules, 1e-19);
        Assert.Equal(58.7192e-9, e.JoulesPerBiologicalSecond!.Value, 1e-19);
        Assert.Equal(5.87192e-9, e.JoulesPerSpike!.Value, 1e-19);
        Assert.Equal(21e-12, e.TileHopsLow, 1e-24);
        Assert.Equal(28e-12, e.TileHopsHigh, 1e-24);
    }

    [Fact]
    public void Without_spikes_or_time_the_ratios_are_undefined()
    {
        var e = LoihiEnergy.Estimate(LoihiCounts.Zero with { InactiveUpdates = 100 }, 0);
        Assert.Equal(5.2e-9, e.Joules, 1e-20);
        Assert.Null(e.JoulesPerSpike);
        Assert.Null(e.JoulesPerBiologicalSecond);
        Assert.Throws<ArgumentOutOfRangeException>(() => LoihiEnergy.Estimate(LoihiCounts.Zero with { TileHops = -1 }, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LoihiEnergy.Estimate(LoihiCounts.Zero, double.NaN));
    }

    [Fact]
    public void Spike_messages_follow_the_routes_of_the_mapping_and_shards_add_up()
    {
        var route = new SpikeRoute(Messages: 4, TileLocal: 1, TileHops: 3, ChipCrossings: 1);
        var a = LoihiCounts.OfSpikes(route, 10);
        Assert.Equal(LoihiCounts.Zero with { Spikes = 10, TileLocalMessages = 10, TileHops = 30, ChipCrossings = 10 }, a);
        var b = new LoihiCounts(1, 2, 3, 4, 5, 6, 7, 8);
        Assert.Equal(new LoihiCounts(1, 2, 3, 14, 15, 36, 17, 8), a + b);
    }
}
