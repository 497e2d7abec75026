using NeuroActors.Kernel.Simd;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// A neuron model's update written once over lanes: <see cref="NeuronSimd.Update"/> runs it at the widest width the
/// machine has and then at the scalar width for the neurons left over. Implemented by a small struct of the model's
/// (so every width is compiled for that model alone, with no virtual call inside the loop).
/// </summary>
internal interface ILaneUpdate
{
    /// <summary>
    /// Advances the neurons from <paramref name="start"/> on, <typeparamref name="L"/>'s count at a time, while a whole
    /// vector of neurons is left. Does for each neuron what <see cref="NeuronGroup.Update"/> describes, with the input
    /// that starts at <paramref name="excitatory"/>, <paramref name="inhibitory"/> and <paramref name="current"/>
    /// (the caller has checked that it holds a value for every neuron: it is read without bounds checks), appending
    /// the spikes to the <paramref name="spikes"/> already in <paramref name="spiked"/>. Returns the first neuron it
    /// did not advance and the spikes in <paramref name="spiked"/> now.
    /// </summary>
    (int Next, int Spikes) Advance<L>(int start, int spikes, ref double excitatory, ref double inhibitory,
        ref double current, Span<int> spiked) where L : struct, IDoubleLanes<L>;
}
