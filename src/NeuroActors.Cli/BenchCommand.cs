using System.CommandLine;
using System.Globalization;
using NeuroActors.Model;
using NeuroActors.Results;
using Spectre.Console;

namespace NeuroActors.Cli;

/// <summary>
/// <c>neuroactors bench MODEL...</c>: the scenario harness. Runs each model several times, each time in a fresh
/// <c>neuroactors run</c> process (so that peak memory belongs to that run alone), optionally on worker processes
/// started on this machine, and reports the median, min and max of the figures in each run's summary.json.
/// </summary>
public static class BenchCommand
{
    /// <summary>Seconds to wait for a worker process to start and for the coordinator to see all workers.</summary>
    private const int StartTimeoutSeconds = 60;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext cli)
    {
        var models = new Argument<string[]>("model") { Description = "Model files (YAML).", Arity = ArgumentArity.OneOrMore };
        var duration = new Option<double?>("--duration") { Description = "Biological time per run in ms (default: each model's own)." };
        var repeats = new Option<int>("--repeats", "-r") { Description = "Runs per model, each in a fresh process.", DefaultValueFactory = _ => 3 };
        var shards = new Option<int?>("--shards", "-n")
        {
            Description = "Shards per run, shared equally by the processes (default: one per core, and at least one per process).",
        };
        var processes = new Option<int>("--processes", "-p")
        {
            Description = "1: each run simulates in its own process; P > 1: on P processes on 127.0.0.1, P - 1 workers ('neuroactors node') " +
                "and the run itself ('run --cluster --host-shards'), each hosting the same number of shards.",
            DefaultValueFactory = _ => 1,
        };
        var packetsPerWindow = new Option<int?>("--packets-per-window")
        {
            Description = "Passed to every run: each window as this many packets (default: run's own, 1 in one process, " +
                $"{NeuroActors.Runtime.RunRequest.DistributedPacketsPerWindow} across processes).",
        };
        var outDir = new Option<string>("--out", "-o") { Description = "Where bench.json, bench.md and each run's summary go.", DefaultValueFactory = _ => Path.Combine("results", "bench") };
        var command = new Command("bench", "Benchmark whole models: repeated runs in fresh processes; median, min and max of build and simulation time, " +
            "real-time factor, events/s, memory and communication.")
        {
            models, duration, repeats, shards, processes, packetsPerWindow, outDir,
        };
        command.SetAction((parse, cancellation) => Execute(cli, new BenchArguments(parse.GetValue(models)!, parse.GetValue(duration),
            parse.GetValue(repeats), parse.GetValue(shards), parse.GetValue(processes), parse.GetValue(packetsPerWindow), parse.GetValue(outDir)!),
            cancellation));
        return command;
    }

    private sealed record BenchArguments(string[] Models, double? DurationMs, int Repeats, int? ShardsGiven, int Processes, int? PacketsPerWindow, string Out)
    {
        /// <summary>Shards per run: as given, else one per core rounded up to a multiple of the processes.</summary>
        public int Shards => ShardsGiven ?? Processes * Math.Max(1, (Environment.ProcessorCount + Processes - 1) / Processes);

        /// <summary>Shards each process hosts.</summary>
        public int ShardsPerProcess => Shards / Processes;
    }

    /// <summary>A run that did not produce a summary; the exit code is what the harness exits with.</summary>
    private sealed class BenchFailure(int exitCode, string message) : Exception(message)
    {
        public int ExitCode { get; } = exitCode;
    }

    private static async Task<int> Execute(CliContext cli, BenchArguments a, CancellationToken cancellation)
    {
        if (a.Repeats < 1) return cli.Fail($"--repeats: got {a.Repeats}; use a whole number of at least 1");
        if (a.Processes < 1) return cli.Fail($"--processes: got {a.Processes}; use a whole number of at least 1");
        if (a.Shards < 1) return cli.Fail($"--shards: got {a.Shards}; use a whole number of at least 1");
        if (a.PacketsPerWindow is < 1) return cli.Fail($"--packets-per-window: got {a.PacketsPerWindow}; use a whole number of at least 1 (1 sends each window as one packet)");
        // Every process computes the same share; an uneven split would measure the imbalance, not the distribution.
        if (a.Shards % a.Processes != 0)
            return cli.Fail($"--shards: got {a.Shards} with --processes {a.Processes}; use a multiple of {a.Processes}, so that every process hosts as many shards");
        if (a.DurationMs is { } d && !(d > 0 && double.IsFinite(d))) return cli.Fail($"--duration: got {d}; use a positive time in ms");
        var specs = new List<NetworkSpec>();
        foreach (var file in a.Models)
        {
            if (!ModelFile.TryLoad(cli, file, out var spec)) return CliApp.UserError;
            var errors = ModelValidator.Validate(spec.With(durationMs: a.DurationMs));
            if (errors.Count > 0) return cli.Fail(errors.Select(e => $"{file}: {e}").ToArray());
            if (specs.Any(s => s.Simulation.Name == spec.Simulation.Name))
                return cli.Fail($"{file}: a model named '{spec.Simulation.Name}' is already in the list; each model is benchmarked once");
            specs.Add(spec);
        }
        if (OutputDirectory.Problem(a.Out) is { } problem) return cli.Fail($"--out: cannot write to '{a.Out}': {problem}");

        var scratch = Path.Combine(Path.GetTempPath(), $"neuroactors-bench-{Guid.NewGuid():N}");
        try
        {
            var results = new List<BenchModel>();
            for (int m = 0; m < specs.Count; m++)
                results.Add(await Measure(cli, a, m, specs[m].Simulation.Name, Path.Combine(scratch, (m + 1).ToString(CultureInfo.InvariantCulture)), cancellation));
            var report = new BenchReport(DateTime.UtcNow, BenchMachine.Current, a.Repeats, a.DurationMs, BenchReport.SourceNotes, results);
            report.Write(a.Out);
            BenchTable.Print(cli.Console, report);
            cli.Console.WriteLine($"results: {Path.Combine(a.Out, BenchReport.JsonFile)}, {Path.Combine(a.Out, BenchReport.MarkdownFile)}");
            return 0;
        }
        catch (BenchFailure ex)
        {
            cli.Fail(ex.Message);
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            cli.Fail("interrupted; no benchmark written");
            return CliApp.Interrupted;
        }
        catch (Exception ex) when (ex is ResultsException or IOException or UnauthorizedAccessException)
        {
            return cli.Fail(ex.Message);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            cli.Fail($"cannot start a neuroactors process: {ex.Message}");
            return CliApp.InternalError;
        }
        finally
        {
            // Spike files of big runs are large; each run's summary has been copied to --out already.
            try { Directory.Delete(scratch, recursive: true); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* nothing written, or the OS cleans its temp */ }
        }
    }

    /// <summary>All repeats of model <paramref name="m"/>, each printed as it ends; runs write under <paramref name="scratch"/>.</summary>
    private static async Task<BenchModel> Measure(CliContext cli, BenchArguments a, int m, string name, string scratch, CancellationToken cancellation)
    {
        var runs = new List<BenchRun>();
        Summary? summary = null;
        for (int r = 1; r <= a.Repeats; r++)
        {
            cli.Console.WriteLine($"[{m + 1}/{a.Models.Length}] {name}: repeat {r} of {a.Repeats} " +
                (a.Processes == 1 ? $"({a.Shards} shards, one process)" : $"({a.Shards} shards in {a.Processes} processes, {a.ShardsPerProcess} each)"));
            var runDir = Path.Combine(scratch, $"r{r}");
            (summary, var workerPeaks) = await RunOnce(a, a.Models[m], runDir, cancellation);
            var run = BenchRun.From(r, summary, workerPeaks);
            runs.Add(run);
            KeepSummary(runDir, Path.Combine(a.Out, "runs", $"{name}-r{r}.summary.json"));
            cli.Console.WriteLine($"  build {BenchTable.Seconds(run.BuildSeconds)} s, simulation {BenchTable.Seconds(run.SimulationSeconds)} s " +
                $"for {run.BiologicalMs:0.#} ms (real-time factor {BenchTable.Seconds(run.RealTimeFactor)}, {BenchTable.Rate(run.SynapticEventsPerSecond)} events/s), " +
                $"peak memory {BenchTable.Mib(run.PeakMemoryMib)} MiB" +
                (workerPeaks is null ? "" : $", workers {string.Join(" / ", workerPeaks.Select(BenchTable.Mib))} MiB"));
        }
        return BenchModel.Of(a.Models[m], summary!, a.Processes, runs);
    }

    /// <summary>
    /// One run of <paramref name="model"/> in a fresh process, writing to <paramref name="runDir"/>; with worker
    /// processes, also their peak memory, read just before they are stopped (null when the OS does not report it).
    /// </summary>
    private static async Task<(Summary Summary, IReadOnlyList<double>? WorkerPeakMib)> RunOnce(BenchArguments a, string model, string runDir,
        CancellationToken cancellation)
    {
        var workers = new List<ChildProcess>();
        try
        {
            // Runs are timed, not kept: no plots and no final weights (a plastic benchmark's would be gigabytes).
            var args = new List<string> { "run", model, "--out", runDir, "--no-plot", "--weights", "none", "--telemetry", "none" };
            if (a.DurationMs is { } d) args.AddRange(["--duration", d.ToString("R", CultureInfo.InvariantCulture)]);
            if (a.PacketsPerWindow is { } k) args.AddRange(["--packets-per-window", k.ToString(CultureInfo.InvariantCulture)]);
            if (a.Processes == 1)
            {
                args.AddRange(["--shards", a.Shards.ToString(CultureInfo.InvariantCulture)]);
            }
            else
            {
                // The run's own process is one of the P: it hosts shards as the workers do, so no process only waits.
                string seed = await StartWorkers(a.Processes - 1, workers, cancellation);
                args.AddRange(["--cluster", seed, "--nodes", a.Processes.ToString(CultureInfo.InvariantCulture), "--host-shards",
                    "--shards-per-node", a.ShardsPerProcess.ToString(CultureInfo.InvariantCulture),
                    "--join-timeout", StartTimeoutSeconds.ToString(CultureInfo.InvariantCulture), "--hostname", "127.0.0.1", "--port", "0", "--insecure"]);
            }
            using var run = ChildProcess.StartSelf(args);
            int code = await run.WaitForExit(cancellation);
            if (code != 0)
            {
                string reason = run.LastError ?? run.Output.Trim().Split('\n').LastOrDefault()?.Trim() ?? "no output";
                throw new BenchFailure(code == CliApp.UserError ? CliApp.UserError : CliApp.InternalError,
                    $"{model}: the run failed (exit code {code}): {reason}");
            }
            List<double?>? peaks = a.Processes == 1 ? null : workers.Select(w => w.PeakMemoryMib()).ToList();
            var summary = Summary.Read(Path.Combine(runDir, Summary.FileName));
            return (summary, peaks is not null && peaks.All(p => p is not null) ? peaks.Select(p => p!.Value).ToList() : null);
        }
        finally
        {
            foreach (var w in workers) w.Dispose();
        }
    }

    /// <summary>Starts <paramref name="count"/> worker nodes on free loopback ports, the first being the seed; returns the seed address.</summary>
    private static async Task<string> StartWorkers(int count, List<ChildProcess> workers, CancellationToken cancellation)
    {
        string seed = $"127.0.0.1:{ChildProcess.FreePort()}";
        for (int i = 0; i < count; i++)
        {
            string port = i == 0 ? seed.Split(':')[1] : ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture);
            // The node prints "node <address> (worker) joining <seed>" once its ActorSystem listens.
            // Plaintext on purpose: every process is this harness's own child on loopback, and the benchmark measures the simulator.
            workers.Add(ChildProcess.StartSelf(["node", "--seed", seed, "--hostname", "127.0.0.1", "--port", port, "--telemetry", "none", "--insecure"],
                marker: " joining "));
        }
        for (int i = 0; i < count; i++)
        {
            if (!await workers[i].WaitForMarker(TimeSpan.FromSeconds(StartTimeoutSeconds), cancellation))
                throw new BenchFailure(CliApp.InternalError,
                    $"worker process {i + 1} of {count} did not start within {StartTimeoutSeconds} s: {workers[i].LastError ?? "no error printed"}");
        }
        return seed;
    }

    private static void KeepSummary(string runDir, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(Path.Combine(runDir, Summary.FileName), destination, overwrite: true);
    }
}
