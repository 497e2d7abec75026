namespace NeuroActors.Cli.Tests;

/// <summary>
/// A float population on backend loihi: inspect shows how it is quantised, and a run refuses it before building,
/// since the Loihi shard runs only loihi_lif populations so far.
/// </summary>
public class QuantisedLoihiCommandTests
{
    private const string Model = """
        simulation: {name: quantised, dt: 0.1, duration: 20, seed: 4}
        populations:
          - {name: noise, size: 20, model: poisson_source, parameters: {rate: 50}}
          - {name: exc, size: 10, model: iaf_psc_exp, backend: loihi, parameters: {tau_m: 10}}
        projections:
          - {source: noise, target: exc, connector: {rule: all_to_all}, synapse: {receptor: excitatory, weight: 90, delay: 1}}
        """;

    [Fact]
    public void Inspect_prints_the_quantisation_and_run_refuses_the_population_in_one_line()
    {
        string model = Cli.ModelFile(Model);
        var inspect = Cli.Run("inspect", model);
        Assert.True(inspect.ExitCode == 0, inspect.Error);
        Assert.Contains("Quantised onto Loihi's fixed point:", inspect.Output);
        Assert.Contains("Loihi cores (profile loihi1)", inspect.Output);

        var dir = Path.Combine(Cli.TempDir(), "refused");
        Cli.AssertUserError(Cli.Run("run", model, "--out", dir),
            "populations[1].backend: got 'loihi'; iaf_psc_exp populations are quantised for Loihi (see 'neuroactors inspect') but do not run on it yet");
        Assert.False(File.Exists(Path.Combine(dir, "summary.json")));
    }
}
