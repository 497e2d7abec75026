namespace NeuroActors.Routing;

/// <summary>
/// The zoned 32-bit routing key, as sPyNNaker lays it out: <c>| population | slice within population | neuron index |</c>
/// from the most significant bit down. The widths are fixed globally (not per population) so that every slice's
/// key range is an aligned power-of-two block and ranges of neighbouring slices can merge under one mask when
/// their routes agree. The mask of a slice covers every bit except the neuron-index field, so the keys of two
/// different slices never match each other's entry.
/// </summary>
public sealed record KeyLayout
{
    /// <summary>Width of a SpiNNaker multicast routing key.</summary>
    public const int KeyBits = 32;

    /// <summary>Creates a layout from explicit field widths.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A width outside 0..31 (fields decode to non-negative <see cref="int"/>s).</exception>
    /// <exception cref="MappingException">The widths add up to more than 32 bits.</exception>
    public KeyLayout(int populationBits, int sliceBits, int neuronBits)
    {
        foreach (var (name, v) in new[] { (nameof(populationBits), populationBits), (nameof(sliceBits), sliceBits), (nameof(neuronBits), neuronBits) })
            if (v < 0 || v > 31) throw new ArgumentOutOfRangeException(name, v, "a key field width must be 0 to 31 bits");
        long total = (long)populationBits + sliceBits + neuronBits;
        if (total > KeyBits)
            throw new MappingException(
                $"routing keys would need {populationBits} population bits + {sliceBits} slice bits + {neuronBits} neuron-index bits = {total} bits, "
                + $"more than the {KeyBits} bits of a key");
        PopulationBits = populationBits;
        SliceBits = sliceBits;
        NeuronBits = neuronBits;
    }

    /// <summary>
    /// The layout a slice plan needs: enough bits to number its populations, the most slices of any population,
    /// and the neurons of the largest slice.
    /// </summary>
    /// <exception cref="MappingException">The three fields need more than 32 bits; the message gives the counts behind each width.</exception>
    public static KeyLayout For(SlicePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        int pb = BitsFor(plan.PopulationCount), sb = BitsFor(plan.MostSlicesPerPopulation), nb = BitsFor(plan.LargestSlice);
        if (pb + sb + nb > KeyBits)
            throw new MappingException(
                $"routing keys would need {pb + sb + nb} bits, more than the {KeyBits} bits of a key: {pb} population bits for {plan.PopulationCount} populations, "
                + $"{sb} slice bits for up to {plan.MostSlicesPerPopulation} slices per population and {nb} neuron-index bits for slices of up to {plan.LargestSlice} neurons; "
                + "use fewer populations or fewer slices per population");
        return new KeyLayout(pb, sb, nb);
    }

    /// <summary>Bits needed to number <paramref name="count"/> things 0..count-1 (0 bits for one thing or none).</summary>
    public static int BitsFor(int count) => count <= 1 ? 0 : KeyBits - System.Numerics.BitOperations.LeadingZeroCount((uint)(count - 1));

    /// <summary>Width of the population field (most significant).</summary>
    public int PopulationBits { get; }

    /// <summary>Width of the slice-within-population field.</summary>
    public int SliceBits { get; }

    /// <summary>Width of the neuron-index field (least significant).</summary>
    public int NeuronBits { get; }

    /// <summary>Bits in use; the bits above are always zero and are still covered by the slice mask.</summary>
    public int TotalBits => PopulationBits + SliceBits + NeuronBits;

    /// <summary>Mask of a slice's entry: every bit except the neuron-index field, so one entry matches exactly one slice's keys.</summary>
    public uint SliceMask => uint.MaxValue << NeuronBits;

    /// <summary>The key neuron <paramref name="neuron"/> of a slice sends with.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field value does not fit its width.</exception>
    public uint Key(int population, int sliceInPopulation, int neuron)
    {
        Check(nameof(population), population, PopulationBits);
        Check(nameof(sliceInPopulation), sliceInPopulation, SliceBits);
        Check(nameof(neuron), neuron, NeuronBits);
        ulong key = ((ulong)(uint)population << (SliceBits + NeuronBits)) | ((ulong)(uint)sliceInPopulation << NeuronBits) | (uint)neuron;
        return (uint)key;
    }

    /// <summary>The base key of a slice (neuron index 0): the key field of its routing entry.</summary>
    public uint SliceKey(int population, int sliceInPopulation) => Key(population, sliceInPopulation, 0);

    /// <summary>The base key of <paramref name="slice"/> in <paramref name="plan"/>.</summary>
    public uint SliceKey(SlicePlan plan, Slice slice)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(slice);
        return SliceKey(slice.Population, plan.IndexInPopulation(slice));
    }

    /// <summary>Splits a key back into its fields, as a receiver does to find the source row.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key has bits set above <see cref="TotalBits"/>, so no slice sent it.</exception>
    public DecodedKey Decode(uint key)
    {
        if (TotalBits < KeyBits && (key >> TotalBits) != 0)
            throw new ArgumentOutOfRangeException(nameof(key), $"0x{key:X8}", $"keys of this layout use only the low {TotalBits} bits");
        ulong k = key;
        int neuron = (int)(k & Low(NeuronBits));
        int slice = (int)((k >> NeuronBits) & Low(SliceBits));
        int pop = (int)((k >> (NeuronBits + SliceBits)) & Low(PopulationBits));
        return new DecodedKey(pop, slice, neuron);
    }

    private static ulong Low(int bits) => (1UL << bits) - 1;

    private static void Check(string name, int value, int bits)
    {
        if (value < 0 || (ulong)value > Low(bits))
            throw new ArgumentOutOfRangeException(name, value, $"the {name} field has {bits} bits and holds 0..{Low(bits)}");
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"population {PopulationBits} bits | slice {SliceBits} bits | neuron index {NeuronBits} bits ({TotalBits} of {KeyBits})";
}
