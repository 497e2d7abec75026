namespace NeuroActors.Training;

/// <summary>What the loss is computed on.</summary>
public enum LossKind
{
    /// <summary>Cross-entropy on the readout's maximum potential over time (SpyTorch; snnTorch's tutorials).</summary>
    CrossEntropyMaxMembrane,
    /// <summary>Cross-entropy on the readout's potential at the last step.</summary>
    CrossEntropyLastMembrane,
    /// <summary>Cross-entropy on the output layer's spike counts (snnTorch's <c>ce_count_loss</c>); no readout.</summary>
    CrossEntropySpikeCount,
    /// <summary>Mean-squared error on spike counts against target counts (snnTorch's <c>mse_count_loss</c>); no readout.</summary>
    MseSpikeCount,
}

/// <summary>The loss. For the count losses the last spiking layer is the output (one neuron per class).</summary>
/// <param name="Kind">What the loss is computed on.</param>
/// <param name="CorrectRate">MSE-count: target spikes per step for the labelled class (snnTorch's <c>correct_rate</c>).</param>
/// <param name="IncorrectRate">MSE-count: target spikes per step for the other classes.</param>
public sealed record LossSpec(LossKind Kind, double CorrectRate = 1.0, double IncorrectRate = 0.0)
{
    /// <summary>Whether the loss reads spike counts of the last spiking layer rather than a readout.</summary>
    public bool OnSpikeCounts => Kind is LossKind.CrossEntropySpikeCount or LossKind.MseSpikeCount;
}

/// <summary>
/// Activity regularisers on every spiking layer, summed over its neurons (shared/reference/training.md):
/// L1·ΣS + L2·mean_n(Σ_{t} S)² per sample, and stork's per-neuron bounds
/// Lower·mean_n(max(0, LowerCount − c_n))² and Upper·mean_n(max(0, c_n − UpperCount))² on each neuron's count c_n.
/// All strengths 0 (the default) switch them off.
/// </summary>
public sealed record RegularizerSpec(
    double L1 = 0, double L2 = 0,
    double Lower = 0, double LowerCount = 0,
    double Upper = 0, double UpperCount = 0)
{
    /// <summary>Whether any regulariser is on.</summary>
    public bool Any => L1 != 0 || L2 != 0 || Lower != 0 || Upper != 0;
}
