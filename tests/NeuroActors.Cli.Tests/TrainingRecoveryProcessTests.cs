namespace NeuroActors.Cli.Tests;

/// <summary>
/// A worker process killed with SIGKILL in the middle of a training run on three worker processes: the coordinator sends
/// the epoch back to its checkpoint on the two workers left, and the run ends with the weights of training in one process.
/// Every node is a real <c>neuroactors</c> process on loopback.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public class TrainingRecoveryProcessTests
{
    private const string Config = """
        dataset:
          randman: {classes: 3, units: 12, steps: 20, samples_per_class: 40}
          seed: 3
        network:
          layers:
            - {size: 16, beta: 0.9}
          readout: {size: 3, beta: 0.9}
        optimizer: {kind: adam, lr: 0.01}
        training: {batch_size: 12, epochs: 60, chunk_size: 4, seed: 11, name: killed-worker}
        """;

    [Fact]
    public async Task A_worker_killed_mid_run_costs_the_training_nothing_but_time()
    {
        var config = Path.Combine(Cli.TempDir(), "train.yaml");
        File.WriteAllText(config, Config);
        string local = Path.Combine(Cli.TempDir(), "local"), distributed = Path.Combine(Cli.TempDir(), "cluster");
        Assert.Equal(0, Cli.Run("train", config, "--out", local, "--workers", "1", "--simulate", "0", "--no-plot").ExitCode);

        int seedPort = NodeProcess.FreePort(), secondPort = NodeProcess.FreePort(), thirdPort = NodeProcess.FreePort();
        string seed = $"127.0.0.1:{seedPort}";
        using var first = new NodeProcess($"node --seed {seed} --port {seedPort} --insecure");
        using var second = new NodeProcess($"node --seed {seed} --port {secondPort} --insecure");
        using var third = new NodeProcess($"node --seed {seed} --port {thirdPort} --insecure");
        await Task.WhenAll(first.Started(), second.Started(), third.Started());
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
