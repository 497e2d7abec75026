using NeuroActors.Loihi.Quantisation;
using NeuroActors.Loihi.Cores;
using NeuroActors.Model;

namespace NeuroActors.Cli.Tests;

public class LoihiInspectionTests
{
    private static NetworkSpec Model(int inDegree) =>
        new NetworkBuilder("cores", dtMs: 0.1, durationMs: 10, seed: 5)
            .PoissonSource("noise", 5000, 10)
            .Population("E", 600, NeuronModel.IafPscExp, new() { ["tau_m"] = 10 })
            .Backend("E", "loihi")
            .MaxNeuronsPerShard(300, "E")
            .Projection("noise", "E", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: inDegree),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(10), Distribution.Constant(0.1)))
            .Build();

    [Fact]
    public void Inspect_reports_the_cores_of_Loihi_populations_on_the_chosen_profile()
    {
        string text = LoihiInspection.Render(Model(2), "loihi2")!;
        // E is a float population on Loihi: how it is quantised comes first, then the cores.
        Assert.StartsWith("Quantised onto Loihi's fixed point:\n" + LoihiQuantiser.Quantise(Model(2)) + "\n\n" +
            "Loihi cores (profile loihi2): 2 cores on 1 chip, 600 neurons, 1,200 synapses\n", text);
        Assert.Contains("not modelled: input axons", text);
        Assert.Contains("\nLoihi cores (profile loihi1)", LoihiInspection.Render(Model(2), "loihi1"));
        Assert.Contains("\nLoihi cores (profile loihi2)", LoihiInspection.Render(Model(2), null)); // the default
    }

    [Fact]
    public void A_population_that_breaks_a_core_limit_names_the_core_and_what_would_fit()
    {
        // 300 neurons with 40 of 5,000 sources each reach nearly every source: far more than 4,096 input axons per core.
        var ex = Assert.Throws<LoihiMappingException>(() => LoihiInspection.Render(Model(40), "loihi1"));
        Assert.Matches(@"^population E: core 0 has 4,\d{3} input axons; loihi1 allows 4,096; at most \d+ neurons per core would fit \(set the population's max_neurons_per_shard to \d+ or less\)$", ex.Message);
    }

    [Fact]
    public void A_model_without_Loihi_populations_has_no_core_report() => Assert.Null(LoihiInspection.Render(
        new NetworkBuilder("plain").Population("E", 10, NeuronModel.IafPscExp, new()).Build(), "loihi1"));

    [Fact]
    public void An_unknown_profile_is_refused_in_one_line()
    {
        var outcome = Cli.Run("inspect", Cli.Config("intro.yaml"), "--loihi-profile", "loihi3");
        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains("loihi3", outcome.Error);
        Assert.Contains("loihi1", outcome.Error);
    }
}
