namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// A neuron group whose update is written once over lanes (an <see cref="ILaneUpdate"/>) and runs 8 (AVX-512), 4
/// (AVX) or 1 neuron per instruction. Each lane does the scalar loop's operations in its order, with no fused
/// multiply-adds and true divisions, so the results are bitwise the same on every path and so on every machine of a
/// cluster.
/// </summary>
public abstract class VectorNeuronGroup : NeuronGroup
{
    /// <summary>Creates a group of <paramref name="count"/> neurons.</summary>
    protected VectorNeuronGroup(int count, double dtMs) : base(count, dtMs) { }

    /// <inheritdoc/>
    public sealed override int Update(long step, Span<double> excitatory, Span<double> inhibitory,
        ReadOnlySpan<double> current, Span<int> spiked)
    {
        Step = step;
        return Update(excitatory, inhibitory, current, spiked, NeuronSimd.BestPath);
    }

    /// <summary>The step being computed (for models whose update depends on it, such as snn_leaky's <c>start</c>).</summary>
    internal long Step { get; set; }

    /// <summary>The update through the given path (tests compare the paths; the product takes the best).</summary>
    internal abstract int Update(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, SimdPath path);

    /// <summary>The <see cref="ILaneUpdate"/> struct the update runs now.</summary>
    private protected abstract Type LaneUpdate { get; }

    /// <summary>
    /// Compiles what the update runs on this machine (once per process), so that the first step does not: the factory
    /// calls it while the network is built.
    /// </summary>
    internal void CompileUpdate() => CompileUpdate(Count);

    /// <summary>What the update of a group of this model and parameters with <paramref name="count"/> neurons runs.</summary>
    internal void CompileUpdate(int count) => NeuronSimd.Compile(this, LaneUpdate, count);
}
