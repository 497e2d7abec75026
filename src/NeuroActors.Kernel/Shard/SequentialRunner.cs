using NeuroActors.Kernel.Network;

namespace NeuroActors.Kernel.Shard;

/// <summary>
/// Runs every shard of a plan on the calling thread through the same windowed protocol the actors use, visiting
/// shards in a shuffled order each round so that tests can show results do not depend on scheduling. A reference
/// for the actor runtime and a tool for kernel tests; not the product's runtime.
/// </summary>
public static class SequentialRunner
{
    /// <summary>
    /// Builds the shards of <paramref name="plan"/> (each with its backend), optionally restores a checkpoint, and runs
    /// to <paramref name="endStep"/>, sending each window as <paramref name="packetsPerWindow"/> packets.
    /// </summary>
    public static IReadOnlyList<IShardBackend> Run(NetworkPlan plan, long endStep, Checkpoint? resume = null, int scheduleSeed = 0, int packetsPerWindow = 1)
    {
        var kernels = Enumerable.Range(0, plan.Shards).Select(k => ShardBackends.Build(plan, k)).ToArray();
        if (resume is not null) foreach (var k in kernels) resume.RestoreInto(k);
        return Run(kernels, endStep, scheduleSeed, packetsPerWindow);
    }

    /// <summary>
    /// Runs already built shards (every shard of one plan, in shard order) from where they stand to
    /// <paramref name="endStep"/>: a session's next run after <see cref="IShardBackend.ResetState"/> or changes.
    /// </summary>
    public static IReadOnlyList<IShardBackend> Run(IReadOnlyList<IShardBackend> kernels, long endStep, int scheduleSeed = 0, int packetsPerWindow = 1)
    {
        var shards = kernels.Select(k => new WindowedShard(k, endStep, packetsPerWindow: packetsPerWindow)).ToArray();
        var order = Enumerable.Range(0, shards.Length).ToArray();
        var shuffle = new System.Random(scheduleSeed);
        void Send(int to, SpikePacket p) => shards[to].Accept(p);
        foreach (var s in shards) s.Start(Send);
        while (shards.Any(s => !s.Finished))
        {
            shuffle.Shuffle(order);
            bool progressed = false;
            foreach (int i in order) progressed |= shards[i].TryAdvance(Send);
            if (!progressed) throw new InvalidOperationException("deadlock: no shard can advance (a packet is missing)");
        }
        return kernels;
    }
}
