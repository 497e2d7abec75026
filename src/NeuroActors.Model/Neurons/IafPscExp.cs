namespace NeuroActors.Model;

public sealed partial class NeuronModel
{
    /// <summary>LIF with exponential current synapses, as NEST's iaf_psc_exp.</summary>
    public static NeuronModel IafPscExp { get; } = new("iaf_psc_exp", listed: 2,
        [
            .. LifParameters(),
            P("tau_syn_ex", "ms", 2, 0, Inf, "excitatory synaptic time constant", minExclusive: true),
            P("tau_syn_in", "ms", 2, 0, Inf, "inhibitory synaptic time constant", minExclusive: true),
        ],
        [new("v", "mV", pop => pop.Param("e_l")), new("i_syn_ex", "pA"), new("i_syn_in", "pA")],
        weightUnit: "pA", WeightSign.MatchesReceptor);
}
