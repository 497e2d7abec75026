using NeuroActors.Kernel.Random;

namespace NeuroActors.Training;

/// <summary>
/// The work of one training epoch, the same on every machine and for any number of workers: the order of the training
/// samples (a Fisher–Yates shuffle drawn from <c>RandomStream(seed, TrainingStreams.Shuffle(epoch), 0)</c>), cut into
/// mini-batches of <see cref="BatchSize"/> samples (the last may be smaller), each cut into chunks of
/// <see cref="ChunkSize"/> samples (the last of a batch may be smaller). A chunk is the unit a worker computes and the
/// unit of gradient summation: a batch's gradient is the sum of its chunks' gradients taken in the fixed order of
/// <see cref="ChunkTree"/>.
/// </summary>
public sealed class EpochPlan
{
    private EpochPlan(int epoch, int[] order, int batchSize, int chunkSize)
    {
        Epoch = epoch;
        Order = order;
        BatchSize = batchSize;
        ChunkSize = chunkSize;
        Batches = (order.Length + batchSize - 1) / batchSize;
    }

    /// <summary>The plan of epoch <paramref name="epoch"/> (from 0) over <paramref name="samples"/> training samples.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count or size is not positive, or the epoch is negative.</exception>
    public static EpochPlan For(ulong seed, int epoch, int samples, int batchSize, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        return new EpochPlan(epoch, Shuffle(seed, epoch, samples), batchSize, chunkSize);
    }

    /// <summary>
    /// The samples 0..<paramref name="samples"/>−1 in the order of epoch <paramref name="epoch"/>: Fisher–Yates from the
    /// last position down, position i swapped with a uniform j in 0..i drawn from the epoch's stream.
    /// </summary>
    public static int[] Shuffle(ulong seed, int epoch, int samples)
    {
        var order = new int[samples];
        for (int i = 0; i < samples; i++) order[i] = i;
        var rng = new RandomStream(seed, TrainingStreams.Shuffle(epoch), 0);
        for (int i = samples - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>The epoch (from 0).</summary>
    public int Epoch { get; }

    /// <summary>Training sample indices in the order the epoch visits them.</summary>
    public int[] Order { get; }

    /// <summary>Samples per mini-batch (the last batch may hold fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Samples per chunk (the last chunk of a batch may hold fewer).</summary>
    public int ChunkSize { get; }

    /// <summary>Number of mini-batches (optimizer steps) in the epoch.</summary>
    public int Batches { get; }

    /// <summary>Where batch <paramref name="batch"/> lies in <see cref="Order"/>.</summary>
    public (int Start, int Count) Batch(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batch, Batches);
        int start = batch * BatchSize;
        return (start, Math.Min(BatchSize, Order.Length - start));
    }

    /// <summary>Number of chunks of batch <paramref name="batch"/>.</summary>
    public int Chunks(int batch) => (Batch(batch).Count + ChunkSize - 1) / ChunkSize;

    /// <summary>Where chunk <paramref name="chunk"/> of batch <paramref name="batch"/> lies in <see cref="Order"/>.</summary>
    public (int Start, int Count) Chunk(int batch, int chunk)
    {
        var (start, count) = Batch(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(chunk);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(chunk, (count + ChunkSize - 1) / ChunkSize);
        int from = chunk * ChunkSize;
        return (start + from, Math.Min(ChunkSize, count - from));
    }

    /// <summary>The sample indices of chunk <paramref name="chunk"/> of batch <paramref name="batch"/>, in order.</summary>
    public ReadOnlySpan<int> Samples(int batch, int chunk)
    {
        var (start, count) = Chunk(batch, chunk);
        return Order.AsSpan(start, count);
    }

    /// <summary>
    /// Chunks of an evaluation over <paramref name="samples"/> samples in their own order: chunk c holds samples
    /// c·<paramref name="chunkSize"/> up to the next chunk's first (the last may hold fewer).
    /// </summary>
    public static (int Start, int Count)[] EvaluationChunks(int samples, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var chunks = new (int, int)[(samples + chunkSize - 1) / chunkSize];
        for (int c = 0; c < chunks.Length; c++) chunks[c] = (c * chunkSize, Math.Min(chunkSize, samples - c * chunkSize));
        return chunks;
    }
}
