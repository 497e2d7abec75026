namespace NeuroActors.Routing.Tests;

public class RouterFitTests
{
    private const uint M = 0xFFFFFF00;

    private static RoutingTable Four(int node) => new(node, new[]
    {
        new RoutingEntry(0x000, M, Route.Of(1)), new RoutingEntry(0x100, M, Route.Of(1)),
        new RoutingEntry(0x200, M, Route.Of(2)), new RoutingEntry(0x400, M, Route.Of(3)),
    });

    [Fact]
    public void ATableThatFitsIsLoadedAsIs()
    {
        var t = Four(0);
        Assert.Same(t, RouterFit.Fit(t, RouterProfile.SpiNNaker1));
        Assert.Same(t, RouterFit.Fit(t, new RouterProfile("Four", 4)));
    }

    [Fact]
    public void ATableTooLargeIsCompressedWhenThatMakesItFit()
    {
        var fitted = RouterFit.Fit(Four(0), new RouterProfile("Three", 3));
        Assert.Equal(3, fitted.Count); // {1}'s two entries merge into (0x000, 0xFFFFFE00)
        Assert.Equal(Route.Of(1), fitted.Lookup(0x1FF));
    }

    [Fact]
    public void ATableThatCannotFitNamesNodeSizesAndCapacity()
    {
        var ex = Assert.Throws<MappingException>(() => RouterFit.Fit(Four(5), new RouterProfile("Tiny", 2)));
        Assert.Equal(
            "node 5: routing table has 4 entries, 3 after pair compression, but a Tiny router holds 2; "
            + "use more nodes, more neurons per slice, or a larger router profile", ex.Message);
    }

    [Fact]
    public void ProfilesMirrorSpiNNaker()
    {
        Assert.Equal(1023, RouterProfile.SpiNNaker1.Capacity);
        Assert.Equal(16384, RouterProfile.SpiNNaker2.Capacity);
        Assert.Equal("1,023", RouterProfile.SpiNNaker1.CapacityText);
        Assert.Equal("unlimited", RouterProfile.Unlimited.CapacityText);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RouterProfile("none", 0));
    }

    [Fact]
    public void ALargeNetworkOverflowsSpiNNaker1ButFitsAfterCompression()
    {
        // 1,200 slices of one neuron, all to one target slice: 1,200 entries with one route.
        var spec = Models.Build(new[] { ("src", 1200), ("dst", 1) }, b => b.Projection("src", "dst", Models.AllToAll(), Models.Syn()));
        var plan = new SlicePlan(spec, 1);
        var graph = new SliceGraph(plan);
        var table = RoutingTableBuilder.Build(graph, KeyLayout.For(plan), new RoundRobinPlacement().Place(graph, 1))[0];
        Assert.Equal(1200, table.Count);
        var fitted = RouterFit.Fit(table, RouterProfile.SpiNNaker1);
        // One route, so nothing later constrains the merges: the 11 slice bits become don't-care. The entry also
        // covers keys 1200..2047 that no slice sends, which the oracle allows.
        Assert.Equal(new[] { new RoutingEntry(0x000, 0xFFFFF800, Route.Of(1200)) }, fitted.Entries);
    }
}
