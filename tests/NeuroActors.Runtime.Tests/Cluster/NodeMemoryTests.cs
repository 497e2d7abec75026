using NeuroActors.Routing;
using NeuroActors.Runtime.Cluster;

namespace NeuroActors.Runtime.Tests.Cluster;

/// <summary>The memory check of a recovered run's new layout: expected synapse bytes per node against what each node may use.</summary>
public class NodeMemoryTests
{
    [Fact]
    public void Expected_bytes_share_the_total_in_proportion_to_each_nodes_incoming_synapses()
    {
        var spec = ClusterRunTests.Sliced(durationMs: 10);
        var layout = ClusterLayout.For(spec, 3, "round-robin");
        var load = SynapseLoad.PerShard(layout.Slices);
        const long total = 300L << 20;

        var expected = NodeMemory.ExpectedBytes(layout, total);

        Assert.Equal(3, expected.Length);
        // Each node's share, recomputed from the slices it holds (one slice per shard here).
        for (int n = 0; n < 3; n++)
        {
            double share = Enumerable.Range(0, layout.ShardCount).Where(g => layout.NodeOfShard[g] == n).Sum(g => load[g]) / load.Sum();
            Assert.InRange(expected[n], (long)(total * share), (long)(total * share) + 1);
        }
        Assert.InRange(expected.Sum(), total, total + 3);
        // One contiguous shard per node holds the same synapses in all.
        Assert.InRange(NodeMemory.ExpectedBytes(ClusterLayout.PerNode(spec, 2, 1), total).Sum(), total, total + 2);
    }

    [Fact]
    public void A_node_with_too_little_memory_is_named_with_both_figures_and_what_is_missing()
    {
        string? shortage = NodeMemory.Shortage([600L << 20, 500L << 20], [1L << 30, 400L << 20], ["akka.tcp://neuroactors@10.0.0.1:4053", "akka.tcp://neuroactors@10.0.0.2:4053"]);

        Assert.Equal("2 workers cannot hold the model's 1100 MiB of synapses: node akka.tcp://neuroactors@10.0.0.2:4053 would need about 500 MiB " +
            "and its process may use 400 MiB; about 1 more worker is missing (start them with 'neuroactors node --seed HOST:PORT')", shortage);
    }

    [Fact]
    public void Nodes_with_room_or_that_did_not_say_their_memory_pass()
    {
        Assert.Null(NodeMemory.Shortage([600L << 20, 500L << 20], [1L << 30, 500L << 20], ["a", "b"]));
        Assert.Null(NodeMemory.Shortage([600L << 20], [0], ["a"]));
    }
}
