namespace NeuroActors.Routing.Tests;

public class TrafficEstimateTests
{
    [Fact]
    public void PacketsAndBytesPerWindowByHand()
    {
        // Shards 0,1,2 (a) and 3,4 (b), 100 neurons each; nodes: 0,1,4 on node 0; 2,3 on node 1.
        // Routes: 0,1,2 -> {3,4}; 3 -> {3}; 4 -> {4}. Crossing pairs: 0->3, 1->3 (node 0 -> 1) and 2->4 (node 1 -> 0).
        // Window: min delay 1.5 ms / dt 0.1 = 15 steps. Spikes per packet: 100 x 10 Hz x 1.5 ms = 1.5; bytes 24 + 8 x 1.5 = 36.
        var (_, graph, placement) = RoutingTableBuilderTests.Example();
        var t = TrafficEstimate.Compute(graph, placement);
        Assert.Equal(15, t.WindowSteps);
        Assert.Equal(1.5, t.WindowMs, 12);
        Assert.Equal(0, t.Packets(0, 0));
        Assert.Equal(2, t.Packets(0, 1));
        Assert.Equal(1, t.Packets(1, 0));
        Assert.Equal(72, t.Bytes(0, 1), 9);
        Assert.Equal(36, t.Bytes(1, 0), 9);
        Assert.Equal(3, t.TotalPacketsPerWindow);
        Assert.Equal(108, t.TotalBytesPerWindow, 9);
        Assert.Equal(5, t.LocalPacketsPerWindow); // 0->4, 1->4, 2->3, 3->3, 4->4
        Assert.Equal(108 / 1.5e-3, t.TotalBytesPerSecond, 6);
    }

    [Fact]
    public void TheAssumedRateScalesOnlyTheSpikeBytes()
    {
        var (_, graph, placement) = RoutingTableBuilderTests.Example();
        var silent = TrafficEstimate.Compute(graph, placement, rateHz: 0);
        Assert.Equal(3, silent.TotalPacketsPerWindow); // empty packets still flow
        Assert.Equal(3 * TrafficEstimate.PacketHeaderBytes, silent.TotalBytesPerWindow, 9);
        var busy = TrafficEstimate.Compute(graph, placement, rateHz: 100);
        Assert.Equal(3 * (24 + 8 * 15.0), busy.TotalBytesPerWindow, 9);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TrafficEstimate.Compute(graph, placement, rateHz: -1));
        Assert.Equal("rateHz", ex.ParamName);
    }

    [Fact]
    public void OneNodeHasNoNetworkTraffic()
    {
        var (_, graph, _) = RoutingTableBuilderTests.Example();
        var t = TrafficEstimate.Compute(graph, new RoundRobinPlacement().Place(graph, 1));
        Assert.Equal(0, t.TotalPacketsPerWindow);
        Assert.Equal(8, t.LocalPacketsPerWindow);
    }

    [Theory]
    [InlineData(0.1, 0.16, 2)]  // 1.6 steps rounds to 2
    [InlineData(0.1, 0.14, 1)]  // 1.4 steps rounds to 1
    [InlineData(1.0, 1.0, 1)]
    [InlineData(0.1, 3.0, 30)]
    public void TheWindowIsTheMinimumDelayInWholeSteps(double dt, double delay, int steps)
    {
        var spec = Models.Build(new[] { ("a", 10) }, b =>
        {
            b.Projection("a", "a", Models.AllToAll(), Models.Syn(delay));
            b.Projection("a", "a", Models.AllToAll(), Models.Syn(delay + 5));
        }, dt);
        Assert.Equal(steps, TrafficEstimate.WindowStepsOf(spec));
    }

    [Fact]
    public void AModelWithoutProjectionsUsesTheKernelsDefaultWindow() =>
        Assert.Equal(10, TrafficEstimate.WindowStepsOf(Models.Build(new[] { ("a", 10) })));
}
