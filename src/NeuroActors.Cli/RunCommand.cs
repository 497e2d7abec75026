using System.CommandLine;
using Spectre.Console;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Results;
using NeuroActors.Routing;
using NeuroActors.Runtime;
using NeuroActors.Runtime.Cluster;
using NeuroActors.Runtime.Sessions;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Cli;

/// <summary><c>neuroactors run MODEL</c>: simulates a model as shard actors in this process and writes results.</summary>
public static class RunCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext cli)
    {
        var model = new Argument<string>("model") { Description = "Model file (YAML)." };
        var outDir = new Option<string?>("--out", "-o") { Description = "Results directory (default: results/<model name>)." };
        var shards = new Option<int>("--shards", "-n") { Description = "Number of shard actors, at most the number of neurons (default: number of cores, or fewer for a smaller model).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<ulong?>("--seed") { Description = "Override the model's seed." };
        var duration = new Option<double?>("--duration") { Description = "Biological time to simulate in ms (overrides the model; after --resume, the time added)." };
        var format = new Option<SpikeFormat>("--format") { Description = "Spike file format: hdf5 (SONATA) or csv.", DefaultValueFactory = _ => SpikeFormat.Hdf5 };
        var checkpointAt = new Option<double?>("--checkpoint-at") { Description = "Write a checkpoint when the simulation reaches this time (ms)." };
        var checkpointFile = new Option<string?>("--checkpoint-file") { Description = "Directory --checkpoint-at writes (default: <out>/checkpoint-<time>ms)." };
        var checkpointEvery = new Option<double?>("--checkpoint-every") { Description = "Write a checkpoint whenever the simulation reaches a multiple of this time (ms), into --checkpoint-dir." };
        var keepCheckpoints = new Option<int>("--keep-checkpoints") { Description = "How many of the --checkpoint-every checkpoints to keep (the newest).", DefaultValueFactory = _ => RunRequest.DefaultKeepCheckpoints };
        var checkpointDir = new Option<string?>("--checkpoint-dir") { Description = "Where --checkpoint-every writes its checkpoints (default: <out>/checkpoints). With --cluster, naming it says every node reaches it under this path: each node writes its shards' parts there itself." };
        var resume = new Option<string?>("--resume") { Description = "Resume from a checkpoint written by --checkpoint-at or --checkpoint-every (a directory, or a .nackpt file of format 1)." };
        var noPlot = new Option<bool>("--no-plot") { Description = "Skip the PNG plots." };
        var weights = new Option<string>("--weights") { Description = WeightsSelection.Help, DefaultValueFactory = _ => WeightsSelection.Plastic };
        var realTime = new Option<double?>("--real-time") { Description = "Best-effort real time (as SpiNNaker): wall time per biological time, e.g. 1 or 10; late spikes are dropped and counted." };
        var cluster = new Option<string?>("--cluster") { Description = "Run on a cluster: a seed node's host:port (see 'neuroactors node')." };
        var nodes = new Option<int>("--nodes") { Description = "With --cluster: the number of worker nodes to wait for and use (this one included with --host-shards).", DefaultValueFactory = _ => 1 };
        var placement = new Option<string>("--placement") { Description = "With --cluster: how shards are placed on nodes.", DefaultValueFactory = _ => ClusterLayout.DefaultStrategy };
        placement.AcceptOnlyFromAmong([.. ClusterLayout.Strategies.Keys]);
        var shardsPerNode = new Option<int?>("--shards-per-node")
        {
            Description = "With --cluster: this many shards on every node, each an equal contiguous share of every population " +
                "(e.g. one per core); default: one shard per slice of max_neurons_per_shard, placed by --placement.",
        };
        var packetsPerWindow = new Option<int?>("--packets-per-window")
        {
            Description = "Send each window as this many packets, so that a shard computes the next window's first part while the rest of this " +
                $"window is in flight; spikes are the same for any value (default: 1 in one process, {RunRequest.DistributedPacketsPerWindow} on a cluster).",
        };
        var hostShards = new Option<bool>("--host-shards") { Description = "With --cluster: this process hosts shards too and counts as one of the --nodes." };
        var joinTimeout = new Option<double>("--join-timeout") { Description = "With --cluster: seconds to wait for the workers.", DefaultValueFactory = _ => 60 };
        var hostname = ClusterOptions.Hostname();
        var port = ClusterOptions.Port(defaultPort: 0);
        var telemetry = TelemetryOption.Create();
        var tlsCert = ClusterOptions.TlsCert();
        var tlsPassword = ClusterOptions.TlsPassword();
        var insecure = ClusterOptions.Insecure();
        var loihiProfile = new Option<string?>("--loihi-profile")
        {
            Description = "Loihi profile the model's Loihi populations are mapped onto and whose cores the energy estimate counts (overrides the model's simulation.loihi.profile; default loihi2).",
        };
        loihiProfile.AcceptOnlyFromAmong([.. LoihiInspection.ProfileNames]);
        var compareFloat = new Option<bool>("--compare-float")
        {
            Description = "After the run, run the same network with its quantised Loihi populations on the float backend (in this process, into <out>/float-reference) and write the difference in spikes and rate per population into summary.json (quantisation).",
        };
        var command = new Command("run", "Simulate a model: on the embedded runtime (one process, several shard actors), or on a cluster with --cluster.")
        {
            model, outDir, shards, seed, duration, format, checkpointAt, checkpointFile, checkpointEvery, keepCheckpoints, checkpointDir, resume, noPlot, weights, realTime, packetsPerWindow, cluster, nodes,
            placement, shardsPerNode, hostShards, joinTimeout, hostname, port, telemetry,
        };
        var clusterConfig = new Option<string?>("--cluster-config") { Description = "Cluster settings file (e.g. configs/cluster.yaml): run on the cluster whose seed it names." };
        command.Options.Add(clusterConfig);
        command.Options.Add(tlsCert);
        command.Options.Add(tlsPassword);
        command.Options.Add(insecure);
        command.Options.Add(loihiProfile);
        command.Options.Add(compareFloat);
        command.SetAction((parse, cancellation) =>
        {
            var file = ClusterConfigFile.Empty;
            if (parse.GetValue(clusterConfig) is { } path && (file = ClusterConfigFile.TryLoad(cli, path)) is null) return Task.FromResult(CliApp.UserError);
            // The seed names the cluster: --cluster, else $NEUROACTORS_SEED or the file's when a cluster file is given.
            string? seedNode = parse.GetValue(cluster)
                ?? (parse.GetValue(clusterConfig) is null ? null : Environment.GetEnvironmentVariable(ClusterOptions.SeedVariable) ?? file.Seed);
            if (parse.GetValue(clusterConfig) is not null && seedNode is null) return Task.FromResult(cli.Fail("--cluster-config: the file names no seed; add 'seed: HOST:PORT'"));
            if (seedNode is null)
            {
                // Options that only shape a cluster run must not be silently ignored in one process.
                foreach (var only in new Option[] { shardsPerNode, hostShards, tlsCert, tlsPassword, insecure })
                    if (parse.GetResult(only) is { Implicit: false })
                        return Task.FromResult(cli.Fail($"{only.Name}: applies only to a cluster run (--cluster or --cluster-config)"));
            }
            else if (parse.GetValue(shardsPerNode) is not null && parse.GetResult(placement) is { Implicit: false })
                return Task.FromResult(cli.Fail("--placement: does not apply with --shards-per-node, which gives every node an equal contiguous share of every population"));
            return Execute(cli, new RunArguments(
                parse.GetValue(model)!, parse.GetValue(outDir), parse.GetValue(shards), parse.GetValue(seed), parse.GetValue(duration),
                parse.GetValue(format), parse.GetValue(checkpointAt), parse.GetValue(checkpointFile),
                parse.GetValue(checkpointEvery), parse.GetValue(keepCheckpoints), parse.GetValue(checkpointDir), parse.GetValue(resume),
                !parse.GetValue(noPlot), parse.GetValue(weights)!, parse.GetValue(realTime), parse.GetValue(packetsPerWindow),
                ClusterConfigFile.Pick(parse, telemetry, Telemetry.TelemetryOptions.ExportersVariable, file.Telemetry, parse.GetValue(telemetry)),
                seedNode is null ? null : new ClusterArguments(seedNode, parse.GetValue(nodes), parse.GetValue(placement)!, parse.GetValue(joinTimeout),
                    ClusterConfigFile.Pick(parse, hostname, ClusterOptions.HostnameVariable, file.Hostname, parse.GetValue(hostname))!, parse.GetValue(port),
                    parse.GetValue(shardsPerNode), parse.GetValue(hostShards), ClusterOptions.CertificatePath(parse, tlsCert, insecure), parse.GetValue(tlsPassword), parse.GetValue(insecure)),
                ShardsGiven: parse.GetResult(shards) is { Implicit: false }, LoihiProfile: parse.GetValue(loihiProfile), CompareFloat: parse.GetValue(compareFloat)),
                cancellation);
        });
        return command;
    }

    private sealed record RunArguments(string Model, string? Out, int Shards, ulong? Seed, double? DurationMs, SpikeFormat Format,
        double? CheckpointAtMs, string? CheckpointFile, double? CheckpointEveryMs, int KeepCheckpoints, string? CheckpointDir, string? Resume, bool Plot, string Weights, double? TimeScale, int? PacketsPerWindow, string? Telemetry,
        ClusterArguments? Cluster, bool ShardsGiven = true, string? LoihiProfile = null, bool CompareFloat = false);

    private sealed record ClusterArguments(string Seed, int Nodes, string Placement, double JoinTimeoutSeconds, string Hostname, int Port,
        int? ShardsPerNode, bool HostShards, string? TlsCert, string? TlsPassword, bool Insecure);

    /// <summary>
    /// Akka's own logging off: the command reports a failure as one line on stderr, and Akka's logger writes error
    /// blocks with stack traces to stdout, among the results.
    /// </summary>
    internal static readonly Akka.Configuration.Config QuietAkka =
        Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = OFF\nakka.stdout-loglevel = OFF");

    private static async Task<RunStats> RunOnCluster(CliContext cli, RunRequest request, ResultsOutput output, ClusterArguments c,
        IReadOnlyList<string> seeds, ClusterTls? tls, CancellationToken cancellation)
    {
        // The run reports its own failures in one line; Akka's association warnings would only repeat them noisily.
        var system = CliNode.Start(new ClusterSettings(c.Hostname, c.Port, seeds, ClusterSettings.CoordinatorRole, c.HostShards, tls),
            extra: QuietAkka);
        try
        {
            return await ProgressDisplay.Run(cli, progress => ClusterRunner.RunToDirectoryAsync(system, request, output, c.Nodes,
                TimeSpan.FromSeconds(c.JoinTimeoutSeconds), c.Placement, progress, cancellation, c.ShardsPerNode));
        }
        finally
        {
            await Akka.Actor.CoordinatedShutdown.Get(system).Run(Akka.Actor.CoordinatedShutdown.ClrExitReason.Instance);
        }
    }

    private static async Task<int> Execute(CliContext cli, RunArguments a, CancellationToken cancellation)
    {
        if (a.Shards < 1) return cli.Fail($"--shards: got {a.Shards}; use a whole number of at least 1");
        if (a.DurationMs is { } d && !(d > 0)) return cli.Fail($"--duration: got {d}; use a positive time in ms");
        if (a.PacketsPerWindow is < 1) return cli.Fail($"--packets-per-window: got {a.PacketsPerWindow}; use a whole number of at least 1 (1 sends each window as one packet)");
        if (a.PacketsPerWindow is > 1 && a.TimeScale is not null) return cli.Fail("--packets-per-window: does not apply with --real-time, which sends each window as one packet on the clock");
        if (a.Cluster is { Nodes: < 1 } c) return cli.Fail($"--nodes: got {c.Nodes}; use a whole number of at least 1");
        if (a.Cluster is { ShardsPerNode: < 1 } spn) return cli.Fail($"--shards-per-node: got {spn.ShardsPerNode}; use a whole number of at least 1");
        if (a.Cluster is { JoinTimeoutSeconds: not > 0 } t) return cli.Fail($"--join-timeout: got {t.JoinTimeoutSeconds}; use a positive number of seconds");
        IReadOnlyList<string> seeds = [];
        if (a.Cluster is not null && !ClusterOptions.TryParseSeeds(cli, a.Cluster.Seed, out seeds)) return CliApp.UserError;
        ClusterTls? tls = null;
        if (a.Cluster is not null && !ClusterOptions.TryLoadTls(cli, a.Cluster.TlsCert, a.Cluster.TlsPassword, a.Cluster.Insecure, out tls)) return CliApp.UserError;
        if (!ModelFile.TryLoad(cli, a.Model, out var spec)) return CliApp.UserError;
        spec = spec.With(a.Seed, a.DurationMs, a.TimeScale);
        if (a.LoihiProfile is { } profile) spec = spec with { Simulation = spec.Simulation with { LoihiProfile = profile } };
        var errors = ModelValidator.Validate(spec);
        if (errors.Count > 0) return cli.Fail(new ModelException(errors).Lines().ToArray());
        string[] quantised = [.. spec.Populations.Where(p => p.OnLoihi && p.Model.NativeBackend is null).Select(p => p.Name)];
        if (a.CompareFloat && quantised.Length == 0)
            return cli.Fail("--compare-float: no population of the model is quantised onto Loihi (a float population with backend: loihi)");
        if (a.CompareFloat && a.Resume is not null)
            return cli.Fail("--compare-float: does not apply with --resume (the float reference runs from the start)");
        try { ShardBackends.ThrowIfRefused(spec); }
        catch (ModelException ex) { return cli.Fail(ex.Lines().ToArray()); }
        // More shards than neurons would only be empty actors to create and drive: refused when asked for, cut to the
        // number of neurons when it is the default (the number of cores).
        if (a.Shards > spec.TotalNeurons)
        {
            if (a.ShardsGiven) return cli.Fail($"--shards: got {a.Shards}; use at most the number of neurons ({spec.TotalNeurons})");
            a = a with { Shards = (int)spec.TotalNeurons };
        }
        // Refused from the model before anything is built: counting or building a network far too large takes minutes
        // and ends out of memory. A cluster run compares the same estimate with each worker's memory once the workers have said it.
        if (a.Cluster is null
            && NeuroActors.Kernel.Network.NetworkEstimate.Of(spec).Refusal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, "this machine") is { } tooLarge)
            return cli.Fail(tooLarge);
        if (WeightsSelection.Resolve(a.Weights, spec, out string? weightsError) is not { } weightLabels) return cli.Fail(weightsError!);

        string outDir = a.Out ?? Path.Combine("results", spec.Simulation.Name);
        if (OutputDirectory.Problem(outDir) is { } problem) return cli.Fail($"--out: cannot write to '{outDir}': {problem}");

        CheckpointSource? checkpoint = null;
        NeuroActors.Runtime.Sessions.SessionSettings? resumeSettings = null;
        if (a.Resume is { } resumePath)
        {
            try { (checkpoint, resumeSettings) = NeuroActors.Runtime.Sessions.CheckpointFiles.Load(resumePath, spec); }
            catch (CheckpointException ex)
            {
                return cli.Fail($"--resume: cannot read checkpoint '{resumePath}': {ex.Message}");
            }
        }
        string? checkpointPath = a.CheckpointAtMs is { } at
            ? a.CheckpointFile ?? Path.Combine(outDir, $"checkpoint-{at:0.###}ms")
            : null;
        if (checkpointPath is not null)
        {
            string checkpointDir = Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!;
            if (OutputDirectory.Problem(checkpointDir) is { } reason) return cli.Fail($"--checkpoint-file: cannot write to '{checkpointDir}': {reason}");
            Directory.CreateDirectory(checkpointDir);
        }

        if (a.CheckpointEveryMs is { } every && (!(every > 0) || double.IsInfinity(every)))
            return cli.Fail($"--checkpoint-every: got {every}; use a positive time in ms");
        if (a.KeepCheckpoints < 1) return cli.Fail($"--keep-checkpoints: got {a.KeepCheckpoints}; keep at least 1");
        string? periodicDir = a.CheckpointEveryMs is null ? null : a.CheckpointDir ?? Path.Combine(outDir, "checkpoints");
        if (periodicDir is not null)
        {
            if (OutputDirectory.Problem(periodicDir) is { } reason) return cli.Fail($"--checkpoint-dir: cannot write to '{periodicDir}': {reason}");
            Directory.CreateDirectory(periodicDir);
        }

        var request = new RunRequest(spec, a.Shards, checkpoint, a.CheckpointAtMs, checkpointPath, PacketsPerWindow: a.PacketsPerWindow,
            ResumeSettings: resumeSettings,
            CheckpointEveryMs: a.CheckpointEveryMs, KeepCheckpoints: a.KeepCheckpoints, CheckpointDirectory: periodicDir,
            // On a cluster, a directory the user names is taken to be one every node reaches: the nodes write their parts there.
            SharedCheckpointDirectory: a.Cluster is not null && a.CheckpointDir is not null);
        using var telemetry = TelemetryOption.TryStart(cli, a.Telemetry, "neuroactors-run");
        if (telemetry is null) return CliApp.UserError;
        // The results are written by the session from the recordings it keeps on disk, in memory that does not grow
        // with the run's length.
        var output = new ResultsOutput(outDir, a.Format, a.Plot, weightLabels);
        RunStats stats;
        try
        {
            cli.Console.WriteLine($"{spec.Simulation.Name}: {spec.TotalNeurons} neurons in {spec.Populations.Count} populations, " +
                (a.Cluster is null ? $"{a.Shards} shard{(a.Shards == 1 ? "" : "s")}" : $"{a.Cluster.Nodes} worker node{(a.Cluster.Nodes == 1 ? "" : "s")} via {a.Cluster.Seed}" + (a.Cluster.HostShards ? " (this process is one of them)" : "")) +
                $", {spec.Simulation.DurationMs} ms at dt {spec.Simulation.DtMs} ms" +
                (checkpoint is null ? "" : $", resuming at {checkpoint.Step * spec.Simulation.DtMs:0.###} ms"));
            stats = a.Cluster is null
                ? await ProgressDisplay.Run(cli, progress => SimulationRunner.RunToDirectoryAsync(request, output, progress, QuietAkka, cancellation))
                : await RunOnCluster(cli, request, output, a.Cluster, seeds, tls, cancellation);
        }
        catch (ClusterRunException ex)
        {
            return cli.Fail($"--cluster: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            return cli.Fail(ex.Message.Split(" (Parameter")[0]);
        }
        catch (OperationCanceledException)
        {
            cli.Fail("interrupted; no results written");
            return CliApp.Interrupted;
        }
        catch (CheckpointException ex)
        {
            // A shard refused its part of the checkpoint it resumes from.
            return cli.Fail($"--resume: {ex.Message}");
        }
        catch (SessionCommandException ex)
        {
            // The session names the checkpoint or results directory it could not write.
            return cli.Fail(ex.Message);
        }
        catch (Exception ex)
        {
            // Not the user's fault: still one line, but a distinct exit code so scripts can tell.
            cli.Fail($"the run failed: {ex.GetType().Name}: {ex.Message}");
            return CliApp.InternalError;
        }

        Summary summary;
        try
        {
            summary = Summary.Read(Path.Combine(outDir, Summary.FileName));
        }
        catch (ResultsException ex)
        {
            return cli.Fail(ex.Message);
        }
        if (a.CompareFloat)
        {
            // The same network with the quantised populations on the float backend, from the same seed: what quantisation changed.
            var reference = spec with
            {
                Populations = [.. spec.Populations.Select(p => quantised.Contains(p.Name) ? p with { Backend = null } : p)],
            };
            string referenceDir = Path.Combine(outDir, "float-reference");
            try
            {
                cli.Console.WriteLine($"float reference: the quantised populations ({string.Join(", ", quantised)}) on the float backend, into {referenceDir}");
                await ProgressDisplay.Run(cli, progress => SimulationRunner.RunToDirectoryAsync(new RunRequest(reference, a.Shards),
                    new ResultsOutput(referenceDir, a.Format, false, weightLabels), progress, QuietAkka, cancellation));
                summary = summary with { Quantisation = QuantisationComparison.Of(summary, Summary.Read(Path.Combine(referenceDir, Summary.FileName)), quantised) };
                summary.Write(Path.Combine(outDir, Summary.FileName));
            }
            catch (OperationCanceledException)
            {
                cli.Fail("interrupted; the float reference was not compared");
                return CliApp.Interrupted;
            }
            catch (Exception ex) when (ex is ResultsException or ArgumentException or SessionCommandException)
            {
                return cli.Fail($"--compare-float: {ex.Message}");
            }
        }
        SummaryTable.Print(cli.Console, summary.Populations, stats, outDir, checkpointPath, summary.Energy?.Loihi);
        foreach (var compared in summary.Quantisation ?? []) cli.Console.WriteLine($"quantised against float: {compared.Describe()}");
        return 0;
    }
}
