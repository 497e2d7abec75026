namespace NeuroActors.Model;

public sealed partial class NeuronModel
{
    /// <summary>
    /// The training engine's non-spiking leaky readout: h = (sum of the weights arriving) + bias; I = α·I + h (I = h
    /// when α = 0); U = β·U + I. It never spikes; class scores are read from its recorded <c>v</c>. Unitless; every
    /// parameter may be given per neuron.
    /// </summary>
    public static NeuronModel LeakyReadout { get; } = new("leaky_readout", listed: 10,
        [
            P("beta", "", 0.9, 0, 1, "membrane decay per step (beta)"),
            P("alpha", "", 0, 0, 1, "synaptic current decay per step (alpha; 0: no synaptic current)"),
            P("bias", "", 0, -Inf, Inf, "constant input added every step"),
            I("start", "steps", 0, new IntegerRange(0, int.MaxValue), "first step the neuron runs (before it, it stays at rest and its input is dropped)"),
        ],
        [new("v", "1"), new("i_syn", "1")],
        weightUnit: "1", WeightSign.Any, perNeuronParameters: true);
}
