namespace NeuroActors.Model;

public sealed partial class NeuronModel
{
    /// <summary>
    /// LIF with alpha-shaped current synapses, as NEST's iaf_psc_alpha (NEST's defaults). A weight is the peak of the
    /// postsynaptic current, reached tau_syn after the spike; the current's derivatives are state, so that the exact
    /// propagator can be applied and a checkpoint holds everything.
    /// </summary>
    public static NeuronModel IafPscAlpha { get; } = new("iaf_psc_alpha", listed: 7,
        [
            .. LifParameters(),
            P("tau_syn_ex", "ms", 2, 0, Inf, "excitatory synaptic time constant (rise time of the alpha current)", minExclusive: true),
            P("tau_syn_in", "ms", 2, 0, Inf, "inhibitory synaptic time constant (rise time of the alpha current)", minExclusive: true),
        ],
        [
            new("v", "mV", pop => pop.Param("e_l")), new("i_syn_ex", "pA"), new("i_syn_in", "pA"),
            new("di_syn_ex", "pA/ms"), new("di_syn_in", "pA/ms"),
        ],
        weightUnit: "pA", WeightSign.MatchesReceptor);
}
