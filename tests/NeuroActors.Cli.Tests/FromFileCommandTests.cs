namespace NeuroActors.Cli.Tests;

/// <summary><c>validate</c> and <c>run</c> on a model whose connections come from a file beside it.</summary>
public class FromFileCommandTests
{
    private static string Model(string csv)
    {
        string model = Cli.ModelFile("""
            simulation: {name: from-file, dt: 0.1, duration: 20, seed: 3}
            populations:
              - {name: src, model: spike_source_array, spike_times: [[1.0, 5.0], [2.0]]}
              - {name: lif, size: 2, model: iaf_psc_delta, parameters: {e_l: 0, v_th: 2, v_reset: 0, t_ref: 0}}
            projections:
              - {source: src, target: lif, connector: {rule: from_file, file: edges.csv}, synapse: {receptor: excitatory}}
            recorders:
              - {type: spikes, population: lif}
            """);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(model)!, "edges.csv"), csv);
        return model;
    }

    [Fact]
    public void Validate_finds_the_file_beside_the_model_and_takes_the_window_from_its_delays()
    {
        var outcome = Cli.Run("validate", Model("source,target,weight,delay_ms\n0,0,3,1.24\n1,1,3,2.5\n"));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("valid model 'from-file'", outcome.Output);
        Assert.Contains("window 12 steps", outcome.Output); // 1.24 ms rounds to 12 steps, the smaller delay
    }

    [Fact]
    public void A_wrong_entry_is_one_error_line_naming_the_file_line_field_and_value()
    {
        string model = Model("source,target,weight,delay_ms\n0,0,3,1.24\n1,2,3,2.5\n");

        var outcome = Cli.Run("validate", model);

        Cli.AssertUserError(outcome, $"error: {model}: projections[0].connector.file (edges.csv line 3, target): got 2; a target index of 'lif' must lie in [0, 2)");
        Assert.Single(outcome.ErrorLines);
    }

    [Fact]
    public void Run_fires_each_target_exactly_its_delay_after_its_source()
    {
        string model = Model("source,target,weight,delay_ms\n0,0,3,1.24\n1,1,3,2.5\n");
        string output = Path.Combine(Path.GetDirectoryName(model)!, "out");

        var outcome = Cli.Run("run", model, "--out", output, "--shards", "2", "--format", "csv", "--no-plot");

        Assert.Equal(0, outcome.ExitCode);
        // A 3 mV jump crosses the 2 mV threshold at once: lif 0 at 1.0 + 1.2 and 5.0 + 1.2 ms, lif 1 at 2.0 + 2.5 ms.
        Assert.Equal(["population,neuron,time_ms", "lif,0,2.2", "lif,1,4.5", "lif,0,6.2"], File.ReadAllLines(Path.Combine(output, "spikes.csv")));
    }
}
