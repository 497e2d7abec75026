namespace NeuroActors.Kernel.Network;

/// <summary>
/// A shard's incoming synapses of one receptor, stored with their targets as rows per presynaptic neuron (CSR):
/// the row of global source id s is [RowStart[s], RowStart[s+1]). Each synapse is a local target index, a weight
/// and a delay in steps.
/// </summary>
public sealed class SynapseTable
{
    /// <summary>Row offsets, one per global neuron id plus one.</summary>
    public int[] RowStart { get; }
    /// <summary>Local target index of each synapse.</summary>
    public int[] Target { get; }
    /// <summary>Weight of each synapse (units of the target model).</summary>
    public float[] Weight { get; }
    /// <summary>Delay of each synapse in steps.</summary>
    public ushort[] Delay { get; }

    /// <summary>Number of synapses.</summary>
    public int Count => Target.Length;

    /// <summary>Largest delay in steps (0 when empty).</summary>
    public int MaxDelay { get; }

    /// <summary>Bytes of synapse storage (row index included).</summary>
    public long Bytes => (long)RowStart.Length * sizeof(int) + (long)Count * (sizeof(int) + sizeof(float) + sizeof(ushort));

    private SynapseTable(int[] rowStart, int[] target, float[] weight, ushort[] delay)
    {
        RowStart = rowStart; Target = target; Weight = weight; Delay = delay;
        int max = 0;
        foreach (var d in delay) max = Math.Max(max, d);
        MaxDelay = max;
    }

    /// <summary>Builds the table by a stable counting sort on the source: within a row, synapses keep generation order.</summary>
    public static SynapseTable Build(int totalNeurons, SynapseList list)
    {
        var rowStart = new int[totalNeurons + 1];
        int n = list.Count;
        var src = list.Source;
        for (int i = 0; i < n; i++) rowStart[src[i] + 1]++;
        for (int s = 0; s < totalNeurons; s++) rowStart[s + 1] += rowStart[s];
        var fill = (int[])rowStart.Clone();
        var target = new int[n];
        var weight = new float[n];
        var delay = new ushort[n];
        for (int i = 0; i < n; i++)
        {
            int at = fill[src[i]]++;
            target[at] = list.Target[i];
            weight[at] = list.Weight[i];
            delay[at] = list.Delay[i];
        }
        return new SynapseTable(rowStart, target, weight, delay);
    }
}

/// <summary>Synapses as they are generated, before they are sorted into rows.</summary>
public sealed class SynapseList
{
    internal int[] Source = new int[1024];
    internal int[] Target = new int[1024];
    internal float[] Weight = new float[1024];
    internal ushort[] Delay = new ushort[1024];

    /// <summary>Number of synapses added.</summary>
    public int Count { get; private set; }

    /// <summary>Appends one synapse.</summary>
    public void Add(int sourceGid, int localTarget, float weight, ushort delay)
    {
        if (Count == Source.Length)
        {
            int size = checked(Count * 2);
            Array.Resize(ref Source, size); Array.Resize(ref Target, size);
            Array.Resize(ref Weight, size); Array.Resize(ref Delay, size);
        }
        Source[Count] = sourceGid; Target[Count] = localTarget; Weight[Count] = weight; Delay[Count] = delay;
        Count++;
    }
}
