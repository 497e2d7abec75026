namespace NeuroActors.Kernel.Shard;

/// <summary>
/// A spike packed into one long: the step in the high 32 bits and the sender's global id in the low 32, so that
/// sorting longs sorts spikes by (step, gid), the canonical order in which a window's spikes are delivered.
/// </summary>
public static class SpikeEvent
{
    /// <summary>Packs (step, gid).</summary>
    public static long Pack(long step, int gid) => step << 32 | (uint)gid;

    /// <summary>The step.</summary>
    public static long Step(long e) => e >> 32;

    /// <summary>The sender's global id.</summary>
    public static int Gid(long e) => (int)(uint)e;
}
