using NeuroActors.Model;

namespace NeuroActors.Model.Tests;

/// <summary>iaf_psc_alpha in model files: NEST's names, units and defaults, and every parameter checked.</summary>
public class IafPscAlphaModelTests
{
    private static ModelError Single(string yaml, string path)
    {
        var ex = Assert.Throws<ModelException>(() => ModelLoader.Parse(yaml));
        return Assert.Single(ex.Errors, e => e.Path.StartsWith(path, StringComparison.Ordinal));
    }

    [Fact]
    public void TheDefaultsAreNests()
    {
        var spec = ModelLoader.Parse("populations: [{name: a, size: 2, model: iaf_psc_alpha}]");
        var pop = spec.Populations[0];
        var expected = new Dictionary<string, double>
        {
            ["c_m"] = 250, ["tau_m"] = 10, ["t_ref"] = 2, ["e_l"] = -70, ["v_th"] = -55, ["v_reset"] = -70,
            ["tau_syn_ex"] = 2, ["tau_syn_in"] = 2, ["i_e"] = 0,
        };
        Assert.Equal(expected.Keys.Order(), NeuronModel.IafPscAlpha.Parameters.Select(p => p.Name).Order());
        foreach (var (name, value) in expected) Assert.Equal(value, pop.Param(name));
        Assert.Equal(["v", "i_syn_ex", "i_syn_in", "di_syn_ex", "di_syn_in"], NeuronModel.IafPscAlpha.StateVariables);
        Assert.Equal(-70, pop.Model.DefaultInitial(pop, "v"));
        Assert.Equal("pA", pop.Model.WeightUnit);
        Assert.Equal("pA", pop.Model.UnitOf("i_syn_ex"));
        Assert.Equal("pA/ms", pop.Model.UnitOf("di_syn_in"));
    }

    [Theory]
    [InlineData("c_m", "0", "> 0 pF")]
    [InlineData("tau_m", "-1", "> 0 ms")]
    [InlineData("tau_syn_ex", "0", "> 0 ms")]
    [InlineData("tau_syn_in", "-2", "> 0 ms")]
    [InlineData("t_ref", "-0.1", ">= 0 ms")]
    [InlineData("v_reset", "-55", "below the threshold")]
    [InlineData("e_l", ".nan", "")]
    [InlineData("i_e", ".nan", "")]
    [InlineData("v_th", ".nan", "")]
    public void EveryParameterIsChecked(string name, string value, string expected)
    {
        var e = Single($"populations: [{{name: a, size: 1, model: iaf_psc_alpha, parameters: {{{name}: {value}}}}}]",
            $"populations[0].parameters.{name}");
        Assert.Contains(expected, e.Expected);
    }

    [Fact]
    public void WeightsCarryTheSignOfTheirReceptorAsForIafPscExp()
    {
        const string pops = "populations: [{name: a, size: 3, model: iaf_psc_alpha}]\n";
        var e = Single(pops + "projections: [{source: a, target: a, connector: {rule: all_to_all}, synapse: {receptor: inhibitory, weight: 5, delay: 1}}]",
            "projections[0].synapse.weight");
        Assert.Contains("iaf_psc_alpha inhibitory weights (pA) must be <= 0", e.Expected);
        e = Single(pops + "stimuli: [{type: poisson_generator, target: a, rate: 10, weight: -3}]", "stimuli[0].weight");
        Assert.Contains("excitatory weights (pA) must be >= 0", e.Expected);
        ModelLoader.Parse(pops + "projections: [{source: a, target: a, connector: {rule: all_to_all}, synapse: {receptor: inhibitory, weight: -5, delay: 1}}]");
    }
}
