using NeuroActors.Loihi.Cores;
using NeuroActors.Model;

namespace NeuroActors.Loihi.Tests.Cores;

/// <summary>Which profile a model runs on: the model's choice, else loihi2; the model layer knows the same names.</summary>
public class LoihiProfileChoiceTests
{
    [Fact]
    public void The_model_names_exactly_the_profiles_there_are()
    {
        Assert.Equal(LoihiProfile.All.Keys.Order(), SimulationSpec.LoihiProfiles.Order());
    }

    [Fact]
    public void A_model_chooses_its_profile_and_loihi2_is_the_default()
    {
        var spec = Quantisation.QuantisedNetworks.Brunel();
        Assert.Same(LoihiProfile.Loihi2, LoihiProfile.Default);
        Assert.Same(LoihiProfile.Loihi2, LoihiProfile.Of(spec));
        var loihi1 = spec with { Simulation = spec.Simulation with { LoihiProfile = "loihi1" } };
        Assert.Same(LoihiProfile.Loihi1, LoihiProfile.Of(loihi1));
        Assert.Same(LoihiProfile.Loihi1, RunMapping.Of(loihi1).Profile);
        Assert.Same(LoihiProfile.Loihi2, RunMapping.Of(spec).Profile);
        // The quantisation's exponents are the mapping's synapse configurations.
        Assert.Empty(RunMapping.Refusals(spec));
    }

    [Fact]
    public void A_mapping_that_breaks_the_profile_is_one_refusal_naming_the_profile_population_core_and_limit()
    {
        LoihiShard.Register();
        var spec = new NetworkBuilder("wide", dtMs: 0.1, durationMs: 1, seed: 1)
            .PoissonSource("many", 5000, rateHz: 10)
            .Population("exc", 2, NeuronModel.IafPscExp, new())
            .Backend("exc", LoihiShard.Name)
            .Projection("many", "exc", new ConnectorSpec(ConnectorKind.AllToAll),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(1), Distribution.Constant(0.1)))
            .Build();
        Assert.Empty(RunMapping.Refusals(spec));
        var error = Assert.Single(RunMapping.Refusals(spec with { Simulation = spec.Simulation with { LoihiProfile = "loihi1" } }));
        Assert.Equal(("simulation.loihi.profile", "'loihi1'"), (error.Path, error.Value));
        Assert.StartsWith("population exc: core 0 has 5,000 input axons; loihi1 allows 4,096", error.Expected);
    }
}
