using System.Globalization;
using NeuroActors.Results;

namespace NeuroActors.Cli.Tests;

/// <summary>
/// A worker process killed with SIGKILL in the middle of a cluster run: the run goes back to its last complete
/// checkpoint on the workers left and ends with the spikes of a single-process run; the killed worker, started again,
/// takes part in the next run. Every node is a real <c>neuroactors</c> process on loopback.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public class RecoveryProcessTests
{
    private const string Model = """
        simulation: {name: recovery, dt: 0.1, duration: 3000, seed: 5, max_neurons_per_shard: 25}
        populations:
          - {name: input, size: 100, model: poisson_source, parameters: {rate: 15}}
          - {name: neurons, size: 100, model: iaf_psc_delta, parameters: {tau_m: 10, e_l: -70, v_th: -55, v_reset: -75, t_ref: 2}, initial: {v: -70}}
        projections:
          - {source: input, target: neurons, connector: {rule: fixed_probability, p: 0.1}, synapse: {receptor: excitatory, weight: 3, delay: 1}}
          - {source: neurons, target: neurons, connector: {rule: fixed_probability, p: 0.1}, synapse: {receptor: excitatory, weight: 2, delay: {uniform: [1, 2]}}}
        recorders:
          - {type: spikes, population: input}
          - {type: spikes, population: neurons}
        """;

    private static string Neuroactors(params string[] args) => string.Join(' ', args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a));

    [Fact]
    public async Task A_worker_killed_after_a_checkpoint_costs_the_run_nothing_but_time_and_may_join_the_next_run()
    {
        var model = Cli.ModelFile(Model);
        var local = Path.Combine(Cli.TempDir(), "local");
        var distributed = Path.Combine(Cli.TempDir(), "cluster");
        var checkpoints = Path.Combine(Cli.TempDir(), "checkpoints");
        Assert.Equal(0, Cli.Run("run", model, "--out", local, "-n", "1", "--no-plot", "--format", "csv").ExitCode);

        using var nodes = await LoopbackNodes.Start(3);
        var (first, second, third) = (nodes.Nodes[0], nodes.Nodes[1], nodes.Nodes[2]);
        string seed = nodes.Seed;
        int secondPort = nodes.Ports[1];
        using (var run = new NodeProcess(Neuroactors("run", model, "--out", distributed, "--no-plot", "--format", "csv", "--cluster", seed, "--nodes", "3",
            "--checkpoint-every", "100", "--checkpoint-dir", checkpoints, "--join-timeout", "60", "--insecure")))
        {
            // The worker goes once the first periodic checkpoint is complete: its manifest is written last.
            string manifest = Path.Combine(checkpoints, "checkpoint-100ms", "manifest.json");
            await run.FileWritten(manifest, TimeSpan.FromMinutes(5));
            await second.KillHard();

            int exit = await run.Exited(TimeSpan.FromMinutes(10));

            string output = run.Output;
            Assert.True(exit == 0, output + first.Output + third.Output);
            string lost = $"akka.tcp://neuroactors@127.0.0.1:{secondPort}";
            // Said while it happens, and in the summary at the end.
            Assert.Contains($"node {lost} was lost at window", output);
            Assert.Contains($"recovered: node {lost} lost at window", output);
            var summary = ResultsReader.Read(distributed).Summary;
            var recovery = Assert.Single(summary.Recoveries!);
            Assert.Equal(lost, recovery.Node);
            Assert.NotNull(recovery.Checkpoint);
            Assert.True(recovery.RestartMs >= 100, recovery.RestartMs.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(2, recovery.Workers);
            Assert.Equal((0.0, 3000.0), (summary.StartMs, summary.EndMs));
            Assert.DoesNotContain(summary.Communication!.Nodes, n => n.Node == lost);
        }
        // The very spike file of one process, byte for byte.
        Assert.Equal(File.ReadAllBytes(Path.Combine(local, "spikes.csv")), File.ReadAllBytes(Path.Combine(distributed, "spikes.csv")));

        // The killed worker, started again on its port, takes part in the next run.
        using var again = new NodeProcess($"node --seed {seed} --port {secondPort} --insecure");
        await again.Started();
        var next = Path.Combine(Cli.TempDir(), "next");
        using (var run = new NodeProcess(Neuroactors("run", model, "--out", next, "--no-plot", "--format", "csv", "--cluster", seed, "--nodes", "3",
            "--duration", "200", "--join-timeout", "120", "--insecure")))
        {
            int exit = await run.Exited(TimeSpan.FromMinutes(5));
            Assert.True(exit == 0, run.Output + first.Output + again.Output + third.Output);
            Assert.Contains(ResultsReader.Read(next).Summary.Communication!.Nodes, n => n.Node == $"akka.tcp://neuroactors@127.0.0.1:{secondPort}");
        }
    }
}
