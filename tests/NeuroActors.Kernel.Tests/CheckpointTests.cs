using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;

namespace NeuroActors.Kernel.Tests;

public class CheckpointTests
{
    [Theory]
    [InlineData(1000, 2, 2)]   // checkpoint on a window boundary (window = 1 ms = 10 steps)
    [InlineData(1003, 3, 2)]   // mid-window, resumed with another shard count
    public void ResumedRunEqualsUninterruptedRun(int checkpointStep, int shardsBefore, int shardsAfter)
    {
        var spec = TestNetworks.Mixed(durationMs: 200);
        var full = TestNetworks.Spikes(TestNetworks.Run(spec, 2));

        var first = SequentialRunner.Run(new NetworkPlan(spec, shardsBefore), checkpointStep);
        var checkpoint = Checkpoint.From(spec, first.Select(k => k.Snapshot()));
        var path = Path.Combine(Path.GetTempPath(), $"ckpt-{Guid.NewGuid():N}.bin");
        try
        {
            checkpoint.Save(path);
            var loaded = Checkpoint.Load(path);
            var second = SequentialRunner.Run(new NetworkPlan(spec, shardsAfter), spec.Simulation.Steps, loaded);
            var joined = TestNetworks.Spikes(first.Concat(second));
            Assert.Equal(full, joined);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ACheckpointOfAnotherModelIsRefused()
    {
        var spec = TestNetworks.Mixed(durationMs: 20);
        var kernels = SequentialRunner.Run(new NetworkPlan(spec, 1), 50);
        var checkpoint = Checkpoint.From(spec, kernels.Select(k => k.Snapshot()));
        var other = TestNetworks.Mixed(durationMs: 20, seed: 8);
        var ex = Assert.Throws<InvalidOperationException>(() => checkpoint.RestoreInto(new ShardKernel(new NetworkPlan(other, 1), 0)));
        Assert.Contains("different model or seed", ex.Message);
    }

    [Fact]
    public void ATruncatedCheckpointFileIsRejected()
    {
        var spec = TestNetworks.Mixed(durationMs: 20);
        var kernels = SequentialRunner.Run(new NetworkPlan(spec, 1), 50);
        var path = Path.Combine(Path.GetTempPath(), $"ckpt-{Guid.NewGuid():N}.bin");
        try
        {
            Checkpoint.From(spec, kernels.Select(k => k.Snapshot())).Save(path);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
            Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
