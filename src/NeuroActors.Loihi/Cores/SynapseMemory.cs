namespace NeuroActors.Loihi.Cores;

/// <summary>
/// How many bits of a core's synapse memory synapses take, after the only public account of Loihi 1's synapse
/// encoding, nengo-loihi's <c>SynapseConfig.bits_per_axon</c> (sparse format): an input axon's synapses of one
/// configuration are stored in groups of at most 64 (a 6-bit count), each group a 4-bit format index and the 6-bit
/// count, then per synapse its weight, delay and target-index fields, rounded up to whole 64-bit memory words.
/// </summary>
public static class SynapseMemory
{
    /// <summary>Synapses in one group: the largest 6-bit count plus one.</summary>
    public const int SynapsesPerGroup = 64;

    /// <summary>Bits of a group's header: format index (4) and synapse count (6).</summary>
    public const int GroupHeaderBits = 4 + 6;

    /// <summary>The memory word synapse groups are rounded up to.</summary>
    public const int WordBits = 64;

    private static readonly int[] WeightBitsMap = [0, 1, 2, 3, 4, 5, 6, 8];
    private static readonly int[] IndexBitsMap = [0, 6, 7, 8, 9, 10, 11, 12];

    /// <summary>
    /// Bits a weight mantissa of <paramref name="numWeightBits"/> occupies: the hardware stores 0–6 or 8 bits
    /// (nengo-loihi's <c>WEIGHT_BITS_MAP</c>), so 7 takes 8.
    /// </summary>
    public static int StoredWeightBits(int numWeightBits) =>
        WeightBitsMap.FirstOrDefault(b => b >= numWeightBits, numWeightBits);

    /// <summary>
    /// Bits of a target-index field that reaches compartments 0..<paramref name="largestIndex"/>: 0, or 6 to 12
    /// (nengo-loihi's <c>INDEX_BITS_MAP</c>); beyond Loihi 1's 12 bits (cores of Loihi 2's size) just the bits needed.
    /// </summary>
    public static int IndexBits(int largestIndex)
    {
        int needed = largestIndex <= 0 ? 0 : 32 - int.LeadingZeroCount(largestIndex);
        return IndexBitsMap.FirstOrDefault(b => b >= needed, needed);
    }

    /// <summary>
    /// Bits of a delay field for delays up to <paramref name="maxDelaySteps"/>: the delay beyond the one-step latency
    /// every synapse has (d − 1, at most 6 bits for Loihi's 62 steps), so 0 when every delay is one step.
    /// </summary>
    public static int DelayBits(int maxDelaySteps) => maxDelaySteps <= 1 ? 0 : 32 - int.LeadingZeroCount(maxDelaySteps - 1);

    /// <summary>Bits of one synapse: weight, delay and target-index fields.</summary>
    public static int BitsPerSynapse(int numWeightBits, int delayBits, int indexBits) => StoredWeightBits(numWeightBits) + delayBits + indexBits;

    /// <summary>Bits of one input axon's <paramref name="synapses"/> synapses of <paramref name="bitsPerSynapse"/> bits each.</summary>
    public static long BitsPerAxon(int synapses, int bitsPerSynapse)
    {
        long bits = 0;
        for (int start = 0; start < synapses; start += SynapsesPerGroup)
        {
            long group = (long)Math.Min(SynapsesPerGroup, synapses - start) * bitsPerSynapse + GroupHeaderBits;
            bits += (group + WordBits - 1) / WordBits * WordBits;
        }
        return bits;
    }
}
