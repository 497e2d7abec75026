using NeuroActors.Model;

namespace NeuroActors.Routing.Tests;

public class ClusterLayoutTests
{
    // Brunel's shape in miniature: 1,000 and 250 neurons cut into slices of 64.
    private static readonly NetworkSpec Spec = ModelLoader.Parse("""
        simulation: {dt: 0.1, duration: 10, seed: 1, max_neurons_per_shard: 64}
        populations:
          - {name: e, size: 1000, model: iaf_psc_delta}
          - {name: i, size: 250, model: iaf_psc_delta}
        projections:
          - {source: e, target: e, connector: {rule: fixed_indegree, indegree: 10}, synapse: {weight: 0.1, delay: 1.5}}
          - {source: e, target: i, connector: {rule: fixed_indegree, indegree: 10}, synapse: {weight: 0.1, delay: 1.5}}
          - {source: i, target: e, connector: {rule: fixed_indegree, indegree: 5}, synapse: {weight: -0.5, delay: 1.5}}
          - {source: i, target: i, connector: {rule: fixed_indegree, indegree: 5}, synapse: {weight: -0.5, delay: 1.5}}
        """);

    [Fact]
    public void Per_node_shards_hold_contiguous_near_equal_shares_of_every_population_made_of_whole_slices()
    {
        var layout = ClusterLayout.PerNode(Spec, nodes: 2, shardsPerNode: 1);

        Assert.Equal(2, layout.ShardCount);
        Assert.Equal([0, 1], layout.NodeOfShard);
        var cut = layout.Cut;
        // e: 16 slices of 64 (the last one 40): 8 slices each; i: 4 slices (the last one 58): 2 each.
        Assert.Equal([new ShardSlice(0, 0, 512), new ShardSlice(1, 0, 128)], cut[0]);
        Assert.Equal([new ShardSlice(0, 512, 488), new ShardSlice(1, 128, 122)], cut[1]);
        // Every slice of a population stays on one node, so every node's routing table holds whole slices.
        Assert.Equal(Enumerable.Repeat(0, 8).Concat(Enumerable.Repeat(1, 8)), layout.Slices.SlicesOf(0).ToArray().Select(s => layout.Placement.NodeOf(s.Index)));
        // Every shard projects to both: each receives from both, itself included.
        Assert.Equal([[0, 1], [0, 1]], layout.Routes().Select(r => r.ToArray()));
        Assert.Equal(2, new ShardCut(Spec, layout.Cut).Shards);
    }

    [Fact]
    public void Per_node_shards_hold_one_backend_each_and_are_shared_between_backends()
    {
        var spec = Spec with { Populations = [Spec.Populations[0], Spec.Populations[1] with { Backend = "fixed-point" }] };

        // 6 groups: 1,000 and 250 neurons give the cpu backend 5 (200 each) and fixed-point 1 (250).
        var layout = ClusterLayout.PerNode(spec, nodes: 3, shardsPerNode: 2);
        var cut = new ShardCut(spec, layout.Cut);
        Assert.Equal(6, cut.Shards);
        Assert.Equal(["cpu", "cpu", "cpu", "cpu", "cpu", "fixed-point"], Enumerable.Range(0, 6).Select(cut.BackendOf));
        Assert.Equal([new ShardSlice(1, 0, 250)], layout.Cut[5]);
        Assert.Equal([0, 0, 1, 1, 2, 2], layout.NodeOfShard);
        Assert.Equal(layout.Routes().Select(r => r.ToArray()), ClusterLayout.With(spec, 3, layout.Cut, layout.NodeOfShard).Routes().Select(r => r.ToArray()));

        var few = Assert.Throws<ArgumentException>(() => ClusterLayout.PerNode(spec, nodes: 1, shardsPerNode: 1));
        Assert.StartsWith("nodes × shards-per-node (1 × 1): got 1; the model computes its populations on 2 shard backends (cpu: e; fixed-point: i)", few.Message);
    }

    // A population that is one slice cannot be shared: it goes whole to the group with the fewest neurons so far.
    [Fact]
    public void Single_slice_populations_fill_the_emptiest_shards()
    {
        var spec = ModelLoader.Parse("""
            simulation: {dt: 0.1, duration: 10, seed: 1}
            populations:
              - {name: e, size: 1000, model: iaf_psc_delta, max_neurons_per_shard: 625}
              - {name: i, size: 250, model: iaf_psc_delta, max_neurons_per_shard: 250}
              - {name: a, size: 40, model: poisson_source}
            projections:
              - {source: a, target: e, connector: {rule: fixed_indegree, indegree: 10}, synapse: {weight: 0.1, delay: 1.5}}
              - {source: e, target: i, connector: {rule: fixed_indegree, indegree: 10}, synapse: {weight: 0.1, delay: 1.5}}
            """);

        var layout = ClusterLayout.PerNode(spec, nodes: 2, shardsPerNode: 1);

        // e: 625 + 375; i (250) joins the 375, then a (40) the 625: 665 and 625 neurons.
        Assert.Equal([new ShardSlice(0, 0, 625), new ShardSlice(2, 0, 40)], layout.Cut[0]);
        Assert.Equal([new ShardSlice(0, 625, 375), new ShardSlice(1, 0, 250)], layout.Cut[1]);
    }

    [Fact]
    public void More_shards_per_node_than_slices_leave_no_shard_empty()
    {
        var layout = ClusterLayout.PerNode(Spec, nodes: 2, shardsPerNode: 10);

        // 20 groups for 20 slices, but slices of e and i share some groups: fewer shards, none of them empty.
        Assert.InRange(layout.ShardCount, 16, 20);
        Assert.All(layout.Cut, shard => Assert.NotEmpty(shard));
        Assert.Equal(Spec.TotalNeurons, layout.Cut.Sum(shard => shard.Sum(s => s.Count)));
        Assert.Equal(2, layout.NodeOfShard.Distinct().Count());
    }

    [Fact]
    public void A_worker_rebuilds_the_coordinators_layout_from_the_cut_and_routes_alike()
    {
        foreach (var layout in new[] { ClusterLayout.PerNode(Spec, 3, 2), ClusterLayout.For(Spec, 3, "round-robin") })
        {
            var rebuilt = ClusterLayout.With(Spec, 3, layout.Cut, layout.NodeOfShard);

            Assert.Equal(layout.ShardCount, rebuilt.ShardCount);
            Assert.Equal(layout.Routes().Select(r => r.ToArray()), rebuilt.Routes().Select(r => r.ToArray()));
        }
    }

    [Fact]
    public void A_cut_that_splits_a_slice_is_refused()
    {
        IReadOnlyList<IReadOnlyList<ShardSlice>> cut = [[new ShardSlice(0, 0, 500), new ShardSlice(1, 0, 250)], [new ShardSlice(0, 500, 500)]];

        var error = Assert.Throws<ArgumentException>(() => ClusterLayout.With(Spec, 2, cut, [0, 1]));

        Assert.Contains("not a run of whole slices", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_shard_count_per_node_below_one_is_refused_naming_the_option(int shardsPerNode)
    {
        var error = Assert.Throws<ArgumentException>(() => ClusterLayout.PerNode(Spec, 2, shardsPerNode));

        Assert.StartsWith($"shards-per-node: got {shardsPerNode}; use a whole number of at least 1", error.Message);
    }
}
