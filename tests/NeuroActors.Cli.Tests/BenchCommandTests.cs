using System.Text.Json;
using NeuroActors.Results;

namespace NeuroActors.Cli.Tests;

/// <summary><c>neuroactors bench</c>: real runs in child processes, so every figure checked here was measured; no timing is asserted.</summary>
public class BenchCommandTests
{
    private static readonly string[] Stats =
    [
        "build_seconds", "simulation_seconds", "real_time_factor", "synaptic_events_per_second", "bytes_per_synapse", "peak_memory_mib",
        "compute_seconds", "wait_seconds",
    ];

    [Fact]
    public void Bench_repeats_a_model_in_fresh_processes_and_reports_figures_consistent_with_each_runs_summary()
    {
        var outDir = Path.Combine(Cli.TempDir(), "bench");

        var outcome = Cli.Run("bench", Cli.Config("intro.yaml"), "--duration", "100", "--repeats", "2", "--shards", "2", "--out", outDir);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Equal("", outcome.Error);
        Assert.Contains("[1/1] intro: repeat 1 of 2", outcome.Output);
        Assert.Contains("[1/1] intro: repeat 2 of 2", outcome.Output);
        Assert.Contains("│ real-time factor", outcome.Output);
        Assert.Contains("│ synaptic events/s", outcome.Output);
        // shards, processes, packets per window (one: the intro's windows are one step long), biological time
        Assert.Contains("| intro | 2 | 1 | 1 | 100 |", File.ReadAllText(Path.Combine(outDir, "bench.md")));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "bench.json")));
        Assert.Equal(2, json.RootElement.GetProperty("repeats").GetInt32());
        Assert.True(json.RootElement.GetProperty("machine").GetProperty("cores").GetInt32() > 0);
        Assert.NotEmpty(json.RootElement.GetProperty("notes").EnumerateArray());
        var model = Assert.Single(json.RootElement.GetProperty("models").EnumerateArray());
        Assert.Equal("intro", model.GetProperty("model").GetString());
        Assert.Equal(200, model.GetProperty("neurons").GetInt64());
        Assert.Equal((2, 1, 100.0), (model.GetProperty("shards").GetInt32(), model.GetProperty("processes").GetInt32(), model.GetProperty("biological_ms").GetDouble()));
        Assert.Equal(JsonValueKind.Null, model.GetProperty("worker_peak_memory_mib").ValueKind);
        Assert.Equal(JsonValueKind.Null, model.GetProperty("serialization_seconds").ValueKind);

        var runs = model.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal([1, 2], runs.Select(r => r.GetProperty("repeat").GetInt32()));
        foreach (var run in runs)
        {
            double sim = run.GetProperty("simulation_seconds").GetDouble(), bio = run.GetProperty("biological_ms").GetDouble();
            Assert.True(sim > 0);
            Assert.Equal(100, bio);
            Assert.Equal(sim / (bio / 1000), run.GetProperty("real_time_factor").GetDouble(), 1e-9);
            Assert.Equal(run.GetProperty("synaptic_events").GetInt64() / sim, run.GetProperty("synaptic_events_per_second").GetDouble(), 1e-6);
            Assert.True(run.GetProperty("peak_memory_mib").GetDouble() > 0);

            // Each run's figures are its own summary's.
            var summary = Summary.Read(Path.Combine(outDir, "runs", $"intro-r{run.GetProperty("repeat").GetInt32()}.summary.json"));
            Assert.Equal(summary.Timing.SimulationSeconds, sim);
            Assert.Equal(summary.Timing.BuildSeconds, run.GetProperty("build_seconds").GetDouble());
            Assert.Equal(summary.Timing.PeakMemoryMib, run.GetProperty("peak_memory_mib").GetDouble());
            Assert.Equal(summary.Totals.SynapticEvents, run.GetProperty("synaptic_events").GetInt64());
        }

        foreach (var name in Stats)
        {
            var stat = model.GetProperty(name);
            var values = runs.Select(r => r.GetProperty(name).GetDouble()).ToArray();
            Assert.Equal(values.Min(), stat.GetProperty("min").GetDouble());
            Assert.Equal(values.Max(), stat.GetProperty("max").GetDouble());
            Assert.Equal(values.Average(), stat.GetProperty("median").GetDouble(), 1e-12);
        }
    }

    [Fact]
    public void Bench_on_worker_processes_records_their_peak_memory_and_the_serialization_time()
    {
        var outDir = Path.Combine(Cli.TempDir(), "bench");

        var outcome = Cli.Run("bench", Cli.Config("intro.yaml"), "--duration", "50", "--repeats", "1", "--processes", "2", "--out", outDir);

        Assert.True(outcome.ExitCode == 0, outcome.Error + outcome.Output);
        // Two processes in all, one shard each on this machine's cores: one worker and the run's own process.
        Assert.Contains($"({2 * Math.Max(1, (Environment.ProcessorCount + 1) / 2)} shards in 2 processes", outcome.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "bench.json")));
        var model = json.RootElement.GetProperty("models")[0];
        Assert.Equal(2, model.GetProperty("processes").GetInt32());
        Assert.Equal(2 * Math.Max(1, (Environment.ProcessorCount + 1) / 2), model.GetProperty("shards").GetInt32());
        var run = model.GetProperty("runs")[0];
        var workers = run.GetProperty("worker_peak_memory_mib").EnumerateArray().Select(w => w.GetDouble()).ToArray();
        Assert.Single(workers);
        Assert.All(workers, w => Assert.True(w > 0));
        Assert.Equal(workers.Max(), model.GetProperty("worker_peak_memory_mib").GetProperty("median").GetDouble());
        Assert.True(run.GetProperty("serialization_seconds").GetDouble() > 0);
    }

    [Theory]
    [InlineData("--repeats", "0", "--repeats: got 0; use a whole number of at least 1")]
    [InlineData("--processes", "0", "--processes: got 0; use a whole number of at least 1")]
    [InlineData("--shards", "0", "--shards: got 0")]
    [InlineData("--duration", "-5", "--duration: got -5; use a positive time in ms")]
    [InlineData("--packets-per-window", "0", "--packets-per-window: got 0; use a whole number of at least 1")]
    public void Bad_options_are_refused_in_one_line_before_anything_runs(string option, string value, string expected)
    {
        var outDir = Path.Combine(Cli.TempDir(), "bench");

        var outcome = Cli.Run("bench", Cli.Config("intro.yaml"), option, value, "--out", outDir);

        Cli.AssertUserError(outcome, expected);
        Assert.Single(outcome.ErrorLines);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void A_missing_model_file_is_refused_in_one_line()
    {
        var outcome = Cli.Run("bench", Cli.Config("intro.yaml"), "no-such-model.yaml", "--out", Path.Combine(Cli.TempDir(), "bench"));

        Cli.AssertUserError(outcome, "model file 'no-such-model.yaml' does not exist");
        Assert.Single(outcome.ErrorLines);
        Assert.DoesNotContain("repeat", outcome.Output);
    }

    [Fact]
    public void A_shard_count_the_processes_cannot_share_equally_is_refused()
    {
        var outcome = Cli.Run("bench", Cli.Config("intro.yaml"), "--processes", "2", "--shards", "3");

        Cli.AssertUserError(outcome, "--shards: got 3 with --processes 2; use a multiple of 2");
    }

    [Fact]
    public void The_same_model_twice_is_refused()
    {
        var outcome = Cli.Run("bench", Cli.Config("intro.yaml"), Cli.Config("intro.yaml"));

        Cli.AssertUserError(outcome, "a model named 'intro' is already in the list");
    }

    [Fact]
    public void An_output_directory_that_cannot_be_written_is_refused_before_running()
    {
        var blocker = Path.Combine(Cli.TempDir(), "a-file");
        File.WriteAllText(blocker, "");

        var outcome = Cli.Run("bench", Cli.Config("intro.yaml"), "--out", blocker);

        Cli.AssertUserError(outcome, $"--out: cannot write to '{blocker}'");
        Assert.DoesNotContain("repeat", outcome.Output);
    }

    [Theory]
    [InlineData(new[] { 3.0 }, 3.0)]
    [InlineData(new[] { 5.0, 1.0, 4.0 }, 4.0)]
    [InlineData(new[] { 4.0, 1.0, 2.0, 3.0 }, 2.5)]
    public void The_median_is_the_middle_value_or_the_mean_of_the_middle_two(double[] values, double median)
    {
        var stat = BenchStat.Of(values.Select(v => (double?)v))!;

        Assert.Equal((median, values.Min(), values.Max()), (stat.Median, stat.Min, stat.Max));
    }

    [Fact]
    public void A_figure_missing_in_any_run_has_no_statistics()
    {
        Assert.Null(BenchStat.Of([1.0, null]));
        Assert.Null(BenchStat.Of([]));
    }
}
