namespace NeuroActors.Model;

/// <summary>
/// Fluent C# equivalent of a YAML model file. <see cref="Build"/> validates exactly as the YAML loader does.
/// </summary>
/// <example>
/// <code>
/// var spec = new NetworkBuilder("demo", dtMs: 0.1, durationMs: 500, seed: 1)
///     .Population("exc", 800, NeuronModel.IafPscDelta, new() { ["tau_m"] = 20 }, new() { ["v"] = Distribution.Uniform(-70, -55) })
///     .Projection("exc", "exc", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 80), new SynapseSpec(Receptor.Excitatory, Distribution.Constant(0.1), Distribution.Constant(1.5)))
///     .Poisson("exc", rateHz: 8000, weight: 0.1)
///     .RecordSpikes("exc")
///     .Build();
/// </code>
/// </example>
public sealed class NetworkBuilder
{
    private SimulationSpec _simulation;
    private readonly List<PopulationSpec> _populations = new();
    private readonly List<ProjectionSpec> _projections = new();
    private readonly List<StimulusSpec> _stimuli = new();
    private readonly List<RecorderSpec> _recorders = new();

    /// <summary>Starts a model with the given simulation settings.</summary>
    public NetworkBuilder(string name = "network", double dtMs = 0.1, double durationMs = 1000, ulong seed = 12345)
    {
        _simulation = new SimulationSpec(dtMs, durationMs, seed, name);
    }

    /// <summary>Adds a population.</summary>
    public NetworkBuilder Population(string name, int size, NeuronModel model,
        Dictionary<string, double>? parameters = null, Dictionary<string, Distribution>? initial = null)
    {
        _populations.Add(new PopulationSpec(name, size, model, parameters ?? new(), initial ?? new()));
        return this;
    }

    /// <summary>
    /// Gives parameter <paramref name="parameter"/> of population <paramref name="population"/> (added already) one
    /// value per neuron (<see cref="PopulationSpec.ParameterLists"/>), for the models that read parameters per neuron.
    /// </summary>
    public NetworkBuilder PerNeuron(string population, string parameter, double[] values)
    {
        int i = _populations.FindIndex(p => p.Name == population);
        if (i < 0) throw new ArgumentException($"population '{population}' has not been added", nameof(population));
        var lists = new Dictionary<string, double[]>(_populations[i].ParameterLists ?? new Dictionary<string, double[]>()) { [parameter] = values };
        _populations[i] = _populations[i] with { ParameterLists = lists };
        return this;
    }

    /// <summary>Adds a Poisson spike-source population: every neuron at <paramref name="rateHz"/>, or at its own entry of <paramref name="rates"/>.</summary>
    public NetworkBuilder PoissonSource(string name, int size, double rateHz, double[]? rates = null)
    {
        _populations.Add(new PopulationSpec(name, size, NeuronModel.PoissonSource,
            rates is null ? new Dictionary<string, double> { ["rate"] = rateHz } : new Dictionary<string, double>(),
            new Dictionary<string, Distribution>(), Rates: rates));
        return this;
    }

    /// <summary>Adds a spike-source-array population: one list of spike times (ms) per neuron.</summary>
    public NetworkBuilder SpikeSourceArray(string name, IReadOnlyList<double[]> spikeTimes)
    {
        _populations.Add(new PopulationSpec(name, spikeTimes.Count, NeuronModel.SpikeSourceArray,
            new Dictionary<string, double>(), new Dictionary<string, Distribution>(), SpikeTimes: spikeTimes));
        return this;
    }

    /// <summary>
    /// For sliced (cluster) runs: at most <paramref name="neurons"/> neurons of a population per shard, for every
    /// population, or only for <paramref name="population"/> when given (it must have been added already).
    /// </summary>
    public NetworkBuilder MaxNeuronsPerShard(int neurons, string? population = null)
    {
        if (population is null)
        {
            _simulation = _simulation with { MaxNeuronsPerShard = neurons };
            return this;
        }
        int i = _populations.FindIndex(p => p.Name == population);
        if (i < 0) throw new ArgumentException($"no population '{population}' has been added yet", nameof(population));
        _populations[i] = _populations[i] with { MaxNeuronsPerShard = neurons };
        return this;
    }

    /// <summary>
    /// Computes population <paramref name="population"/> (added already) on shard backend <paramref name="backend"/>
    /// instead of the default CPU kernel.
    /// </summary>
    public NetworkBuilder Backend(string population, string backend)
    {
        int i = _populations.FindIndex(p => p.Name == population);
        if (i < 0) throw new ArgumentException($"no population '{population}' has been added yet", nameof(population));
        _populations[i] = _populations[i] with { Backend = backend };
        return this;
    }

    /// <summary>Adds a projection.</summary>
    public NetworkBuilder Projection(string source, string target, ConnectorSpec connector, SynapseSpec synapse, string? name = null)
    {
        _projections.Add(new ProjectionSpec(source, target, connector, synapse, name));
        return this;
    }

    /// <summary>
    /// Adds a projection of explicit connections, each with its own weight and delay (the from_file rule): read them
    /// with <see cref="ConnectionFile.Read"/> or build them with <see cref="ConnectionList.Of"/>.
    /// </summary>
    public NetworkBuilder Connections(string source, string target, ConnectionList connections, Receptor receptor = Receptor.Excitatory, string? name = null) =>
        Projection(source, target, ConnectorSpec.FromConnections(connections), ConnectorSpec.SynapseOf(receptor), name);

    /// <summary>Adds an independent Poisson drive into every (or the given) neuron of a population.</summary>
    public NetworkBuilder Poisson(string target, double rateHz, double weight, Receptor receptor = Receptor.Excitatory, IReadOnlyList<int>? neurons = null)
    {
        _stimuli.Add(new StimulusSpec(StimulusKind.PoissonGenerator, target, neurons, RateHz: rateHz, Weight: weight, Receptor: receptor));
        return this;
    }

    /// <summary>
    /// Adds an independent Poisson drive into every (or the given) neuron of a population whose rate is 0 before
    /// <paramref name="rateTimesMs"/>[0] and <paramref name="rateValuesHz"/>[i] from <paramref name="rateTimesMs"/>[i] on
    /// (NEST's inhomogeneous_poisson_generator).
    /// </summary>
    public NetworkBuilder InhomogeneousPoisson(string target, double[] rateTimesMs, double[] rateValuesHz, double weight,
        Receptor receptor = Receptor.Excitatory, IReadOnlyList<int>? neurons = null)
    {
        _stimuli.Add(new StimulusSpec(StimulusKind.InhomogeneousPoissonGenerator, target, neurons, Weight: weight, Receptor: receptor,
            RateTimesMs: rateTimesMs, RateValuesHz: rateValuesHz));
        return this;
    }

    /// <summary>Adds a constant current between start and stop.</summary>
    public NetworkBuilder Dc(string target, double amplitudePa, double startMs = 0, double stopMs = double.PositiveInfinity, IReadOnlyList<int>? neurons = null)
    {
        _stimuli.Add(new StimulusSpec(StimulusKind.DcCurrent, target, neurons, AmplitudePa: amplitudePa, StartMs: startMs, StopMs: stopMs));
        return this;
    }

    /// <summary>Adds any stimulus.</summary>
    public NetworkBuilder Stimulus(StimulusSpec stimulus)
    {
        _stimuli.Add(stimulus);
        return this;
    }

    /// <summary>Records spikes of a population (or of the given neurons).</summary>
    public NetworkBuilder RecordSpikes(string population, IReadOnlyList<int>? neurons = null)
    {
        _recorders.Add(new RecorderSpec(RecorderKind.Spikes, population, neurons));
        return this;
    }

    /// <summary>Records state variables of chosen neurons every <paramref name="intervalSteps"/> steps.</summary>
    public NetworkBuilder RecordState(string population, IReadOnlyList<string> variables, IReadOnlyList<int>? neurons = null, int intervalSteps = 1)
    {
        _recorders.Add(new RecorderSpec(RecorderKind.State, population, neurons, variables, intervalSteps));
        return this;
    }

    /// <summary>
    /// Records the weights of the plastic synapses of projection <paramref name="projection"/> (its label) from the
    /// given sources to the given targets (indices within their populations; null means all), at each update.
    /// </summary>
    public NetworkBuilder RecordWeights(string projection, IReadOnlyList<int>? sources = null, IReadOnlyList<int>? targets = null)
    {
        _recorders.Add(new RecorderSpec(RecorderKind.Weights, "", Projection: projection, Sources: sources, Targets: targets));
        return this;
    }

    /// <summary>Validates and returns the model; throws <see cref="ModelException"/> listing every problem.</summary>
    public NetworkSpec Build()
    {
        var spec = new NetworkSpec(_simulation, _populations.ToList(), _projections.ToList(), _stimuli.ToList(), _recorders.ToList());
        ModelValidator.ThrowIfInvalid(spec);
        return spec;
    }
}
