namespace NeuroActors.Training;

/// <summary>How a spiking layer's membrane is reset after a spike (shared/reference/training.md).</summary>
public enum ResetMode
{
    /// <summary>Subtract the threshold (snnTorch's <c>reset_mechanism="subtract"</c>, the default).</summary>
    Subtract,
    /// <summary>Set the membrane to zero (snnTorch's <c>"zero"</c>).</summary>
    Zero,
    /// <summary>No reset (snnTorch's <c>"none"</c>).</summary>
    None,
}

/// <summary>Which step's spike the reset term is computed from.</summary>
public enum ResetTiming
{
    /// <summary>From the previous step's spike, as snnTorch's <c>Leaky</c> does: U[t] = b·U[t−1] + I[t] − S[t−1]·θ.</summary>
    PreviousStep,
    /// <summary>From this step's spike: U[t] = b·U[t−1] + I[t], then S[t] = H(U[t] − θ) and U[t] −= S[t]·θ.</summary>
    SameStep,
}

/// <summary>
/// One dense layer of discrete-time leaky integrate-and-fire neurons (dt = one step):
/// I[t] = α·I[t−1] + W·x[t] + b (+ V·S[t−1] when recurrent); U[t] = β·U[t−1] + I[t] − reset; S[t] = H(U[t] − θ).
/// With <see cref="Alpha"/> = 0 the layer has no synaptic state (I[t] = W·x[t] + b), which is snnTorch's <c>snn.Leaky</c>.
/// </summary>
/// <param name="Size">Number of neurons.</param>
/// <param name="Beta">Membrane decay β = exp(−dt/τ_mem), in [0, 1].</param>
/// <param name="Alpha">Synaptic decay α = exp(−dt/τ_syn), in [0, 1); 0 for no synaptic state.</param>
/// <param name="Threshold">Firing threshold θ (&gt; 0).</param>
/// <param name="Reset">How the membrane is reset.</param>
/// <param name="Timing">Which step's spike the reset is computed from.</param>
/// <param name="DetachReset">When true, the spike in the reset term carries no gradient (snnTorch, SpyTorch, stork); a learned θ still gets one through S·θ, as in snnTorch.</param>
/// <param name="Bias">Whether the layer has a learnable bias (as PyTorch's <c>nn.Linear</c>).</param>
/// <param name="Recurrent">Whether the layer has recurrent weights V (size × size) from its own previous spikes.</param>
/// <param name="LearnBeta">Whether β is learned, one per neuron (snnTorch's <c>learn_beta</c>), clipped to [0, 1] after each step.</param>
/// <param name="LearnThreshold">Whether θ is learned, one per neuron (snnTorch's <c>learn_threshold</c>), clipped to ≥ 0.</param>
/// <param name="Adaptation">Adaptive threshold (ALIF), or null.</param>
/// <param name="Init">How the weights are initialised.</param>
public sealed record LifLayerSpec(
    int Size,
    double Beta,
    double Alpha,
    double Threshold,
    ResetMode Reset,
    ResetTiming Timing,
    bool DetachReset,
    bool Bias,
    bool Recurrent,
    bool LearnBeta,
    bool LearnThreshold,
    AdaptationSpec? Adaptation,
    WeightInit Init);

/// <summary>
/// Adaptive threshold (ALIF, Bellec et al. 2018): A[t] = θ0 + β_a·a[t], a[t+1] = ρ·a[t] + S[t]; S[t] = H(U[t] − A[t]).
/// </summary>
/// <param name="Rho">Adaptation decay ρ = exp(−dt/τ_a), in [0, 1).</param>
/// <param name="Strength">β_a, how far each spike raises the threshold (≥ 0).</param>
/// <param name="ResetToAdaptive">Reset by A[t] (true) or by θ0 (false).</param>
/// <param name="Detach">When true, no gradient flows into the adaptation variable a.</param>
public sealed record AdaptationSpec(double Rho, double Strength, bool ResetToAdaptive, bool Detach);

/// <summary>
/// How a weight matrix starts: PyTorch's default for <c>nn.Linear</c>, uniform in ±1/√fan_in, times <see cref="Gain"/>;
/// or read from <see cref="File"/> (a NumPy <c>.npy</c> or CSV of shape [out, in]). Biases start uniform in ±1/√fan_in too.
/// </summary>
public sealed record WeightInit(double Gain = 1.0, string? File = null);

/// <summary>
/// The non-spiking leaky readout: I[t] = α·I[t−1] + W·S[t] + b, U[t] = β·U[t−1] + I[t]; class scores from U.
/// </summary>
public sealed record ReadoutSpec(int Size, double Beta, double Alpha, bool Bias, WeightInit Init);
