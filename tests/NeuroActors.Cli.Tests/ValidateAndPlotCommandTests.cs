namespace NeuroActors.Cli.Tests;

public class ValidateAndPlotCommandTests
{
    [Theory]
    [InlineData("brunel.yaml", "12500 neurons")]
    [InlineData("brunel-stdp.yaml", "12500 neurons")]
    [InlineData("loihi-brunel.yaml", "12500 neurons")]
    [InlineData("vogels-abbott.yaml", "4000 neurons")]
    [InlineData("vogels-abbott-brette2007.yaml", "4000 neurons")]
    [InlineData("intro.yaml", "200 neurons")]
    [InlineData("izhikevich.yaml", "5 populations")]
    public void Every_shipped_model_validates(string config, string expected)
    {
        var outcome = Cli.Run("validate", Cli.Config(config));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("valid model", outcome.Output);
        Assert.Contains(expected, outcome.Output);
    }

    [Fact]
    public void A_missing_model_file_gives_one_line()
    {
        var outcome = Cli.Run("validate", "/nonexistent/model.yaml");

        Cli.AssertUserError(outcome, "model file '/nonexistent/model.yaml' does not exist");
        Assert.Single(outcome.ErrorLines);
    }

    [Fact]
    public void Malformed_yaml_names_the_file_and_line()
    {
        var model = Cli.ModelFile("simulation: {dt: 0.1\npopulations: [\n");

        var outcome = Cli.Run("validate", model);

        Cli.AssertUserError(outcome, model);
        Assert.Contains("line", outcome.Error);
    }

    [Fact]
    public void A_projection_to_a_missing_population_and_a_negative_delay_are_both_reported()
    {
        var model = Cli.ModelFile("""
            simulation: {dt: 0.1, duration: 10}
            populations:
              - {name: a, size: 10, model: iaf_psc_delta}
            projections:
              - source: a
                target: ghost
                connector: {rule: all_to_all}
                synapse: {receptor: excitatory, weight: 1, delay: 1}
              - source: a
                target: a
                connector: {rule: all_to_all}
                synapse: {receptor: excitatory, weight: 1, delay: -1}
            """);

        var outcome = Cli.Run("validate", model);

        Cli.AssertUserError(outcome, "projections[0].target");
        Assert.Contains("ghost", outcome.Error);
        Assert.Contains("projections[1].synapse.delay", outcome.Error);
        Assert.Equal(2, outcome.ErrorLines.Length);
    }

    [Fact]
    public void A_backend_this_process_cannot_run_is_reported_with_the_valid_names()
    {
        var model = Cli.ModelFile("""
            simulation: {dt: 0.1, duration: 10}
            populations:
              - {name: a, size: 10, model: iaf_psc_delta, backend: cpu}
              - {name: b, size: 10, model: iaf_psc_delta, backend: loihi-x}
            """);

        var outcome = Cli.Run("validate", model);

        Cli.AssertUserError(outcome, "populations[1].backend: got 'loihi-x'; not a registered shard backend; valid backends are: cpu");
        Assert.Single(outcome.ErrorLines);
    }

    [Fact]
    public void Plot_redraws_the_plots_of_a_results_directory()
    {
        var outDir = Path.Combine(Cli.TempDir(), "intro");
        Assert.Equal(0, Cli.Run("run", Cli.Config("intro.yaml"), "--out", outDir, "--duration", "50", "--no-plot").ExitCode);

        var outcome = Cli.Run("plot", outDir);

        Assert.Equal(0, outcome.ExitCode);
        Assert.True(File.Exists(Path.Combine(outDir, "raster.png")));
        Assert.True(File.Exists(Path.Combine(outDir, "traces.png")));
    }

    [Fact]
    public void Plot_of_a_directory_without_results_gives_one_line()
    {
        var outcome = Cli.Run("plot", Cli.TempDir());

        Cli.AssertUserError(outcome, "holds no summary.json");
        Assert.Single(outcome.ErrorLines);
    }

    [Fact]
    public void An_unknown_format_is_a_usage_error()
    {
        var outcome = Cli.Run("run", Cli.Config("intro.yaml"), "--format", "xml");

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains("xml", outcome.Error);
    }
}
