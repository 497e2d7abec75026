namespace NeuroActors.Model;

/// <summary>
/// A complete, validated description of a network and how to simulate it. Units throughout: ms, mV, pA, nS, pF, Hz.
/// Build one with <see cref="NetworkBuilder"/> or load one with <see cref="ModelLoader"/>.
/// </summary>
public sealed record NetworkSpec(
    SimulationSpec Simulation,
    IReadOnlyList<PopulationSpec> Populations,
    IReadOnlyList<ProjectionSpec> Projections,
    IReadOnlyList<StimulusSpec> Stimuli,
    IReadOnlyList<RecorderSpec> Recorders)
{
    /// <summary>Total number of neurons over all populations.</summary>
    public long TotalNeurons => Populations.Sum(p => (long)p.Size);

    /// <summary>Index of the population called <paramref name="name"/>, or -1.</summary>
    public int PopulationIndex(string name)
    {
        for (int i = 0; i < Populations.Count; i++)
            if (Populations[i].Name == name) return i;
        return -1;
    }

    /// <summary>The population called <paramref name="name"/>.</summary>
    public PopulationSpec Population(string name) =>
        Populations.FirstOrDefault(p => p.Name == name) ?? throw new KeyNotFoundException($"no population '{name}'");

    /// <summary>A copy with simulation settings replaced (CLI overrides of seed, duration and real-time scale).</summary>
    public NetworkSpec With(ulong? seed = null, double? durationMs = null, double? timeScale = null) => this with
    {
        Simulation = Simulation with
        {
            Seed = seed ?? Simulation.Seed,
            DurationMs = durationMs ?? Simulation.DurationMs,
            TimeScale = timeScale ?? Simulation.TimeScale,
        },
    };
}

/// <summary>Global simulation settings.</summary>
/// <param name="DtMs">Time step in ms.</param>
/// <param name="DurationMs">Biological time to simulate, in ms.</param>
/// <param name="Seed">Master seed; every random draw is a function of it and of global ids.</param>
/// <param name="Name">A name for the model, shown in summaries.</param>
/// <param name="MaxNeuronsPerShard">
/// For sliced runs (clusters): the largest slice of a population that one shard holds, unless the population says
/// otherwise; null for the default of the routing layer. Results never depend on it.
/// </param>
/// <param name="TimeScale">
/// Null for the deterministic default. Otherwise best-effort real time, as on SpiNNaker: every window starts on a
/// wall clock running <c>TimeScale</c> times slower than biological time, shards never wait, and spikes that arrive
/// too late are dropped and counted. Results then depend on timing.
/// </param>
/// <param name="LoihiProfile">
/// The Loihi profile (<c>simulation.loihi.profile</c>: one of <see cref="LoihiProfiles"/>) the model's Loihi populations
/// are mapped onto cores with, and whose core layout the energy estimate counts messages by; null for the default
/// (the Loihi assembly's, loihi2). <c>run --loihi-profile</c> overrides it.
/// </param>
public sealed record SimulationSpec(double DtMs = 0.1, double DurationMs = 1000, ulong Seed = 12345, string Name = "network",
    int? MaxNeuronsPerShard = null, double? TimeScale = null,
    // Left out of the JSON form when null, so that models without it keep their fingerprints.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? LoihiProfile = null)
{
    /// <summary>The Loihi profiles a model may choose (<c>simulation.loihi.profile</c>); the Loihi assembly defines each.</summary>
    public static IReadOnlyList<string> LoihiProfiles { get; } = ["loihi1", "loihi2"];

    /// <summary>Number of steps the duration covers (rounded to the nearest step).</summary>
    public long Steps => (long)Math.Round(DurationMs / DtMs);
}

/// <summary>A group of neurons of one model with one parameter set.</summary>
/// <param name="Name">Unique name.</param>
/// <param name="Size">Number of neurons (at least 1).</param>
/// <param name="Model">The neuron model.</param>
/// <param name="Parameters">Model parameters by name (see <see cref="NeuronModel.Parameters"/> for names, defaults and units). Omitted names take defaults.</param>
/// <param name="Initial">Initial state by variable name, constants or distributions.</param>
/// <param name="SpikeTimes">For <see cref="NeuronModel.SpikeSourceArray"/>: spike times in ms per neuron.</param>
/// <param name="Rates">For <see cref="NeuronModel.PoissonSource"/>: optional per-neuron rates in Hz (overrides parameter rate).</param>
/// <param name="MaxNeuronsPerShard">For sliced runs: this population's largest slice per shard (overrides the simulation's).</param>
/// <param name="Backend">
/// The shard backend that computes this population (<c>backend</c> in YAML), or null for the model's own
/// (<see cref="NeuronModel.NativeBackend"/>) or else <see cref="DefaultBackend"/>.
/// Chosen per population, never per shard, so results cannot depend on the cut: every shard holds populations of
/// one backend. The names a run accepts are those registered with the kernel's <c>ShardBackends</c>.
/// </param>
/// <param name="ParameterLists">
/// Parameters given per neuron (a list in YAML), by name: one value per neuron, in neuron order. Only models that read
/// parameters per neuron take them (<see cref="NeuronModel.PerNeuronParameters"/>); a name is either here or in
/// <paramref name="Parameters"/>. Read with <see cref="Param(string, int)"/>.
/// </param>
/// <param name="InitialLists">
/// Initial state given per neuron (a list in YAML), by variable name: one value per neuron, in neuron order; a name
/// is either here or in <paramref name="Initial"/>. Read with <see cref="InitialValue"/>.
/// </param>
public sealed record PopulationSpec(
    string Name,
    int Size,
    NeuronModel Model,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyDictionary<string, Distribution> Initial,
    IReadOnlyList<double[]>? SpikeTimes = null,
    double[]? Rates = null,
    int? MaxNeuronsPerShard = null,
    // Left out of the JSON form when null, so that models without it keep their fingerprints (and their checkpoints).
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? Backend = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyDictionary<string, double[]>? ParameterLists = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyDictionary<string, double[]>? InitialLists = null)
{
    /// <summary>The backend of a population of a float model that names none: the floating-point CPU kernel.</summary>
    public const string DefaultBackend = "cpu";

    /// <summary>
    /// The most neurons of a population, and of a whole network: global neuron ids are 32-bit signed numbers.
    /// </summary>
    public const int MaxSize = int.MaxValue;

    /// <summary>
    /// The backend of emulated Loihi neurocores: the only one of <see cref="NeuronModel.LoihiLif"/>, and the one that
    /// quantises a float population that names it.
    /// </summary>
    public const string LoihiBackend = "loihi";

    /// <summary>
    /// The backend that computes this population: <see cref="Backend"/>, or the model's own
    /// (<see cref="NeuronModel.NativeBackend"/>), or <see cref="DefaultBackend"/>.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string BackendName => Backend ?? Model.NativeBackend ?? DefaultBackend;

    /// <summary>Whether the population runs on emulated Loihi neurocores (<see cref="LoihiBackend"/>), natively or quantised.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool OnLoihi => BackendName == LoihiBackend;

    /// <summary>
    /// Parameter <paramref name="name"/> of neuron <paramref name="neuron"/> (an index within the population): its entry
    /// of <see cref="ParameterLists"/>, or the population's value, or the model default.
    /// </summary>
    public double Param(string name, int neuron) =>
        ParameterLists is { } lists && lists.TryGetValue(name, out var values) ? values[neuron] : Param(name);

    /// <summary>Whether parameter <paramref name="name"/> is given per neuron.</summary>
    public bool IsPerNeuron(string name) => ParameterLists?.ContainsKey(name) == true;

    /// <summary>
    /// The initial value of <paramref name="variable"/> given for neuron <paramref name="neuron"/> (an index within the
    /// population) in <see cref="InitialLists"/>, or null when the variable is not given per neuron (it then comes from
    /// <see cref="Initial"/> or the model default).
    /// </summary>
    public double? InitialValue(string variable, int neuron) =>
        InitialLists is { } lists && lists.TryGetValue(variable, out var values) ? values[neuron] : null;

    /// <summary>
    /// Whether <paramref name="name"/> has the form of a backend name: a lowercase letter, then lowercase letters,
    /// digits and '-'. Which names a run accepts is the business of the kernel's registry (<c>ShardBackends</c>).
    /// </summary>
    public static bool IsBackendName(string name) =>
        name.Length > 0 && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>Parameter value with the model default filled in.</summary>
    public double Param(string name) =>
        Parameters.TryGetValue(name, out var v) ? v : Model.Default(name);

    /// <summary>
    /// Time constant (ms) of the postsynaptic trace that plastic synapses into this population read
    /// (<c>parameters.tau_minus</c>, a parameter of every model: <see cref="PopulationParameters.TauMinus"/>).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double TauMinusMs => Parameters.TryGetValue(PopulationParameters.TauMinus.Name, out var v) ? v : PopulationParameters.TauMinus.Default;
}

/// <summary>Synapse receptor: excitatory or inhibitory input channel of the target.</summary>
public enum Receptor
{
    /// <summary>Excitatory channel.</summary>
    Excitatory,
    /// <summary>Inhibitory channel.</summary>
    Inhibitory,
}

/// <summary>Connections from one population to another.</summary>
public sealed record ProjectionSpec(
    string Source,
    string Target,
    ConnectorSpec Connector,
    SynapseSpec Synapse,
    string? Name = null)
{
    /// <summary>A display name: the given one, or "source→target".</summary>
    public string Label => Name ?? $"{Source}->{Target}";

    /// <summary>
    /// The smallest delay in ms any synapse of the projection can have: that of the synapse description, or of the
    /// connections of a <see cref="ConnectorKind.FromFile"/> connector (+∞ when it lists none).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double MinDelayMs => Connector.Kind == ConnectorKind.FromFile
        ? Connector.Connections?.MinDelayMs ?? double.PositiveInfinity
        : Synapse.DelayMs.Minimum;
}

/// <summary>Connection rule kinds, with NEST's meanings.</summary>
public enum ConnectorKind
{
    /// <summary>Every source to every target.</summary>
    AllToAll,
    /// <summary>Source i to target i (equal sizes).</summary>
    OneToOne,
    /// <summary>Each (source, target) pair independently with probability P (NEST pairwise_bernoulli).</summary>
    FixedProbability,
    /// <summary>Each target gets exactly N sources.</summary>
    FixedInDegree,
    /// <summary>Each source gets exactly N targets.</summary>
    FixedOutDegree,
    /// <summary>Explicit (source, target) index pairs.</summary>
    Explicit,
    /// <summary>
    /// Exactly N synapses in all, each between a uniformly drawn source and a uniformly drawn target, multapses
    /// allowed (NEST fixed_total_number).
    /// </summary>
    FixedTotalNumber,
    /// <summary>
    /// Explicit connections, each with its own weight and delay (<see cref="ConnectorSpec.Connections"/>), usually read
    /// from a CSV, NumPy or SONATA edges file.
    /// </summary>
    FromFile,
}

/// <summary>A connection rule.</summary>
/// <param name="Kind">The rule.</param>
/// <param name="Probability">For fixed_probability.</param>
/// <param name="Degree">For fixed_indegree / fixed_outdegree.</param>
/// <param name="AllowAutapses">Whether a neuron may connect to itself (only meaningful when source = target). NEST default: true.</param>
/// <param name="AllowMultapses">Whether a pair may be connected more than once (fixed degree rules; fixed total number allows only true, as NEST). NEST default: true.</param>
/// <param name="Pairs">For explicit: (source index, target index) within the populations.</param>
/// <param name="TotalNumber">For fixed_total_number: the number of synapses of the whole projection (NEST's N).</param>
/// <param name="Connections">
/// For from_file: the connections with their weights and delays; the synapse description then gives only the
/// receptor, and its weight and delay are written as constant zeros (<see cref="NetworkBuilder.Connections"/> does so).
/// </param>
public sealed record ConnectorSpec(
    ConnectorKind Kind,
    double Probability = 0,
    int Degree = 0,
    bool AllowAutapses = true,
    bool AllowMultapses = true,
    IReadOnlyList<(int Source, int Target)>? Pairs = null,
    long TotalNumber = 0,
    // Left out of the JSON form when null, so that models without it keep their fingerprints (and their checkpoints).
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    ConnectionList? Connections = null)
{
    /// <summary>A from_file connector over <paramref name="connections"/> (read with <see cref="ConnectionFile.Read"/> or built with <see cref="ConnectionList.Of"/>).</summary>
    public static ConnectorSpec FromConnections(ConnectionList connections) => new(ConnectorKind.FromFile, Connections: connections);

    /// <summary>The synapse description of a from_file projection: the receptor, with weight and delay as constant zeros.</summary>
    public static SynapseSpec SynapseOf(Receptor receptor) => new(receptor, Distribution.Constant(0), Distribution.Constant(0));
}

/// <summary>A synapse: receptor, (initial) weight and delay (constants or distributions), and its plasticity, if any.</summary>
/// <param name="Receptor">Which input channel of the target.</param>
/// <param name="Weight">mV for delta-synapse and Izhikevich targets, pA for current-based exponential, nS for conductance-based.</param>
/// <param name="DelayMs">Delay in ms; rounded to the nearest step and at least one step. For a plastic synapse the whole delay is dendritic, as in NEST.</param>
/// <param name="Plasticity">Null for a static synapse; otherwise its STDP rule and parameters (<c>synapse.model</c>).</param>
/// <param name="WeightExp">
/// Into a Loihi population only: the projection's weight exponent (Lava's Dense <c>weight_exp</c>, in
/// <see cref="WeightExpRange"/>): the summed input is <c>acc &lt;&lt; weight_exp</c>. Null for the default: 0 into a
/// loihi_lif population, chosen by the quantisation into a quantised one.
/// </param>
/// <param name="NumWeightBits">
/// Into a Loihi population only: the weight precision (Lava's <c>num_weight_bits</c>, 1..8); the low 8 − n bits of a
/// mantissa are dropped. Null for 8.
/// </param>
public sealed record SynapseSpec(
    Receptor Receptor,
    Distribution Weight,
    Distribution DelayMs,
    // Left out of the JSON form when null, so that models without plasticity keep their fingerprints (and checkpoints).
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    PlasticitySpec? Plasticity = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    int? WeightExp = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    int? NumWeightBits = null)
{
    /// <summary>The weight exponents Loihi's synapse configuration holds: a 4-bit signed field, −8..7.</summary>
    public static readonly IntegerRange WeightExpRange = IntegerRange.Signed(4);

    /// <summary>The weight precisions Loihi offers: 1..8 bits.</summary>
    public static readonly IntegerRange NumWeightBitsRange = new(1, 8);

    /// <summary>The weight precision when none is given: Loihi's full 8 bits.</summary>
    public const int DefaultNumWeightBits = 8;
}

/// <summary>Stimulus kinds that act directly on a population.</summary>
public enum StimulusKind
{
    /// <summary>Independent Poisson spike train into every targeted neuron (NEST poisson_generator).</summary>
    PoissonGenerator,
    /// <summary>Constant current between start and stop.</summary>
    DcCurrent,
    /// <summary>Piecewise-constant current (NEST step_current_generator).</summary>
    StepCurrent,
    /// <summary>
    /// Independent Poisson spike train into every targeted neuron at a piecewise-constant rate (NEST
    /// inhomogeneous_poisson_generator): 0 before the first of <see cref="StimulusSpec.RateTimesMs"/>, then each of
    /// <see cref="StimulusSpec.RateValuesHz"/> from its time on.
    /// </summary>
    InhomogeneousPoissonGenerator,
}

/// <summary>A stimulus applied to a population (or to some of its neurons).</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Target">Target population.</param>
/// <param name="Neurons">Indices within the target; null means all.</param>
/// <param name="RateHz">Poisson rate per neuron.</param>
/// <param name="Rates">Optional per-neuron Poisson rates (one per targeted neuron).</param>
/// <param name="Weight">Poisson event weight (units as a synapse onto the target).</param>
/// <param name="Receptor">Poisson receptor.</param>
/// <param name="AmplitudePa">DC amplitude.</param>
/// <param name="StartMs">DC/Poisson start.</param>
/// <param name="StopMs">DC/Poisson stop (exclusive); infinity = to the end.</param>
/// <param name="TimesMs">Step current switch times.</param>
/// <param name="AmplitudesPa">Step current amplitudes from each switch time on.</param>
/// <param name="Name">Optional display name.</param>
/// <param name="RateTimesMs">Inhomogeneous Poisson: the times (ms) at which the rate changes, strictly increasing on the grid.</param>
/// <param name="RateValuesHz">Inhomogeneous Poisson: the rate (Hz) from each of <paramref name="RateTimesMs"/> on.</param>
public sealed record StimulusSpec(
    StimulusKind Kind,
    string Target,
    IReadOnlyList<int>? Neurons = null,
    double RateHz = 0,
    double[]? Rates = null,
    double Weight = 0,
    Receptor Receptor = Receptor.Excitatory,
    double AmplitudePa = 0,
    double StartMs = 0,
    double StopMs = double.PositiveInfinity,
    double[]? TimesMs = null,
    double[]? AmplitudesPa = null,
    string? Name = null,
    // Left out of the JSON form when null, so that models without them keep their fingerprints (and their checkpoints).
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    double[]? RateTimesMs = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    double[]? RateValuesHz = null);

/// <summary>Recorder kinds.</summary>
public enum RecorderKind
{
    /// <summary>Spike times.</summary>
    Spikes,
    /// <summary>State variables sampled every k steps.</summary>
    State,
    /// <summary>Weights of chosen plastic synapses, each time a presynaptic spike updates them (NEST's weight_recorder).</summary>
    Weights,
}

/// <summary>What to record from a population, or (weight recorders) from a plastic projection.</summary>
/// <param name="Kind">Spikes, state or weights.</param>
/// <param name="Population">Population to record from (empty for weight recorders).</param>
/// <param name="Neurons">Indices within the population; null means all.</param>
/// <param name="Variables">State variable names (state recorders).</param>
/// <param name="IntervalSteps">Sample every k steps (state recorders).</param>
/// <param name="Projection">The plastic projection whose synapses are recorded (weight recorders), by label.</param>
/// <param name="Sources">Indices within the projection's source population; null means all (weight recorders).</param>
/// <param name="Targets">Indices within the projection's target population; null means all (weight recorders).</param>
public sealed record RecorderSpec(
    RecorderKind Kind,
    string Population,
    IReadOnlyList<int>? Neurons = null,
    IReadOnlyList<string>? Variables = null,
    int IntervalSteps = 1,
    // Left out of the JSON form when null, so that models without weight recorders keep their fingerprints.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? Projection = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<int>? Sources = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<int>? Targets = null)
{
    /// <summary>
    /// The most (source, target) pairs one weight recorder may cover: every synapse between them is recorded at each of
    /// its source's spikes, so a larger choice would record a large part of a network's learning, which is what the
    /// final weights (<c>weights.h5</c>) are for.
    /// </summary>
    public const long MaxWeightPairs = 1_000_000;
}
