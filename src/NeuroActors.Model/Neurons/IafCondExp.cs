namespace NeuroActors.Model;

public sealed partial class NeuronModel
{
    /// <summary>LIF with exponential conductance synapses, as NEST's iaf_cond_exp (NEST's defaults).</summary>
    public static NeuronModel IafCondExp { get; } = new("iaf_cond_exp", listed: 3,
        [
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
        ],
        [new("v", "mV", pop => pop.Param("e_l")), new("g_ex", "nS"), new("g_in", "nS")],
        weightUnit: "nS", WeightSign.NonNegative);
}
