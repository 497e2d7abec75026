namespace NeuroActors.Model;

public sealed partial class NeuronModel
{
    /// <summary>
    /// The training engine's discrete-time leaky integrate-and-fire neuron (snnTorch's <c>Leaky</c>, with an optional
    /// synaptic current and adaptive threshold), one simulation step per engine step: h = (sum of the weights arriving)
    /// + bias; I = α·I + h (I = h when α = 0); U = β·U + I − reset; spike when U − θ_eff &gt; 0, θ_eff = θ + strength·a.
    /// Unitless, like the engine's; every parameter may be given per neuron (learned β and θ are per neuron).
    /// </summary>
    public static NeuronModel SnnLeaky { get; } = new("snn_leaky", listed: 9,
        [
            P("beta", "", 0.9, 0, 1, "membrane decay per step (beta)"),
            P("threshold", "", 1, 0, Inf, "firing threshold (theta)"),
            Choice("reset", 0, "reset after a spike", "subtract", "zero", "none"),
            Choice("reset_timing", 0, "which step's spike resets the membrane", "previous", "same"),
            P("alpha", "", 0, 0, 1, "synaptic current decay per step (alpha; 0: no synaptic current)"),
            P("bias", "", 0, -Inf, Inf, "constant input added every step"),
            P("adapt_rho", "", 0, 0, 1, "decay per step of the threshold adaptation (rho)"),
            P("adapt_strength", "", 0, 0, Inf, "rise of the threshold per unit of adaptation (0: no adaptation)"),
            Choice("adapt_reset", 0, "what a subtractive reset subtracts", "threshold", "adaptive threshold"),
            I("start", "steps", 0, new IntegerRange(0, int.MaxValue), "first step the neuron runs (before it, it stays at rest and its input is dropped)"),
        ],
        [new("v", "1"), new("i_syn", "1"), new("a", "1"), new("s", "1")],
        weightUnit: "1", WeightSign.Any, perNeuronParameters: true);
}
