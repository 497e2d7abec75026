using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;
using NeuroActors.Kernel.Tests.Plasticity;
using NeuroActors.Results;
using NeuroActors.Runtime.Sessions;
using NeuroActors.Runtime.Tests.Wire;

namespace NeuroActors.Runtime.Tests.Sessions;

// A session of a learning network, every message serialized: its weights are those of the sequential reference, a
// snapshot restores the weights and pairing state, and a checkpoint resumes on another number of shards.
public class PlasticSessionTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);
    private static readonly Model.NetworkSpec Spec = PlasticNetworks.Recurrent(durationMs: 200);

    private static SessionOptions Options(int shards) => new() { Shards = shards, Config = SerializeMessagesRunTests.Strict };

    private static long[] Packed(RunResult result) => ActorRuntimeTests.Packed(result, new NetworkPlan(result.Spec, 1));

    private static async Task<float[][]> Weights(Session session) =>
        await Task.WhenAll(PlasticNetworks.PlasticProjections.Select(async j => (await session.GetWeightsAsync(Spec.Projections[j].Label)).Weight));

    private static readonly Lazy<(long[] Spikes, float[][] Weights)> Reference = new(() =>
    {
        var kernels = TestNetworks.Run(Spec, 1);
        return (TestNetworks.Spikes(kernels), [.. PlasticNetworks.PlasticProjections.Select(j => TestNetworks.Weights(kernels, j).Weight)]);
    });

    [Fact]
    public async Task Learned_weights_snapshots_and_checkpoints_are_those_of_the_straight_run()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"plastic-session-{Guid.NewGuid():N}");
        try
        {
            await using (var session = await Session.BuildAsync(Spec, Options(3)).WaitAsync(Guard))
            {
                // The shards report their plastic synapses and the bytes they take, pairing state included.
                double plastic = session.Info.BackendFigures[Kernel.Shard.ShardKernel.PlasticSynapsesFigure];
                Assert.Equal(PlasticNetworks.PlasticProjections.Sum(j => TestNetworks.Weights(TestNetworks.Run(Spec with { Simulation = Spec.Simulation with { DurationMs = 0.1 } }, 1), j).Count), plastic);
                Assert.InRange(session.Info.BackendFigures[Kernel.Shard.ShardKernel.PlasticBytesFigure] / plastic, 13, 16);
                await session.RunAsync(80.3);
                await session.SnapshotAsync("mid");
                await session.CheckpointAsync(dir);
                await session.RunAsync(119.7);
                Assert.Equal(Reference.Value.Weights, await Weights(session));
                Assert.Equal(Reference.Value.Spikes, Packed(await session.CollectAsync()));

                // Back to the middle of learning: the same weights and spikes again.
                await session.RestoreAsync("mid");
                await session.RunAsync(119.7);
                Assert.Equal(Reference.Value.Weights, await Weights(session));
                Assert.Equal(Reference.Value.Spikes, Packed(await session.CollectAsync()));
            }
            await using (var resumed = await Session.BuildAsync(Spec, Options(2) with { Resume = CheckpointFiles.Load(dir, Spec).Checkpoint }).WaitAsync(Guard))
            {
                await resumed.RunAsync(119.7);
                Assert.Equal(Reference.Value.Weights, await Weights(resumed));
                Assert.Equal(Reference.Value.Spikes, Packed(await resumed.CollectAsync()));
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
