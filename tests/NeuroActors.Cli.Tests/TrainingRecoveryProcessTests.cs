namespace NeuroActors.Cli.Tests;

/// <summary>
/// A worker process killed with SIGKILL in the middle of a training run on three worker processes: the coordinator sends
/// the epoch back to its checkpoint on the two workers left, and the run ends with the weights of training in one process.
/// Every node is a real <c>neuroactors</c> process on loopback.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public class TrainingRecoveryProcessTests
{
    // The small Randman run, long enough for a worker to be lost in the middle of it.
    private static readonly string Config = TrainCommandTests.Small.Replace("epochs: 3,", "epochs: 60,", StringComparison.Ordinal);

    [Fact]
    public async Task A_worker_killed_mid_run_costs_the_training_nothing_but_time()
    {
        var config = TrainCommandTests.SmallConfig(Config);
        string local = Path.Combine(Cli.TempDir(), "local"), distributed = Path.Combine(Cli.TempDir(), "cluster");
        Assert.Equal(0, Cli.Run("train", config, "--out", local, "--workers", "1", "--simulate", "0", "--no-plot").ExitCode);

        using var nodes = await LoopbackNodes.Start(3);
        var (first, second, third) = (nodes.Nodes[0], nodes.Nodes[1], nodes.Nodes[2]);
        string seed = nodes.Seed;
        int secondPort = nodes.Ports[1];
        using var run = new NodeProcess($"train {config} --out {distributed} --simulate 0 --no-plot --cluster {seed} --nodes 3 --join-timeout 60 --insecure");

        // The worker goes once the second epoch's checkpoint is on disk: the run is then in its third epoch or later.
        string checkpoint = Path.Combine(distributed, "checkpoints", "epoch-0002", "training-checkpoint.bin");
        await run.FileWritten(checkpoint, TimeSpan.FromMinutes(5));
        await second.KillHard();

        int exit = await run.Exited(TimeSpan.FromMinutes(10));
        Assert.True(exit == 0, run.Output + first.Output + third.Output);
        Assert.Contains($"worker akka.tcp://neuroactors@127.0.0.1:{secondPort} lost in epoch", run.Output);
        Assert.Contains("the epoch starts again from its checkpoint on 2 workers", run.Output);
        foreach (var tensor in new[] { "layer1.weight", "layer1.bias", "readout.weight", "readout.bias" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(local, "weights", tensor + ".npy")), File.ReadAllBytes(Path.Combine(distributed, "weights", tensor + ".npy")));
    }
}
