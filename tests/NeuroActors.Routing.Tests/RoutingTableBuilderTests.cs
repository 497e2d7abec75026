namespace NeuroActors.Routing.Tests;

public class RoutingTableBuilderTests
{
    /// <summary>
    /// a: 300 neurons → shards 0,1,2; b: 200 → shards 3,4 (slices of 100). a→b fixed_probability (every a slice to
    /// both b slices), b→b one_to_one (each b slice to itself). Layout: 1 population bit, 2 slice bits, 7 neuron bits.
    /// </summary>
    internal static (SlicePlan Plan, SliceGraph Graph, Placement Placement) Example()
    {
        var spec = Models.Build(new[] { ("a", 300), ("b", 200) }, b =>
        {
            b.Projection("a", "b", Models.Probability(0.1), Models.Syn(1.5));
            b.Projection("b", "b", Models.OneToOne(), Models.Syn(2.0));
        });
        var plan = new SlicePlan(spec, 100);
        return (plan, new SliceGraph(plan), new Placement("manual", 2, new[] { 0, 0, 1, 1, 0 }));
    }

    [Fact]
    public void EachNodeHoldsOneEntryPerSendingSliceOnIt()
    {
        var (plan, graph, placement) = Example();
        var layout = KeyLayout.For(plan);
        Assert.Equal((1, 2, 7), (layout.PopulationBits, layout.SliceBits, layout.NeuronBits));
        var tables = RoutingTableBuilder.Build(graph, layout, placement);
        Assert.Equal(2, tables.Count);
        Assert.Equal(new[]
        {
            new RoutingEntry(0x000, 0xFFFFFF80, Route.Of(3, 4)), // a slice 0
            new RoutingEntry(0x080, 0xFFFFFF80, Route.Of(3, 4)), // a slice 1
            new RoutingEntry(0x280, 0xFFFFFF80, Route.Of(4)),    // b slice 1 (local destination)
        }, tables[0].Entries);
        Assert.Equal(new[]
        {
            new RoutingEntry(0x100, 0xFFFFFF80, Route.Of(3, 4)), // a slice 2
            new RoutingEntry(0x200, 0xFFFFFF80, Route.Of(3)),    // b slice 0
        }, tables[1].Entries);
        Assert.Equal(1, tables[1].Node);
        // A spike of neuron 42 of a's slice 1 reaches both b shards.
        Assert.Equal(Route.Of(3, 4), tables[0].Lookup(layout.Key(0, 1, 42)));
    }

    [Fact]
    public void SlicesWithoutDestinationsGetNoEntryAndIdleNodesGetEmptyTables()
    {
        var plan = new SlicePlan(Models.Build(new[] { ("src", 100), ("dst", 100) },
            b => b.Projection("src", "dst", Models.AllToAll(), Models.Syn())), 50);
        var graph = new SliceGraph(plan);
        var tables = RoutingTableBuilder.Build(graph, KeyLayout.For(plan), new RoundRobinPlacement().Place(graph, 6));
        Assert.Equal(new[] { 1, 1, 0, 0, 0, 0 }, tables.Select(t => t.Count));
    }

    [Fact]
    public void APlacementOfAnotherPlanIsRefused()
    {
        var (plan, graph, _) = Example();
        var ex = Assert.Throws<ArgumentException>(() => RoutingTableBuilder.Build(graph, KeyLayout.For(plan), new Placement("x", 1, new[] { 0, 0 })));
        Assert.Contains("2 shards", ex.Message);
        Assert.Contains("has 5", ex.Message);
    }
}
