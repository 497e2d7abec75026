namespace NeuroActors.Training;

/// <summary>The arithmetic the engine, its optimizer and its exported network use.</summary>
public enum Precision
{
    /// <summary>IEEE single precision (the default, as PyTorch's).</summary>
    Float32,
    /// <summary>IEEE double precision (for gradient checks and comparisons).</summary>
    Float64,
}

/// <summary>
/// A feed-forward stack of spiking layers and a readout: Inputs → Hidden[0] → … → Hidden[^1] → Readout.
/// For the spike-count losses <see cref="Readout"/> is null and the last hidden layer is the output.
/// </summary>
public sealed record TrainingNetworkSpec(
    int Inputs,
    IReadOnlyList<LifLayerSpec> Hidden,
    ReadoutSpec? Readout,
    SurrogateSpec Surrogate,
    LossSpec Loss,
    RegularizerSpec Regularizer,
    Precision Precision = Precision.Float32)
{
    /// <summary>Number of classes: the readout's size, or the last spiking layer's for the count losses.</summary>
    public int Classes => Readout?.Size ?? Hidden[^1].Size;
}
