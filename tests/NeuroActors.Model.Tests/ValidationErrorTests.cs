using NeuroActors.Model;

namespace NeuroActors.Model.Tests;

/// <summary>One test per class of error: the path, the bad value and what would be valid.</summary>
public class ValidationErrorTests
{
    private const string Pops = """
        populations:
          - {name: exc, size: 10, model: iaf_psc_delta}
          - {name: cond, size: 5, model: iaf_cond_exp}
          - {name: src, size: 3, model: poisson_source}
        """;

    private static ModelError Single(string yaml, string pathStart)
    {
        var ex = Assert.Throws<ModelException>(() => ModelLoader.Parse(yaml));
        var match = ex.Errors.Where(e => e.Path.StartsWith(pathStart, StringComparison.Ordinal)).ToList();
        Assert.True(match.Count > 0, $"no error at {pathStart}; got: {ex.Message}");
        return match[0];
    }

    private static string WithProjection(string projection) => Pops + "\nprojections:\n  - " + projection;

    [Fact]
    public void MalformedYamlGivesLineAndColumn()
    {
        var e = Single("populations:\n  - {name: a, size: [1,\n", "$ (line");
        Assert.Equal("malformed YAML", e.Value);
    }

    [Fact]
    public void AFlowMappingLeftOpenAtTheEndIsMalformedYamlNotACrash()
    {
        var e = Single("simulation: {dt: 0.1\npopulations: [\n", "$ (line");
        Assert.Equal("malformed YAML", e.Value);
        Assert.Contains("unclosed", e.Expected);
    }

    [Fact]
    public void UnknownKeysNameTheValidOnes()
    {
        var e = Single("populatoins: []\npopulations: [{name: a, size: 1, model: izhikevich}]", "$.populatoins");
        Assert.Contains("populations", e.Expected);
        e = Single("populations: [{name: a, size: 1, model: izhikevich, colour: red}]", "populations[0].colour");
        Assert.Contains("spike_times", e.Expected);
    }

    [Fact]
    public void OptionsOfAnotherConnectionRuleAreRefused()
    {
        var e = Single(WithProjection("{source: exc, target: exc, connector: {rule: all_to_all, p: 0.1}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector.p");
        Assert.Equal("all_to_all takes only: autapses", e.Expected);
        e = Single(WithProjection("{source: exc, target: exc, connector: {rule: one_to_one, autapses: false}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector.autapses");
        Assert.Equal("one_to_one takes no options", e.Expected);
        e = Single(WithProjection("{source: exc, target: exc, connector: {rule: fixed_probability, p: 0.1, indegree: 3}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector.indegree");
        Assert.Contains("p, autapses", e.Expected);
    }

    [Fact]
    public void CurrentSynapseWeightsMustCarryTheSignOfTheirReceptor()
    {
        const string pscExp = "populations: [{name: a, size: 4, model: iaf_psc_exp}]\nprojections:\n  - ";
        var e = Single(pscExp + "{source: a, target: a, connector: {rule: all_to_all}, synapse: {receptor: inhibitory, weight: 50, delay: 1}}", "projections[0].synapse.weight");
        Assert.Contains("inhibitory weights (pA) must be <= 0", e.Expected);
        e = Single(pscExp + "{source: a, target: a, connector: {rule: all_to_all}, synapse: {receptor: excitatory, weight: {normal: [10, 2]}, delay: 1}}", "projections[0].synapse.weight");
        Assert.Contains("normal_clipped", e.Expected);
        e = Single("populations: [{name: a, size: 4, model: iaf_psc_exp}]\nstimuli: [{type: poisson_generator, target: a, rate: 10, weight: -5}]", "stimuli[0].weight");
        Assert.Contains("excitatory weights (pA) must be >= 0", e.Expected);
        ModelLoader.Parse(pscExp + "{source: a, target: a, connector: {rule: all_to_all}, synapse: {receptor: inhibitory, weight: {uniform: [-20, -10]}, delay: 1}}");
    }

    [Fact]
    public void ShardSizesMustHoldAtLeastOneNeuron()
    {
        Single("simulation: {max_neurons_per_shard: 0}\n" + Pops, "simulation.max_neurons_per_shard");
        var e = Single("populations: [{name: a, size: 5, model: iaf_psc_delta, max_neurons_per_shard: -3}]", "populations[0].max_neurons_per_shard");
        Assert.Equal("-3", e.Value);
        var spec = ModelLoader.Parse("simulation: {max_neurons_per_shard: 100}\npopulations: [{name: a, size: 5, model: iaf_psc_delta, max_neurons_per_shard: 2}]");
        Assert.Equal((100, 2), (spec.Simulation.MaxNeuronsPerShard, spec.Populations[0].MaxNeuronsPerShard));
    }

    [Fact]
    public void ARealTimeScaleMustBePositive()
    {
        var e = Single("simulation: {time_scale: 0}\n" + Pops, "simulation.time_scale");
        Assert.Contains("1 = real time", e.Expected);
        Assert.Equal(2.5, ModelLoader.Parse("simulation: {time_scale: 2.5}\n" + Pops).Simulation.TimeScale);
    }

    [Fact]
    public void TheLoihiProfileIsOneOfTheProfiles()
    {
        var e = Single("simulation: {loihi: {profile: loihi9}}\n" + Pops, "simulation.loihi.profile");
        Assert.Equal("'loihi9'", e.Value);
        Assert.Contains("loihi1, loihi2", e.Expected);
        Assert.Equal("loihi1", ModelLoader.Parse("simulation: {loihi: {profile: loihi1}}\n" + Pops).Simulation.LoihiProfile);
        Assert.Null(ModelLoader.Parse(Pops).Simulation.LoihiProfile);
        // An unknown key under loihi is named with its path.
        var ex = Assert.Throws<ModelException>(() => ModelLoader.Parse("simulation: {loihi: {profiles: loihi1}}\n" + Pops));
        Assert.Contains("simulation.loihi", ex.Message);
    }

    [Fact]
    public void AStateVariableIsRecordedByOneRecorderOnly()
    {
        var e = Single(Pops + "\nrecorders:\n  - {type: state, population: exc, neurons: [0], variables: [v]}\n  - {type: state, population: exc, neurons: [1], variables: [v]}", "recorders[1].variables[0]");
        Assert.Contains("recorders[0] already records exc.v", e.Expected);
    }

    [Fact]
    public void WrongTypesAreReported()
    {
        var e = Single("populations: [{name: a, size: abc, model: izhikevich}]", "populations[0].size");
        Assert.Equal("'abc'", e.Value);
        Assert.Contains("whole number", e.Expected);
        e = Single("simulation: {dt: fast}\npopulations: [{name: a, size: 1, model: izhikevich}]", "simulation.dt");
        Assert.Contains("number", e.Expected);
        e = Single(WithProjection("{source: exc, target: exc, connector: {rule: all_to_all, autapses: maybe}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector.autapses");
        Assert.Contains("true or false", e.Expected);
    }

    [Fact]
    public void MissingRequiredKeysAreReported()
    {
        var e = Single("populations: [{name: a, model: izhikevich}]", "populations[0].size");
        Assert.Contains("required", e.Expected);
        Single("simulation: {dt: 0.1}", "$.populations");
    }

    [Fact]
    public void UnknownModelListsTheValidModels()
    {
        var e = Single("populations: [{name: a, size: 1, model: hodgkin_huxley}]", "populations[0].model");
        Assert.Contains("iaf_psc_delta", e.Expected);
    }

    [Fact]
    public void ZeroNeuronsIsRejected()
    {
        var e = Single("populations: [{name: a, size: 0, model: iaf_psc_delta}]", "populations[0].size");
        Assert.Contains("at least 1", e.Expected);
    }

    [Fact]
    public void DuplicatePopulationNamesAreRejected()
    {
        Single("populations: [{name: a, size: 1, model: izhikevich}, {name: a, size: 1, model: izhikevich}]", "populations[1].name");
    }

    [Fact]
    public void UnknownAndOutOfRangeParametersAreRejected()
    {
        var e = Single("populations: [{name: a, size: 1, model: iaf_psc_delta, parameters: {tau_syn_ex: 2}}]", "populations[0].parameters.tau_syn_ex");
        Assert.Contains("tau_m", e.Expected);
        e = Single("populations: [{name: a, size: 1, model: iaf_psc_delta, parameters: {tau_m: -5}}]", "populations[0].parameters.tau_m");
        Assert.Contains("> 0 ms", e.Expected);
        e = Single("populations: [{name: a, size: 1, model: iaf_psc_delta, parameters: {v_reset: -50}}]", "populations[0].parameters.v_reset");
        Assert.Contains("below the threshold", e.Expected);
    }

    [Fact]
    public void UnknownInitialVariablesAreRejected()
    {
        var e = Single("populations: [{name: a, size: 1, model: iaf_psc_delta, initial: {u: 1}}]", "populations[0].initial.u");
        Assert.Contains("v", e.Expected);
    }

    [Fact]
    public void BadDistributionsAreRejected()
    {
        var e = Single("populations: [{name: a, size: 1, model: iaf_psc_delta, initial: {v: {gamma: [1, 2]}}}]", "populations[0].initial.v.gamma");
        Assert.Contains("uniform", e.Expected);
        e = Single("populations: [{name: a, size: 1, model: iaf_psc_delta, initial: {v: {uniform: [5, 1]}}}]", "populations[0].initial.v");
        Assert.Contains("low < high", e.Expected);
        e = Single("populations: [{name: a, size: 1, model: iaf_psc_delta, initial: {v: {normal: [1]}}}]", "populations[0].initial.v.normal");
        Assert.Contains("2 values", e.Expected);
    }

    [Fact]
    public void MissingPopulationReferencesListTheExistingOnes()
    {
        var e = Single(WithProjection("{source: exc, target: inh, connector: {rule: all_to_all}, synapse: {weight: 1, delay: 1}}"), "projections[0].target");
        Assert.Equal("'inh'", e.Value);
        Assert.Contains("exc, cond, src", e.Expected);
        Single(Pops + "\nstimuli: [{type: dc, target: nobody, amplitude: 1}]", "stimuli[0].target");
        Single(Pops + "\nrecorders: [{type: spikes, population: nobody}]", "recorders[0].population");
    }

    [Fact]
    public void DelaysShorterThanDtAndNegativeDelaysAreRejected()
    {
        var e = Single(WithProjection("{source: exc, target: exc, connector: {rule: all_to_all}, synapse: {weight: 1, delay: 0.05}}"), "projections[0].synapse.delay");
        Assert.Contains("at least one time step", e.Expected);
        Single(WithProjection("{source: exc, target: exc, connector: {rule: all_to_all}, synapse: {weight: 1, delay: -1}}"), "projections[0].synapse.delay");
        e = Single(WithProjection("{source: exc, target: exc, connector: {rule: all_to_all}, synapse: {weight: 1, delay: {normal: [2, 1]}}}"), "projections[0].synapse.delay");
        Assert.Contains("normal_clipped", e.Expected);
    }

    [Fact]
    public void ConnectorRulesAreChecked()
    {
        Single(WithProjection("{source: exc, target: exc, connector: {rule: sometimes}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector.rule");
        Single(WithProjection("{source: exc, target: cond, connector: {rule: one_to_one}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector.rule");
        Single(WithProjection("{source: exc, target: exc, connector: {rule: fixed_probability, p: 1.5}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector.p");
        var e = Single(WithProjection("{source: exc, target: exc, connector: {rule: fixed_indegree, indegree: 10, autapses: false, multapses: false}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector.indegree");
        Assert.Contains("at most 9", e.Expected);
        Single(WithProjection("{source: exc, target: exc, connector: {rule: explicit, pairs: [[0, 10]]}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector.pairs[0]");
    }

    [Fact]
    public void FixedTotalNumberIsChecked()
    {
        var e = Single(WithProjection("{source: exc, target: exc, connector: {rule: fixed_total_number}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector");
        Assert.Equal("nothing", e.Value);
        Assert.Contains("'n' is required", e.Expected);
        e = Single(WithProjection("{source: exc, target: exc, connector: {rule: fixed_total_number, n: -5}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector.n");
        Assert.Equal(("-5", "expected a whole number of at least 0"), (e.Value, e.Expected));
        e = Single(WithProjection("{source: exc, target: exc, connector: {rule: fixed_total_number, n: 1e3}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector.n");
        Assert.Equal("expected a whole number", e.Expected);
        e = Single(WithProjection("{source: exc, target: exc, connector: {rule: fixed_total_number, n: 10, multapses: false}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector.multapses");
        Assert.Equal("false", e.Value);
        Assert.Contains("allows multapses only (as in NEST)", e.Expected);
        e = Single(WithProjection("{source: exc, target: exc, connector: {rule: fixed_total_number, n: 10, indegree: 3}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector.indegree");
        Assert.Equal("fixed_total_number takes only: n, autapses, multapses", e.Expected);
        e = Single(WithProjection("{source: exc, target: exc, connector: {rule: fixed_indegree, indegree: 3, n: 10}, synapse: {weight: 1, delay: 1}}"), "projections[0].connector.n");
        Assert.Contains("fixed_indegree takes only", e.Expected);
        e = Single("populations: [{name: one, size: 1, model: iaf_psc_delta}]\nprojections: [{source: one, target: one, connector: {rule: fixed_total_number, n: 2, autapses: false}, synapse: {weight: 1, delay: 1}}]",
            "projections[0].connector.n");
        Assert.Contains("no pair is allowed", e.Expected);
    }

    [Fact]
    public void FixedTotalNumberLoadsWithNestDefaults()
    {
        var spec = ModelLoader.Parse(WithProjection("{source: exc, target: exc, connector: {rule: fixed_total_number, n: 12345678901}, synapse: {weight: 1, delay: 1}}"));
        Assert.Equal(new ConnectorSpec(ConnectorKind.FixedTotalNumber, TotalNumber: 12_345_678_901), spec.Projections[0].Connector);
        spec = ModelLoader.Parse(WithProjection("{source: exc, target: exc, connector: {rule: fixed_total_number, n: 0, autapses: false, multapses: true}, synapse: {weight: 1, delay: 1}}"));
        Assert.Equal(new ConnectorSpec(ConnectorKind.FixedTotalNumber, AllowAutapses: false), spec.Projections[0].Connector);
    }

    [Fact]
    public void TheBuilderChecksFixedTotalNumberLikeTheLoader()
    {
        var ex = Assert.Throws<ModelException>(() => new NetworkBuilder()
            .Population("a", 3, NeuronModel.IafPscDelta)
            .Projection("a", "a", new ConnectorSpec(ConnectorKind.FixedTotalNumber, TotalNumber: -1, AllowMultapses: false),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(1), Distribution.Constant(1)))
            .Build());
        Assert.Equal(new[] { "projections[0].connector.n", "projections[0].connector.multapses" }, ex.Errors.Select(e => e.Path));
        Assert.Equal("the number of synapses must be >= 0", ex.Errors[0].Expected);
    }

    [Fact]
    public void SpikeSourcesCannotBeTargetsAndConductancesMustBePositive()
    {
        Single(WithProjection("{source: exc, target: src, connector: {rule: all_to_all}, synapse: {weight: 1, delay: 1}}"), "projections[0].target");
        var e = Single(WithProjection("{source: exc, target: cond, connector: {rule: all_to_all}, synapse: {receptor: inhibitory, weight: -5, delay: 1}}"), "projections[0].synapse.weight");
        Assert.Contains("receptor", e.Expected);
    }

    [Fact]
    public void StimuliAreChecked()
    {
        Single(Pops + "\nstimuli: [{type: laser, target: exc}]", "stimuli[0].type");
        Single(Pops + "\nstimuli: [{type: poisson_generator, target: exc, rate: -1, weight: 1}]", "stimuli[0].rate");
        Single(Pops + "\nstimuli: [{type: poisson_generator, target: exc, rates: [1, 2], weight: 1}]", "stimuli[0].rates");
        Single(Pops + "\nstimuli: [{type: dc, target: exc, amplitude: 1, neurons: [10]}]", "stimuli[0].neurons[0]");
        Single(Pops + "\nstimuli: [{type: dc, target: exc, amplitude: 1, start: 10, stop: 5}]", "stimuli[0].stop");
        Single(Pops + "\nstimuli: [{type: step_current, target: exc, times: [5, 1], amplitudes: [1, 2]}]", "stimuli[0].times[1]");
        Single(Pops + "\nstimuli: [{type: dc, target: exc, amplitude: 1, rate: 3}]", "stimuli[0].rate");
    }

    [Fact]
    public void RecordersAreChecked()
    {
        var e = Single(Pops + "\nrecorders: [{type: state, population: exc, variables: [w]}]", "recorders[0].variables[0]");
        Assert.Contains("v", e.Expected);
        Single(Pops + "\nrecorders: [{type: state, population: exc, variables: [v], interval: 0}]", "recorders[0].interval");
        Single(Pops + "\nrecorders: [{type: spikes, population: exc, neurons: {range: [5, 20]}}]", "recorders[0].neurons[5]");
    }

    [Fact]
    public void SimulationSettingsAreChecked()
    {
        Single("simulation: {dt: 0}\npopulations: [{name: a, size: 1, model: izhikevich}]", "simulation.dt");
        Single("simulation: {duration: 10.05}\npopulations: [{name: a, size: 1, model: izhikevich}]", "simulation.duration");
    }

    [Fact]
    public void ABackendIsChosenPerPopulationByANameOfTheRightForm()
    {
        var spec = ModelLoader.Parse("populations: [{name: a, size: 5, model: iaf_psc_delta, backend: loihi-2}, {name: b, size: 2, model: iaf_psc_delta}]");
        Assert.Equal("loihi-2", spec.Populations[0].BackendName);
        Assert.Null(spec.Populations[1].Backend);
        Assert.Equal(PopulationSpec.DefaultBackend, spec.Populations[1].BackendName);
        // A model that names no backend keeps its JSON form, and so its checkpoints' fingerprint.
        Assert.DoesNotContain("Backend", SpecJson.Serialize(spec with { Populations = [spec.Populations[1]] }));
        Assert.Equal("loihi-2", SpecJson.Deserialize(SpecJson.Serialize(spec)).Populations[0].Backend);

        var e = Single("populations: [{name: a, size: 5, model: iaf_psc_delta, backend: Loihi}]", "populations[0].backend");
        Assert.Equal("'Loihi'", e.Value);
        Assert.Equal("a backend name starts with a lowercase letter and holds lowercase letters, digits and '-' (e.g. cpu); leave the field out for cpu", e.Expected);
        Single("populations: [{name: a, size: 5, model: iaf_psc_delta, backend: ''}]", "populations[0].backend");
        Assert.Equal("b", new NetworkBuilder().Population("a", 1, NeuronModel.IafPscDelta).Backend("a", "b").Build().Populations[0].Backend);
    }

    [Fact]
    public void EveryErrorIsReportedAtOnce()
    {
        var ex = Assert.Throws<ModelException>(() => ModelLoader.Parse("populations: [{name: a, size: -1, model: iaf_psc_delta, parameters: {tau_m: 0}}]"));
        Assert.True(ex.Errors.Count >= 2, ex.Message);
    }

    [Fact]
    public void TheBuilderValidatesLikeTheLoader()
    {
        var ex = Assert.Throws<ModelException>(() => new NetworkBuilder().Population("a", 0, NeuronModel.IafPscDelta).Build());
        Assert.Equal("populations[0].size", ex.Errors[0].Path);
    }
}
