using System.Diagnostics;

namespace NeuroActors.Cli.Tests;

/// <summary>Bad input on the command line: one "error: …" line on stderr, never a crash, a stack trace or the help.</summary>
public class InputLimitsCommandTests
{
    private const string Small = """
        simulation: {name: small, dt: 0.1, duration: 5, seed: 1}
        populations: [{name: a, size: 3, model: iaf_psc_delta, parameters: {i_e: 400}}]
        recorders: [{type: spikes, population: a}]
        """;

    [Fact]
    public void An_invalid_option_value_is_one_line_without_the_help()
    {
        var outcome = Cli.Run("run", Cli.Config("intro.yaml"), "--format", "xml");

        Cli.AssertUserError(outcome, "'xml'");
        var line = Assert.Single(outcome.ErrorLines);
        Assert.Contains("--format", line);
        Assert.Contains("see 'neuroactors run --help'", line);
        Assert.DoesNotContain("Usage", outcome.Output + outcome.Error);
    }

    [Fact]
    public void A_directory_given_as_the_model_is_called_a_directory()
    {
        var dir = Cli.TempDir();

        foreach (var command in new[] { "run", "validate" })
        {
            var outcome = Cli.Run(command, dir);
            Cli.AssertUserError(outcome, "is a directory");
            Assert.Single(outcome.ErrorLines);
        }
    }

    [Fact]
    public void More_shards_than_neurons_are_refused_and_the_default_is_cut_to_the_neurons()
    {
        var model = Cli.ModelFile(Small);

        var outcome = Cli.Run("run", model, "--shards", "100000", "--out", Path.Combine(Cli.TempDir(), "o"), "--no-plot");

        Cli.AssertUserError(outcome, "--shards: got 100000; use at most the number of neurons (3)");
        Assert.Single(outcome.ErrorLines);
        // The default (the number of cores) is cut rather than refused; a one-neuron model runs on any machine.
        var one = Cli.ModelFile(Small.Replace("size: 3", "size: 1"));
        var run = Cli.Run("run", one, "--out", Path.Combine(Cli.TempDir(), "o"), "--no-plot");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("1 shard,", run.Output);
    }

    [Fact]
    public void A_network_too_large_for_the_machine_is_refused_from_the_model_before_it_is_built()
    {
        var model = Cli.ModelFile("""
            simulation: {name: huge, dt: 0.1, duration: 10}
            populations:
              - {name: a, size: 1000000, model: iaf_psc_delta}
              - {name: b, size: 1000000, model: iaf_psc_delta}
            projections:
              - {source: a, target: b, connector: {rule: all_to_all}, synapse: {weight: 1, delay: 1}}
            """);

        var outcome = Cli.Run("run", model, "--out", Path.Combine(Cli.TempDir(), "o"), "--no-plot");

        Cli.AssertUserError(outcome, "about 1,000,000,000,000 synapses and 2,000,000 neurons need about");
        Assert.Contains("GiB of memory this machine has", outcome.Error);
        Assert.Single(outcome.ErrorLines);
    }

    [Fact]
    public void Thousands_of_errors_print_a_hundred_lines_and_count_the_rest()
    {
        var yaml = new System.Text.StringBuilder("populations:\n");
        for (int i = 0; i < 5000; i++) yaml.Append("  - {name: p").Append(i).Append(", size: x, model: iaf_psc_delta}\n");
        var model = Cli.ModelFile(yaml.ToString());

        var outcome = Cli.Run("validate", model);

        Cli.AssertUserError(outcome, "populations[0].size");
        Assert.Equal(101, outcome.ErrorLines.Length);
        Assert.Equal("error: … and 4,900 more errors", outcome.ErrorLines[^1]);
    }

    [Fact]
    public async Task Sigterm_stops_a_run_with_exit_code_143()
    {
        var model = Cli.ModelFile("""
            simulation: {name: long, dt: 0.1, duration: 100000000, seed: 1}
            populations: [{name: a, size: 100, model: iaf_psc_delta, parameters: {i_e: 400}}]
            recorders: [{type: spikes, population: a}]
            """);
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "neuroactors.dll")}\" run \"{model}\" --no-plot -n 1 --out \"{Path.Combine(Cli.TempDir(), "o")}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output) output.AppendLine(e.Data);
            if (e.Data?.Contains("100 neurons") == true) started.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Task.WhenAny(started.Task, process.WaitForExitAsync());
            Assert.True(started.Task.IsCompleted, output.ToString());
            using (var kill = Process.Start("kill", $"-TERM {process.Id}")) await kill.WaitForExitAsync();
            await process.WaitForExitAsync();
            process.WaitForExit(); // also waits for the redirected streams to be read to their end

            Assert.True(process.ExitCode == 143, $"exit code {process.ExitCode}: {output}");
            lock (output) Assert.True(output.ToString().Contains("error: interrupted; no results written"), output.ToString());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}

/// <summary>What earlier runs left in a results directory and beside it.</summary>
public class LeftoversTests
{
    private const string Model = """
        simulation: {name: leftovers, dt: 0.1, duration: 20, seed: 1}
        populations: [{name: a, size: 3, model: iaf_psc_delta, parameters: {i_e: 400}}]
        recorders: [{type: spikes, population: a}]
        """;

    [Fact]
    public void A_reused_out_directory_keeps_no_result_file_of_the_earlier_run_and_nothing_else_is_touched()
    {
        var model = Cli.ModelFile(Model);
        var outDir = Path.Combine(Cli.TempDir(), "o");
        Assert.Equal(0, Cli.Run("run", model, "--out", outDir, "--format", "csv", "-n", "1").ExitCode);
        Assert.True(File.Exists(Path.Combine(outDir, "spikes.csv")) && File.Exists(Path.Combine(outDir, "raster.png")));
        File.WriteAllText(Path.Combine(outDir, "notes.txt"), "mine");

        var outcome = Cli.Run("run", model, "--out", outDir, "--no-plot", "-n", "1");

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Equal(new[] { "notes.txt", "spikes.h5", "summary.json" }, Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Staging_directories_of_a_killed_run_are_removed_by_the_next_run()
    {
        var model = Cli.ModelFile(Model);
        var parent = Cli.TempDir();
        var outDir = Path.Combine(parent, "o");
        int dead;
        using (var gone = System.Diagnostics.Process.Start("true")!)
        {
            gone.WaitForExit();
            dead = gone.Id;
        }
        var abandoned = Path.Combine(parent, $".o.partial-{dead}-0123456789abcdef");
        var recordings = Path.Combine(NeuroActors.Runtime.RunRequest.DefaultRecordingDirectory, $"neuroactors-recording-{dead}-0123456789abcdef");
        var live = Path.Combine(parent, $".o.partial-{Environment.ProcessId}-fedcba9876543210");
        foreach (var dir in new[] { abandoned, recordings, live })
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "spikes.h5"), "half written");
        }

        var outcome = Cli.Run("run", model, "--out", outDir, "--no-plot", "-n", "1");

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.False(Directory.Exists(abandoned));
        Assert.False(Directory.Exists(recordings));
        Assert.True(Directory.Exists(live)); // this process is alive: the directory may be one it is writing
        Assert.Equal(new[] { "o", Path.GetFileName(live) }.Order(StringComparer.Ordinal), Directory.GetDirectories(parent).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}

/// <summary>A run that fails says so in one line on stderr; Akka's error blocks do not reach stdout.</summary>
public class QuietFailureTests
{
    [Fact]
    public async Task A_run_failing_in_its_shards_prints_one_line_and_no_stack_trace()
    {
        // Valid, but no draw of a million falls between the bounds: every shard fails while it builds.
        var model = Cli.ModelFile("""
            simulation: {name: fails, dt: 0.1, duration: 5, seed: 1}
            populations: [{name: a, size: 20, model: iaf_psc_delta, initial: {v: {normal_clipped: [0, 1, 100, 101]}}}]
            recorders: [{type: spikes, population: a}]
            """);

        // A real process: Akka's logger writes to the process's stdout, which Cli.Run does not capture.
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "neuroactors.dll")}\" run \"{model}\" -n 2 --no-plot --out \"{Path.Combine(Cli.TempDir(), "o")}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.WaitForExit();

        Assert.True(process.ExitCode == CliApp.InternalError, output + await error);
        Assert.Equal("error: the run failed: InvalidOperationException: normal_clipped(0, 1, 100, 101) rejected a million draws: the bounds are too far in the tail",
            (await error).Trim());
        Assert.DoesNotContain("[ERROR]", output);
        Assert.DoesNotContain("   at ", output);
    }
}
