using NeuroActors.Model;

namespace NeuroActors.Model.Tests;

/// <summary><c>synapse: {model: …}</c>: NEST's names and defaults, and every parameter checked with its path.</summary>
public class SynapseModelTests
{
    private const string Pops = """
        populations:
          - {name: exc, size: 10, model: iaf_psc_delta, parameters: {tau_minus: 33}}
          - {name: cur, size: 5, model: iaf_psc_exp}
          - {name: cond, size: 5, model: iaf_cond_exp}
          - {name: src, size: 3, model: poisson_source}
        projections:
          -
        """;

    private static NetworkSpec Parse(string projection) => ModelLoader.Parse(Pops.TrimEnd('-', ' ', '\n') + "\n  - " + projection);

    private static ModelError Error(string projection, string path)
    {
        var ex = Assert.Throws<ModelException>(() => Parse(projection));
        var match = ex.Errors.FirstOrDefault(e => e.Path == path || e.Path.StartsWith(path + " (line", StringComparison.Ordinal));
        Assert.True(match is not null, $"no error at {path}; got: {ex.Message}");
        return match!;
    }

    [Fact]
    public void A_synapse_without_a_model_is_static_and_keeps_its_fingerprint_form()
    {
        var spec = Parse("{source: src, target: exc, connector: {rule: all_to_all}, synapse: {weight: 1, delay: 1}}");
        Assert.Null(spec.Projections[0].Synapse.Plasticity);
        Assert.Null(Parse("{source: src, target: exc, connector: {rule: all_to_all}, synapse: {model: static, weight: 1, delay: 1}}").Projections[0].Synapse.Plasticity);
        Assert.DoesNotContain("Plasticity", SpecJson.Serialize(spec));
        Assert.DoesNotContain("TauMinus", SpecJson.Serialize(spec));
    }

    [Fact]
    public void Stdp_takes_nests_defaults_and_names()
    {
        var p = Parse("{source: src, target: exc, connector: {rule: all_to_all}, synapse: {model: stdp, weight: 1, delay: 1}}").Projections[0].Synapse.Plasticity!;
        Assert.Equal(new PlasticitySpec(PlasticityRule.Stdp, TauPlusMs: 20, Lambda: 0.01, Alpha: 1, MuPlus: 1, MuMinus: 1, WMax: 100, Mu: 0), p);
        p = Parse("{source: src, target: exc, connector: {rule: all_to_all}, synapse: {model: stdp_nn_restr, weight: 1, delay: 1, tau_plus: 16.8, lambda: 0.03125, alpha: 0.85, mu_plus: 0, mu_minus: 0, Wmax: 2}}").Projections[0].Synapse.Plasticity!;
        Assert.Equal(new PlasticitySpec(PlasticityRule.StdpNnRestr, 16.8, 0.03125, 0.85, 0, 0, 2, 0), p);
        p = Parse("{source: src, target: exc, connector: {rule: all_to_all}, synapse: {model: stdp_pl_synapse_hom, weight: 1, delay: 1}}").Projections[0].Synapse.Plasticity!;
        Assert.Equal((20, 0.1, 1, 0.4), (p.TauPlusMs, p.Lambda, p.Alpha, p.Mu));
        Assert.True(double.IsPositiveInfinity(p.UpperBound));
        foreach (var (name, rule) in PlasticitySpec.Models.Where(m => m.Rule is not null))
            Assert.Equal(rule, Parse($"{{source: src, target: exc, connector: {{rule: all_to_all}}, synapse: {{model: {name}, weight: 1, delay: 1}}}}").Projections[0].Synapse.Plasticity!.Rule);
    }

    [Fact]
    public void Tau_minus_is_a_parameter_of_every_neuron_population_default_20()
    {
        var spec = Parse("{source: src, target: exc, connector: {rule: all_to_all}, synapse: {weight: 1, delay: 1}}");
        Assert.Equal(33, spec.Population("exc").TauMinusMs);
        Assert.Equal(20, spec.Population("cur").TauMinusMs);
        var ex = Assert.Throws<ModelException>(() => ModelLoader.Parse("populations: [{name: a, size: 2, model: iaf_cond_exp, parameters: {tau_minus: 0}}]"));
        Assert.Equal("populations[0].parameters.tau_minus", ex.Errors[0].Path);
        Assert.Contains("must be > 0 ms", ex.Errors[0].Expected);
        ex = Assert.Throws<ModelException>(() => ModelLoader.Parse("populations: [{name: a, size: 2, model: poisson_source, parameters: {tau_minus: 20}}]"));
        Assert.Equal("populations[0].parameters.tau_minus", ex.Errors[0].Path);
    }

    [Fact]
    public void Every_parameter_is_checked_with_its_path_value_and_rule()
    {
        const string Head = "{source: src, target: exc, connector: {rule: all_to_all}, synapse: {weight: 1, delay: 1, ";
        var e = Error(Head + "model: hebb}}", "projections[0].synapse.model");
        Assert.Equal("'hebb'", e.Value);
        Assert.Contains("static, stdp, stdp_nn_symm, stdp_nn_pre_centered, stdp_nn_restr, stdp_pl_synapse_hom", e.Expected);
        e = Error(Head + "model: stdp, tau_plus: -1}}", "projections[0].synapse.tau_plus");
        Assert.Equal(("-1", "tau_plus must be > 0 ms"), (e.Value, e.Expected));
        e = Error(Head + "model: stdp, lambda: -0.1}}", "projections[0].synapse.lambda");
        Assert.Contains("lambda must be >= 0", e.Expected);
        Assert.Contains("alpha must be >= 0", Error(Head + "model: stdp_nn_symm, alpha: -2}}", "projections[0].synapse.alpha").Expected);
        Assert.Contains("mu_plus must be >= 0", Error(Head + "model: stdp, mu_plus: -1}}", "projections[0].synapse.mu_plus").Expected);
        Assert.Contains("mu_minus must be >= 0", Error(Head + "model: stdp_nn_pre_centered, mu_minus: -1}}", "projections[0].synapse.mu_minus").Expected);
        Assert.Contains("Wmax must be > 0", Error(Head + "model: stdp, Wmax: 0}}", "projections[0].synapse.Wmax").Expected);
        Assert.Contains("mu must be >= 0", Error(Head + "model: stdp_pl_synapse_hom, mu: -0.4}}", "projections[0].synapse.mu").Expected);
        // A parameter of another rule, or of a static synapse, is named with the keys that are valid.
        e = Error(Head + "model: stdp_pl_synapse_hom, Wmax: 3}}", "projections[0].synapse.Wmax");
        Assert.Contains("not a parameter of stdp_pl_synapse_hom; valid keys are: model, receptor, weight, delay, tau_plus, lambda, alpha, mu", e.Expected);
        e = Error(Head + "lambda: 0.1}}", "projections[0].synapse.lambda");
        Assert.Contains("a static synapse takes only: model, receptor, weight, delay", e.Expected);
        Assert.Contains("expected a number", Error(Head + "model: stdp, lambda: much}}", "projections[0].synapse.lambda").Expected);
    }

    [Fact]
    public void Weights_must_lie_in_the_rules_bounds_on_a_receptor_that_allows_them()
    {
        var e = Error("{source: src, target: exc, connector: {rule: all_to_all}, synapse: {model: stdp, Wmax: 2, weight: {uniform: [0, 3]}, delay: 1}}", "projections[0].synapse.weight");
        Assert.Contains("stdp weights must lie in [0, Wmax = 2]", e.Expected);
        e = Error("{source: src, target: exc, connector: {rule: all_to_all}, synapse: {model: stdp_pl_synapse_hom, weight: -1, delay: 1}}", "projections[0].synapse.weight");
        Assert.Contains("stdp_pl_synapse_hom weights must be >= 0", e.Expected);
        e = Error("{source: src, target: cur, connector: {rule: all_to_all}, synapse: {model: stdp, receptor: inhibitory, weight: 0, delay: 1}}", "projections[0].synapse.receptor");
        Assert.Contains("iaf_psc_exp inhibitory weights must be <= 0", e.Expected);
        // Conductances are >= 0 whatever the receptor: an inhibitory plastic synapse onto iaf_cond_exp is fine.
        Assert.NotNull(Parse("{source: src, target: cond, connector: {rule: all_to_all}, synapse: {model: stdp, receptor: inhibitory, weight: 5, delay: 1}}").Projections[0].Synapse.Plasticity);
    }

    [Fact]
    public void A_plastic_projection_whose_label_another_projection_shares_is_refused()
    {
        var refused = Assert.Throws<ModelException>(() => ModelLoader.Parse(Pops.TrimEnd('-', ' ', '\n') + """

              - {source: src, target: exc, connector: {rule: all_to_all}, synapse: {model: stdp, weight: 1, delay: 1}}
              - {source: src, target: exc, connector: {rule: all_to_all}, synapse: {weight: 2, delay: 1}}
            """));
        var error = Assert.Single(refused.Errors);
        Assert.Equal("projections[0]", error.Path);
        Assert.Contains("projections[1] has the same label; a plastic projection's label must be its own", error.ToString());
        // Named, they are two projections.
        var named = ModelLoader.Parse(Pops.TrimEnd('-', ' ', '\n') + """

              - {name: learning, source: src, target: exc, connector: {rule: all_to_all}, synapse: {model: stdp, weight: 1, delay: 1}}
              - {source: src, target: exc, connector: {rule: all_to_all}, synapse: {weight: 2, delay: 1}}
            """);
        Assert.Empty(ModelValidator.Validate(named));
    }
}
