namespace NeuroActors.Model;

/// <summary>
/// Parameters that every neuron population takes whatever its model, read by code outside the model's equations:
/// the postsynaptic trace of plastic synapses (NEST keeps <c>tau_minus</c> on the archiving neuron for the same
/// reason: it belongs to the target, and every STDP synapse into it shares it).
/// </summary>
public static class PopulationParameters
{
    /// <summary>Time constant of the postsynaptic STDP trace, ms; NEST's default.</summary>
    public static readonly ParameterInfo TauMinus = new("tau_minus", "ms", 20, 0, double.PositiveInfinity, true, "tau_minus (the postsynaptic STDP trace's time constant)");

    /// <summary>All of them.</summary>
    public static readonly IReadOnlyList<ParameterInfo> All = [TauMinus];

    /// <summary>The population-level parameter called <paramref name="name"/>, or null.</summary>
    public static ParameterInfo? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
