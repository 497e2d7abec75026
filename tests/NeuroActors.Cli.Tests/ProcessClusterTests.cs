using NeuroActors.Results;

namespace NeuroActors.Cli.Tests;

/// <summary>
/// Process cluster tests run alone: each starts several processes, and another test's load on the same two cores would
/// only make their heartbeats late.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessClusterCollection
{
    public const string Name = "process cluster";
}

/// <summary>Worker nodes as real operating-system processes started with <c>neuroactors node</c>, on loopback.</summary>
[Collection(ProcessClusterCollection.Name)]
public class ProcessClusterTests
{
    [Fact]
    public async Task A_run_on_two_worker_processes_gives_the_spikes_of_a_local_run()
    {
        var model = Cli.ModelFile("""
            simulation: {name: intro-sliced, dt: 0.1, duration: 200, seed: 1, max_neurons_per_shard: 25}
            populations:
              - {name: input, size: 100, model: poisson_source, parameters: {rate: 15}}
              - {name: neurons, size: 100, model: iaf_psc_delta, parameters: {tau_m: 10, e_l: -70, v_th: -55, v_reset: -75, t_ref: 0}, initial: {v: -70}}
            projections:
              - {source: input, target: neurons, connector: {rule: fixed_probability, p: 0.1}, synapse: {receptor: excitatory, weight: 3, delay: 0.5}}
              - {source: neurons, target: neurons, connector: {rule: fixed_probability, p: 0.1}, synapse: {receptor: excitatory, weight: 2, delay: {uniform: [0.5, 2]}}}
            recorders:
              - {type: spikes, population: input}
              - {type: spikes, population: neurons}
            """);
        int seedPort = NodeProcess.FreePort(), otherPort = NodeProcess.FreePort();
        // The seed node and the coordinator take their settings from a cluster file, the other node from options.
        var settings = Path.Combine(Cli.TempDir(), "cluster.yaml");
        File.WriteAllText(settings, $"seed: 127.0.0.1:{seedPort}\nhostname: 127.0.0.1\nport: {seedPort}\ntelemetry: none\n");
        using var seed = new NodeProcess($"node --config \"{settings}\" --insecure");
        using var other = new NodeProcess($"node --seed 127.0.0.1:{seedPort} --port {otherPort} --insecure");
        await Task.WhenAll(seed.Started(), other.Started());
        var local = Path.Combine(Cli.TempDir(), "local");
        var distributed = Path.Combine(Cli.TempDir(), "cluster");

        Assert.Equal(0, Cli.Run("run", model, "--out", local, "-n", "1", "--no-plot").ExitCode);
        var outcome = Cli.Run("run", model, "--out", distributed, "--no-plot", "--cluster-config", settings, "--nodes", "2", "--join-timeout", "60", "--insecure");

        Assert.True(outcome.ExitCode == 0, outcome.Error + seed.Output + other.Output);
        Assert.Contains("between nodes", outcome.Output);
        // Windows of 5 steps: a cluster run sends each in parts by default.
        Assert.Contains("(each window sent in 2 parts)", outcome.Output);
        var a = ResultsReader.Read(local);
        var b = ResultsReader.Read(distributed);
        Assert.Equal(8, b.Summary.Shards);
        Assert.Equal(a.Spikes.Select(p => p.NeuronIds), b.Spikes.Select(p => p.NeuronIds));
        Assert.Equal(a.Spikes.Select(p => p.TimesMs), b.Spikes.Select(p => p.TimesMs));
        Assert.Equal(new[] { seedPort, otherPort }.Order().Select(p => $"akka.tcp://neuroactors@127.0.0.1:{p}"),
            b.Summary.Communication!.Nodes.Select(n => n.Node).Order());
    }

    // Two processes in all: the run's own process is a worker too, and every process holds one shard.
    [Fact]
    public async Task A_run_that_hosts_shards_itself_needs_one_worker_process_fewer_and_gives_the_same_spikes()
    {
        var model = Cli.ModelFile("""
            simulation: {name: two-processes, dt: 0.1, duration: 200, seed: 4, max_neurons_per_shard: 25}
            populations:
              - {name: input, size: 100, model: poisson_source, parameters: {rate: 15}}
              - {name: neurons, size: 100, model: iaf_psc_delta, parameters: {tau_m: 10, e_l: -70, v_th: -55, v_reset: -75, t_ref: 0}, initial: {v: -70}}
            projections:
              - {source: input, target: neurons, connector: {rule: fixed_probability, p: 0.1}, synapse: {receptor: excitatory, weight: 3, delay: 1}}
              - {source: neurons, target: neurons, connector: {rule: fixed_probability, p: 0.1}, synapse: {receptor: excitatory, weight: 2, delay: {uniform: [1, 2]}}}
            recorders:
              - {type: spikes, population: input}
              - {type: spikes, population: neurons}
            """);
        int workerPort = NodeProcess.FreePort(), runPort = NodeProcess.FreePort();
        using var worker = new NodeProcess($"node --seed 127.0.0.1:{workerPort} --port {workerPort} --insecure");
        await worker.Started();
        var local = Path.Combine(Cli.TempDir(), "local");
        var distributed = Path.Combine(Cli.TempDir(), "cluster");

        Assert.Equal(0, Cli.Run("run", model, "--out", local, "-n", "2", "--no-plot").ExitCode);
        var outcome = Cli.Run("run", model, "--out", distributed, "--no-plot", "--cluster", $"127.0.0.1:{workerPort}", "--nodes", "2",
            "--host-shards", "--shards-per-node", "1", "--port", runPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--join-timeout", "60",
            "--packets-per-window", "3", "--insecure");

        Assert.True(outcome.ExitCode == 0, outcome.Error + worker.Output);
        Assert.Contains("this process is one of them", outcome.Output);
        Assert.Contains("(each window sent in 3 parts)", outcome.Output);
        var a = ResultsReader.Read(local);
        var b = ResultsReader.Read(distributed);
        Assert.Equal(2, b.Summary.Shards);
        Assert.Equal(a.Spikes.Select(p => p.NeuronIds), b.Spikes.Select(p => p.NeuronIds));
        Assert.Equal(a.Spikes.Select(p => p.TimesMs), b.Spikes.Select(p => p.TimesMs));
        var nodes = b.Summary.Communication!.Nodes;
        Assert.Equal(new[] { workerPort, runPort }.Order().Select(p => $"akka.tcp://neuroactors@127.0.0.1:{p}"), nodes.Select(n => n.Node).Order());
        Assert.All(nodes, n => Assert.Equal(1, n.Shards));
    }

    [Fact]
    public async Task A_node_stopped_by_sigterm_leaves_the_cluster_and_exits_cleanly()
    {
        int port = NodeProcess.FreePort();
        using var node = new NodeProcess($"node --seed 127.0.0.1:{port} --port {port} --insecure");
        await node.Started();

        int exitCode = await node.Terminate();

        Assert.Equal(0, exitCode);
        Assert.Contains($"node akka.tcp://neuroactors@127.0.0.1:{port} stopped", node.Output);
    }

    [Fact]
    public void A_run_without_workers_times_out_with_one_line()
    {
        int seedPort = NodeProcess.FreePort();

        var outcome = Cli.Run("run", Cli.Config("intro.yaml"), "--out", Path.Combine(Cli.TempDir(), "o"), "--cluster", $"127.0.0.1:{seedPort}", "--join-timeout", "3",
            "--tls-cert", TestCertificates.Write(), "--tls-password", TestCertificates.Password);

        Cli.AssertUserError(outcome, "--cluster: could not join the cluster within 3 s");
        Assert.Single(outcome.ErrorLines);
    }
    [Fact]
    public async Task A_model_too_large_for_its_workers_is_refused_before_anything_is_built()
    {
        // About 25 million synapses (some 200 MB by the model's estimate) for one worker whose heap is capped at 96 MiB.
        var model = Cli.ModelFile("""
            simulation: {name: too-large, dt: 0.1, duration: 10, seed: 1}
            populations:
              - {name: a, size: 5000, model: iaf_psc_delta, parameters: {tau_m: 10}}
              - {name: b, size: 5000, model: iaf_psc_delta, parameters: {tau_m: 10}}
            projections:
              - {source: a, target: b, connector: {rule: all_to_all}, synapse: {receptor: excitatory, weight: 0.1, delay: 1}}
            """);
        int port = NodeProcess.FreePort();
        using var worker = new NodeProcess($"node --seed 127.0.0.1:{port} --port {port} --insecure",
            new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x6000000" });
        await worker.Started();

        var outcome = Cli.Run("run", model, "--out", Path.Combine(Cli.TempDir(), "o"), "--no-plot", "--cluster", $"127.0.0.1:{port}",
            "--nodes", "1", "--join-timeout", "60", "--insecure");

        Assert.True(outcome.ExitCode != 0, outcome.Output + worker.Output);
        // One line besides the warning that --insecure prints.
        var line = Assert.Single(outcome.ErrorLines, l => !l.StartsWith("warning: --insecure"));
        Assert.Contains("estimated from the model before anything is built", line);
        Assert.Contains($"node akka.tcp://neuroactors@127.0.0.1:{port} would need about", line);
        Assert.Contains("more worker", line);
        Assert.False(worker.HasExited, "the worker should survive a refused run: " + worker.Output);
    }
    [Fact]
    public async Task Training_on_two_worker_processes_gives_the_weights_of_training_in_one_process()
    {
        var config = Path.Combine(Cli.TempDir(), "train.yaml");
        File.WriteAllText(config, """
            dataset:
              randman: {classes: 3, units: 12, steps: 20, samples_per_class: 30}
              seed: 2
            network:
              layers:
                - {size: 12, beta: 0.9}
              readout: {size: 3, beta: 0.9}
            optimizer: {kind: adam, lr: 0.01}
            training: {batch_size: 12, epochs: 2, chunk_size: 4, seed: 7, name: small-cluster}
            """);
        int seedPort = NodeProcess.FreePort(), otherPort = NodeProcess.FreePort();
        using var seed = new NodeProcess($"node --seed 127.0.0.1:{seedPort} --port {seedPort} --insecure");
        using var other = new NodeProcess($"node --seed 127.0.0.1:{seedPort} --port {otherPort} --insecure");
        await Task.WhenAll(seed.Started(), other.Started());
        string local = Path.Combine(Cli.TempDir(), "local"), distributed = Path.Combine(Cli.TempDir(), "cluster");

        Assert.Equal(0, Cli.Run("train", config, "--out", local, "--workers", "1", "--simulate", "0", "--no-plot").ExitCode);
        var outcome = Cli.Run("train", config, "--out", distributed, "--simulate", "0", "--no-plot", "--cluster", $"127.0.0.1:{seedPort}",
            "--nodes", "2", "--join-timeout", "60", "--insecure");

        Assert.True(outcome.ExitCode == 0, outcome.Error + seed.Output + other.Output);
        Assert.Contains("2 worker nodes", outcome.Output);
        foreach (var tensor in new[] { "layer1.weight", "layer1.bias", "readout.weight", "readout.bias" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(local, "weights", tensor + ".npy")), File.ReadAllBytes(Path.Combine(distributed, "weights", tensor + ".npy")));

        // The training process itself as the third worker.
        string hosting = Path.Combine(Cli.TempDir(), "hosting");
        outcome = Cli.Run("train", config, "--out", hosting, "--simulate", "0", "--no-plot", "--cluster", $"127.0.0.1:{seedPort}",
            "--nodes", "3", "--host-worker", "--join-timeout", "60", "--insecure");
        Assert.True(outcome.ExitCode == 0, outcome.Error + seed.Output + other.Output);
        Assert.Contains("3 worker nodes via", outcome.Output);
        Assert.Contains("(this process is one of them)", outcome.Output);
        foreach (var tensor in new[] { "layer1.weight", "layer1.bias", "readout.weight", "readout.bias" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(local, "weights", tensor + ".npy")), File.ReadAllBytes(Path.Combine(hosting, "weights", tensor + ".npy")));
    }
}
