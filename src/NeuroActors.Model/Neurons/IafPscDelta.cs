namespace NeuroActors.Model;

public sealed partial class NeuronModel
{
    /// <summary>LIF with delta synapses, as NEST's iaf_psc_delta.</summary>
    public static NeuronModel IafPscDelta { get; } = new("iaf_psc_delta", listed: 1, LifParameters(),
        [new("v", "mV", pop => pop.Param("e_l"))], weightUnit: "mV", WeightSign.Any);

    /// <summary>The parameters of the current-based LIF models, with NEST's defaults.</summary>
    private static ParameterInfo[] LifParameters() =>
    [
        P("tau_m", "ms", 10, 0, Inf, "membrane time constant", minExclusive: true),
        P("c_m", "pF", 250, 0, Inf, "membrane capacitance", minExclusive: true),
        P("e_l", "mV", -70, -Inf, Inf, "resting potential"),
        P("v_th", "mV", -55, -Inf, Inf, "spike threshold"),
        P("v_reset", "mV", -70, -Inf, Inf, "reset potential"),
        P("t_ref", "ms", 2, 0, Inf, "absolute refractory period"),
        P("i_e", "pA", 0, -Inf, Inf, "constant input current"),
    ];
}
