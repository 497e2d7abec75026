namespace NeuroActors.Kernel.Network;

/// <summary>
/// Synapses of one receptor as they are generated, before they are sorted into rows. Stored in fixed-size chunks
/// rather than doubling arrays, so a shard of a hundred million synapses never holds two copies while it grows.
/// </summary>
public sealed class SynapseList
{
    private const int ChunkBits = 20, ChunkSize = 1 << ChunkBits;
    private readonly List<Chunk> _chunks = [];

    private sealed class Chunk(int size)
    {
        public readonly int[] Source = new int[size];
        public readonly int[] Target = new int[size];
        public readonly float[] Weight = new float[size];
        public readonly ushort[] Delay = new ushort[size];
    }

    /// <summary>Number of synapses added.</summary>
    public int Count { get; private set; }

    /// <summary>Largest delay added, in steps.</summary>
    public int MaxDelay { get; private set; }

    /// <summary>Appends one synapse.</summary>
    public void Add(int sourceGid, int localTarget, float weight, ushort delay)
    {
        int at = Count & (ChunkSize - 1);
        if (at == 0)
        {
            if (Count == int.MaxValue) throw new InvalidOperationException("a shard cannot hold more than 2^31 - 1 synapses: cut the network into more shards");
            // The first chunk starts small so that tiny networks stay tiny.
            _chunks.Add(new Chunk(_chunks.Count == 0 ? 4096 : ChunkSize));
        }
        var chunk = _chunks[^1];
        if (at == chunk.Source.Length) // only the small first chunk fills before a chunk boundary
        {
            _chunks[^1] = Grow(chunk);
            chunk = _chunks[^1];
        }
        chunk.Source[at] = sourceGid; chunk.Target[at] = localTarget; chunk.Weight[at] = weight; chunk.Delay[at] = delay;
        if (delay > MaxDelay) MaxDelay = delay;
        Count++;
    }

    private static Chunk Grow(Chunk small)
    {
        var big = new Chunk(Math.Min(ChunkSize, small.Source.Length * 4));
        small.Source.CopyTo(big.Source, 0); small.Target.CopyTo(big.Target, 0);
        small.Weight.CopyTo(big.Weight, 0); small.Delay.CopyTo(big.Delay, 0);
        return big;
    }

    /// <summary>Visits every synapse in the order it was added.</summary>
    public void ForEach(Action<int, int, float, ushort> visit)
    {
        int left = Count;
        foreach (var chunk in _chunks)
        {
            int n = Math.Min(left, chunk.Source.Length);
            for (int i = 0; i < n; i++) visit(chunk.Source[i], chunk.Target[i], chunk.Weight[i], chunk.Delay[i]);
            left -= n;
        }
    }
}
