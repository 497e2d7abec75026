using NeuroActors.Model;

namespace NeuroActors.Routing.Tests;

public class SliceGraphTests
{
    private static SliceGraph Graph(Action<NetworkBuilder> projections, int n, params (string, int)[] pops) =>
        new(new SlicePlan(Models.Build(pops, projections), n));

    [Fact]
    public void RandomConnectorsReachEverySliceOfTheTarget()
    {
        // a: 0..99 in 4 slices (shards 0-3); b: 0..59 in 3 slices (shards 4-6).
        var g = Graph(b => b.Projection("a", "b", Models.InDegree(3), Models.Syn()), 25, ("a", 100), ("b", 60));
        for (int s = 0; s < 4; s++) Assert.Equal(Route.Of(4, 5, 6), g.DestinationsOf(s));
        for (int s = 4; s < 7; s++) Assert.Empty(g.DestinationsOf(s));
        Assert.Equal(Route.Of(0, 1, 2, 3), g.SourcesOf(5));
        Assert.Equal(12, g.EdgeCount);
    }

    [Fact]
    public void OneToOneReachesOnlyTheOverlappingSlices()
    {
        // a: 60 neurons in slices of 25 (0-24, 25-49, 50-59) = shards 0,1,2;
        // b: 60 neurons in slices of 20 (0-19, 20-39, 40-59) = shards 3,4,5.
        var g = new SliceGraph(new SlicePlan(
            Models.Build(new[] { ("a", 60), ("b", 60) }, b => b.Projection("a", "b", Models.OneToOne(), Models.Syn())),
            25, new Dictionary<string, int> { ["b"] = 20 }));
        Assert.Equal(Route.Of(3, 4), g.DestinationsOf(0));
        Assert.Equal(Route.Of(4, 5), g.DestinationsOf(1));
        Assert.Equal(Route.Of(5), g.DestinationsOf(2));
    }

    [Fact]
    public void ExplicitReachesOnlySlicesHoldingListedTargets()
    {
        var g = Graph(b => b.Projection("a", "b", Models.Explicit((0, 59), (1, 0), (30, 30)), Models.Syn()), 25, ("a", 100), ("b", 60));
        Assert.Equal(Route.Of(4, 6), g.DestinationsOf(0));
        Assert.Equal(Route.Of(5), g.DestinationsOf(1));
        Assert.Empty(g.DestinationsOf(2));
        Assert.Empty(g.DestinationsOf(3));
    }

    [Fact]
    public void RecurrentProjectionsKeepLocalDestinationsAndProjectionsUnite()
    {
        var g = Graph(b =>
        {
            b.Projection("a", "a", Models.AllToAll(), Models.Syn());
            b.Projection("a", "b", Models.OneToOne(), Models.Syn());
        }, 50, ("a", 100), ("b", 100));
        Assert.Equal(Route.Of(0, 1, 2), g.DestinationsOf(0));
        Assert.Equal(Route.Of(0, 1, 3), g.DestinationsOf(1));
    }

    [Fact]
    public void ProjectionsThatSurelyMakeNoSynapseAddNoEdge()
    {
        var g = Graph(b =>
        {
            b.Projection("a", "b", Models.Probability(0), Models.Syn());
            b.Projection("a", "b", Models.InDegree(0), Models.Syn());
            b.Projection("a", "b", Models.TotalNumber(0), Models.Syn());
        }, 50, ("a", 100), ("b", 100));
        Assert.Equal(0, g.EdgeCount);
    }
}
