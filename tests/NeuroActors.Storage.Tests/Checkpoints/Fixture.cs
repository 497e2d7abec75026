using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;
using NeuroActors.Model;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Storage.Tests.Checkpoints;

/// <summary>Runs, checkpoints and temporary directories shared by the checkpoint tests.</summary>
internal static class Fixture
{
    public static readonly NetworkSpec Spec = TestNetworks.Mixed(durationMs: 200);
    public static readonly CheckpointLayout Layout = CheckpointLayout.Of(Spec);

    /// <summary>Spikes of the uninterrupted run, the reference every resumed run must equal.</summary>
    public static readonly Lazy<long[]> Reference = new(() => TestNetworks.Spikes(TestNetworks.Run(Spec, 2)));

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ckpt-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void Delete(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        else if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>Runs <paramref name="shards"/> shards to <paramref name="step"/>.</summary>
    public static IReadOnlyList<IShardBackend> RunTo(int step, int shards) => SequentialRunner.Run(new NetworkPlan(Spec, shards), step);

    /// <summary>A format-2 checkpoint of <paramref name="kernels"/> written into a new directory.</summary>
    public static string Save(IReadOnlyList<IShardBackend> kernels, System.Text.Json.Nodes.JsonObject? session = null)
    {
        var dir = Path.Combine(TempDir(), "checkpoint");
        CheckpointStore.Save(dir, Layout, kernels.Select(k => k.Snapshot()).ToArray(), session);
        return dir;
    }

    /// <summary>
    /// Runs a plan to the end after restoring every shard through <paramref name="restore"/>, the way
    /// SequentialRunner does, so per-shard restores can be tested.
    /// </summary>
    public static IReadOnlyList<IShardBackend> RunRestored(NetworkPlan plan, long endStep, Action<IShardBackend> restore)
    {
        var kernels = Enumerable.Range(0, plan.Shards).Select(k => ShardBackends.Build(plan, k)).ToArray();
        foreach (var k in kernels) restore(k);
        var shards = kernels.Select(k => new WindowedShard(k, endStep)).ToArray();
        void Send(int to, SpikePacket p) => shards[to].Accept(p);
        foreach (var s in shards) s.Start(Send);
        while (shards.Any(s => !s.Finished))
        {
            bool progressed = false;
            foreach (var s in shards) progressed |= s.TryAdvance(Send);
            Assert.True(progressed, "deadlock after restore");
        }
        return kernels;
    }

    /// <summary>The exception, asserted to be one line.</summary>
    public static CheckpointException Refused(Action action)
    {
        var ex = Assert.Throws<CheckpointException>(action);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain('\r', ex.Message);
        return ex;
    }
}
