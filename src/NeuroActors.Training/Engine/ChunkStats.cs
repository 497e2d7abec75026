namespace NeuroActors.Training;

/// <summary>What a chunk of samples gave: summed loss (without regularisers), correct predictions, and spikes per
/// spiking layer summed over the chunk's samples and steps.</summary>
public sealed record ChunkStats(double LossSum, int Correct, int Samples, long[] SpikesPerLayer)
{
    /// <summary>An empty statistic for <paramref name="layers"/> spiking layers, the start of a sum.</summary>
    public static ChunkStats Empty(int layers) => new(0, 0, 0, new long[layers]);

    /// <summary>The sum of this and <paramref name="other"/>; summed in the order of <see cref="ChunkTree"/> so that the total is reproducible.</summary>
    public ChunkStats Plus(ChunkStats other)
    {
        var spikes = (long[])SpikesPerLayer.Clone();
        for (int i = 0; i < spikes.Length; i++) spikes[i] += other.SpikesPerLayer[i];
        return new ChunkStats(LossSum + other.LossSum, Correct + other.Correct, Samples + other.Samples, spikes);
    }
}
