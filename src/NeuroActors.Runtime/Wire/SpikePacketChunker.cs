using NeuroActors.Kernel.Shard;

namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Cuts a <see cref="SpikePacket"/> whose encoding would exceed a remote frame into <see cref="SpikePacketChunk"/>s
/// that each fit. Akka.Remote drops (and only logs) a message larger than <c>maximum-frame-size</c>, which would
/// leave the receiving shard waiting for its window forever; a burst of synchronous activity in a big shard can
/// produce such a packet. Sizes are exact, computed from the values without encoding them.
/// </summary>
public static class SpikePacketChunker
{
    /// <summary>Akka.Remote's default <c>akka.remote.dot-netty.tcp.maximum-frame-size</c> in bytes.</summary>
    public const int MaximumFrameSize = 128_000;

    /// <summary>
    /// Bytes of the frame kept for what Akka.Remote wraps around the payload: recipient and sender paths, manifest,
    /// serializer id and protobuf framing, a few hundred bytes for real paths.
    /// </summary>
    public const int DefaultHeadroom = 4_000;

    /// <summary>Largest encoded packet or chunk sent by default: <see cref="MaximumFrameSize"/> − <see cref="DefaultHeadroom"/>.</summary>
    public const int DefaultFrameBudget = MaximumFrameSize - DefaultHeadroom;

    /// <summary>Smallest budget accepted: enough for a chunk's fixed fields and the largest possible spike.</summary>
    public const int MinimumFrameBudget = 64;

    /// <summary>Exact number of bytes <see cref="NeuroActorsSerializer"/> writes for <paramref name="packet"/> (manifest <see cref="WireManifests.SpikePacket"/>).</summary>
    public static long EncodedSize(SpikePacket packet) => SpikePacketCodec.EncodedSize(packet);

    /// <summary>
    /// Cuts <paramref name="packet"/> into as few chunks as fit greedily, each encoding to at most
    /// <paramref name="frameBudget"/> bytes, spikes kept in order. An empty packet gives one empty chunk.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The budget is below <see cref="MinimumFrameBudget"/>.</exception>
    /// <exception cref="ArgumentException">The packet's arrays differ in length.</exception>
    public static SpikePacketChunk[] Split(SpikePacket packet, int frameBudget = DefaultFrameBudget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameBudget, MinimumFrameBudget);
        var keys = packet.Keys;
        var offsets = packet.Offsets;
        if (keys.Length != offsets.Length)
            throw new ArgumentException($"the packet has {keys.Length} keys but {offsets.Length} offsets", nameof(packet));

        var ends = new List<int>();
        int start = 0;
        do
        {
            int end = start;
            long payload = 0;
            while (end < keys.Length)
            {
                long spike = WireSizes.Of(keys[end]) + WireSizes.Of(offsets[end]);
                long total = SpikePacketCodec.ChunkOverhead(packet.Number, packet.SourceShard, end - start + 1) + payload + spike;
                if (total > frameBudget) break;
                payload += spike;
                end++;
            }
            ends.Add(end);
            start = end;
        } while (start < keys.Length);

        var chunks = new SpikePacketChunk[ends.Count];
        start = 0;
        for (int k = 0; k < chunks.Length; k++)
        {
            chunks[k] = new SpikePacketChunk(packet.Number, packet.SourceShard, k, chunks.Length,
                keys[start..ends[k]], offsets[start..ends[k]]);
            start = ends[k];
        }
        return chunks;
    }
}
