using NeuroActors.Model;

namespace NeuroActors.Model.Tests;

/// <summary>inhomogeneous_poisson_generator in model files: NEST's rate_times and rate_values, each checked.</summary>
public class InhomogeneousPoissonModelTests
{
    private const string Pops = "simulation: {dt: 0.1}\npopulations: [{name: a, size: 4, model: iaf_psc_exp}, {name: s, size: 2, model: poisson_source}]\n";

    private static ModelError Single(string stimulus, string path)
    {
        var ex = Assert.Throws<ModelException>(() => ModelLoader.Parse(Pops + "stimuli: [" + stimulus + "]"));
        return Assert.Single(ex.Errors, e => e.Path.StartsWith(path, StringComparison.Ordinal));
    }

    [Fact]
    public void ItLoadsWithItsTimesRatesWeightAndReceptor()
    {
        var spec = ModelLoader.Parse(Pops + "stimuli: [{type: inhomogeneous_poisson_generator, target: a, neurons: [1, 3], rate_times: [0, 12.5, 100], rate_values: [10, 0, 55.5], weight: -3, receptor: inhibitory, start: 5, stop: 200}]");

        var st = Assert.Single(spec.Stimuli);
        Assert.Equal(StimulusKind.InhomogeneousPoissonGenerator, st.Kind);
        Assert.Equal([0, 12.5, 100], st.RateTimesMs!);
        Assert.Equal([10, 0, 55.5], st.RateValuesHz!);
        Assert.Equal((-3.0, Receptor.Inhibitory, 5.0, 200.0), (st.Weight, st.Receptor, st.StartMs, st.StopMs));
        Assert.Equal([1, 3], st.Neurons);
        // A cluster's nodes get the model as JSON: the segments must travel with it.
        string json = SpecJson.Serialize(spec);
        var back = Assert.Single(SpecJson.Deserialize(json).Stimuli);
        Assert.Equal(st.RateTimesMs!, back.RateTimesMs!);
        Assert.Equal(st.RateValuesHz!, back.RateValuesHz!);
        Assert.Equal(json, SpecJson.Serialize(SpecJson.Deserialize(json)));
    }

    [Fact]
    public void AModelWithoutItKeepsItsJsonForm()
    {
        var spec = ModelLoader.Parse(Pops + "stimuli: [{type: poisson_generator, target: a, rate: 5, weight: 1}]");
        Assert.DoesNotContain("RateTimesMs", SpecJson.Serialize(spec));
        Assert.DoesNotContain("RateValuesHz", SpecJson.Serialize(spec));
    }

    [Theory]
    [InlineData("rate_times: [0, 10], rate_values: [5]", "stimuli[0].rate_values", "give one rate per time in rate_times (2)")]
    [InlineData("rate_times: [0, 10, 5], rate_values: [1, 2, 3]", "stimuli[0].rate_times[2]", "times must be strictly increasing")]
    [InlineData("rate_times: [0, 10, 10.02], rate_values: [1, 2, 3]", "stimuli[0].rate_times[2]", "on distinct steps of dt (0.1 ms)")]
    [InlineData("rate_times: [-1], rate_values: [1]", "stimuli[0].rate_times[0]", "a time must be finite and >= 0 ms")]
    [InlineData("rate_times: [0, 10], rate_values: [1, -2]", "stimuli[0].rate_values[1]", "a rate must be a finite number of Hz >= 0")]
    [InlineData("rate_times: [0], rate_values: [.inf]", "stimuli[0].rate_values[0]", "a rate must be a finite number of Hz >= 0")]
    [InlineData("rate_times: [], rate_values: []", "stimuli[0].rate_times", "give at least one time")]
    [InlineData("rate_values: [1]", "stimuli[0]", "rate_times")]
    [InlineData("rate_times: [1]", "stimuli[0]", "rate_values")]
    [InlineData("rate_times: [0], rate_values: [1], rate: 5", "stimuli[0].rate", "valid keys are")]
    public void EverySettingIsChecked(string settings, string path, string expected)
    {
        var e = Single($"{{type: inhomogeneous_poisson_generator, target: a, weight: 1, {settings}}}", path);
        Assert.Contains(expected, e.Expected);
    }

    [Fact]
    public void ItsWeightFollowsTheTargetsSignRuleAndSourcesCannotBeItsTarget()
    {
        var e = Single("{type: inhomogeneous_poisson_generator, target: a, rate_times: [0], rate_values: [1], weight: -1}", "stimuli[0].weight");
        Assert.Contains("excitatory weights (pA) must be >= 0", e.Expected);
        e = Single("{type: inhomogeneous_poisson_generator, target: s, rate_times: [0], rate_values: [1], weight: 1}", "stimuli[0].target");
        Assert.Contains("spike sources cannot be stimulated", e.Expected);
        Single("{type: inhomogeneous_poisson_generator, target: a, rate_times: [0], rate_values: [1]}", "stimuli[0]");
    }

    [Fact]
    public void TheBuilderValidatesLikeTheLoader()
    {
        var ex = Assert.Throws<ModelException>(() => new NetworkBuilder("b").Population("a", 2, NeuronModel.IafPscDelta)
            .InhomogeneousPoisson("a", [5, 1], [1, 2], weight: 1).Build());
        Assert.Contains(ex.Errors, e => e.Path == "stimuli[0].rate_times[1]");
    }
}
