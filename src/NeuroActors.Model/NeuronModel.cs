namespace NeuroActors.Model;

/// <summary>
/// A neuron model of the catalogue: its name in model files, its parameters (units, defaults, valid ranges), its state
/// variables, its weights, and whether it only emits spikes. Each model is declared in a file of its own under
/// src/NeuroActors.Model/Neurons as a static property of this class (<c>NeuronModel.IafPscExp</c>); creating it
/// registers it, which is all it takes for <see cref="NeuronModels"/> to list it; the kernel implements it in a
/// group of its own (see
/// docs/neuron-models.md, "How the models are implemented, and adding one").
/// </summary>
public sealed partial class NeuronModel
{
    private const double Inf = double.PositiveInfinity;

    private NeuronModel(string yamlName, int listed, IReadOnlyList<ParameterInfo> parameters,
        IReadOnlyList<StateVariable> variables, string weightUnit, WeightSign weightSign, bool isSource = false,
        string? nativeBackend = null, bool perNeuronParameters = false)
    {
        YamlName = yamlName;
        Listed = listed;
        Parameters = parameters;
        Variables = variables;
        StateVariables = variables.Select(v => v.Name).ToArray();
        WeightUnit = weightUnit;
        WeightSign = weightSign;
        IsSource = isSource;
        NativeBackend = nativeBackend;
        PerNeuronParameters = perNeuronParameters;
        // The static properties that hold the models are initialised in an order of the compiler's choosing, so the
        // list is made by the first model, not by an initialiser that could run after some have registered.
        (_registered ??= []).Add(this);
    }

    private static List<NeuronModel>? _registered;

    /// <summary>Every model declared as a static property of this class (reading the list initialises them all first).</summary>
    internal static IReadOnlyList<NeuronModel> Registered => _registered!;

    /// <summary>The name in model files (<c>model: iaf_psc_exp</c>).</summary>
    public string YamlName { get; }

    /// <summary>Where the model stands when the catalogue is listed (error messages, docs): the next number for a new one.</summary>
    internal int Listed { get; }

    /// <summary>The parameters, in the order the docs list them.</summary>
    public IReadOnlyList<ParameterInfo> Parameters { get; }

    /// <summary>The recordable state variables with their units and defaults.</summary>
    public IReadOnlyList<StateVariable> Variables { get; }

    /// <summary>The names of <see cref="Variables"/>.</summary>
    public IReadOnlyList<string> StateVariables { get; }

    /// <summary>The unit of synaptic weights onto this model (mV, pA, nS; "-" for sources).</summary>
    public string WeightUnit { get; }

    /// <summary>The sign rule that the model's synaptic weights follow.</summary>
    public WeightSign WeightSign { get; }

    /// <summary>True for spike sources: they emit spikes but receive no input and cannot be stimulated.</summary>
    public bool IsSource { get; }

    /// <summary>
    /// The shard backend that implements this model and the only one that runs it (<c>loihi</c> for Loihi's integer
    /// compartment, which the float kernel does not have): the backend of its populations when they name none. Null for
    /// the float models, which the CPU kernel runs (and which another backend may quantise).
    /// </summary>
    public string? NativeBackend { get; }

    /// <summary>
    /// True when the model reads its parameters per neuron, so that a population may give a list with one value per
    /// neuron instead of one value (<see cref="PopulationSpec.ParameterLists"/>); the float models read one value per
    /// population and refuse lists.
    /// </summary>
    public bool PerNeuronParameters { get; }

    /// <summary>
    /// True when the model has both a reset (<c>v_reset</c>) and a threshold (<c>v_th</c>): the reset must then lie
    /// below the threshold, or a neuron would fire in every step after its refractory period.
    /// </summary>
    public bool ResetBelowThreshold => Parameters.Any(p => p.Name == "v_reset") && Parameters.Any(p => p.Name == "v_th");

    /// <summary>Default value of a parameter.</summary>
    /// <exception cref="KeyNotFoundException">The model has no such parameter.</exception>
    public double Default(string name) =>
        Parameters.FirstOrDefault(p => p.Name == name)?.Default
        ?? throw new KeyNotFoundException($"model {YamlName} has no parameter '{name}'");

    /// <summary>The unit of state variable <paramref name="variable"/>, or "" when the model has no such variable.</summary>
    public string UnitOf(string variable) => Variables.FirstOrDefault(v => v.Name == variable)?.Unit ?? "";

    /// <summary>Initial value of <paramref name="variable"/> in <paramref name="population"/> when the model file gives none.</summary>
    public double DefaultInitial(PopulationSpec population, string variable) =>
        Variables.FirstOrDefault(v => v.Name == variable)?.Initial?.Invoke(population) ?? 0;

    /// <summary>The YAML name.</summary>
    public override string ToString() => YamlName;

    private static ParameterInfo P(string name, string unit, double def, double min, double max, string meaning, bool minExclusive = false) =>
        new(name, unit, def, min, max, minExclusive, meaning);

    /// <summary>An integer parameter of a fixed-point model, valid in <paramref name="range"/>.</summary>
    private static ParameterInfo I(string name, string unit, long def, IntegerRange range, string meaning) =>
        new(name, unit, def, range.Min, range.Max, false, meaning) { Integer = range };

    /// <summary>
    /// A parameter that picks one of <paramref name="choices"/> by its index (0, 1, …): model files hold numbers, so a
    /// choice is written as its number, and a refusal lists what each number means.
    /// </summary>
    private static ParameterInfo Choice(string name, int def, string meaning, params string[] choices) =>
        new(name, "", def, 0, choices.Length - 1, false, meaning) { Integer = new IntegerRange(0, choices.Length - 1), Choices = choices };
}

/// <summary>One recordable state variable of a neuron model.</summary>
/// <param name="Name">Name in model files and recordings.</param>
/// <param name="Unit">Unit of its values.</param>
/// <param name="Initial">Its initial value in a population whose model file gives none; null for 0.</param>
/// <param name="Integer">
/// For the state of fixed-point models: the whole numbers it holds, which initial values must respect (drawn ones are
/// rounded to the nearest integer); null for a real-valued variable.
/// </param>
public sealed record StateVariable(string Name, string Unit, Func<PopulationSpec, double>? Initial = null, IntegerRange? Integer = null);

/// <summary>What sign a neuron model's synaptic weights may take.</summary>
public enum WeightSign
{
    /// <summary>Any: the sign decides whether a synapse excites or inhibits (delta synapses, Izhikevich).</summary>
    Any,
    /// <summary>At least 0: the weights are conductances, and the receptor decides whether a synapse excites or inhibits.</summary>
    NonNegative,
    /// <summary>At least 0 on the excitatory receptor and at most 0 on the inhibitory one (currents that keep their sign).</summary>
    MatchesReceptor,
}
