using NeuroActors.Results;

namespace NeuroActors.Cli.Tests;

public class RunCommandTests
{
    [Fact]
    public void Run_writes_csv_spikes_summary_and_plots_and_prints_a_summary_table()
    {
        var outDir = Path.Combine(Cli.TempDir(), "intro");

        var outcome = Cli.Run("run", Cli.Config("intro.yaml"), "--out", outDir, "--shards", "2", "--duration", "300", "--format", "csv");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("", outcome.Error);
        Assert.Contains("real-time factor", outcome.Output);
        Assert.Contains("│ neurons", outcome.Output);
        foreach (var file in new[] { "spikes.csv", "traces.csv", "summary.json", "raster.png", "traces.png" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        var summary = Summary.Read(Path.Combine(outDir, "summary.json"));
        Assert.Equal(300, summary.EndMs);
        Assert.Equal(2, summary.Shards);
        // 100 inputs at 15 Hz for 0.3 s: 450 spikes expected, Poisson spread ±21.
        Assert.InRange(summary.Populations[0].Spikes, 450 - 5 * 21, 450 + 5 * 21);
        Assert.Equal("population,neuron,time_ms", File.ReadLines(Path.Combine(outDir, "spikes.csv")).First());
    }

    [Fact]
    public void Csv_and_hdf5_with_different_shard_counts_hold_the_same_spikes()
    {
        var csv = Path.Combine(Cli.TempDir(), "csv");
        var h5 = Path.Combine(Cli.TempDir(), "h5");

        Assert.Equal(0, Cli.Run("run", Cli.Config("intro.yaml"), "--out", csv, "-n", "1", "--duration", "200", "--format", "csv", "--no-plot").ExitCode);
        Assert.Equal(0, Cli.Run("run", Cli.Config("intro.yaml"), "--out", h5, "-n", "3", "--duration", "200", "--no-plot").ExitCode);

        var a = ResultsReader.Read(csv).Spikes;
        var b = ResultsReader.Read(h5).Spikes;
        Assert.Equal(a.Select(p => p.NeuronIds), b.Select(p => p.NeuronIds));
        Assert.Equal(a.Select(p => p.TimesMs.Length), b.Select(p => p.TimesMs.Length));
        for (int p = 0; p < a.Count; p++)
            Assert.Equal(a[p].TimesMs, b[p].TimesMs, (x, y) => Math.Abs(x - y) < 1e-9);
        Assert.False(File.Exists(Path.Combine(csv, "raster.png")));
    }

    /// <summary>The spike and trace files byte for byte, and the summary's populations, totals and times.</summary>
    private static void AssertSameResults(string expected, string actual, string format)
    {
        var names = format == "csv" ? new[] { "spikes.csv", "traces.csv" } : ["spikes.h5", "traces.h5"];
        foreach (var name in names)
            Assert.True(File.ReadAllBytes(Path.Combine(expected, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, name))), $"{name} differs");
        var a = Summary.Read(Path.Combine(expected, "summary.json"));
        var b = Summary.Read(Path.Combine(actual, "summary.json"));
        Assert.Equal(a.Populations, b.Populations);
        Assert.Equal((a.StartMs, a.EndMs), (b.StartMs, b.EndMs));
        Assert.Equal((a.Totals.Spikes, a.Totals.SynapticEvents, a.Totals.Synapses), (b.Totals.Spikes, b.Totals.SynapticEvents, b.Totals.Synapses));
    }

    [Theory]
    [InlineData("hdf5")]
    [InlineData("csv")]
    public void A_run_checkpointed_and_resumed_on_other_shards_writes_the_files_of_the_uninterrupted_run(string format)
    {
        var dir = Cli.TempDir();
        var full = Path.Combine(dir, "full");
        var first = Path.Combine(dir, "first");
        var second = Path.Combine(dir, "second");
        var checkpoint = Path.Combine(dir, "at-500");

        Assert.Equal(0, Cli.Run("run", Cli.Config("intro.yaml"), "--out", full, "-n", "2", "--duration", "1000", "--format", format, "--no-plot").ExitCode);
        var written = Cli.Run("run", Cli.Config("intro.yaml"), "--out", first, "-n", "3", "--duration", "500",
            "--checkpoint-at", "500", "--checkpoint-file", checkpoint, "--format", format, "--no-plot");
        Assert.Equal(0, written.ExitCode);
        Assert.Contains(checkpoint, written.Output);
        Assert.True(File.Exists(Path.Combine(checkpoint, "recordings", "spikes.bin")));
        var resumed = Cli.Run("run", Cli.Config("intro.yaml"), "--out", second, "-n", "1", "--resume", checkpoint, "--duration", "500",
            "--format", format, "--no-plot");
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal("", resumed.Error);

        AssertSameResults(full, second, format);
        var summary = Summary.Read(Path.Combine(second, "summary.json"));
        Assert.Equal((0.0, 1000.0), (summary.StartMs, summary.EndMs));
        Assert.All(summary.Populations, p => Assert.True(p.Spikes > 0, p.Name));
        // Simulation time is summed over both segments.
        Assert.True(summary.Timing.SimulationSeconds > Summary.Read(Path.Combine(first, "summary.json")).Timing.SimulationSeconds);
    }

    [Fact]
    public void Periodic_checkpoints_keep_the_newest_and_each_resumes_to_the_files_of_the_full_run()
    {
        var dir = Cli.TempDir();
        var full = Path.Combine(dir, "full");
        var first = Path.Combine(dir, "first");
        var kept = Path.Combine(dir, "kept");

        Assert.Equal(0, Cli.Run("run", Cli.Config("intro.yaml"), "--out", full, "-n", "2", "--duration", "200", "--no-plot").ExitCode);
        var written = Cli.Run("run", Cli.Config("intro.yaml"), "--out", first, "-n", "3", "--duration", "200",
            "--checkpoint-every", "40", "--keep-checkpoints", "3", "--checkpoint-dir", kept, "--no-plot");
        Assert.Equal(0, written.ExitCode);
        // Checkpoints at 40, 80, 120, 160 and 200 ms; the newest three are kept.
        Assert.Equal(new[] { "checkpoint-120ms", "checkpoint-160ms", "checkpoint-200ms" },
            Directory.GetFileSystemEntries(kept).Select(Path.GetFileName).Order().ToArray());

        foreach (var (name, atMs) in new[] { ("checkpoint-120ms", 120.0), ("checkpoint-160ms", 160.0) })
        {
            var second = Path.Combine(dir, "from-" + name);
            var resumed = Cli.Run("run", Cli.Config("intro.yaml"), "--out", second, "-n", "1", "--resume", Path.Combine(kept, name),
                "--duration", (200 - atMs).ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-plot");
            Assert.Equal(0, resumed.ExitCode);
            AssertSameResults(full, second, "hdf5");
        }
    }

    [Fact]
    public void A_checkpoint_whose_recordings_are_damaged_is_refused_with_one_line()
    {
        var dir = Cli.TempDir();
        var checkpoint = Path.Combine(dir, "at-50");
        Assert.Equal(0, Cli.Run("run", Cli.Config("intro.yaml"), "--out", Path.Combine(dir, "first"), "--duration", "50",
            "--checkpoint-at", "50", "--checkpoint-file", checkpoint, "--no-plot").ExitCode);
        var spikes = Path.Combine(checkpoint, "recordings", "spikes.bin");
        var bytes = File.ReadAllBytes(spikes);
        bytes[^1] ^= 1;
        File.WriteAllBytes(spikes, bytes);

        var outDir = Path.Combine(dir, "second");
        var outcome = Cli.Run("run", Cli.Config("intro.yaml"), "--out", outDir, "--resume", checkpoint, "--duration", "50", "--no-plot");

        Cli.AssertUserError(outcome, $"--resume: {spikes}: checksum mismatch");
        Assert.Single(outcome.ErrorLines);
        Assert.False(File.Exists(Path.Combine(outDir, "summary.json")));
    }

    [Theory]
    [InlineData("0", "2", "--checkpoint-every: got 0")]
    [InlineData("5", "0", "--keep-checkpoints: got 0")]
    public void Bad_periodic_checkpoint_options_are_refused(string every, string keep, string message)
    {
        var outcome = Cli.Run("run", Cli.Config("intro.yaml"), "--out", Path.Combine(Cli.TempDir(), "x"), "--duration", "10",
            "--checkpoint-every", every, "--keep-checkpoints", keep, "--no-plot");
        Cli.AssertUserError(outcome, message);
    }

    [Fact]
    public void An_output_directory_that_cannot_be_written_is_refused_before_running()
    {
        var parent = Cli.TempDir();
        var blocker = Path.Combine(parent, "a-file");
        File.WriteAllText(blocker, "");

        var outcome = Cli.Run("run", Cli.Config("intro.yaml"), "--out", Path.Combine(blocker, "out"));

        Cli.AssertUserError(outcome, "--out: cannot write to");
        Assert.Single(outcome.ErrorLines);
        Assert.DoesNotContain("real-time factor", outcome.Output);
        Assert.Equal(new[] { blocker }, Directory.GetFileSystemEntries(parent));
    }

    [Theory]
    [InlineData("--shards", "0", "--shards: got 0")]
    [InlineData("--duration", "-5", "--duration: got -5")]
    [InlineData("--checkpoint-at", "5000", "checkpoint-at")]
    [InlineData("--packets-per-window", "0", "--packets-per-window: got 0; use a whole number of at least 1")]
    public void Bad_options_give_one_line(string option, string value, string expected)
    {
        var outDir = Path.Combine(Cli.TempDir(), "out");

        var outcome = Cli.Run("run", Cli.Config("intro.yaml"), "--out", outDir, option, value);

        Cli.AssertUserError(outcome, expected);
        Assert.Single(outcome.ErrorLines);
        Assert.False(File.Exists(Path.Combine(outDir, "summary.json")));
    }

    [Theory]
    [InlineData("--shards-per-node: applies only to a cluster run", "--shards-per-node", "1")]
    [InlineData("--host-shards: applies only to a cluster run", "--host-shards")]
    [InlineData("--packets-per-window: does not apply with --real-time", "--packets-per-window", "2", "--real-time", "1")]
    [InlineData("--shards-per-node: got 0; use a whole number of at least 1", "--shards-per-node", "0", "--cluster", "127.0.0.1:1")]
    [InlineData("--placement: does not apply with --shards-per-node", "--shards-per-node", "1", "--placement", "round-robin", "--cluster", "127.0.0.1:1")]
    public void Options_out_of_place_give_one_line(string expected, params string[] options)
    {
        var outDir = Path.Combine(Cli.TempDir(), "out");

        var outcome = Cli.Run(["run", Cli.Config("intro.yaml"), "--out", outDir, .. options]);

        Cli.AssertUserError(outcome, expected);
        Assert.Single(outcome.ErrorLines);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void A_checkpoint_file_that_cannot_be_written_is_refused_before_running()
    {
        var blocker = Path.Combine(Cli.TempDir(), "a-file");
        File.WriteAllText(blocker, "");

        var outcome = Cli.Run("run", Cli.Config("intro.yaml"), "--out", Path.Combine(Cli.TempDir(), "o"),
            "--checkpoint-at", "10", "--checkpoint-file", Path.Combine(blocker, "ck.nackpt"));

        Cli.AssertUserError(outcome, "--checkpoint-file: cannot write to");
        Assert.DoesNotContain("real-time factor", outcome.Output);
    }

    [Fact]
    public void A_checkpoint_file_that_is_not_one_is_refused()
    {
        var bogus = Path.Combine(Cli.TempDir(), "bogus.nackpt");
        File.WriteAllText(bogus, "not a checkpoint");

        var outcome = Cli.Run("run", Cli.Config("intro.yaml"), "--out", Path.Combine(Cli.TempDir(), "o"), "--resume", bogus);

        Cli.AssertUserError(outcome, "--resume: cannot read checkpoint");
    }

    [Fact]
    public void A_model_with_an_empty_population_runs_nothing_and_writes_nothing()
    {
        var model = Cli.ModelFile("""
            simulation: {dt: 0.1, duration: 10}
            populations:
              - {name: a, size: 0, model: iaf_psc_delta}
            """);
        var outDir = Path.Combine(Cli.TempDir(), "out");

        var outcome = Cli.Run("run", model, "--out", outDir);

        Cli.AssertUserError(outcome, "populations[0].size");
        Assert.False(Directory.Exists(outDir));
    }
}
