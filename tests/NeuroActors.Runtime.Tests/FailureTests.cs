using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;

namespace NeuroActors.Runtime.Tests;

public class FailureTests
{
    [Fact]
    public async Task AShardThatFailsEndsTheRunWithItsReasonInsteadOfHanging()
    {
        var spec = TestNetworks.Mixed(durationMs: 20);
        var kernels = SequentialRunner.Run(new NetworkPlan(spec, 1), 50);
        var good = Checkpoint.From(spec, kernels.Select(k => k.Snapshot()));
        // Input pending far beyond any ring buffer cannot be restored: the shard throws while building.
        var corrupt = good with { Pending = good.Pending.Append(new PendingInput(0, 0, good.Step + 1_000_000, 1.0)).ToArray() };
        var run = SimulationRunner.RunAsync(new RunRequest(spec, 2, Resume: corrupt));
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(run, finished);
        // The shard refuses its part of the checkpoint with the reason, naming itself.
        var ex = await Assert.ThrowsAsync<Storage.Checkpoints.CheckpointException>(() => run);
        Assert.StartsWith("shard 0: ", ex.Message);
        Assert.Contains("outside this shard's ring buffer", ex.Message);
    }

    [Fact]
    public async Task AShardRefusesCheckpointWeightsOfASynapseItDoesNotHaveNamingThePartAndSection()
    {
        var spec = TestNetworks.Mixed(durationMs: 20);
        var plan = new NetworkPlan(spec, 1);
        var kernels = new[] { ShardBackends.Build(plan, 0) };
        TestNetworks.SetWeightsScaled(kernels, 5); // exc -> exc one to one: entry i is i -> i
        SequentialRunner.Run(kernels, 50);
        var good = Checkpoint.From(spec, kernels.Select(k => k.Snapshot()));
        var block = Assert.Single(good.Weights);
        var corrupt = good with { Weights = [block with { Source = [block.Source[0], 0, .. block.Source[2..]] }] };
        var run = SimulationRunner.RunAsync(new RunRequest(spec, 2, Resume: corrupt));
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(run, finished);
        var ex = await Assert.ThrowsAsync<Storage.Checkpoints.CheckpointException>(() => run);
        Assert.Equal("shard 0: part-0.bin section 'plastic': projection 5 (exc->exc): has no synapse 0 -> 1 (multapse 0)", ex.Message);
    }

    [Fact]
    public async Task CancellationStopsARun()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var run = SimulationRunner.RunAsync(new RunRequest(TestNetworks.Mixed(durationMs: 100_000), 2), cancellation: cts.Token);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(run, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
