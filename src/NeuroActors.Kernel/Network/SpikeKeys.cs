using NeuroActors.Model;
using NeuroActors.Routing;

namespace NeuroActors.Kernel.Network;

/// <summary>
/// Turns global neuron ids into the 32-bit routing keys that spike packets carry (population | slice | neuron
/// index, as <see cref="KeyLayout"/> lays them out for the model's slicing) and back. Both directions are a few
/// shifts and one multiply, so a packet costs no lookup table; the receiver finds the source row from the key.
/// The keys depend only on the model, never on how it is cut into shards, which keeps packets partition invariant.
/// </summary>
public sealed class SpikeKeys
{
    private readonly int[] _offsets;    // first gid of each population, plus a sentinel
    private readonly int[] _sliceSize;  // neurons per slice, per population
    private readonly int _neuronBits, _sliceShift;
    private readonly uint _neuronMask, _sliceMask;

    /// <summary>The keys of <paramref name="spec"/>'s slicing (<see cref="SlicePlan.For"/>).</summary>
    /// <exception cref="MappingException">The slicing needs more than 32 key bits.</exception>
    public SpikeKeys(NetworkSpec spec)
    {
        var slices = SlicePlan.For(spec);
        Layout = KeyLayout.For(slices);
        int n = spec.Populations.Count;
        _offsets = ShardCut.FirstGids(spec);
        _sliceSize = new int[n];
        for (int p = 0; p < n; p++) _sliceSize[p] = slices.MaxNeuronsFor(p);
        _neuronBits = Layout.NeuronBits;
        _sliceShift = Layout.NeuronBits + Layout.SliceBits;
        _neuronMask = (uint)((1UL << Layout.NeuronBits) - 1);
        _sliceMask = (uint)((1UL << Layout.SliceBits) - 1);
    }

    /// <summary>The field widths.</summary>
    public KeyLayout Layout { get; }

    /// <summary>The key neuron <paramref name="gid"/> of population <paramref name="population"/> sends with.</summary>
    public uint KeyOf(int population, int gid)
    {
        int index = gid - _offsets[population];
        int size = _sliceSize[population];
        int slice = index / size;
        return ((uint)population << _sliceShift) | ((uint)slice << _neuronBits) | (uint)(index - slice * size);
    }

    /// <summary>The population a key names, or -1 when no population has that number.</summary>
    public int PopulationOf(uint key)
    {
        ulong p = _sliceShift >= 32 ? 0 : key >> _sliceShift;
        return p < (ulong)_sliceSize.Length ? (int)p : -1;
    }

    /// <summary>
    /// The global id a key names, or -1 when it names no neuron of the model (a corrupt or foreign packet): the
    /// caller must refuse it rather than index a synapse row with it.
    /// </summary>
    public int GidOf(uint key)
    {
        int p = PopulationOf(key);
        if (p < 0) return -1;
        uint slice = (key >> _neuronBits) & _sliceMask;
        uint neuron = key & _neuronMask;
        long index = (long)slice * _sliceSize[p] + neuron;
        if (neuron >= (uint)_sliceSize[p] || index >= _offsets[p + 1] - _offsets[p]) return -1;
        return _offsets[p] + (int)index;
    }
}
