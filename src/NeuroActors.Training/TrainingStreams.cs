namespace NeuroActors.Training;

/// <summary>
/// Philox stream numbers of training (the kernel's <c>Streams</c> uses 0x1… to 0x7…). Every random draw of a training
/// run is addressed by (seed, stream, id, index), so it does not depend on which worker or thread makes it.
/// </summary>
public static class TrainingStreams
{
    /// <summary>Initial values of parameter tensor <paramref name="tensor"/> (its index in the parameter order).</summary>
    public static uint Init(int tensor) => 0x8000_0000u | (uint)tensor;

    /// <summary>The order of the training samples in epoch <paramref name="epoch"/> (from 0).</summary>
    public static uint Shuffle(int epoch) => 0x9000_0000u | (uint)epoch;

    /// <summary>Randman: the manifold of class <paramref name="cls"/> (its θ draws).</summary>
    public static uint RandmanManifold(int cls) => 0xA000_0000u | (uint)cls;

    /// <summary>Randman: the points sampled on the manifold of class <paramref name="cls"/>.</summary>
    public static uint RandmanSamples(int cls) => 0xB000_0000u | (uint)cls;

    /// <summary>The train/test split of the dataset.</summary>
    public const uint Split = 0xC000_0000u;
}
