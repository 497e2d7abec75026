using System.CommandLine;
using System.Numerics;
using Spectre.Console;
using NeuroActors.Results.Training;
using NeuroActors.Runtime.Cluster;
using NeuroActors.Runtime.Sessions;
using NeuroActors.Runtime.Training;
using NeuroActors.Storage.Checkpoints;
using NeuroActors.Training;

namespace NeuroActors.Cli;

/// <summary>
/// <c>neuroactors train CONFIG</c>: trains a spiking network with surrogate gradients (docs/training.md), in this process
/// or on a cluster, and writes metrics, plots, the trained weights and the network exported for the simulator.
/// </summary>
public static class TrainCommand
{
    /// <summary>Test samples run through the simulator after training when the user does not say.</summary>
    public const int DefaultSimulatedSamples = 100;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext cli)
    {
        var config = new Argument<string>("config") { Description = "Training config (YAML), e.g. configs/train-randman.yaml." };
        var outDir = new Option<string?>("--out", "-o") { Description = "Results directory (default: results/<name>); with --gradients-of, the JSON file to write." };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs of the run, counted from its start (default: the config's)." };
        var resume = new Option<string?>("--resume") { Description = "Continue from a checkpoint: a results or checkpoints directory, or a checkpoint file." };
        var workers = new Option<int>("--workers") { Description = "Workers in this process, each on its own thread (the result does not depend on it).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var gradientsOf = new Option<string?>("--gradients-of")
        {
            Description = "Write the forward pass, the loss and every gradient of one batch as JSON instead of training: a JSON file " +
                "{\"inputs\": {\"shape\": [B, T, N], \"values\": [...]}, \"labels\": [...]} or a directory holding inputs.npy and labels.npy.",
        };
        var simulate = new Option<int>("--simulate")
        {
            Description = "Test samples to run through the simulator after training, to measure the exported network's accuracy (0: none).",
            DefaultValueFactory = _ => DefaultSimulatedSamples,
        };
        var noPlot = new Option<bool>("--no-plot") { Description = "Write no PNG plots." };
        var cluster = new Option<string?>("--cluster") { Description = "Train on a cluster: a seed node's host:port (see 'neuroactors node')." };
        var nodes = new Option<int>("--nodes") { Description = "With --cluster: the number of worker nodes to wait for and use (one training worker each).", DefaultValueFactory = _ => 1 };
        var hostWorker = new Option<bool>("--host-worker")
        {
            Description = "With --cluster: this process hosts a training worker too and counts as one of the --nodes (K nodes then take K processes).",
        };
        var joinTimeout = new Option<double>("--join-timeout") { Description = "With --cluster: seconds to wait for the workers.", DefaultValueFactory = _ => 60 };
        var hostname = ClusterOptions.Hostname();
        var port = ClusterOptions.Port(defaultPort: 0);
        var tlsCert = ClusterOptions.TlsCert();
        var tlsPassword = ClusterOptions.TlsPassword();
        var insecure = ClusterOptions.Insecure();
        var command = new Command("train", "Train a spiking network with surrogate gradients (BPTT), in this process or on a cluster.")
        {
            config, outDir, epochs, resume, workers, gradientsOf, simulate, noPlot, cluster, nodes, hostWorker, joinTimeout, hostname, port, tlsCert, tlsPassword, insecure,
        };
        command.SetAction((parse, cancellation) =>
        {
            if (parse.GetValue(cluster) is null)
            {
                // Options that only shape a cluster run must not be silently ignored in one process.
                foreach (var only in new Option[] { nodes, hostWorker, joinTimeout, tlsCert, tlsPassword, insecure })
                    if (parse.GetResult(only) is { Implicit: false })
                        return Task.FromResult(cli.Fail($"{only.Name}: applies only to a cluster run (--cluster)"));
            }
            var a = new TrainArguments(parse.GetValue(config)!, parse.GetValue(outDir), parse.GetValue(epochs), parse.GetValue(resume),
                parse.GetValue(workers), parse.GetValue(gradientsOf), parse.GetValue(simulate), !parse.GetValue(noPlot),
                parse.GetValue(cluster) is { } seed
                    ? new ClusterTarget(seed, parse.GetValue(nodes), parse.GetValue(hostWorker), parse.GetValue(joinTimeout), parse.GetValue(hostname)!, parse.GetValue(port),
                        ClusterOptions.CertificatePath(parse, tlsCert, insecure), parse.GetValue(tlsPassword), parse.GetValue(insecure))
                    : null);
            return Execute(cli, a, cancellation);
        });
        return command;
    }

    private sealed record ClusterTarget(string Seed, int Nodes, bool HostWorker, double JoinTimeoutSeconds, string Hostname, int Port, string? TlsCert, string? TlsPassword, bool Insecure);

    private sealed record TrainArguments(string Config, string? Out, int? Epochs, string? Resume, int Workers, string? GradientsOf, int Simulate,
        bool Plot, ClusterTarget? Cluster);

    private static async Task<int> Execute(CliContext cli, TrainArguments a, CancellationToken cancellation)
    {
        if (Directory.Exists(a.Config)) return cli.Fail($"training config '{a.Config}' is a directory; give the config's YAML file");
        if (!File.Exists(a.Config)) return cli.Fail($"training config '{a.Config}' does not exist");
        if (a.Epochs is < 0) return cli.Fail($"--epochs: got {a.Epochs}; use a whole number of at least 0");
        if (a.Workers < 1) return cli.Fail($"--workers: got {a.Workers}; use a whole number of at least 1");
        if (a.Simulate < 0) return cli.Fail($"--simulate: got {a.Simulate}; use a whole number of at least 0 (0 runs no sample through the simulator)");
        if (a.Cluster is { Nodes: < 1 } c) return cli.Fail($"--nodes: got {c.Nodes}; use a whole number of at least 1");
        if (a.Cluster is { JoinTimeoutSeconds: not > 0 } t) return cli.Fail($"--join-timeout: got {t.JoinTimeoutSeconds}; use a positive number of seconds");
        var (spec, errors) = TrainingConfigLoader.Load(a.Config);
        if (spec is null)
            return cli.Fail(errors.Select(e => $"{a.Config}: {e}").Concat(errors.More > 0 ? [NeuroActors.Model.ModelErrors.MoreLine(errors.More)] : []).ToArray());
        try
        {
            return spec.Network.Precision == Precision.Float64
                ? await Execute<double>(cli, a, spec, cancellation)
                : await Execute<float>(cli, a, spec, cancellation);
        }
        catch (Exception ex) when (ex is DatasetException or InvalidDataException or CheckpointException or TrainingRunException)
        {
            return cli.Fail(ex.Message);
        }
        catch (ClusterRunException ex)
        {
            return cli.Fail($"--cluster: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return cli.Fail($"cannot write the results: {ex.Message}");
        }
    }

    private static async Task<int> Execute<T>(CliContext cli, TrainArguments a, TrainingSpec spec, CancellationToken cancellation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(a.Config))!;
        if (a.GradientsOf is { } batchPath)
        {
            if (a.Out is null) return cli.Fail("--gradients-of: give the JSON file to write with --out");
            var batch = TrainingBatchFile.Read(batchPath, spec);
            var parameters = TrainingComponentsFor<T>.Initial(spec);
            var report = GradientReport.Compute(spec.Network, parameters, batch);
            using (var file = File.Create(a.Out)) report.WriteJson(file);
            cli.Console.WriteLine($"{spec.Name}: loss {report.Loss:G6} (mean over {report.Samples} samples), gradients of " +
                $"{report.Gradients.Count} tensors written to {a.Out}");
            return 0;
        }

        string outDir = Path.GetFullPath(a.Out ?? Path.Combine("results", spec.Name));
        Directory.CreateDirectory(outDir);
        var layers = Enumerable.Range(1, spec.Network.Hidden.Count).Select(TrainedNetworkExport.LayerPopulation).ToArray();
        var earlier = a.Resume is null ? null : PreviousMetrics<T>(outDir, a.Resume, spec);
        int workerCount = a.Cluster?.Nodes ?? a.Workers;
        var metrics = new TrainingMetricsWriter(outDir, new TrainingRunInfo(spec.Name, Path.GetFullPath(a.Config),
            spec.Network.Precision == Precision.Float64 ? "float64" : "float32", workerCount, spec.Seed, layers), earlier);
        int epochs = a.Epochs ?? spec.Epochs;
        cli.Console.WriteLine($"{spec.Name}: {spec.Network.Inputs}-{string.Join("-", spec.Network.Hidden.Select(h => h.Size))}" +
            (spec.Network.Readout is { } r ? $"-{r.Size}" : "") + $" network, {epochs} epochs of batches of {spec.BatchSize} in chunks of {spec.ChunkSize}, " +
            (a.Cluster is null ? $"{a.Workers} worker{(a.Workers == 1 ? "" : "s")} in this process" : $"{a.Cluster.Nodes} worker node{(a.Cluster.Nodes == 1 ? "" : "s")} via {a.Cluster.Seed}" +
                (a.Cluster.HostWorker ? " (this process is one of them)" : "")));

        var listener = new TrainingProgress(cli, metrics, outDir, a.Plot);
        var options = new TrainingRunOptions
        {
            Workers = a.Workers,
            Nodes = a.Cluster?.Nodes ?? 1,
            JoinTimeout = TimeSpan.FromSeconds(a.Cluster?.JoinTimeoutSeconds ?? 60),
            BaseDirectory = baseDirectory,
            CheckpointDirectory = Path.Combine(outDir, "checkpoints"),
            ResumeFrom = a.Resume,
            Epochs = a.Epochs,
            Listener = listener,
            Config = RunCommand.QuietAkka,
        };
        // The dataset is made once: the run's workers in this process and the results afterwards share it.
        var data = new Lazy<(SampleSet Train, SampleSet Test)>(() => DatasetLoader.Load(spec.Dataset, baseDirectory));
        var components = TrainingComponentsFor<T>.Create(spec, baseDirectory) with { Data = _ => data.Value };
        TrainingResult<T> result;
        if (a.Cluster is { } target)
        {
            if (!ClusterOptions.TryParseSeeds(cli, target.Seed, out var seeds)) return CliApp.UserError;
            if (!ClusterOptions.TryLoadTls(cli, target.TlsCert, target.TlsPassword, target.Insecure, out var tls)) return CliApp.UserError;
            var system = CliNode.Start(new ClusterSettings(target.Hostname, target.Port, seeds, ClusterSettings.CoordinatorRole, target.HostWorker, tls),
                extra: RunCommand.QuietAkka);
            try
            {
                result = await TrainingRun.RunAsync(spec, options with { Cluster = system }, components, cancellation);
            }
            finally
            {
                await Akka.Actor.CoordinatedShutdown.Get(system).Run(Akka.Actor.CoordinatedShutdown.ClrExitReason.Instance);
            }
        }
        else
        {
            result = await TrainingRun.RunAsync(spec, options, components, cancellation);
        }

        await WriteOutcome(cli, a, spec, result, outDir, data.Value.Test, cancellation);
        return 0;
    }

    // A resumed run continues the curve of the run it resumes, up to the checkpoint's epoch.
    private static IReadOnlyList<EpochMetrics>? PreviousMetrics<T>(string outDir, string resume, TrainingSpec spec) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string path = Path.Combine(outDir, TrainingMetrics.JsonFileName);
        if (!File.Exists(path)) return null;
        int epochs = TrainingCheckpointFiles.Read<T>(resume, spec).Epochs;
        return TrainingMetrics.Read(path).Through(epochs);
    }

    // After the last epoch: the confusion matrix, one test sample's hidden spikes, the weights, and the network exported
    // for the simulator with its accuracy measured there beside the engine's on the same samples.
    private static async Task WriteOutcome<T>(CliContext cli, TrainArguments a, TrainingSpec spec, TrainingResult<T> result, string outDir,
        SampleSet test, CancellationToken cancellation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = result.Parameters.Tensors.Select(t => new TrainedTensor<T>(t.Name, t.Shape, t.Values)).ToList();
        TrainedWeightsWriter.Write(outDir, tensors);
        if (test.Count == 0)
        {
            cli.Console.WriteLine($"results: {outDir} (no test set: nothing exported to the simulator)");
            return;
        }
        var confusion = ConfusionMatrix.From(result.TestLabels, result.TestPredictions, test.Classes);
        var engine = new GradientEngine<T>(spec.Network);
        var sample = engine.Forward(result.Parameters, test, 0);
        if (a.Plot)
        {
            TrainingPlots.Confusion(confusion, Path.Combine(outDir, TrainingPlots.ConfusionFileName));
            TrainingPlots.HiddenRaster(HiddenSpikes(spec.Network, sample), sample.Steps, Path.Combine(outDir, TrainingPlots.HiddenRasterFileName));
        }
        cli.Console.WriteLine($"test accuracy {confusion.Accuracy:P1} ({confusion.Correct} of {confusion.Total})");

        var exported = TrainedNetworkExport.Write(Path.Combine(outDir, "model"), spec, result.Parameters, test);
        if (a.Simulate > 0)
        {
            int n = Math.Min(a.Simulate, test.Count);
            var trials = TrainedNetworkExport.Trials(test, n);
            var predictions = new int[n];
            engine.Evaluate(result.Parameters, test, Enumerable.Range(0, n).ToArray(), predictions);
            int engineCorrect = Enumerable.Range(0, n).Count(i => predictions[i] == test.Labels[i]);
            var simulated = await SimulatedAccuracy.MeasureAsync(exported.Spec, exported.Readout, trials,
                new SessionOptions { Shards = Math.Min(Environment.ProcessorCount, 2) }, cancellation);
            int agree = Enumerable.Range(0, n).Count(i => predictions[i] == simulated.Predicted[i]);
            cli.Console.WriteLine($"simulator: {simulated.Correct} of {n} test samples right ({(double)simulated.Correct / n:P1}); the engine " +
                $"{engineCorrect} of {n} ({(double)engineCorrect / n:P1}); the same class for {agree} of {n}");
            var (loihi, refusal) = await MeasureOnLoihi(exported, trials, simulated, cancellation);
            if (loihi is { } l)
                cli.Console.WriteLine($"Loihi (quantised, {exported.LoihiModelPath}): {l.Correct} of {n} test samples right ({(double)l.Correct / n:P1}); " +
                    $"the float simulator's class for {l.SameAsFloat} of {n}");
            else
                cli.Console.WriteLine($"Loihi: not run: {refusal}");
            ExportReport.Write(Path.Combine(outDir, "model", "accuracy.json"), n, engineCorrect, simulated.Correct, agree, loihi, refusal);
        }
        else if (exported.LoihiModelPath is null)
        {
            cli.Console.WriteLine($"Loihi: no variant exported: {exported.LoihiRefusal}");
        }
        cli.Console.WriteLine($"exported network: {exported.ModelPath} (run it with 'neuroactors run {exported.ModelPath}')");
        cli.Console.WriteLine($"results: {outDir}");
    }

    /// <summary>
    /// The exported network's Loihi variant over the same trials, measured as the float one (docs/training.md, "Running a
    /// trained network on Loihi"): the trials it gets right and those where it chose the float simulator's class; or why
    /// it was not run (the network does not map, or its quantisation does not fit Loihi's ranges).
    /// </summary>
    private static async Task<((int Correct, int SameAsFloat)? Result, string? Refusal)> MeasureOnLoihi(ExportedNetwork exported,
        IReadOnlyList<NeuroActors.Model.ClassifierTrial> trials, ClassifierAccuracy simulated, CancellationToken cancellation)
    {
        if (exported.LoihiSpec is not { } spec) return (null, exported.LoihiRefusal);
        try
        {
            // Two shards at least: the input is a spike source on the cpu backend, and a shard runs one backend.
            var loihi = await SimulatedAccuracy.MeasureAsync(spec, exported.Readout, trials, new SessionOptions { Shards = 2 }, cancellation);
            return ((loihi.Correct, Enumerable.Range(0, trials.Count).Count(i => loihi.Predicted[i] == simulated.Predicted[i])), null);
        }
        catch (NeuroActors.Model.ModelException ex)
        {
            return (null, ex.Errors[0].ToString());
        }
    }

    private static IReadOnlyList<(string Layer, int Size, IReadOnlyList<(int Step, int Neuron)> Spikes)> HiddenSpikes<T>(TrainingNetworkSpec network,
        ForwardRecord<T> record) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layers = new List<(string, int, IReadOnlyList<(int, int)>)>();
        for (int l = 0; l < network.Hidden.Count; l++)
        {
            int size = network.Hidden[l].Size;
            var spikes = new List<(int, int)>();
            var s = record.Spikes[l];
            for (int t = 0; t < record.Steps; t++)
                for (int j = 0; j < size; j++)
                    if (s[t * size + j] != T.Zero) spikes.Add((t, j));
            layers.Add((TrainedNetworkExport.LayerPopulation(l + 1), size, spikes));
        }
        return layers;
    }
}
