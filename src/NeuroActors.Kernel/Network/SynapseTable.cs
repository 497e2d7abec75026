using System.Numerics;

namespace NeuroActors.Kernel.Network;

/// <summary>
/// A shard's incoming synapses, stored with their targets as rows per presynaptic neuron (CSR, as SpiNNaker's
/// synaptic rows): the row of global source id s is [RowStart[s], RowStart[s+1]). A synapse is 8 bytes: a float
/// weight and one 32-bit word holding its local target index, its receptor (0 excitatory, 1 inhibitory) and its
/// delay in steps, with field widths chosen per shard (<see cref="TargetBits"/>, <see cref="DelayShift"/>).
/// Within a row the excitatory synapses come first, each receptor's in generation order.
/// </summary>
public sealed class SynapseTable
{
    /// <summary>Row offsets, one per global neuron id plus one.</summary>
    public int[] RowStart { get; }

    /// <summary>Target index, receptor and delay of each synapse, packed (see <see cref="Target"/>, <see cref="Receptor"/>, <see cref="Delay"/>).</summary>
    public uint[] Packed { get; }

    /// <summary>Weight of each synapse (units of the target model).</summary>
    public float[] Weight { get; }

    /// <summary>Width of the target-index field (the low bits).</summary>
    public int TargetBits { get; }

    /// <summary>Position of the delay field (the bits above the receptor bit).</summary>
    public int DelayShift => TargetBits + 1;

    /// <summary>Number of synapses.</summary>
    public int Count => Packed.Length;

    /// <summary>Largest delay in steps (0 when empty).</summary>
    public int MaxDelay { get; }

    /// <summary>Bytes of synapse storage, row index included.</summary>
    public long Bytes => (long)RowStart.Length * sizeof(int) + (long)Count * (sizeof(uint) + sizeof(float));

    /// <summary>Local target index of a packed synapse.</summary>
    public int Target(uint packed) => (int)(packed & ((1u << TargetBits) - 1));

    /// <summary>Receptor of a packed synapse: 0 excitatory, 1 inhibitory.</summary>
    public int Receptor(uint packed) => (int)((packed >> TargetBits) & 1);

    /// <summary>Delay in steps of a packed synapse.</summary>
    public int Delay(uint packed) => (int)(packed >> DelayShift);

    private SynapseTable(int[] rowStart, uint[] packed, float[] weight, int targetBits, int maxDelay)
    {
        RowStart = rowStart; Packed = packed; Weight = weight; TargetBits = targetBits; MaxDelay = maxDelay;
    }

    /// <summary>
    /// Sorts both receptors' synapses into rows by a stable counting sort on the source (excitatory first), so the
    /// order in which a spike's weights are added is fixed by generation order alone, whatever the partition.
    /// </summary>
    /// <exception cref="InvalidOperationException">Target indices and delays of this shard do not fit one 32-bit word together.</exception>
    public static SynapseTable Build(int totalNeurons, int localNeurons, SynapseList excitatory, SynapseList inhibitory)
    {
        int maxDelay = Math.Max(excitatory.MaxDelay, inhibitory.MaxDelay);
        int targetBits = BitsFor(localNeurons), delayBits = BitsFor(maxDelay + 1);
        if (targetBits + 1 + delayBits > 32)
            throw new InvalidOperationException(
                $"a shard of {localNeurons} neurons with delays up to {maxDelay} steps needs {targetBits} target bits + 1 receptor bit + "
                + $"{delayBits} delay bits, more than a 32-bit synapse word: cut the network into more shards or use shorter delays");

        var rowStart = new int[totalNeurons + 1];
        foreach (var list in new[] { excitatory, inhibitory })
            list.ForEach((source, _, _, _) => rowStart[source + 1]++);
        for (int s = 0; s < totalNeurons; s++) rowStart[s + 1] += rowStart[s];
        int n = rowStart[totalNeurons];
        var fill = (int[])rowStart.Clone();
        var packed = new uint[n];
        var weight = new float[n];
        uint receptor = 0;
        foreach (var list in new[] { excitatory, inhibitory })
        {
            uint bit = receptor++ << targetBits;
            list.ForEach((source, target, w, delay) =>
            {
                int at = fill[source]++;
                packed[at] = (uint)target | bit | ((uint)delay << (targetBits + 1));
                weight[at] = w;
            });
        }
        return new SynapseTable(rowStart, packed, weight, targetBits, maxDelay);
    }

    private static int BitsFor(int count) => count <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(count - 1));
}
