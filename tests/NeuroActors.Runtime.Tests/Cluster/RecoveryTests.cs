using NeuroActors.Runtime.Cluster;
using NeuroActors.Runtime.Sessions;

namespace NeuroActors.Runtime.Tests.Cluster;

/// <summary>
/// A worker lost during a cluster run: the run goes back to its last complete checkpoint (or its start) on the workers
/// that remain and ends with the spikes of an undisturbed run. In-process loopback nodes, lost by terminating their
/// ActorSystem (tests/NeuroActors.Cli.Tests kills real worker processes with SIGKILL).
/// </summary>
[Collection(LoopbackClusterCollection.Name)]
public class RecoveryTests
{
    private static readonly TimeSpan Join = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_worker_lost_after_a_checkpoint_is_replaced_by_the_others_from_that_checkpoint()
    {
        var spec = ClusterRunTests.Sliced(durationMs: 1200);
        var single = await SimulationRunner.RunAsync(new RunRequest(spec, 1));
        string dir = Path.Combine(Path.GetTempPath(), $"recovery-{Guid.NewGuid():N}");
        try
        {
            await using var cluster = new LoopbackCluster(workers: 3);
            var doomed = cluster.Workers[2];
            string doomedAddress = Akka.Cluster.Cluster.Get(doomed).SelfAddress.ToString();
            // The node goes once the checkpoint at 50 ms is complete (its manifest is written last).
            string first = Path.Combine(dir, RunDriver.PeriodicName(50));
            var checkpointed = new TaskCompletionSource();
            var progress = new Progress<RunProgress>(p =>
            {
                if (p.Phase == "simulate" && File.Exists(Path.Combine(first, Storage.Checkpoints.CheckpointManifest.FileName))) checkpointed.TrySetResult();
            });

            var run = ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec, 1, CheckpointEveryMs: 50, CheckpointDirectory: dir),
                nodes: 3, Join, "round-robin", progress);
            await ClusterRunTests.Started(checkpointed, run);
            await doomed.Terminate();
            var recovered = await run.WaitAsync(TimeSpan.FromSeconds(300));

            ClusterRunTests.AssertSameSpikes(single, recovered);
            Assert.Equal((single.Stats.Spikes, single.Stats.SynapticEvents), (recovered.Stats.Spikes, recovered.Stats.SynapticEvents));
            Assert.Equal((0.0, 1200.0), (recovered.Stats.StartMs, recovered.Stats.BiologicalMs));
            var recovery = Assert.Single(recovered.Stats.Recoveries!);
            Assert.Equal(doomedAddress, recovery.Node);
            Assert.NotNull(recovery.Checkpoint);
            Assert.True(recovery.RestartMs >= 50 && recovery.RestartMs % 50 == 0, $"restarted at {recovery.RestartMs} ms");
            Assert.True(recovery.LostAtMs >= recovery.RestartMs, $"lost at {recovery.LostAtMs} ms, restarted at {recovery.RestartMs} ms");
            Assert.Equal(2, recovery.Workers);
            // The run went on on the two nodes that remain.
            Assert.DoesNotContain(recovered.Stats.Communication!.Nodes, n => n.Node == doomedAddress);
            Assert.Equal(2, recovered.Stats.Communication!.Nodes.Count);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_worker_lost_before_any_checkpoint_starts_the_run_again_from_its_start()
    {
        // Long enough that the worker is gone before the run ends even on a fast, quiet machine (300 ms once ended first).
        var spec = ClusterRunTests.Sliced(durationMs: 2000);
        var single = await SimulationRunner.RunAsync(new RunRequest(spec, 1));
        await using var cluster = new LoopbackCluster(workers: 2);
        var doomed = cluster.Workers[1];
        var started = new TaskCompletionSource();
        var progress = new Progress<RunProgress>(p => { if (p.Phase == "simulate" && p.Step > 100) started.TrySetResult(); });

        var run = ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec, 1), nodes: 2, Join, "round-robin", progress);
        await ClusterRunTests.Started(started, run);
        await doomed.Terminate();
        var recovered = await run.WaitAsync(TimeSpan.FromSeconds(300));

        ClusterRunTests.AssertSameSpikes(single, recovered);
        var recovery = Assert.Single(recovered.Stats.Recoveries!);
        Assert.Null(recovery.Checkpoint);
        Assert.Equal(0, recovery.RestartMs);
        Assert.Equal(1, recovery.Workers);
        Assert.Contains("restarted from the run's start", recovery.Describe());
    }
}
