using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Routing;

namespace NeuroActors.Kernel.Tests;

public class SpikeKeysTests
{
    /// <summary>Populations whose sizes are not multiples of their slice sizes, one with its own slice limit.</summary>
    private static NetworkSpec Uneven() =>
        new NetworkBuilder("keys", durationMs: 10)
            .Population("a", 1000, NeuronModel.IafPscDelta)
            .Population("b", 1, NeuronModel.IafPscDelta)
            .Population("c", 700, NeuronModel.IafPscDelta)
            .MaxNeuronsPerShard(100)
            .MaxNeuronsPerShard(64, "c")
            .Build();

    [Fact]
    public void Every_gid_gets_the_key_the_routing_layout_gives_its_slice_and_back()
    {
        var spec = Uneven();
        var keys = new SpikeKeys(spec);
        // Independent reference: the routing layer's own slicing and key layout.
        var slices = SlicePlan.For(spec);
        var layout = KeyLayout.For(slices);
        int gid = 0;
        for (int p = 0; p < spec.Populations.Count; p++)
            foreach (var slice in slices.SlicesOf(p))
                for (int i = 0; i < slice.Count; i++, gid++)
                {
                    uint expected = layout.Key(p, slices.IndexInPopulation(slice), i);
                    Assert.Equal(expected, keys.KeyOf(p, gid));
                    Assert.Equal(gid, keys.GidOf(expected));
                    Assert.Equal(p, keys.PopulationOf(expected));
                }
        Assert.Equal(1701, gid);
    }

    [Fact]
    public void Keys_that_name_no_neuron_are_refused()
    {
        var spec = Uneven();
        var keys = new SpikeKeys(spec);
        var layout = keys.Layout;
        Assert.Equal(-1, keys.GidOf(layout.Key(3, 0, 0)));        // population 3 does not exist
        Assert.Equal(-1, keys.GidOf(layout.Key(0, 9, 99) + 1));   // past the last neuron of a's last slice
        Assert.Equal(-1, keys.GidOf(layout.Key(1, 0, 1)));        // b has one neuron
        Assert.Equal(-1, keys.GidOf(layout.Key(2, 10, 60)));      // c's last slice holds 700 - 640 = 60 neurons
        Assert.Equal(-1, keys.GidOf(layout.Key(2, 0, 64)));       // beyond c's slice size, inside the field
        Assert.Equal(-1, keys.GidOf(uint.MaxValue));
    }

    [Fact]
    public void A_shard_refuses_a_packet_whose_key_names_no_neuron()
    {
        var spec = TestNetworks.Mixed(durationMs: 20);
        var plan = new NetworkPlan(spec, 2);
        var shard = new WindowedShard(new ShardKernel(plan, 1), plan.StepsFor(20));
        var sent = new List<SpikePacket>();
        Assert.True(shard.TryAdvance((_, p) => sent.Add(p)));
        Assert.False(shard.Ready);
        foreach (int upstream in plan.Upstream[1])
            shard.Accept(new SpikePacket(0, upstream, upstream == plan.Upstream[1][0] ? [uint.MaxValue] : [], upstream == plan.Upstream[1][0] ? [0] : []));
        var error = Assert.Throws<InvalidDataException>(() => shard.TryAdvance((_, _) => { }));
        Assert.Contains("0xFFFFFFFF", error.Message);
    }
}
