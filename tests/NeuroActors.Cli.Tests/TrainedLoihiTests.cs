using System.Text.Json;
using NeuroActors.Model;
using NeuroActors.Results;
using NeuroActors.Runtime.Sessions;
using NeuroActors.Training;

namespace NeuroActors.Cli.Tests;

/// <summary>
/// A trained network on the emulated Loihi backend: <c>train</c> exports its Loihi variant and measures it beside the
/// float simulator, the variant runs to the same spikes under any cut, and a network that cannot map is refused.
/// </summary>
public class TrainedLoihiTests
{
    // Three classes of 30 units in 30 steps, trained with the zero reset that Loihi's compartment has: 8 epochs of a
    // fraction of a second reach ~85 % test accuracy.
    private const string Zero = """
        dataset:
          randman: {classes: 3, units: 30, steps: 30, samples_per_class: 50}
          test_fraction: 0.25
          seed: 3
        network:
          layers:
            - {size: 32, beta: 0.9, reset: zero}
          readout: {size: 3, beta: 0.9}
        optimizer: {kind: adam, lr: 0.02}
        training: {batch_size: 16, epochs: 8, chunk_size: 4, seed: 5, name: small-loihi}
        """;

    private const int Simulated = 30;

    private static readonly Lazy<(string OutDir, Cli.Outcome Outcome)> Trained = new(() =>
    {
        var dir = Cli.TempDir();
        var config = Path.Combine(dir, "train.yaml");
        File.WriteAllText(config, Zero);
        var outDir = Path.Combine(dir, "out");
        return (outDir, Cli.Run("train", config, "--out", outDir, "--workers", "2", "--simulate", Simulated.ToString(), "--no-plot"));
    });

    [Fact]
    public void A_trained_network_runs_on_Loihi_within_a_few_points_of_the_float_simulator()
    {
        var (outDir, outcome) = Trained.Value;
        Assert.True(outcome.ExitCode == 0, outcome.Error + outcome.Output);
        string loihiModel = Path.Combine(outDir, "model", TrainedNetworkExport.LoihiModelFile);
        Assert.True(File.Exists(loihiModel), "model-loihi.yaml missing");
        var validate = Cli.Run("validate", loihiModel);
        Assert.True(validate.ExitCode == 0, validate.Error);
        var spec = ModelLoader.Load(loihiModel);
        Assert.All(spec.Populations.Skip(1), p => Assert.True(p.OnLoihi, $"{p.Name} is not on Loihi"));
        Assert.False(spec.Populations[0].OnLoihi);
        // The float model is the same file but for the backends.
        var floatSpec = ModelLoader.Load(Path.Combine(outDir, "model", "model.yaml"));
        Assert.Equal(floatSpec.Populations.Select(p => (p.Name, p.Size, p.Model)), spec.Populations.Select(p => (p.Name, p.Size, p.Model)));
        Assert.All(floatSpec.Populations, p => Assert.False(p.OnLoihi));

        using var accuracy = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "model", "accuracy.json")));
        var root = accuracy.RootElement;
        int simulator = root.GetProperty("simulator").GetProperty("correct").GetInt32();
        int loihi = root.GetProperty("loihi").GetProperty("correct").GetInt32();
        Assert.True(simulator >= 0.8 * Simulated, $"the float simulator got {simulator} of {Simulated}: the network did not train");
        Assert.InRange(loihi, simulator - 2, simulator + 2); // within 2 of 30 trials, 6.7 points
        Assert.InRange(root.GetProperty("loihi").GetProperty("same_class_as_simulator").GetInt32(), Simulated - 2, Simulated);
        Assert.Equal((double)loihi / Simulated, root.GetProperty("loihi").GetProperty("accuracy").GetDouble());
        Assert.Contains($"Loihi (quantised, {loihiModel}): {loihi} of {Simulated} test samples right", Unwrapped(outcome.Output));
    }

    /// <summary>The output without the console's line breaks (it wraps long lines).</summary>
    private static string Unwrapped(string output) => output.Replace("\r", "").Replace("\n", "");

    [Fact]
    public async Task The_Loihi_run_of_an_exported_network_gives_the_same_spikes_on_2_3_and_4_shards()
    {
        var (outDir, outcome) = Trained.Value;
        Assert.True(outcome.ExitCode == 0, outcome.Error + outcome.Output);
        var spec = ModelLoader.Load(Path.Combine(outDir, "model", TrainedNetworkExport.LoihiModelFile));
        var runs = new List<RunResult>();
        // One shard cannot hold it: the input is a spike source of the cpu backend, and a shard runs one backend.
        foreach (int shards in new[] { 2, 3, 4 })
        {
            await using var session = await Session.BuildAsync(spec, new SessionOptions { Shards = shards });
            await session.RunAsync(spec.Simulation.DurationMs);
            runs.Add(await session.CollectAsync());
        }
        static (string, double, int)[] Spikes(RunResult r) =>
            [.. r.Spikes.SelectMany(s => s.TimesMs.Select((t, i) => (s.Population, t, s.NeuronIds[i]))).Order()];
        var reference = Spikes(runs[0]);
        Assert.True(reference.Count(s => s.Item1 == TrainedNetworkExport.LayerPopulation(1)) > 10, "the hidden layer hardly spikes");
        var readout = runs[0].Traces.Single(t => t.Population == TrainedNetworkExport.ReadoutPopulation);
        Assert.Contains(readout.Values, neuron => neuron.Any(v => v != 0));
        foreach (var run in runs.Skip(1))
        {
            Assert.Equal(reference, Spikes(run));
            var other = run.Traces.Single(t => t.Population == TrainedNetworkExport.ReadoutPopulation);
            Assert.Equal(readout.NeuronIds, other.NeuronIds);
            Assert.Equal(readout.Values, other.Values);
        }
    }

    [Fact]
    public void Run_refuses_a_subtract_reset_network_on_Loihi_in_one_line_naming_the_population_and_what_would_work()
    {
        var model = Cli.ModelFile("""
            simulation: {dt: 1, duration: 20}
            populations:
              - {name: in, size: 4, model: spike_source_array, spike_times: [[1], [2], [3], [4]]}
              - name: hidden
                size: 5
                model: snn_leaky
                backend: loihi
                parameters: {beta: 0.9, threshold: 1, reset: 0}
            projections:
              - {source: in, target: hidden, connector: {rule: all_to_all}, synapse: {weight: 0.5, delay: 1}}
            """);

        var outcome = Cli.Run("run", model, "--shards", "2", "--out", Path.Combine(Cli.TempDir(), "o"));

        Cli.AssertUserError(outcome, "population hidden: reset subtract cannot run on backend loihi");
        Assert.Single(outcome.ErrorLines);
        Assert.Contains("train with 'reset: zero'", outcome.Error);
    }

    [Fact]
    public void A_subtract_reset_network_is_exported_without_a_Loihi_variant_and_its_accuracy_report_says_why()
    {
        var dir = Cli.TempDir();
        var config = Path.Combine(dir, "train.yaml");
        File.WriteAllText(config, Zero.Replace("reset: zero", "reset: subtract").Replace("epochs: 8", "epochs: 1"));
        var outDir = Path.Combine(dir, "out");

        var outcome = Cli.Run("train", config, "--out", outDir, "--workers", "1", "--simulate", "3", "--no-plot");

        Assert.True(outcome.ExitCode == 0, outcome.Error + outcome.Output);
        Assert.False(File.Exists(Path.Combine(outDir, "model", TrainedNetworkExport.LoihiModelFile)));
        using var accuracy = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "model", "accuracy.json")));
        string refused = accuracy.RootElement.GetProperty("loihi").GetProperty("refused").GetString()!;
        Assert.Contains("population layer1: reset subtract cannot run on backend loihi", refused);
        Assert.DoesNotContain('\n', refused);
        Assert.Contains($"Loihi: not run: {refused}", Unwrapped(outcome.Output));
    }
}
