using NeuroActors.Model;

namespace NeuroActors.Model.Tests;

/// <summary>
/// snn_leaky and leaky_readout in model files: their parameters and defaults, each refused outside its range as one
/// error naming the field, the value and what is valid (the reset modes and timings by what each number means), lists
/// of one value per neuron, and no current stimuli.
/// </summary>
public class SnnLeakyModelTests
{
    private static ModelError Only(string yaml) => Assert.Single(Assert.Throws<ModelException>(() => ModelLoader.Parse(yaml)).Errors);

    [Fact]
    public void Parameters_state_and_weights_are_the_engines()
    {
        Assert.Equal(["beta", "threshold", "reset", "reset_timing", "alpha", "bias", "adapt_rho", "adapt_strength", "adapt_reset", "start"],
            NeuronModel.SnnLeaky.Parameters.Select(p => p.Name));
        Assert.Equal([0.9, 1, 0, 0, 0, 0, 0, 0, 0, 0], NeuronModel.SnnLeaky.Parameters.Select(p => p.Default));
        Assert.Equal(["v", "i_syn", "a", "s"], NeuronModel.SnnLeaky.StateVariables);
        Assert.Equal(["beta", "alpha", "bias", "start"], NeuronModel.LeakyReadout.Parameters.Select(p => p.Name));
        Assert.Equal(["v", "i_syn"], NeuronModel.LeakyReadout.StateVariables);
        Assert.All(new[] { NeuronModel.SnnLeaky, NeuronModel.LeakyReadout }, m =>
        {
            Assert.Equal(WeightSign.Any, m.WeightSign);
            Assert.True(m.PerNeuronParameters);
            Assert.Null(m.NativeBackend);
        });
    }

    [Theory]
    [InlineData("snn_leaky", "beta", "1.5", "membrane decay per step (beta) must be >= 0 and <= 1")]
    [InlineData("snn_leaky", "beta", "-0.1", "membrane decay per step (beta) must be >= 0 and <= 1")]
    [InlineData("snn_leaky", "threshold", "-1", "firing threshold (theta) must be >= 0")]
    [InlineData("snn_leaky", "reset", "3", "valid: 0 (subtract), 1 (zero) or 2 (none)")]
    [InlineData("snn_leaky", "reset", "0.5", "valid: 0 (subtract), 1 (zero) or 2 (none)")]
    [InlineData("snn_leaky", "reset_timing", "2", "valid: 0 (previous) or 1 (same)")]
    [InlineData("snn_leaky", "alpha", "1.01", "synaptic current decay per step (alpha; 0: no synaptic current) must be >= 0 and <= 1")]
    [InlineData("snn_leaky", "adapt_rho", "-0.5", "decay per step of the threshold adaptation (rho) must be >= 0 and <= 1")]
    [InlineData("snn_leaky", "adapt_strength", "-1", "rise of the threshold per unit of adaptation (0: no adaptation) must be >= 0")]
    [InlineData("snn_leaky", "adapt_reset", "2", "valid: 0 (threshold) or 1 (adaptive threshold)")]
    [InlineData("snn_leaky", "start", "-1", "valid: an integer in 0..2147483647")]
    [InlineData("leaky_readout", "beta", "2", "membrane decay per step (beta) must be >= 0 and <= 1")]
    [InlineData("leaky_readout", "start", "1.5", "valid: an integer in 0..2147483647")]
    public void A_parameter_outside_its_range_is_one_error_naming_field_value_and_what_is_valid(string model, string name, string value, string expected)
    {
        var e = Only($"populations: [{{name: a, size: 1, model: iaf_psc_delta}}, {{name: l, size: 3, model: {model}, parameters: {{{name}: {value}}}}}]");

        Assert.Equal($"populations[1].parameters.{name}: got {value}; {expected}", e.ToString());
    }

    [Fact]
    public void An_entry_of_a_per_neuron_list_is_named_by_its_index()
    {
        var e = Only("populations: [{name: l, size: 3, model: snn_leaky, parameters: {threshold: [1, 0.5, -2]}}]");
        Assert.StartsWith("populations[0].parameters.threshold[2]: got -2; ", e.ToString());

        e = Only("populations: [{name: l, size: 3, model: snn_leaky, parameters: {bias: [1, 2]}}]");
        Assert.Equal("populations[0].parameters.bias: got 2 values; valid: one value per neuron (3), or one number for all", e.ToString());
    }

    [Fact]
    public void Per_neuron_values_are_read_back_per_neuron_and_the_edges_are_valid()
    {
        var spec = ModelLoader.Parse("""
            populations:
              - {name: l, size: 3, model: snn_leaky, parameters: {beta: [0, 0.5, 1], threshold: 0, reset: 2, reset_timing: 1, alpha: 1, bias: [-1, 0, 2.5], adapt_reset: 1, start: 3}}
              - {name: r, size: 2, model: leaky_readout, parameters: {beta: 1, bias: [0.25, -0.5]}}
            """);

        Assert.Equal([0, 0.5, 1], Enumerable.Range(0, 3).Select(i => spec.Populations[0].Param("beta", i)));
        Assert.Equal(2.5, spec.Populations[0].Param("bias", 2));
        Assert.Equal(-0.5, spec.Populations[1].Param("bias", 1));
        Assert.Equal(2, spec.Populations[0].Param("reset"));
    }

    [Theory]
    [InlineData("snn_leaky")]
    [InlineData("leaky_readout")]
    public void A_current_stimulus_is_refused_the_constant_input_is_the_bias(string model)
    {
        var e = Only($"populations: [{{name: l, size: 2, model: {model}}}]\nstimuli: [{{type: dc, target: l, amplitude: 5}}]");

        Assert.Equal($"stimuli[0].type: got 'dc'; {model} is unitless and has no current input in pA: its constant input is the parameter bias; drive it with spikes (poisson_generator, spike sources)", e.ToString());
    }
}
