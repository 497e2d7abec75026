using System.Text.Json;
using NeuroActors.Results.Training;

namespace NeuroActors.Cli.Tests;

/// <summary><c>neuroactors train</c> end to end: a small Randman run, its files, its export, resume, gradients and errors.</summary>
public class TrainCommandTests
{
    // Three classes of 12 units in 20 steps: a run of a few epochs takes seconds.
    internal const string Small = """
        dataset:
          randman: {classes: 3, units: 12, steps: 20, samples_per_class: 40}
          test_fraction: 0.25
          seed: 3
        network:
          layers:
            - {size: 16, beta: 0.9}
          readout: {size: 3, beta: 0.9}
        optimizer: {kind: adam, lr: 0.01}
        training: {batch_size: 16, epochs: 3, chunk_size: 4, seed: 5, name: small}
        """;

    /// <summary><paramref name="yaml"/> (by default <see cref="Small"/>) written to a fresh file; returns its path.</summary>
    internal static string SmallConfig(string yaml = Small)
    {
        var path = Path.Combine(Cli.TempDir(), "train.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void A_run_writes_its_metrics_plots_weights_and_a_network_the_simulator_classifies_as_the_engine_does()
    {
        var outDir = Path.Combine(Cli.TempDir(), "out");

        var outcome = Cli.Run("train", SmallConfig(), "--out", outDir, "--workers", "2", "--simulate", "30");

        Assert.True(outcome.ExitCode == 0, outcome.Error + outcome.Output);
        var metrics = TrainingMetrics.Read(Path.Combine(outDir, TrainingMetrics.JsonFileName));
        Assert.Equal(new[] { 1, 2, 3 }, metrics.Epochs.Select(e => e.Epoch));
        Assert.True(metrics.Epochs[^1].TrainLoss < metrics.Epochs[0].TrainLoss, "the loss did not fall");
        foreach (var file in new[] { "metrics.csv", "learning-curve.png", "confusion.png", "hidden-raster.png", "weights.json",
                     "weights/layer1.weight.npy", "weights/readout.weight.npy", "model/model.yaml" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), $"{file} missing");
        Assert.Contains("epoch 3:", outcome.Output);
        // The exported network through the simulator chooses the engine's class for every sample it was given.
        using var accuracy = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "model", "accuracy.json")));
        Assert.Equal(30, accuracy.RootElement.GetProperty("samples").GetInt32());
        Assert.Equal(30, accuracy.RootElement.GetProperty("same_class").GetInt32());
        Assert.Equal(accuracy.RootElement.GetProperty("engine").GetProperty("correct").GetInt32(),
            accuracy.RootElement.GetProperty("simulator").GetProperty("correct").GetInt32());
        var validate = Cli.Run("validate", Path.Combine(outDir, "model", "model.yaml"));
        Assert.True(validate.ExitCode == 0, validate.Error);
    }

    [Fact]
    public void The_weights_do_not_depend_on_the_number_of_workers_and_a_resumed_run_ends_where_an_undisturbed_one_does()
    {
        var config = SmallConfig();
        string one = Path.Combine(Cli.TempDir(), "one"), three = Path.Combine(Cli.TempDir(), "three"), resumed = Path.Combine(Cli.TempDir(), "resumed");

        Assert.Equal(0, Cli.Run("train", config, "--out", one, "--workers", "1", "--simulate", "0", "--no-plot").ExitCode);
        Assert.Equal(0, Cli.Run("train", config, "--out", three, "--workers", "3", "--simulate", "0", "--no-plot").ExitCode);
        Assert.Equal(0, Cli.Run("train", config, "--out", resumed, "--epochs", "2", "--simulate", "0", "--no-plot").ExitCode);
        var rest = Cli.Run("train", config, "--out", resumed, "--resume", Path.Combine(resumed, "checkpoints"), "--simulate", "0", "--no-plot");
        Assert.True(rest.ExitCode == 0, rest.Error);

        foreach (var tensor in new[] { "layer1.weight", "layer1.bias", "readout.weight", "readout.bias" })
        {
            var expected = File.ReadAllBytes(Path.Combine(one, "weights", tensor + ".npy"));
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(three, "weights", tensor + ".npy")));
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(resumed, "weights", tensor + ".npy")));
        }
        // The resumed run's curve continues the first two epochs.
        Assert.Equal(new[] { 1, 2, 3 }, TrainingMetrics.Read(Path.Combine(resumed, TrainingMetrics.JsonFileName)).Epochs.Select(e => e.Epoch));
    }

    // snnTorch 0.9.4's own float64 fixture (tests/NeuroActors.Training.Tests/Fixtures/snntorch, made by
    // benchmarks/snntorch/make_fixtures.py): the same weights and batch through the CLI give snnTorch's loss and gradients.
    [Fact]
    public void Gradients_of_a_batch_are_snnTorchs()
    {
        var fixturePath = Path.Combine(Path.GetDirectoryName(Cli.Config("x"))!, "..", "tests", "NeuroActors.Training.Tests", "Fixtures", "snntorch",
            "reset_zero_arctan_last.json");
        using var fixture = JsonDocument.Parse(File.ReadAllText(fixturePath));
        var root = fixture.RootElement;
        var dir = Cli.TempDir();
        foreach (var name in new[] { "layer1.weight", "readout.weight" })
        {
            var t = root.GetProperty("parameters").GetProperty(name);
            NpyTensorFile.Write<double>(Path.Combine(dir, name + ".npy"), t.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                t.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        }
        File.WriteAllText(Path.Combine(dir, "batch.json"), root.GetProperty("batch").GetRawText());
        var config = Path.Combine(dir, "train.yaml");
        File.WriteAllText(config, """
            dataset:
              randman: {classes: 3, units: 12, steps: 20, samples_per_class: 10}
            network:
              layers:
                - {size: 10, beta: 0.85, threshold: 0.8, reset: zero, bias: false, init: {file: layer1.weight.npy}}
              readout: {size: 3, beta: 0.9, bias: false, init: {file: readout.weight.npy}}
              surrogate: {kind: arctan, scale: 2}
              loss: {kind: ce_last_membrane}
              precision: float64
            optimizer: {kind: adam, lr: 0.001}
            training: {batch_size: 4, epochs: 1}
            """);
        var report = Path.Combine(dir, "gradients.json");

        var outcome = Cli.Run("train", config, "--gradients-of", Path.Combine(dir, "batch.json"), "--out", report);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        using var written = JsonDocument.Parse(File.ReadAllText(report));
        var expected = root.GetProperty("expected");
        Assert.Equal(expected.GetProperty("loss").GetDouble(), written.RootElement.GetProperty("loss").GetDouble(), 1e-12);
        var gradients = written.RootElement.GetProperty("gradients").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!);
        foreach (var name in new[] { "layer1.weight", "readout.weight" })
        {
            var want = expected.GetProperty("gradients").GetProperty(name).GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var got = gradients[name].GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            double scale = want.Max(Math.Abs);
            Assert.Equal(want.Length, got.Length);
            for (int i = 0; i < want.Length; i++) Assert.True(Math.Abs(want[i] - got[i]) <= 1e-12 * scale, $"{name}[{i}]: snnTorch {want[i]}, NeuroActors {got[i]}");
        }
    }

    [Fact]
    public void A_bad_config_gives_one_line_per_problem_with_its_path()
    {
        var outcome = Cli.Run("train", SmallConfig(Small.Replace("beta: 0.9}\n  readout", "beta: 1.5}\n  readout")), "--out", Path.Combine(Cli.TempDir(), "o"));

        Cli.AssertUserError(outcome, "network.layers[0].beta");
        Assert.Single(outcome.ErrorLines);
    }

    [Fact]
    public void Options_out_of_range_are_refused_in_one_line()
    {
        Cli.AssertUserError(Cli.Run("train", SmallConfig(), "--workers", "0"), "--workers: got 0");
        Cli.AssertUserError(Cli.Run("train", SmallConfig(), "--gradients-of", "batch.json"), "--gradients-of: give the JSON file to write with --out");
        Cli.AssertUserError(Cli.Run("train", Path.Combine(Cli.TempDir(), "none.yaml")), "does not exist");
        Cli.AssertUserError(Cli.Run("train", SmallConfig(), "--host-worker"), "--host-worker: applies only to a cluster run (--cluster)");
        Cli.AssertUserError(Cli.Run("train", SmallConfig(), "--nodes", "2"), "--nodes: applies only to a cluster run (--cluster)");
    }
}
