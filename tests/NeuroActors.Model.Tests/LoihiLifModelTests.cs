using NeuroActors.Model;

namespace NeuroActors.Model.Tests;

/// <summary>
/// The loihi_lif model in model files: Lava's defaults, integer parameters within their bit widths, one value or one
/// per neuron, its own backend, and the Loihi synapse fields that only projections into Loihi populations take.
/// </summary>
public class LoihiLifModelTests
{
    private static IReadOnlyList<ModelError> Errors(string yaml) => Assert.Throws<ModelException>(() => ModelLoader.Parse(yaml)).Errors;

    private static ModelError Only(string yaml) => Assert.Single(Errors(yaml));

    [Fact]
    public void Defaults_are_those_of_Lavas_LIF_process_with_the_options_off()
    {
        var model = NeuronModel.LoihiLif;

        Assert.Equal(["du", "dv", "vth", "bias_mant", "bias_exp", "refractory", "reset_interval", "reset_offset"], model.Parameters.Select(p => p.Name));
        Assert.Equal([0.0, 0, 10, 0, 0, 0, 0, 0], model.Parameters.Select(p => p.Default));
        Assert.Equal(["u", "v"], model.StateVariables);
        var spec = ModelLoader.Parse("populations: [{name: l, size: 2, model: loihi_lif}]");
        Assert.Equal(0, model.DefaultInitial(spec.Populations[0], "u"));
        Assert.Equal(0, model.DefaultInitial(spec.Populations[0], "v"));
        Assert.Equal("mantissa", model.WeightUnit);
        Assert.Equal(WeightSign.Any, model.WeightSign);
    }

    [Theory]
    [InlineData("du", "4096", "valid: an integer in 0..4095 (12 bits)")]
    [InlineData("du", "-1", "valid: an integer in 0..4095 (12 bits)")]
    [InlineData("dv", "4096", "valid: an integer in 0..4095 (12 bits)")]
    [InlineData("dv", "1.5", "valid: an integer in 0..4095 (12 bits)")]
    [InlineData("vth", "131072", "valid: an integer in 0..131071 (17 bits)")]
    [InlineData("bias_mant", "-4097", "valid: an integer in -4096..4095 (13 bits, signed)")]
    [InlineData("bias_mant", "4096", "valid: an integer in -4096..4095 (13 bits, signed)")]
    [InlineData("bias_exp", "8", "valid: an integer in 0..7 (3 bits)")]
    [InlineData("refractory", "64", "valid: an integer in 0..63 (6 bits)")]
    [InlineData("reset_interval", "-2", "valid: an integer in 0..2147483647")]
    public void Integer_parameters_outside_their_bit_widths_are_one_error_with_the_range(string name, string value, string expected)
    {
        var e = Only($"populations: [{{name: a, size: 1, model: iaf_psc_delta}}, {{name: l, size: 3, model: loihi_lif, parameters: {{{name}: {value}}}}}]");

        Assert.Equal($"populations[1].parameters.{name}: got {value}; {expected}", e.ToString());
    }

    [Fact]
    public void The_edges_of_every_range_are_valid()
    {
        var spec = ModelLoader.Parse("""
            populations:
              - {name: lo, size: 1, model: loihi_lif, parameters: {du: 0, dv: 0, vth: 0, bias_mant: -4096, bias_exp: 0, refractory: 0}, initial: {u: -8388607, v: -8388607}}
              - {name: hi, size: 1, model: loihi_lif, parameters: {du: 4095, dv: 4095, vth: 131071, bias_mant: 4095, bias_exp: 7, refractory: 63, reset_interval: 5, reset_offset: 4}, initial: {u: 8388608, v: 8388607}}
            """);

        Assert.Equal(131071, spec.Populations[1].Param("vth"));
        Assert.Equal(-4096, spec.Populations[0].Param("bias_mant", 0));
    }

    [Fact]
    public void Each_parameter_may_be_a_list_with_one_value_per_neuron()
    {
        var spec = ModelLoader.Parse("""
            populations:
              - name: l
                size: 3
                model: loihi_lif
                parameters: {du: [0, 410, 4095], dv: 205, vth: [1, 2, 3], bias_mant: [-5, 0, 5], bias_exp: [0, 1, 7], refractory: [0, 2, 63], reset_interval: [0, 4, 4], reset_offset: [0, 3, 0]}
                initial: {u: [1, -2, 3], v: 7}
            """);
        var pop = spec.Populations[0];

        Assert.Equal([0.0, 410, 4095], Enumerable.Range(0, 3).Select(i => pop.Param("du", i)));
        Assert.Equal([205.0, 205, 205], Enumerable.Range(0, 3).Select(i => pop.Param("dv", i)));
        Assert.Equal([1.0, 2, 3], Enumerable.Range(0, 3).Select(i => pop.Param("vth", i)));
        Assert.True(pop.IsPerNeuron("du"));
        Assert.False(pop.IsPerNeuron("dv"));
        Assert.Equal([1.0, -2, 3], Enumerable.Range(0, 3).Select(i => pop.InitialValue("u", i)!.Value));
        Assert.Null(pop.InitialValue("v", 0));
        Assert.Equal(7, pop.Initial["v"].Value);
    }

    [Fact]
    public void Lists_survive_the_trip_to_a_worker_and_models_without_them_keep_their_JSON()
    {
        const string yaml = """
            populations:
              - {name: l, size: 2, model: loihi_lif, parameters: {du: [1, 2], vth: 99}, initial: {v: [5, -5]}}
              - {name: f, size: 2, model: iaf_psc_exp}
            projections:
              - {source: l, target: l, connector: {rule: all_to_all}, synapse: {weight: -3, delay: 1, weight_exp: -2, num_weight_bits: 6}}
              - {source: l, target: f, connector: {rule: all_to_all}, synapse: {weight: 3, delay: 1}}
            """;
        var spec = ModelLoader.Parse(yaml);

        string json = SpecJson.Serialize(spec);
        var back = SpecJson.Deserialize(json);

        Assert.Equal(json, SpecJson.Serialize(back));
        Assert.Equal([1.0, 2], back.Populations[0].ParameterLists!["du"]);
        Assert.Equal(99, back.Populations[0].Param("vth", 1));
        Assert.Equal([5.0, -5], back.Populations[0].InitialLists!["v"]);
        Assert.Equal(spec.Projections.Select(p => p.Synapse), back.Projections.Select(p => p.Synapse));
        Assert.Equal(-2, back.Projections[0].Synapse.WeightExp);
        Assert.Equal(6, back.Projections[0].Synapse.NumWeightBits);
        // Nothing new is written for what a model does not use, so fingerprints of existing models stay.
        string floatOnly = SpecJson.Serialize(ModelLoader.Parse("""
            populations: [{name: f, size: 2, model: iaf_psc_exp, initial: {v: -65}}]
            projections: [{source: f, target: f, connector: {rule: all_to_all}, synapse: {weight: 3, delay: 1}}]
            """));
        foreach (var key in new[] { "ParameterLists", "InitialLists", "WeightExp", "NumWeightBits", "Backend" })
            Assert.DoesNotContain($"\"{key}\"", floatOnly);
    }

    [Fact]
    public void A_list_of_the_wrong_length_names_the_population_size()
    {
        var e = Only("populations: [{name: l, size: 4, model: loihi_lif, parameters: {du: [1, 2, 3]}}]");
        Assert.Equal("populations[0].parameters.du: got 3 values; valid: one value per neuron (4), or one number for all", e.ToString());

        e = Only("populations: [{name: l, size: 4, model: loihi_lif, initial: {v: [1, 2]}}]");
        Assert.Equal("populations[0].initial.v: got 2 values; valid: one value per neuron (4), or one value or distribution for all", e.ToString());
    }

    [Fact]
    public void A_bad_entry_of_a_list_is_named_by_its_index()
    {
        var e = Only("populations: [{name: l, size: 3, model: loihi_lif, parameters: {bias_exp: [0, 8, 1]}}]");
        Assert.Equal("populations[0].parameters.bias_exp[1]: got 8; valid: an integer in 0..7 (3 bits)", e.ToString());

        e = Only("populations: [{name: l, size: 2, model: loihi_lif, initial: {u: [0, 8388609]}}]");
        Assert.Equal("populations[0].initial.u[1]: got 8388609; valid: an integer in -8388607..8388608 (24 bits, signed)", e.ToString());
    }

    [Fact]
    public void Initial_state_is_integer_and_distributions_must_stay_within_24_bits()
    {
        var e = Only("populations: [{name: l, size: 2, model: loihi_lif, initial: {v: 0.5}}]");
        Assert.Equal("populations[0].initial.v: got 0.5; valid: an integer in -8388607..8388607 (24 bits, signed)", e.ToString());

        e = Only("populations: [{name: l, size: 2, model: loihi_lif, initial: {v: {normal: [0, 10]}}}]");
        Assert.StartsWith("populations[0].initial.v: got normal(0, 10); valid: an integer in -8388607..8388607 (24 bits, signed), a list of them", e.ToString());

        var spec = ModelLoader.Parse("populations: [{name: l, size: 2, model: loihi_lif, initial: {v: {uniform: [-100, 100]}}}]");
        Assert.Equal(DistributionKind.Uniform, spec.Populations[0].Initial["v"].Kind);
    }

    [Fact]
    public void Float_models_read_one_value_per_population_and_refuse_lists()
    {
        var e = Only("populations: [{name: f, size: 2, model: iaf_psc_exp, parameters: {tau_m: [10, 20]}}]");
        Assert.Equal("populations[0].parameters.tau_m: got a list; iaf_psc_exp reads one value per population: give one number (models that take one value per neuron: loihi_lif, snn_leaky, leaky_readout)", e.ToString());

        e = Only("populations: [{name: l, size: 2, model: loihi_lif, parameters: {tau_minus: [10, 20]}}]");
        Assert.Equal("populations[0].parameters.tau_minus: got 'tau_minus'; tau_minus is read once for the whole population: give one number, not a list", e.ToString());

        e = Only("populations: [{name: l, size: 2, model: loihi_lif, parameters: {tau_m: [10, 20]}}]");
        Assert.StartsWith("populations[0].parameters.tau_m: got 'tau_m'; not a parameter of loihi_lif; valid parameters are: du, dv, vth", e.ToString());
    }

    [Fact]
    public void Float_models_take_initial_values_per_neuron()
    {
        var spec = ModelLoader.Parse("populations: [{name: f, size: 3, model: iaf_psc_exp, initial: {v: [-70, -60, -55.5]}}]");

        Assert.Equal(-55.5, spec.Populations[0].InitialValue("v", 2));
        var e = Only("populations: [{name: f, size: 2, model: iaf_psc_exp, initial: {w: [1, 2]}}]");
        Assert.StartsWith("populations[0].initial.w: got 'w'; not a state variable of iaf_psc_exp", e.ToString());
    }

    [Fact]
    public void A_number_and_a_list_for_one_name_are_refused()
    {
        var spec = ModelLoader.Parse("populations: [{name: l, size: 2, model: loihi_lif, parameters: {du: 1}, initial: {v: 1}}]");
        var pop = spec.Populations[0] with
        {
            ParameterLists = new Dictionary<string, double[]> { ["du"] = [1, 2] },
            InitialLists = new Dictionary<string, double[]> { ["v"] = [1, 2] },
        };

        var errors = ModelValidator.Validate(spec with { Populations = [pop] });

        Assert.Equal(2, errors.Count);
        Assert.Equal("populations[0].parameters.du: got a number and a list; give either one value for the population or one per neuron, not both", errors[0].ToString());
        Assert.StartsWith("populations[0].initial.v: got a distribution and a list", errors[1].ToString());
    }

    [Fact]
    public void The_reset_offset_lies_within_the_reset_interval()
    {
        var e = Only("populations: [{name: l, size: 2, model: loihi_lif, parameters: {reset_interval: 4, reset_offset: 4}}]");
        Assert.Equal("populations[0].parameters.reset_offset: got 4; valid: an integer in 0..3 (below reset_interval = 4)", e.ToString());

        e = Only("populations: [{name: l, size: 2, model: loihi_lif, parameters: {reset_offset: 1}}]");
        Assert.Equal("populations[0].parameters.reset_offset: got 1; valid: 0, since reset_interval is 0 (no reset)", e.ToString());

        e = Only("populations: [{name: l, size: 3, model: loihi_lif, parameters: {reset_interval: [2, 5, 5], reset_offset: [1, 4, 5]}}]");
        Assert.Equal("populations[0].parameters.reset_offset[2]: got 5; valid: an integer in 0..4 (below reset_interval = 5 of neuron 2)", e.ToString());
    }

    [Fact]
    public void A_loihi_lif_population_runs_on_loihi_and_refuses_the_float_kernel()
    {
        var spec = ModelLoader.Parse("populations: [{name: l, size: 2, model: loihi_lif}, {name: f, size: 2, model: iaf_psc_exp}]");
        Assert.Equal("loihi", spec.Populations[0].BackendName);
        Assert.True(spec.Populations[0].OnLoihi);
        Assert.Equal("cpu", spec.Populations[1].BackendName);
        Assert.Null(spec.Populations[0].Backend);
        Assert.Equal("loihi", ModelLoader.Parse("populations: [{name: l, size: 2, model: loihi_lif, backend: loihi}]").Populations[0].BackendName);

        var e = Only("populations: [{name: l, size: 2, model: loihi_lif, backend: cpu}]");

        Assert.Equal("populations[0].backend: got 'cpu'; loihi_lif runs only on backend loihi, which implements it (the float kernel, cpu, has no fixed-point compartment); leave the field out or write loihi", e.ToString());
    }

    [Fact]
    public void Weight_exponent_and_precision_are_taken_by_projections_into_loihi_populations()
    {
        var spec = ModelLoader.Parse("""
            populations:
              - {name: src, size: 2, model: poisson_source}
              - {name: l, size: 2, model: loihi_lif}
              - {name: q, size: 2, model: iaf_psc_exp, backend: loihi}
            projections:
              - {source: src, target: l, connector: {rule: all_to_all}, synapse: {weight: 100, delay: 1, weight_exp: -8, num_weight_bits: 1}}
              - {source: src, target: q, connector: {rule: all_to_all}, synapse: {weight: 100, delay: 1, weight_exp: 7, num_weight_bits: 8}}
              - {source: src, target: l, connector: {rule: all_to_all}, synapse: {weight: -100, delay: 1}}
            """);

        Assert.Equal((-8, 1), (spec.Projections[0].Synapse.WeightExp, spec.Projections[0].Synapse.NumWeightBits));
        Assert.Equal((7, 8), (spec.Projections[1].Synapse.WeightExp, spec.Projections[1].Synapse.NumWeightBits));
        Assert.Null(spec.Projections[2].Synapse.WeightExp);
    }

    [Theory]
    [InlineData("weight_exp: 8", "projections[0].synapse.weight_exp: got 8; valid: an integer in -8..7 (4 bits, signed)")]
    [InlineData("weight_exp: -9", "projections[0].synapse.weight_exp: got -9; valid: an integer in -8..7 (4 bits, signed)")]
    [InlineData("num_weight_bits: 0", "projections[0].synapse.num_weight_bits: got 0; valid: an integer in 1..8")]
    [InlineData("num_weight_bits: 9", "projections[0].synapse.num_weight_bits: got 9; valid: an integer in 1..8")]
    public void Loihi_synapse_fields_outside_their_ranges_are_refused(string field, string expected)
    {
        var e = Only($$$"""
            populations: [{name: src, size: 2, model: poisson_source}, {name: l, size: 2, model: loihi_lif}]
            projections: [{source: src, target: l, connector: {rule: all_to_all}, synapse: {weight: 1, delay: 1, {{{field}}}}}]
            """);

        Assert.Equal(expected, e.ToString());
    }

    [Fact]
    public void Loihi_synapse_fields_on_a_float_projection_are_refused()
    {
        var e = Only("""
            populations: [{name: src, size: 2, model: poisson_source}, {name: f, size: 2, model: iaf_psc_exp}]
            projections: [{source: src, target: f, connector: {rule: all_to_all}, synapse: {weight: 1, delay: 1, num_weight_bits: 4}}]
            """);

        Assert.Equal("projections[0].synapse.num_weight_bits: got 4; num_weight_bits is for projections into Loihi populations (model loihi_lif, or backend: loihi); f runs on backend cpu: leave the field out", e.ToString());
    }

    [Fact]
    public void Loihi_synapse_fields_are_not_plastic_parameters()
    {
        var e = Only("""
            populations: [{name: src, size: 2, model: poisson_source}, {name: l, size: 2, model: loihi_lif}]
            projections: [{source: src, target: l, connector: {rule: all_to_all}, synapse: {weight: 1, delay: 1, weight_exp: x}}]
            """);

        Assert.StartsWith("projections[0].synapse.weight_exp (line 2): got 'x'; expected a whole number", e.ToString());
    }

    [Fact]
    public void A_current_stimulus_into_loihi_lif_is_refused_and_poisson_input_is_taken()
    {
        var e = Only("""
            populations: [{name: l, size: 2, model: loihi_lif}]
            stimuli: [{type: dc, target: l, amplitude: 100}]
            """);
        Assert.StartsWith("stimuli[0].type: got 'dc'; loihi_lif has no current input in pA", e.ToString());

        var spec = ModelLoader.Parse("""
            populations: [{name: l, size: 2, model: loihi_lif}]
            stimuli: [{type: poisson_generator, target: l, rate: 100, weight: -20}]
            """);
        Assert.Equal(-20, spec.Stimuli[0].Weight);
    }
}

/// <summary>What <c>backend: loihi</c> on a float population asks of the model, checked when the model is loaded.</summary>
public class QuantisedModelTests
{
    private static ModelError Only(string yaml) => Assert.Single(Assert.Throws<ModelException>(() => ModelLoader.Parse(yaml)).Errors);

    [Fact]
    public void Iaf_psc_exp_on_loihi_needs_one_synaptic_time_constant()
    {
        var e = Only("populations: [{name: q, size: 2, model: iaf_psc_exp, backend: loihi, parameters: {tau_syn_ex: 2, tau_syn_in: 5}}]");

        Assert.Equal("populations[0].parameters.tau_syn_in: got 5; Loihi's compartment has one synaptic current, so quantising iaf_psc_exp onto backend loihi needs tau_syn_in = tau_syn_ex (2 ms)", e.ToString());
        Assert.Equal("loihi", ModelLoader.Parse("populations: [{name: q, size: 2, model: iaf_psc_exp, backend: loihi, parameters: {tau_syn_ex: 5, tau_syn_in: 5}}]").Populations[0].BackendName);
    }

    [Fact]
    public void The_refractory_period_must_fit_Loihis_counter()
    {
        var e = Only("populations: [{name: q, size: 2, model: iaf_psc_exp, backend: loihi, parameters: {t_ref: 6.4}}]");

        Assert.Equal("populations[0].parameters.t_ref: got 6.4; on backend loihi the refractory period is at most 63 steps (6.3 ms at dt = 0.1 ms), Loihi's refractory counter", e.ToString());
        ModelLoader.Parse("populations: [{name: q, size: 2, model: iaf_psc_exp, backend: loihi, parameters: {t_ref: 6.3}}]");
    }

    [Fact]
    public void Only_iaf_psc_exp_is_quantised()
    {
        var e = Only("populations: [{name: z, size: 2, model: izhikevich, backend: loihi}]");

        Assert.Equal("populations[0].backend: got 'loihi'; izhikevich cannot be quantised onto Loihi; backend loihi runs loihi_lif, iaf_psc_exp (quantised), snn_leaky (quantised), leaky_readout (quantised)", e.ToString());
    }

    [Fact]
    public void Current_stimuli_into_a_quantised_population_are_refused()
    {
        var e = Only("""
            populations: [{name: q, size: 2, model: iaf_psc_exp, backend: loihi}]
            stimuli: [{type: step_current, target: q, times: [1], amplitudes: [100]}]
            """);

        Assert.StartsWith("stimuli[0].type: got 'step_current'; q is quantised onto Loihi (backend: loihi), whose compartment has no time-dependent current input", e.ToString());
    }
}
