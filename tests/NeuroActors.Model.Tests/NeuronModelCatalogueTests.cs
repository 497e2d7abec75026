using NeuroActors.Model;

namespace NeuroActors.Model.Tests;

/// <summary>
/// The catalogue is found from the models' own files (static properties of <see cref="NeuronModel"/>), so what it lists,
/// in which order, and how a spec writes a model must be pinned down here.
/// </summary>
public class NeuronModelCatalogueTests
{
    private static readonly string[] Documented =
        ["iaf_psc_delta", "iaf_psc_exp", "iaf_cond_exp", "izhikevich", "poisson_source", "spike_source_array", "iaf_psc_alpha", "loihi_lif", "snn_leaky", "leaky_readout"];

    [Fact]
    public void The_catalogue_lists_every_model_in_the_documented_order()
    {
        Assert.Equal(Documented, NeuronModels.Catalogue.Select(m => m.YamlName));
    }

    [Fact]
    public void An_unknown_model_is_refused_with_the_list_the_docs_show()
    {
        var error = Assert.Throws<ModelException>(() => ModelLoader.Parse("populations: [{name: a, size: 1, model: hodgkin_huxley}]"));

        var e = Assert.Single(error.Errors);
        Assert.StartsWith("populations[0].model", e.Path);
        Assert.Equal("'hodgkin_huxley'", e.Value);
        Assert.Equal("valid models are: " + string.Join(", ", Documented), e.Expected);
    }

    [Fact]
    public void Every_model_is_found_by_its_yaml_name_as_its_well_known_instance()
    {
        var known = new[]
        {
            NeuronModel.IafPscDelta, NeuronModel.IafPscExp, NeuronModel.IafCondExp, NeuronModel.Izhikevich,
            NeuronModel.PoissonSource, NeuronModel.SpikeSourceArray, NeuronModel.IafPscAlpha, NeuronModel.LoihiLif,
            NeuronModel.SnnLeaky, NeuronModel.LeakyReadout,
        };
        foreach (var model in known)
        {
            Assert.True(NeuronModels.TryParse(model.YamlName, out var found));
            Assert.Same(model, found);
        }
        Assert.False(NeuronModels.TryParse("IafPscDelta", out var none));
        Assert.Null(none);
    }

    [Fact]
    public void A_spec_writes_a_model_as_the_enum_did_so_checkpoint_fingerprints_stay()
    {
        var spec = new NetworkBuilder("json").Population("c", 2, NeuronModel.IafCondExp).PoissonSource("p", 2, 5).Build();

        string json = SpecJson.Serialize(spec);

        Assert.Contains("\"Model\":\"IafCondExp\"", json);
        Assert.Contains("\"Model\":\"PoissonSource\"", json);
        Assert.Same(NeuronModel.IafCondExp, SpecJson.Deserialize(json).Populations[0].Model);
    }

    [Theory]
    [InlineData("\"HodgkinHuxley\"")]
    [InlineData("\"iaf_cond_exp\"")]
    [InlineData("3")]
    public void A_spec_with_an_unknown_model_is_a_model_error(string model)
    {
        string json = SpecJson.Serialize(new NetworkBuilder("json").Population("c", 2, NeuronModel.IafCondExp).Build())
            .Replace("\"IafCondExp\"", model);

        var error = Assert.Throws<ModelException>(() => SpecJson.Deserialize(json));

        Assert.Equal("malformed model JSON", Assert.Single(error.Errors).Value);
    }

    [Fact]
    public void Default_initial_values_come_from_each_models_variables()
    {
        var spec = new NetworkBuilder("initial")
            .Population("lif", 1, NeuronModel.IafPscExp, new() { ["e_l"] = -63 })
            .Population("izh", 1, NeuronModel.Izhikevich, new() { ["b"] = 0.25, ["c"] = -50 })
            .Build();
        var (lif, izh) = (spec.Populations[0], spec.Populations[1]);

        Assert.Equal(-63, lif.Model.DefaultInitial(lif, "v"));
        Assert.Equal(0, lif.Model.DefaultInitial(lif, "i_syn_ex"));
        Assert.Equal(-50, izh.Model.DefaultInitial(izh, "v"));
        Assert.Equal(0.25 * -50, izh.Model.DefaultInitial(izh, "u"));
    }

    [Fact]
    public void Units_and_rules_are_the_models_own()
    {
        Assert.Equal("nS", NeuronModel.IafCondExp.UnitOf("g_in"));
        Assert.Equal("mV/ms", NeuronModel.Izhikevich.UnitOf("u"));
        Assert.Equal("", NeuronModel.Izhikevich.UnitOf("g_in"));
        Assert.Equal([true, true, true, false, false, false, true, false, false, false], NeuronModels.Catalogue.Select(m => m.ResetBelowThreshold));
        Assert.Equal([WeightSign.Any, WeightSign.MatchesReceptor, WeightSign.NonNegative, WeightSign.Any, WeightSign.MatchesReceptor, WeightSign.Any, WeightSign.Any, WeightSign.Any],
            NeuronModels.Catalogue.Where(m => !m.IsSource).Select(m => m.WeightSign));
        Assert.Equal(["poisson_source", "spike_source_array"], NeuronModels.Catalogue.Where(m => m.IsSource).Select(m => m.YamlName));
        Assert.Equal(["loihi_lif"], NeuronModels.Catalogue.Where(m => m.NativeBackend is not null).Select(m => m.YamlName));
        Assert.Equal(["loihi_lif", "snn_leaky", "leaky_readout"], NeuronModels.Catalogue.Where(m => m.PerNeuronParameters).Select(m => m.YamlName));
    }
}
