using System.Numerics;

namespace NeuroActors.Training;

/// <summary>
/// An optimizer: one step per mini-batch from the batch's summed gradient. Its state (moments, step count) is part of
/// a training checkpoint, so that a resumed run continues bit for bit.
/// </summary>
public interface IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Applies one step: the gradient is <paramref name="gradientSum"/> / <paramref name="batchSize"/>
    /// (the mean over the batch, as PyTorch's mean-reduced losses give), at learning rate <paramref name="learningRate"/>.</summary>
    void Step(ParameterSet<T> parameters, ParameterSet<T> gradientSum, int batchSize, double learningRate);

    /// <summary>Steps taken so far.</summary>
    long Steps { get; }

    /// <summary>The state tensors (Adam: first and second moments; SGD: the momentum buffer, if any), in a fixed order.</summary>
    IReadOnlyList<ParameterSet<T>> State { get; }

    /// <summary>Restores the state of a checkpoint (as <see cref="State"/> and <see cref="Steps"/> gave it).</summary>
    void Restore(IReadOnlyList<ParameterSet<T>> state, long steps);
}
