using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;
using NeuroActors.Results;
using NeuroActors.Runtime.Sessions;
using NeuroActors.Runtime.Tests.Wire;

namespace NeuroActors.Runtime.Tests.Sessions;

// Weights set with SetWeightsAsync are state: snapshots restore them and checkpoints carry them.
public class SessionWeightsTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    private static SessionOptions Options(int shards) => new() { Shards = shards, Config = SerializeMessagesRunTests.Strict };

    // Any plan numbers the neurons alike; MixedBackends needs two shards, one per backend.
    private static long[] Packed(RunResult result) => ActorRuntimeTests.Packed(result, new NetworkPlan(result.Spec, 2));

    /// <summary>Scales a projection's weights as <see cref="TestNetworks.SetWeightsScaled"/> does, through the session.</summary>
    private static async Task<float[]> Scale(Session session, int projection, float factor)
    {
        string label = session.Spec.Projections[projection].Label;
        var w = await session.GetWeightsAsync(label);
        var scaled = w.Weight.Select((x, i) => x * factor * (0.5f + 0.5f * (i % 3))).ToArray();
        await session.SetWeightsAsync(label, w.Source, w.Target, scaled);
        return scaled;
    }

    /// <summary>The sequential reference: <paramref name="shards"/> shards, weights scaled at step <paramref name="setAt"/>, run to <paramref name="end"/>.</summary>
    private static long[] Reference(Model.NetworkSpec spec, int shards, long setAt, long end, params (int Projection, float Factor)[] scale)
    {
        var plan = new NetworkPlan(spec, shards);
        var kernels = Enumerable.Range(0, shards).Select(k => ShardBackends.Build(plan, k)).ToArray();
        SequentialRunner.Run(kernels, setAt);
        foreach (var (projection, factor) in scale) TestNetworks.SetWeightsScaled(kernels, projection, factor);
        return TestNetworks.Spikes(SequentialRunner.Run(kernels, end));
    }

    [Fact]
    public async Task ACheckpointCarriesTheWeightsItsSessionHadSetToAResumeOnAnotherNumberOfShards()
    {
        var spec = TestNetworks.Mixed();
        var dir = Path.Combine(Path.GetTempPath(), $"session-weights-{Guid.NewGuid():N}");
        try
        {
            long[] expected;
            float[] set0, set2;
            await using (var session = await Session.BuildAsync(spec, Options(2)).WaitAsync(Guard))
            {
                await session.RunAsync(10);
                set0 = await Scale(session, 0, 1.4f);
                set2 = await Scale(session, 2, 0.6f);
                await session.RunAsync(5.3);
                await session.CheckpointAsync(dir);
                await session.RunAsync(10);
                expected = Packed(await session.CollectAsync()).Where(e => SpikeEvent.Step(e) >= 153).ToArray();
            }
            Assert.Equal(Reference(spec, 1, 100, 253, (0, 1.4f), (2, 0.6f)).Where(e => SpikeEvent.Step(e) >= 153), expected);

            var resume = CheckpointFiles.Load(dir, spec);
            await using var resumed = await Session.BuildAsync(spec, Options(3) with { Resume = resume.Checkpoint, ResumeSettings = resume.Settings }).WaitAsync(Guard);
            Assert.Equal(153, resumed.Step);
            Assert.Equal(set0, (await resumed.GetWeightsAsync(spec.Projections[0].Label)).Weight);
            Assert.Equal(set2, (await resumed.GetWeightsAsync(spec.Projections[2].Label)).Weight);
            Assert.Equal(new ShardKernel(new NetworkPlan(spec, 1), 0).GetWeights(1).Weight, (await resumed.GetWeightsAsync(spec.Projections[1].Label)).Weight);
            await resumed.RunAsync(10);
            Assert.NotEmpty(expected);
            // The resumed session carries the recordings before the checkpoint too; the part after it must match.
            Assert.Equal(expected, Packed(await resumed.CollectAsync()).Where(e => SpikeEvent.Step(e) >= 153));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ARestoreBringsBackTheWeightsOfItsSnapshotAsACheckpointOfItWould()
    {
        // Weights set before the snapshot come back as they were then; weights first set after it go back to the build's.
        var spec = TestNetworks.Mixed();
        var built2 = new ShardKernel(new NetworkPlan(spec, 1), 0).GetWeights(2).Weight;
        var dir = Path.Combine(Path.GetTempPath(), $"session-weights-{Guid.NewGuid():N}");
        try
        {
            await using var session = await Session.BuildAsync(spec, Options(3)).WaitAsync(Guard);
            await session.RunAsync(5);
            var set0 = await Scale(session, 0, 1.3f);
            await session.RunAsync(5.4);
            await session.SnapshotAsync("s");
            await session.SaveAsync("s", dir);
            await session.RunAsync(10);
            var first = Packed(await session.CollectAsync()).Where(e => SpikeEvent.Step(e) >= 104).ToArray();

            await Scale(session, 0, 0.2f);
            await Scale(session, 2, 2f);
            await session.RestoreAsync("s");
            Assert.Equal(set0, (await session.GetWeightsAsync(spec.Projections[0].Label)).Weight);
            Assert.Equal(built2, (await session.GetWeightsAsync(spec.Projections[2].Label)).Weight);
            await session.RunAsync(10);
            var again = Packed(await session.CollectAsync()).Where(e => SpikeEvent.Step(e) >= 104).ToArray();

            Assert.NotEmpty(first);
            Assert.Equal(first, again);
            Assert.Equal(Reference(spec, 2, 50, 204, (0, 1.3f)).Where(e => SpikeEvent.Step(e) >= 104), first);
            // The checkpoint of the same snapshot, resumed, goes on the same way.
            await using var resumed = await Session.BuildAsync(spec, Options(2) with { Resume = CheckpointFiles.Load(dir, spec).Checkpoint }).WaitAsync(Guard);
            await resumed.RunAsync(10);
            // The resumed session carries the recordings before the checkpoint too; the part after it must match.
            Assert.Equal(first, Packed(await resumed.CollectAsync()).Where(e => SpikeEvent.Step(e) >= 104));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ACheckpointWithWeightsSetOnTheCpuBackendResumesBesideABackendWithoutWeights()
    {
        var spec = TestNetworks.MixedBackends(durationMs: 60);
        var dir = Path.Combine(Path.GetTempPath(), $"session-weights-{Guid.NewGuid():N}");
        try
        {
            long[] expected;
            float[] set0;
            await using (var session = await Session.BuildAsync(spec, Options(2)).WaitAsync(Guard))
            {
                await session.RunAsync(10);
                set0 = await Scale(session, 0, 1.5f);
                await session.RunAsync(20.7);
                await session.CheckpointAsync(dir);
                await session.RunAsync(29.3);
                expected = Packed(await session.CollectAsync()).Where(e => SpikeEvent.Step(e) >= 307).ToArray();
            }
            Assert.Equal(Reference(spec, 2, 100, 600, (0, 1.5f)).Where(e => SpikeEvent.Step(e) >= 307), expected);

            var resume = CheckpointFiles.Load(dir, spec);
            await using var resumed = await Session.BuildAsync(spec, Options(5) with { Resume = resume.Checkpoint }).WaitAsync(Guard);
            Assert.Equal(set0, (await resumed.GetWeightsAsync(spec.Projections[0].Label)).Weight);
            await resumed.RunAsync(29.3);
            Assert.NotEmpty(expected);
            // The resumed session carries the recordings before the checkpoint too; the part after it must match.
            Assert.Equal(expected, Packed(await resumed.CollectAsync()).Where(e => SpikeEvent.Step(e) >= 307));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
