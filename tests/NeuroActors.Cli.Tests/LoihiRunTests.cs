using System.Globalization;
using NeuroActors.Results;

namespace NeuroActors.Cli.Tests;

/// <summary>
/// loihi_lif models through the command line: a Lava fixture (tests/NeuroActors.Loihi.Tests/Fixtures/lava, recorded
/// from Lava's bit-accurate Dense → LIF) run by <c>neuroactors run</c> gives Lava's spikes on any number of shards (at least one per backend),
/// and on a cluster of node processes the same spikes as in one process.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public class LoihiRunTests
{
    private static string Fixture(string name)
    {
        string source = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Cli.Config("intro.yaml")))!, "tests", "NeuroActors.Loihi.Tests", "Fixtures", "lava", name);
        // A copy, so that the model's relative file names resolve and the run writes nothing beside the fixture.
        string copy = Path.Combine(Cli.TempDir(), name);
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return Path.Combine(copy, "model.yaml");
    }

    private static (double TimeMs, long Neuron)[] LavaSpikes(string model) =>
    [
        .. File.ReadLines(Path.Combine(Path.GetDirectoryName(model)!, "spikes.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => (double.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture))),
    ];

    private static (double TimeMs, long Neuron)[] Spikes(string results) =>
        [.. ResultsReader.Read(results).Spikes.Single(p => p.Population == "lif") is var lif ? lif.TimesMs.Zip(lif.NeuronIds, (t, n) => (t, (long)n)) : []];

    [Theory]
    [InlineData("mixed6_exp-5", 2)]
    [InlineData("inhibitory5_wrap", 3)]
    public void A_Lava_fixture_run_from_the_command_line_spikes_as_Lava_did(string name, int shards)
    {
        string model = Fixture(name);
        var dir = Path.Combine(Cli.TempDir(), "run");
        var outcome = Cli.Run("run", model, "--out", dir, "-n", shards.ToString(CultureInfo.InvariantCulture), "--format", "csv", "--no-plot");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        var expected = LavaSpikes(model);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), Spikes(dir).Order());
    }

    [Fact]
    public async Task A_Loihi_model_on_a_cluster_of_two_node_processes_gives_the_spikes_of_one_process()
    {
        string model = Fixture("mixed8");
        int workerPort = NodeProcess.FreePort(), runPort = NodeProcess.FreePort();
        using var worker = new NodeProcess($"node --seed 127.0.0.1:{workerPort} --port {workerPort} --insecure");
        await worker.Started();
        var local = Path.Combine(Cli.TempDir(), "local");
        var distributed = Path.Combine(Cli.TempDir(), "cluster");

        Assert.Equal(0, Cli.Run("run", model, "--out", local, "-n", "2", "--format", "csv", "--no-plot").ExitCode);
        var outcome = Cli.Run("run", model, "--out", distributed, "--format", "csv", "--no-plot", "--cluster", $"127.0.0.1:{workerPort}", "--nodes", "2",
            "--host-shards", "--shards-per-node", "1", "--port", runPort.ToString(CultureInfo.InvariantCulture), "--join-timeout", "60", "--insecure");

        Assert.True(outcome.ExitCode == 0, outcome.Error + worker.Output);
        Assert.Equal(2, ResultsReader.Read(distributed).Summary.Shards);
        Assert.Equal(LavaSpikes(model).Order(), Spikes(local).Order());
        Assert.Equal(Spikes(local), Spikes(distributed));
    }
}
