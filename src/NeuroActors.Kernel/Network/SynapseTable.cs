namespace NeuroActors.Kernel.Network;

/// <summary>
/// A shard's incoming synapses, stored with their targets as rows per presynaptic neuron (CSR, as SpiNNaker's
/// synaptic rows): the row of global source id s is [RowStart[s], RowStart[s+1]). A synapse is 8 bytes: a float
/// weight and one 32-bit word holding its local target index, its receptor (0 excitatory, 1 inhibitory) and its
/// delay in steps, with field widths chosen per shard (<see cref="TargetBits"/>, <see cref="DelayShift"/>).
/// Within a row the excitatory synapses come first, each receptor's in generation order. Built by
/// <see cref="SynapseTableBuilder"/>.
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

    // [projection][source index in its population]: the run [start, end) of that projection's synapses in the source's
    // row. Recorded only for a projection that shares its source population, target population and receptor with another
    // (null otherwise): rows are written projection by projection (see ConnectivityBuilder), so each projection's
    // synapses from a source are contiguous, and any other projection's synapses are told by their target and receptor.
    private int[]?[] _projectionStart = [], _projectionEnd = [];

    /// <summary>
    /// Bytes of the index that tells apart the synapses of projections with the same source population, target population
    /// and receptor: two ints per source neuron of each such projection with targets here (0 for most models).
    /// </summary>
    public long ProjectionIndexBytes => _projectionStart.Sum(a => (long)(a?.Length ?? 0)) * 2 * sizeof(int);

    /// <summary>
    /// The places [start, end) in <see cref="Packed"/> and <see cref="Weight"/> of projection
    /// <paramref name="projection"/>'s synapses from source <paramref name="source"/> (index in the source population),
    /// when the table recorded them (only for projections that share source, target and receptor with another).
    /// </summary>
    public bool TryProjectionRun(int projection, int source, out int start, out int end)
    {
        if (_projectionStart[projection] is { } starts)
        {
            (start, end) = (starts[source], _projectionEnd[projection]![source]);
            return true;
        }
        (start, end) = (0, 0);
        return false;
    }

    internal void SetProjectionRuns(int[]?[] start, int[]?[] end)
    {
        _projectionStart = start;
        _projectionEnd = end;
    }

    internal SynapseTable(int[] rowStart, uint[] packed, float[] weight, int targetBits, int maxDelay)
    {
        RowStart = rowStart; Packed = packed; Weight = weight; TargetBits = targetBits; MaxDelay = maxDelay;
    }
}
