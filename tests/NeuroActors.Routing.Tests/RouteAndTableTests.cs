namespace NeuroActors.Routing.Tests;

public class RouteAndTableTests
{
    [Fact]
    public void RoutesAreSortedSetsWithValueEquality()
    {
        var a = Route.Of(5, 1, 3, 1);
        var b = new Route(new List<int> { 3, 5, 1 });
        Assert.Equal(new[] { 1, 3, 5 }, a);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Route.Of(1, 3));
        Assert.True(Route.Of(1, 3).CompareTo(a) < 0);
        Assert.True(Route.Of(2).CompareTo(a) > 0);
        Assert.True(a.Contains(3));
        Assert.False(a.Contains(2));
        Assert.Equal("{1,3,5}", a.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => Route.Of(-1));
    }

    [Fact]
    public void AnEntryWhoseKeyHasBitsOutsideItsMaskIsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RoutingEntry(0x101, 0xFFFFFF00, Route.Of(0)));
        Assert.Contains("0x00000101", ex.Message);
        Assert.Contains("0xFFFFFF00", ex.Message);
    }

    [Fact]
    public void LookupReturnsTheFirstMatchingRouteOrNull()
    {
        var table = new RoutingTable(0, new[]
        {
            new RoutingEntry(0x100, 0xFFFFFF00, Route.Of(1)),
            new RoutingEntry(0x000, 0xFFFFFC00, Route.Of(2)), // covers 0x000..0x3FF, shadowed for 0x1xx
        });
        Assert.Equal(Route.Of(1), table.Lookup(0x1AB));
        Assert.Equal(Route.Of(2), table.Lookup(0x2AB));
        Assert.Equal(Route.Of(2), table.Lookup(0x000));
        Assert.Null(table.Lookup(0x400));
    }

    [Fact]
    public void IntersectionIsTheSpiNNakerTest()
    {
        Assert.True(PairCompressor.Intersect(0x000, 0xFFFFFC00, 0x300, 0xFFFFFF00));
        Assert.False(PairCompressor.Intersect(0x400, 0xFFFFFC00, 0x300, 0xFFFFFF00));
        // Non-contiguous masks: 1x0 and x1x share 110; 1x0 and xx1 share nothing (bit 0 disagrees).
        Assert.True(PairCompressor.Intersect(0b100, 0b101, 0b010, 0b010));
        Assert.False(PairCompressor.Intersect(0b100, 0b101, 0b001, 0b001));
        Assert.Equal((0x000u, 0xFFFFFE00u), PairCompressor.Merge(0x000, 0xFFFFFF00, 0x100, 0xFFFFFF00));
        Assert.Equal((0x000u, 0xFFFFFC00u), PairCompressor.Merge(0x100, 0xFFFFFF00, 0x200, 0xFFFFFF00));
    }
}
