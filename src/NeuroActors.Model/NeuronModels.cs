namespace NeuroActors.Model;

/// <summary>The neuron models NeuroActors implements. YAML names are given in <see cref="NeuronModels"/>.</summary>
public enum NeuronModel
{
    /// <summary>LIF with delta synapses, as NEST's iaf_psc_delta.</summary>
    IafPscDelta,
    /// <summary>LIF with exponential current synapses, as NEST's iaf_psc_exp.</summary>
    IafPscExp,
    /// <summary>LIF with exponential conductance synapses, as NEST's iaf_cond_exp.</summary>
    IafCondExp,
    /// <summary>Izhikevich (2003).</summary>
    Izhikevich,
    /// <summary>A spike source firing as independent Poisson processes (Brian2's PoissonGroup).</summary>
    PoissonSource,
    /// <summary>A spike source replaying given spike times (PyNN's SpikeSourceArray).</summary>
    SpikeSourceArray,
}

/// <summary>One model parameter: name, unit, default and the valid range.</summary>
public sealed record ParameterInfo(string Name, string Unit, double Default, double Min, double Max, bool MinExclusive, string Meaning)
{
    /// <summary>The rule <paramref name="value"/> breaks ("… must be > 0 ms"), or null when the value is valid.</summary>
    public string? Refusal(double value)
    {
        bool below = MinExclusive ? value <= Min : value < Min;
        if (!below && value <= Max && !double.IsNaN(value)) return null;
        return $"{Meaning} must be {(MinExclusive ? ">" : ">=")} {Show(Min)}{(double.IsPositiveInfinity(Max) ? "" : $" and <= {Show(Max)}")} {Unit}";
    }

    private static string Show(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Everything validation and documentation need to know about a neuron model.</summary>
public sealed record NeuronModelInfo(
    NeuronModel Model,
    string YamlName,
    IReadOnlyList<ParameterInfo> Parameters,
    IReadOnlyList<string> StateVariables,
    string WeightUnit,
    bool IsSource)
{
    /// <summary>Default value of a parameter.</summary>
    public double Default(string name) =>
        Parameters.FirstOrDefault(p => p.Name == name)?.Default
        ?? throw new KeyNotFoundException($"model {YamlName} has no parameter '{name}'");
}

/// <summary>The catalogue of neuron models.</summary>
public static class NeuronModels
{
    private const double Inf = double.PositiveInfinity;

    private static ParameterInfo P(string name, string unit, double def, double min, double max, string meaning, bool minExclusive = false) =>
        new(name, unit, def, min, max, minExclusive, meaning);

    // Defaults are NEST's for the iaf models and Izhikevich (2003) regular spiking.
    private static readonly ParameterInfo[] LifCommon =
    {
        P("tau_m", "ms", 10, 0, Inf, "membrane time constant", minExclusive: true),
        P("c_m", "pF", 250, 0, Inf, "membrane capacitance", minExclusive: true),
        P("e_l", "mV", -70, -Inf, Inf, "resting potential"),
        P("v_th", "mV", -55, -Inf, Inf, "spike threshold"),
        P("v_reset", "mV", -70, -Inf, Inf, "reset potential"),
        P("t_ref", "ms", 2, 0, Inf, "absolute refractory period"),
        P("i_e", "pA", 0, -Inf, Inf, "constant input current"),
    };

    private static readonly NeuronModelInfo[] All =
    {
        new(NeuronModel.IafPscDelta, "iaf_psc_delta", LifCommon, new[] { "v" }, "mV", false),
        new(NeuronModel.IafPscExp, "iaf_psc_exp", LifCommon.Concat(new[]
        {
            P("tau_syn_ex", "ms", 2, 0, Inf, "excitatory synaptic time constant", minExclusive: true),
            P("tau_syn_in", "ms", 2, 0, Inf, "inhibitory synaptic time constant", minExclusive: true),
        }).ToArray(), new[] { "v", "i_syn_ex", "i_syn_in" }, "pA", false),
        new(NeuronModel.IafCondExp, "iaf_cond_exp", new[]
        {
            P("c_m", "pF", 250, 0, Inf, "membrane capacitance", minExclusive: true),
            P("g_l", "nS", 16.6667, 0, Inf, "leak conductance", minExclusive: true),
            P("e_l", "mV", -70, -Inf, Inf, "leak reversal potential"),
            P("e_ex", "mV", 0, -Inf, Inf, "excitatory reversal potential"),
            P("e_in", "mV", -85, -Inf, Inf, "inhibitory reversal potential"),
            P("v_th", "mV", -55, -Inf, Inf, "spike threshold"),
            P("v_reset", "mV", -60, -Inf, Inf, "reset potential"),
            P("t_ref", "ms", 2, 0, Inf, "absolute refractory period"),
            P("tau_syn_ex", "ms", 0.2, 0, Inf, "excitatory conductance time constant", minExclusive: true),
            P("tau_syn_in", "ms", 2, 0, Inf, "inhibitory conductance time constant", minExclusive: true),
            P("i_e", "pA", 0, -Inf, Inf, "constant input current"),
        }, new[] { "v", "g_ex", "g_in" }, "nS", false),
        new(NeuronModel.Izhikevich, "izhikevich", new[]
        {
            P("a", "1/ms", 0.02, -Inf, Inf, "recovery time scale"),
            P("b", "1", 0.2, -Inf, Inf, "recovery sensitivity"),
            P("c", "mV", -65, -Inf, Inf, "after-spike reset of v"),
            P("d", "mV", 8, -Inf, Inf, "after-spike increment of u"),
            P("v_th", "mV", 30, -Inf, Inf, "spike cut-off"),
            P("i_e", "pA", 0, -Inf, Inf, "constant input (the paper's I)"),
        }, new[] { "v", "u" }, "mV", false),
        new(NeuronModel.PoissonSource, "poisson_source", new[]
        {
            P("rate", "Hz", 10, 0, Inf, "firing rate of every neuron"),
        }, Array.Empty<string>(), "-", true),
        new(NeuronModel.SpikeSourceArray, "spike_source_array", Array.Empty<ParameterInfo>(), Array.Empty<string>(), "-", true),
    };

    /// <summary>All models.</summary>
    public static IReadOnlyList<NeuronModelInfo> Catalogue => All;

    /// <summary>Description of <paramref name="model"/>.</summary>
    public static NeuronModelInfo Describe(NeuronModel model) => All.First(m => m.Model == model);

    /// <summary>Finds a model by its YAML name.</summary>
    public static bool TryParse(string yamlName, out NeuronModel model)
    {
        var info = All.FirstOrDefault(m => m.YamlName == yamlName);
        model = info?.Model ?? default;
        return info is not null;
    }

    /// <summary>Default initial value of a state variable when the model file gives none.</summary>
    public static double DefaultInitial(PopulationSpec pop, string variable) => (pop.Model, variable) switch
    {
        (NeuronModel.Izhikevich, "v") => pop.Param("c"),
        (NeuronModel.Izhikevich, "u") => pop.Param("b") * pop.Param("c"),
        (_, "v") => pop.Param("e_l"),
        _ => 0,
    };
}
