namespace NeuroActors.Routing.Tests;

public class PlacementTests
{
    public static TheoryData<string> Strategies => new() { "round-robin", "balanced-by-synapses", "connectivity" };

    private static IPlacement Strategy(string name) => name switch
    {
        "round-robin" => new RoundRobinPlacement(),
        "balanced-by-synapses" => new BalancedBySynapsesPlacement(),
        _ => new ConnectivityPlacement(),
    };

    private static SliceGraph Graph(int n = 128) => new(new SlicePlan(Models.TwoClusters(), n));

    [Theory]
    [MemberData(nameof(Strategies))]
    public void EveryShardIsPlacedExactlyOnce(string name)
    {
        var graph = Graph(); // 16 shards
        foreach (int k in new[] { 1, 2, 3, 5, 16 })
        {
            var p = Strategy(name).Place(graph, k);
            Assert.Equal(k, p.NodeCount);
            Assert.Equal(name, p.Strategy);
            var all = Enumerable.Range(0, k).SelectMany(p.ShardsOn).Order().ToList();
            Assert.Equal(Enumerable.Range(0, 16), all);
            for (int s = 0; s < 16; s++) Assert.Contains(s, p.ShardsOn(p.NodeOf(s)));
        }
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void MoreNodesThanShardsLeavesIdleNodes(string name)
    {
        var p = Strategy(name).Place(Graph(), 20);
        Assert.Equal(20, p.NodeCount);
        Assert.All(Enumerable.Range(0, 20), n => Assert.True(p.ShardsOn(n).Count <= 1));
        Assert.Equal(4, Enumerable.Range(0, 20).Count(n => p.ShardsOn(n).Count == 0));
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void FewerThanOneNodeIsRefused(string name)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Strategy(name).Place(Graph(), 0));
        Assert.Equal("nodes", ex.ParamName);
        Assert.Contains("at least 1 node", ex.Message);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void PlacementsAreDeterministic(string name)
    {
        var a = Strategy(name).Place(Graph(), 3);
        var b = Strategy(name).Place(Graph(), 3);
        Assert.Equal(Enumerable.Range(0, 16).Select(a.NodeOf), Enumerable.Range(0, 16).Select(b.NodeOf));
    }

    [Fact]
    public void RoundRobinDealsShardsInTurn()
    {
        var p = new RoundRobinPlacement().Place(Graph(), 3);
        Assert.Equal(new[] { 0, 3, 6, 9, 12, 15 }, p.ShardsOn(0));
        Assert.Equal(new[] { 2, 5, 8, 11, 14 }, p.ShardsOn(2));
    }

    [Fact]
    public void ConnectivityPlacementCutsCrossNodeTrafficOfWeaklyCoupledClusters()
    {
        var graph = Graph();
        var rr = TrafficEstimate.Compute(graph, new RoundRobinPlacement().Place(graph, 2));
        var placement = new ConnectivityPlacement().Place(graph, 2);
        var conn = TrafficEstimate.Compute(graph, placement);
        // Each cluster (shards 0-7 = a1,b1 and 8-15 = a2,b2) lands on one node; only a1 -> a2 one_to_one crosses: 4 packets.
        Assert.Equal(4, conn.TotalPacketsPerWindow);
        Assert.True(conn.TotalPacketsPerWindow < rr.TotalPacketsPerWindow, $"{conn.TotalPacketsPerWindow} vs {rr.TotalPacketsPerWindow}");
        Assert.True(conn.TotalBytesPerWindow < rr.TotalBytesPerWindow);
        Assert.Single(Enumerable.Range(0, 8).Select(placement.NodeOf).Distinct());
        Assert.Single(Enumerable.Range(8, 8).Select(placement.NodeOf).Distinct());
    }

    [Fact]
    public void ConnectivityPlacementSplitsClustersAcrossMoreNodesWithinTheCap()
    {
        var graph = Graph(64); // 32 shards, 8 per population
        var strategy = new ConnectivityPlacement(slack: 0.1);
        Assert.Equal(8, strategy.Cap(32, 4)); // ceil(32/4) = 8; floor(8.8) = 8
        Assert.Equal(7, strategy.Cap(32, 5)); // ceil(32/5) = 7; floor(7.7) = 7
        Assert.Equal(11, strategy.Cap(100, 10)); // 10 * 1.1
        var p = strategy.Place(graph, 4);
        Assert.All(Enumerable.Range(0, 4), n => Assert.True(p.ShardsOn(n).Count <= 8));
        var conn = TrafficEstimate.Compute(graph, p);
        var rr = TrafficEstimate.Compute(graph, new RoundRobinPlacement().Place(graph, 4));
        // Best split of a cluster (a: 8 shards, b: 8 shards; a->a, a->b, b->a dense) over two nodes of 8 is 4 a + 4 b
        // each: 32 + 32 + 32 = 96 crossing packets (all a on one node and all b on the other would cut 128); plus
        // the 8 a1 -> a2 one_to_one packets between clusters: 2 x 96 + 8 = 200. Round robin (shard s on s mod 4)
        // keeps 16 of the 64 pairs of each dense projection local, so 2 x 3 x 48 = 288 cross; its a1 -> a2 pairs
        // (shard i and 16 + i) happen to share a node.
        Assert.Equal(200, conn.TotalPacketsPerWindow);
        Assert.Equal(288, rr.TotalPacketsPerWindow);
        Assert.True(conn.TotalBytesPerWindow < rr.TotalBytesPerWindow, $"{conn.TotalBytesPerWindow} vs {rr.TotalBytesPerWindow}");
        // No node mixes the two clusters (shards 0-15 and 16-31).
        Assert.All(Enumerable.Range(0, 4), n => Assert.Single(p.ShardsOn(n).Select(s => s / 16).Distinct()));
    }

    [Fact]
    public void BalancedPlacementKeepsSynapseLoadsWithinTheLargestShard()
    {
        // Shard loads: heavy 10 x 40,000; light 10 x 1,000; mid 3 x 20,000 + 6,600; src 5 x 0.
        // K=2 by hand (largest first onto the least loaded): heavy 5+5 -> 200,000 each; mid -> 240,000 / 226,600;
        // lights all to the second node -> 236,600. Spread 3,400 <= 40,000; max/min 1.014.
        var spec = Models.Build(new[] { ("heavy", 1000), ("light", 1000), ("mid", 333), ("src", 500) }, b =>
        {
            b.Projection("src", "heavy", Models.InDegree(400), Models.Syn());
            b.Projection("src", "light", Models.InDegree(10), Models.Syn());
            b.Projection("heavy", "mid", Models.Probability(0.2), Models.Syn());
        });
        var graph = new SliceGraph(new SlicePlan(spec, 100));
        var load = SynapseLoad.PerShard(graph.Plan);
        foreach (int k in new[] { 2, 3, 4, 7 })
        {
            var p = new BalancedBySynapsesPlacement().Place(graph, k);
            var nodeLoad = Enumerable.Range(0, k).Select(n => p.ShardsOn(n).Sum(s => load[s])).ToArray();
            Assert.True(nodeLoad.Max() - nodeLoad.Min() <= load.Max() + 1e-9, $"K={k}: spread {nodeLoad.Max() - nodeLoad.Min()} > largest shard {load.Max()}");
            if (k <= 4) // by hand: 1.014, 1.022, 1.029; with 7 nodes 10 heavy shards cannot spread evenly
                Assert.True(nodeLoad.Max() / nodeLoad.Min() <= 1.03, $"K={k}: max/min {nodeLoad.Max() / nodeLoad.Min()}");
            if (k == 2)
                Assert.Equal(new[] { 240000.0, 236600.0 }, nodeLoad.Select(x => Math.Round(x, 6)));
            var rr = new RoundRobinPlacement().Place(graph, k);
            var rrLoad = Enumerable.Range(0, k).Select(n => rr.ShardsOn(n).Sum(s => load[s])).ToArray();
            Assert.True(nodeLoad.Max() <= rrLoad.Max());
        }
    }

    [Fact]
    public void APlacementRefusesNodesOutOfRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Placement("x", 2, new[] { 0, 2 }));
        Assert.Contains("shard 1 is placed on node 2; nodes are 0..1", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectivityPlacement(slack: -0.1));
    }
}
