namespace NeuroActors.Routing;

/// <summary>
/// A contiguous run of neurons of one population (a machine vertex in PACMAN's words). One slice is one shard:
/// the unit that is placed on a node, owns a routing key range and sends one packet per destination per window.
/// </summary>
/// <param name="Index">Global slice number, which is also the shard id: slices are numbered in population order, then slice order.</param>
/// <param name="Population">Index of the population in <see cref="NeuroActors.Model.NetworkSpec.Populations"/>.</param>
/// <param name="Start">Index within the population of the slice's first neuron.</param>
/// <param name="Count">Number of neurons in the slice (at least 1).</param>
public sealed record Slice(int Index, int Population, int Start, int Count)
{
    /// <summary>Index within the population one past the slice's last neuron, for range tests.</summary>
    public int End => Start + Count;

    /// <summary>True when neuron <paramref name="index"/> of the population belongs to this slice.</summary>
    public bool Contains(int index) => index >= Start && index < End;

    /// <summary>True when this slice and the range [start, start + count) of the same population share a neuron.</summary>
    public bool Overlaps(int start, int count) => start < End && Start < start + count;
}
