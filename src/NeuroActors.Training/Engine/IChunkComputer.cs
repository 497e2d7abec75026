using System.Numerics;

namespace NeuroActors.Training;

/// <summary>
/// Runs a network over a chunk of samples: the unit of work a training worker does. Implementations are
/// deterministic: the same parameters, data and samples give bitwise the same results, on any machine of the
/// same instruction set, whichever worker runs them.
/// </summary>
public interface IChunkComputer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Forward and backward through time for each sample of <paramref name="samples"/>, in that order, adding each
    /// sample's gradient of (loss + regularisers) into <paramref name="gradient"/> (a sum over the samples, not a mean;
    /// the caller divides by the batch size). Returns the chunk's statistics.
    /// </summary>
    ChunkStats Accumulate(ParameterSet<T> parameters, SampleSet data, ReadOnlySpan<int> samples, ParameterSet<T> gradient);

    /// <summary>Forward only: the chunk's statistics, and each sample's predicted class in <paramref name="predictions"/>
    /// (same length as <paramref name="samples"/>).</summary>
    ChunkStats Evaluate(ParameterSet<T> parameters, SampleSet data, ReadOnlySpan<int> samples, Span<int> predictions);
}
