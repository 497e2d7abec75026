using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Loihi.Cores;
using NeuroActors.Loihi.Energy;
using NeuroActors.Loihi.Tests.Quantisation;
using NeuroActors.Model;

namespace NeuroActors.Loihi.Tests.Energy;

/// <summary>What the Loihi shards count for the energy estimate: the same totals under any cut, each against an independent count.</summary>
public class LoihiShardCountsTests
{
    private static LoihiCounts Total(IEnumerable<IShardBackend> shards) =>
        shards.OfType<LoihiShard>().Aggregate(LoihiCounts.Zero, (sum, k) => sum + LoihiCounts.FromCounters(k.Counters));

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void The_totals_do_not_depend_on_the_cut(int shards)
    {
        var spec = QuantisedNetworks.Brunel();
        var one = Total(LoihiNetworks.Run(spec, 1));
        Assert.Equal(one, Total(LoihiNetworks.Run(spec, shards, scheduleSeed: shards, packetsPerWindow: 2)));
        // And for a loihi_lif network beside a float population.
        var mixed = LoihiNetworks.Mixed();
        Assert.Equal(Total(LoihiNetworks.Run(mixed, 2)), Total(LoihiNetworks.Run(mixed, shards)));
    }

    /// <summary>
    /// Against counts made from the run's recorded spikes and the model: every neuron is updated once per step (active
    /// or not), the spikes are those recorded, synaptic ops are the recorded spikes times their out-degree onto Loihi
    /// neurons (the spikes before the last window), and the messages are each spike's route in the core mapping.
    /// </summary>
    [Fact]
    public void The_counts_equal_those_made_from_the_recorded_spikes()
    {
        var spec = QuantisedNetworks.Brunel() with { Stimuli = [] };
        spec = spec with
        {
            // Slices of 20 neurons, a core each: 25 cores on 7 tiles, so that spikes hop between tiles.
            Simulation = spec.Simulation with { MaxNeuronsPerShard = 20 },
            // No Poisson drive: a bias (i_e) makes the activity, so every event is a synaptic op.
            Populations = [.. spec.Populations.Select(p => p with { Parameters = new Dictionary<string, double>(p.Parameters) { ["i_e"] = 400 } })],
        };
        var shards = LoihiNetworks.Run(spec, 3);
        var counts = Total(shards);
        var spikes = LoihiNetworks.Spikes(shards);
        var plan = shards[0].Plan;
        long steps = spec.Simulation.Steps;
        Assert.Equal(spec.Populations.Sum(p => (long)p.Size) * steps, counts.ActiveUpdates + counts.InactiveUpdates);
        Assert.Equal(spikes.Length, counts.Spikes);
        Assert.True(counts.Spikes > 500, $"{counts.Spikes} spikes");
        Assert.True(counts.ActiveUpdates > counts.Spikes);

        // Out-degrees from the synapses as the kernel generates them, every projection (all targets are on Loihi).
        var outDegree = new long[plan.TotalNeurons];
        var single = new NetworkPlan(spec, 1);
        var table = ConnectivityBuilder.Build(single, 0, p => single.PopulationOffset(p), single.TotalNeurons, _ => true);
        for (int gid = 0; gid < plan.TotalNeurons; gid++) outDegree[gid] = table.RowStart[gid + 1] - table.RowStart[gid];
        // The ops of the last window's spikes are left out (whether they were delivered depends on how windows were sent).
        long cutoff = steps - plan.WindowSteps;
        Assert.Equal(spikes.Where(e => SpikeEvent.Step(e) < cutoff).Sum(e => outDegree[SpikeEvent.Gid(e)]), counts.SynapticOps);

        var mapping = RunMapping.Of(spec);
        Assert.Equal(spikes.Sum(e => (long)mapping.RouteOf(SpikeEvent.Gid(e)).TileHops), counts.TileHops);
        Assert.Equal(spikes.Sum(e => (long)mapping.RouteOf(SpikeEvent.Gid(e)).TileLocal), counts.TileLocalMessages);
        Assert.True(counts.TileHops > 0);
    }

    [Fact]
    public void A_reset_clears_the_counts_and_a_rewind_puts_them_back()
    {
        var spec = QuantisedNetworks.Brunel(durationMs: 50);
        var shards = LoihiNetworks.Run(spec, 2);
        var before = shards.OfType<LoihiShard>().Select(k => k.Counters).ToArray();
        foreach (var k in shards) k.ResetState(0);
        Assert.All(shards.OfType<LoihiShard>(), k => Assert.Equal(LoihiCounts.Zero, k.Counts));
        var again = SequentialRunner.Run(shards, spec.Simulation.Steps);
        Assert.Equal(before.Select(LoihiCounts.FromCounters), again.OfType<LoihiShard>().Select(k => k.Counts));
        foreach (var (k, c) in shards.OfType<LoihiShard>().Zip(before)) ((IShardCounters)k).RewindCounters(c);
        Assert.Equal(before.Select(LoihiCounts.FromCounters), shards.OfType<LoihiShard>().Select(k => k.Counts));
    }
}
