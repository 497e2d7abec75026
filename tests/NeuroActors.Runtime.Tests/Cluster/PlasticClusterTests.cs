using NeuroActors.Kernel.Tests.Plasticity;
using NeuroActors.Model;
using NeuroActors.Runtime.Cluster;

namespace NeuroActors.Runtime.Tests.Cluster;

// Learning on a loopback cluster (every message serialized): the spikes of one process on three nodes, and a checkpoint
// written in the middle of learning on two nodes resumes on three to them. The spikes follow the learned weights.
[Collection(LoopbackClusterCollection.Name)]
public class PlasticClusterTests
{
    private static readonly TimeSpan Join = TimeSpan.FromSeconds(30);

    private static NetworkSpec Sliced(double durationMs) =>
        PlasticNetworks.Recurrent(durationMs) with { Simulation = PlasticNetworks.Recurrent(durationMs).Simulation with { MaxNeuronsPerShard = 32 } };

    [Fact]
    public async Task A_learning_network_gives_the_spikes_of_one_process_on_three_nodes_and_resumes_a_two_node_checkpoint_on_three()
    {
        var spec = Sliced(durationMs: 120);
        var plan = new Kernel.Network.NetworkPlan(spec, 1);
        var single = await SimulationRunner.RunAsync(new RunRequest(spec, 1));
        var full = ActorRuntimeTests.Packed(single, plan);
        // Plasticity matters: the same network with static synapses spikes otherwise.
        var frozen = spec with { Projections = [.. spec.Projections.Select(p => p with { Synapse = p.Synapse with { Plasticity = null } })] };
        Assert.NotEqual(full, ActorRuntimeTests.Packed(await SimulationRunner.RunAsync(new RunRequest(frozen, 1)), plan));

        await using (var cluster = new LoopbackCluster(workers: 3))
        {
            var distributed = await ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec, 1), nodes: 3, Join, "round-robin");
            Assert.True(distributed.Stats.Shards > 3, $"{distributed.Stats.Shards} shards");
            Assert.Equal(full, ActorRuntimeTests.Packed(distributed, plan));
        }

        string path = Path.Combine(Path.GetTempPath(), $"cluster-plastic-{Guid.NewGuid():N}");
        try
        {
            await using (var cluster = new LoopbackCluster(workers: 2))
                await ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec.With(durationMs: 60.7), 1,
                    CheckpointAtMs: 60.7, CheckpointPath: path), nodes: 2, Join, "round-robin");
            await using (var cluster = new LoopbackCluster(workers: 3))
            {
                var second = await ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec.With(durationMs: 59.3), 1,
                    Resume: Storage.Checkpoints.CheckpointSource.FromDirectory(path)), nodes: 3, Join, shardsPerNode: 1);
                Assert.Equal(full, ActorRuntimeTests.Packed(second, plan));
            }
        }
        finally
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
    }
}
