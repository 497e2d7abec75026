namespace NeuroActors.Routing.Tests;

public class InspectReportTests
{
    /// <summary>A strategy that places shards where it is told, to pin the example's placement.</summary>
    private sealed class Fixed(params int[] nodeOf) : IPlacement
    {
        public string Name => "fixed";
        public Placement Place(SliceGraph graph, int nodes) => new(Name, nodes, nodeOf);
    }

    private static InspectResult Example(RouterProfile? profile = null)
    {
        var (plan, _, _) = RoutingTableBuilderTests.Example();
        return Inspector.Inspect(plan.Spec, new InspectOptions(MaxNeuronsPerSlice: 100, Nodes: 2, Placement: new Fixed(0, 0, 1, 1, 0), Profile: profile));
    }

    [Fact]
    public void TheResultCarriesEveryDecisionAndEstimate()
    {
        var r = Example();
        Assert.Equal("test", r.ModelName);
        Assert.Equal(new[] { new PopulationSlicing(0, "a", 300, 100, 3), new PopulationSlicing(1, "b", 200, 100, 2) }, r.Populations);
        Assert.Equal(new KeyLayout(1, 2, 7), r.Layout);
        var s4 = r.Slices[4];
        Assert.Equal((new Slice(4, 1, 100, 100), "b", 1, 0x280u, 0xFFFFFF80u, 0), (s4.Slice, s4.PopulationName, s4.SliceInPopulation, s4.Key, s4.Mask, s4.Node));
        Assert.Equal(0.1 * 300 * 100 + 100, s4.ExpectedSynapses, 9); // a->b fixed_probability + b->b one_to_one
        Assert.Equal(Route.Of(4), s4.Destinations);
        // Node 0: {3,4} twice and {4} once; {4} first, then 0x000 + 0x080 merge -> 2 entries. Node 1: no merge.
        Assert.Equal(new[] { (3, 2), (2, 2) }, r.Nodes.Select(n => (n.Entries, n.CompressedEntries)));
        Assert.Equal(new[] { new RoutingEntry(0x280, 0xFFFFFF80, Route.Of(4)), new RoutingEntry(0x000, 0xFFFFFF00, Route.Of(3, 4)) },
            r.CompressedTables[0].Entries);
        Assert.Equal(new[] { 0, 1, 4 }, r.Nodes[0].Shards);
        Assert.Equal(3100, r.Nodes[0].ExpectedSynapses, 9);
        Assert.True(r.AllTablesFit);
        Assert.Equal((5, 4), (r.TotalEntries, r.TotalCompressedEntries));
        Assert.Equal(500, r.TotalNeurons);
        Assert.Equal(6200, r.TotalSynapses, 9);
        Assert.Equal(3, r.Traffic.TotalPacketsPerWindow);
    }

    [Fact]
    public void TheReportShowsKeysTablesPlacementAndTraffic()
    {
        string text = InspectReport.Render(Example());
        string[] expected =
        {
            "Mapping of 'test': 2 populations, 500 neurons, 5 shards on 2 nodes",
            "  population 1 bits | slice 2 bits | neuron index 7 bits = 10 of 32 bits; slice mask 0xFFFFFF80",
            "  a            300        100       3",
            "      4  b               1  100..199  0x00000280  0xFFFFFF80     0     3,100             1",
            "Routing tables (SpiNNaker1, capacity 1,023 entries per node)",
            "     0        3           2     1,023  yes",
            "     1        2           2     1,023  yes",
            "Placement (fixed)",
            "     0       3  0-1, 4        3,100",
            "     1       2  2-3           3,100",
            "Traffic per window (window 15 steps = 1.5 ms, assumed rate 10 Hz, 24 B per packet + 8 B per spike)",
            "    from\\to  0  1",
            "          0  0  2",
            "          1  1  0",
            "          0   0  72",
            "          1  36   0",
            "  routing entries: 5 before compression, 4 after",
            "  tables fit SpiNNaker1: yes",
            "  cross-node packets per window: 3 (plus 5 within nodes)",
            "  cross-node bytes per window: 108 (72,000 B/s at real time)",
        };
        var lines = text.Split('\n');
        foreach (var line in expected) Assert.True(lines.Contains(line), $"missing line:\n{line}\nin report:\n{text}");
    }

    [Fact]
    public void TablesThatDoNotFitAreReportedNotThrown()
    {
        var r = Example(new RouterProfile("Tiny", 1));
        Assert.False(r.AllTablesFit);
        string text = InspectReport.Render(r);
        Assert.Contains("     0        3           2         1  NO", text.Split('\n'));
        Assert.Contains("  tables fit Tiny: NO (nodes 0, 1)", text.Split('\n'));
        Assert.Throws<MappingException>(() => RouterFit.Fit(r.Tables[0], r.Profile));
    }

    [Fact]
    public void IdleNodesAreCalledOut()
    {
        var (plan, _, _) = RoutingTableBuilderTests.Example();
        string text = InspectReport.Render(plan.Spec, new InspectOptions(MaxNeuronsPerSlice: 100, Nodes: 7));
        Assert.Contains("Note: 2 of 7 nodes have no shard and stay idle.", text);
        Assert.Contains("Placement (balanced-by-synapses)", text);
    }
}
