using NeuroActors.Kernel.Shard;

namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Layout of the hot-path messages. SP2: version 2, packet number, source shard, routing keys (uint32 array), offsets
/// (int array). SPC2: version 2, packet number, source shard, index, count, keys, offsets. Offsets, packet number
/// and shard must not be negative; the two arrays must have the same length. No object per spike: two flat arrays. Whether a key
/// names a neuron is the receiving shard's check (it knows the model; the wire does not).
/// </summary>
internal static class SpikePacketCodec
{
    public const int Version = 2;

    public static void Write(ref WireWriter w, SpikePacket p)
    {
        if (p.Keys.Length != p.Offsets.Length) throw w.Fail("offsets", $"has {p.Offsets.Length} entries for {p.Keys.Length} keys");
        w.Write(Version);
        w.WriteNonNegative(p.Number, "packet number");
        w.WriteNonNegative(p.SourceShard, "source shard");
        w.WriteUInt32Array(p.Keys);
        w.WriteInt32Array(p.Offsets, "offsets", 0);
    }

    public static SpikePacket Read(ref WireReader r)
    {
        r.ReadVersion(Version);
        long number = r.ReadNonNegativeInt64("packet number");
        int source = r.ReadNonNegativeInt32("source shard");
        var keys = r.ReadUInt32Array("keys");
        var offsets = r.ReadInt32Array("offsets", 0);
        if (keys.Length != offsets.Length) throw r.Fail("offsets", $"has {offsets.Length} entries for {keys.Length} keys");
        return new SpikePacket(number, source, keys, offsets);
    }

    /// <summary>Exact length of <see cref="Write(ref WireWriter, SpikePacket)"/>'s output.</summary>
    public static long EncodedSize(SpikePacket p) =>
        WireSizes.Of(Version) + WireSizes.Of(p.Number) + WireSizes.Of(p.SourceShard) + WireSizes.Of(p.Keys) + WireSizes.Of(p.Offsets);

    public static void Write(ref WireWriter w, SpikePacketChunk c)
    {
        if (c.Keys.Length != c.Offsets.Length) throw w.Fail("offsets", $"has {c.Offsets.Length} entries for {c.Keys.Length} keys");
        if (c.Count < 1 || c.Index < 0 || c.Index >= c.Count) throw w.Fail("index", $"{c.Index} of {c.Count} is not a slice position");
        w.Write(Version);
        w.WriteNonNegative(c.Number, "packet number");
        w.WriteNonNegative(c.SourceShard, "source shard");
        w.Write(c.Index);
        w.Write(c.Count);
        w.WriteUInt32Array(c.Keys);
        w.WriteInt32Array(c.Offsets, "offsets", 0);
    }

    public static SpikePacketChunk ReadChunk(ref WireReader r)
    {
        r.ReadVersion(Version);
        long number = r.ReadNonNegativeInt64("packet number");
        int source = r.ReadNonNegativeInt32("source shard");
        int index = r.ReadInt32("index");
        int count = r.ReadInt32("count");
        if (count < 1 || index < 0 || index >= count) throw r.Fail("index", $"{index} of {count} is not a slice position");
        var keys = r.ReadUInt32Array("keys");
        var offsets = r.ReadInt32Array("offsets", 0);
        if (keys.Length != offsets.Length) throw r.Fail("offsets", $"has {offsets.Length} entries for {keys.Length} keys");
        return new SpikePacketChunk(number, source, index, count, keys, offsets);
    }

    /// <summary>
    /// Bytes of a chunk's fixed part at most: version, packet number and source shard exactly, index and count at their
    /// largest (5 bytes each), the two array headers for <paramref name="spikes"/> elements.
    /// </summary>
    public static long ChunkOverhead(long number, int sourceShard, int spikes) =>
        WireSizes.Of(Version) + WireSizes.Of(number) + WireSizes.Of(sourceShard) + 5 + 5 + 2L * WireSizes.ArrayHeader(spikes);
}
