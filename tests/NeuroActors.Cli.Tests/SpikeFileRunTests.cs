using NeuroActors.Model.Files;
using NeuroActors.Results;

namespace NeuroActors.Cli.Tests;

/// <summary>
/// Spike trains from files, end to end: the spikes one run writes (SONATA spikes.h5, or turned into .npy) drive a
/// spike_source_array of another run, on another number of shards, which replays exactly those spikes.
/// </summary>
public class SpikeFileRunTests
{
    private const string Source = """
        simulation: {name: source, dt: 0.1, duration: 200, seed: 5}
        populations:
          - {name: src, size: 40, model: poisson_source, parameters: {rate: 40}}
        recorders:
          - {type: spikes, population: src}
        """;

    private static string Replay(string spikeTimes) => $$$"""
        simulation: {name: replay, dt: 0.1, duration: 200}
        populations:
          - {name: replay, model: spike_source_array, spike_times: {{{spikeTimes}}}}
          - {name: lif, size: 3, model: iaf_psc_alpha}
        projections:
          - {source: replay, target: lif, connector: {rule: all_to_all}, synapse: {weight: 30, delay: 1}}
        recorders:
          - {type: spikes, population: replay}
        """;

    private static PopulationSpikes RunAndRead(string model, string population, params string[] options)
    {
        var outDir = Path.Combine(Cli.TempDir(), "out");
        var outcome = Cli.Run(["run", model, "--out", outDir, "--no-plot", .. options]);
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        return ResultsReader.Read(outDir).Spikes.Single(p => p.Population == population);
    }

    private static void AssertSameSpikes(PopulationSpikes expected, PopulationSpikes actual)
    {
        Assert.Equal(expected.Size, actual.Size);
        var a = expected.NeuronIds.Zip(expected.TimesMs).OrderBy(s => s.Second).ThenBy(s => s.First).ToArray();
        var b = actual.NeuronIds.Zip(actual.TimesMs).OrderBy(s => s.Second).ThenBy(s => s.First).ToArray();
        Assert.Equal(a.Select(s => s.First), b.Select(s => s.First));
        Assert.Equal(a.Select(s => s.Second), b.Select(s => s.Second), (x, y) => Math.Abs(x - y) < 1e-9);
    }

    [Fact]
    public void The_spikes_of_a_sonata_file_written_by_a_run_are_replayed_exactly()
    {
        var source = Path.Combine(Cli.TempDir(), "source");
        Assert.Equal(0, Cli.Run("run", Cli.ModelFile(Source), "--out", source, "--no-plot", "-n", "2").ExitCode);
        var original = ResultsReader.Read(source).Spikes.Single();
        Assert.True(original.TimesMs.Length > 200, $"only {original.TimesMs.Length} spikes"); // 40 × 40 Hz × 0.2 s = 320 expected

        string spikes = Path.Combine(source, SonataSpikes.FileName);
        var replayed = RunAndRead(Cli.ModelFile(Replay($"{{file: '{spikes}', population: src}}")), "replay", "-n", "3");

        AssertSameSpikes(original, replayed); // the size (40) comes from the file
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_spikes_of_an_npy_file_next_to_the_model_are_replayed_exactly(bool structured)
    {
        var source = Path.Combine(Cli.TempDir(), "source");
        Assert.Equal(0, Cli.Run("run", Cli.ModelFile(Source), "--out", source, "--no-plot").ExitCode);
        var original = ResultsReader.Read(source).Spikes.Single();

        string model = Cli.ModelFile(Replay("{file: inputs/spikes.npy}").Replace("spike_source_array,", "spike_source_array, size: 40,"));
        string npy = Path.Combine(Path.GetDirectoryName(model)!, "inputs", "spikes.npy");
        Directory.CreateDirectory(Path.GetDirectoryName(npy)!);
        if (structured) NpyWriter.WriteRecords(npy, "node_id", [.. original.NeuronIds.Select(i => (long)i)], "timestamp", original.TimesMs);
        else NpyWriter.WriteColumns(npy, [[.. original.NeuronIds.Select(i => (double)i)], original.TimesMs]);

        AssertSameSpikes(original, RunAndRead(model, "replay", "-n", "2"));
    }

    [Fact]
    public void A_bad_spike_file_is_a_one_line_user_error_naming_the_file()
    {
        string model = Cli.ModelFile(Replay("{file: spikes.npy}"));
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(model)!, "spikes.npy"), "0,1.5\n");

        var outcome = Cli.Run("validate", model);

        Cli.AssertUserError(outcome, "populations[0].spike_times.file");
        Assert.Contains("spikes.npy': got no NumPy magic string; a .npy file starts with \\x93NUMPY", outcome.Error);
        Assert.Single(outcome.ErrorLines);

        outcome = Cli.Run("validate", Cli.ModelFile(Replay("{file: nowhere.h5, population: src}")));
        Cli.AssertUserError(outcome, "nowhere.h5");
        Assert.Single(outcome.ErrorLines);
    }
}
