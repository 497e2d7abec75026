namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// The empty place of a population that a CPU shard holds no neuron of and whose model only another backend runs
/// (loihi_lif): the kernel keeps a group per population, and the float kernel has none for such a model.
/// </summary>
internal sealed class AbsentGroup(double dtMs) : NeuronGroup(0, dtMs)
{
    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => [];

    /// <inheritdoc/>
    public override double[] Variable(int index) => throw new ArgumentOutOfRangeException(nameof(index), "an absent population has no variables");

    /// <inheritdoc/>
    public override int Update(long step, Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current, Span<int> spiked) => 0;
}
