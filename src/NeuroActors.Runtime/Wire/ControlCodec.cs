using NeuroActors.Kernel.Shard;

namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Layout of the small coordinator ↔ shard messages, each a version followed by its fields in declaration order.
/// SB2: shard, neurons, synapses, synapse bytes, step, then the backend's figures as an array of (name, value) pairs in
/// name order (names of at most <see cref="MaxFigureName"/> characters, finite values). PR1: shard, step. SD1: shard, step, compute seconds, wait
/// seconds. CR1: the version only. Shard numbers, counts and steps must not be negative, because the
/// coordinator indexes arrays with them.
/// </summary>
internal static class ControlCodec
{
    public const int Version = 1;

    /// <summary>The layout of <see cref="ShardBuilt"/> (SB2).</summary>
    public const int BuiltVersion = 2;

    /// <summary>Longest name of a backend figure.</summary>
    public const int MaxFigureName = 100;

    public static void Write(ref WireWriter w, ShardBuilt m)
    {
        w.Write(BuiltVersion);
        w.WriteNonNegative(m.Shard, "shard");
        w.WriteNonNegative(m.Neurons, "neurons");
        w.WriteNonNegative(m.Synapses, "synapses");
        w.WriteNonNegative(m.SynapseBytes, "synapse bytes");
        w.WriteNonNegative(m.Step, "step");
        var figures = (m.Figures ?? ShardResources.NoFigures).OrderBy(f => f.Key, StringComparer.Ordinal).ToArray();
        w.WriteCount(figures.Length);
        foreach (var (name, value) in figures)
        {
            w.Write(name);
            w.Write(value);
        }
    }

    public static ShardBuilt ReadShardBuilt(ref WireReader r)
    {
        r.ReadVersion(BuiltVersion);
        var built = new ShardBuilt(r.ReadNonNegativeInt32("shard"), r.ReadNonNegativeInt32("neurons"), r.ReadNonNegativeInt64("synapses"),
            r.ReadNonNegativeInt64("synapse bytes"), r.ReadNonNegativeInt64("step"));
        // A name and a double take at least 10 bytes.
        int count = r.ReadCount("figures", 10);
        var figures = new Dictionary<string, double>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string name = r.ReadString("figure name", MaxFigureName);
            double value = r.ReadDouble("figure value");
            if (!double.IsFinite(value)) throw r.Fail("figure value", $"of '{name}' is {value}; figures are finite");
            if (!figures.TryAdd(name, value)) throw r.Fail("figure name", $"'{name}' comes twice");
        }
        return built with { Figures = figures };
    }

    public static void Write(ref WireWriter w, ShardProgress m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Shard, "shard");
        w.WriteNonNegative(m.Step, "step");
    }

    public static ShardProgress ReadShardProgress(ref WireReader r)
    {
        r.ReadVersion(Version);
        return new ShardProgress(r.ReadNonNegativeInt32("shard"), r.ReadNonNegativeInt64("step"));
    }

    public static void Write(ref WireWriter w, SegmentDone m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Shard, "shard");
        w.WriteNonNegative(m.Step, "step");
        w.Write(m.ComputeSeconds);
        w.Write(m.WaitSeconds);
        var t = m.Traffic;
        w.WriteNonNegative(t.PacketsSent, "packets sent");
        w.WriteNonNegative(t.SpikesSent, "spikes sent");
        w.WriteNonNegative(t.RemotePacketsSent, "remote packets sent");
        w.WriteNonNegative(t.RemoteBytesSent, "remote bytes sent");
        w.WriteNonNegative(t.PacketsReceived, "packets received");
        w.WriteNonNegative(t.ChunksRejected, "chunks rejected");
        w.WriteNonNegative(t.LatePackets, "late packets");
        w.WriteNonNegative(t.Overruns, "overruns");
        w.WriteInt64Blob(t.LateSpikesBySource ?? []);
    }

    public static SegmentDone ReadSegmentDone(ref WireReader r)
    {
        r.ReadVersion(Version);
        return new SegmentDone(r.ReadNonNegativeInt32("shard"), r.ReadNonNegativeInt64("step"),
            r.ReadDouble("compute seconds"), r.ReadDouble("wait seconds"),
            new ShardTraffic(r.ReadNonNegativeInt64("packets sent"), r.ReadNonNegativeInt64("spikes sent"),
                r.ReadNonNegativeInt64("remote packets sent"), r.ReadNonNegativeInt64("remote bytes sent"),
                r.ReadNonNegativeInt64("packets received"), r.ReadNonNegativeInt64("chunks rejected"),
                r.ReadNonNegativeInt64("late packets"), r.ReadNonNegativeInt64("overruns"), r.ReadInt64Blob("late spikes by source")));
    }

    public static void WriteEmpty(ref WireWriter w) => w.Write(Version);

    public static CollectResults ReadCollectResults(ref WireReader r)
    {
        r.ReadVersion(Version);
        return new CollectResults();
    }
}
