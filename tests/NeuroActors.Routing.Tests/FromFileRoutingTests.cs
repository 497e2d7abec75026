using NeuroActors.Model;

namespace NeuroActors.Routing.Tests;

/// <summary>Explicit connections with weights and delays (from_file) in the slice graph, the synapse loads and the window.</summary>
public class FromFileRoutingTests
{
    // a: 8 neurons in slices [0, 4) and [4, 8) (shards 0 and 1); b: 8 neurons in slices [0, 4) and [4, 8) (shards 2 and 3).
    private static NetworkSpec Spec(ConnectionList connections) => Models.Build(
        new[] { ("a", 8), ("b", 8) }, b => b.Connections("a", "b", connections).MaxNeuronsPerShard(4));

    [Fact]
    public void Only_slices_holding_a_listed_target_receive_and_the_load_is_the_connections_per_target_slice()
    {
        // Sources in a's first slice reach only b's second; a's second slice reaches both.
        var spec = Spec(ConnectionList.Of([1, 2, 5, 6, 6], [5, 7, 0, 4, 4], [1, 1, 1, 1, 1], [0.5, 0.3, 2.0, 1.0, 1.0]));
        var plan = new SlicePlan(spec, 4);

        var graph = new SliceGraph(plan);
        var load = SynapseLoad.PerShard(plan);

        Assert.Equal([3], graph.DestinationsOf(0));
        Assert.Equal([2, 3], graph.DestinationsOf(1));
        Assert.Empty(graph.DestinationsOf(2));
        Assert.Equal([0, 0, 1, 4], load);
        Assert.Equal(3, TrafficEstimate.WindowStepsOf(spec)); // 0.3 ms at dt 0.1
    }

    [Fact]
    public void An_empty_list_adds_no_edge_and_constrains_no_window()
    {
        var spec = Spec(ConnectionList.Of([], [], [], []));

        Assert.Equal(0, new SliceGraph(new SlicePlan(spec, 4)).EdgeCount);
        Assert.Equal(TrafficEstimate.WindowStepsWithoutProjections, TrafficEstimate.WindowStepsOf(spec));
    }
}
