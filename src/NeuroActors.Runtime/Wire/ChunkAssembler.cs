using NeuroActors.Kernel.Shard;

namespace NeuroActors.Runtime.Wire;

/// <summary>What <see cref="ChunkAssembler.Add"/> made of a chunk.</summary>
public enum ChunkStatus
{
    /// <summary>Stored; other chunks of its packet are still missing.</summary>
    Pending,
    /// <summary>The last missing chunk: the packet is complete and returned.</summary>
    Completed,
    /// <summary>Rejected: this slice of this packet was already received (or the packet already completed).</summary>
    Duplicate,
    /// <summary>Rejected: the chunk contradicts the others of its packet (count) or itself (index, array lengths).</summary>
    Inconsistent,
}

/// <summary>
/// Puts the chunks of spike packets back together on the receiving shard: chunks of one packet (same source shard
/// and packet number) may arrive in any order, interleaved with other packets' chunks; when the last one arrives the
/// packet is rebuilt bit for bit as it was before <see cref="SpikePacketChunker.Split"/>. A duplicate or
/// inconsistent chunk is rejected and counted, never allowed to corrupt a packet (nothing silently lost or
/// double-counted).
/// </summary>
public sealed class ChunkAssembler
{
    private readonly Dictionary<(int Source, long Number), SpikePacketChunk?[]> _pending = new();
    private readonly HashSet<(int Source, long Number)> _completed = new();

    /// <summary>Packets of which some but not all chunks have arrived.</summary>
    public int PendingPackets => _pending.Count;

    /// <summary>Chunks rejected as duplicate or inconsistent since this assembler was created.</summary>
    public long Rejected { get; private set; }

    /// <summary>
    /// Takes one chunk. Returns <see cref="ChunkStatus.Completed"/> with the rebuilt <paramref name="packet"/> when it
    /// was the last one missing; otherwise <paramref name="packet"/> is null.
    /// </summary>
    public ChunkStatus Add(SpikePacketChunk chunk, out SpikePacket? packet)
    {
        packet = null;
        if (chunk.Count < 1 || chunk.Index < 0 || chunk.Index >= chunk.Count || chunk.Keys.Length != chunk.Offsets.Length)
            return Reject(ChunkStatus.Inconsistent);
        var key = (chunk.SourceShard, chunk.Number);
        if (_completed.Contains(key)) return Reject(ChunkStatus.Duplicate);
        if (!_pending.TryGetValue(key, out var slots))
        {
            if (chunk.Count == 1) return Complete(key, new[] { chunk }, out packet);
            _pending[key] = slots = new SpikePacketChunk?[chunk.Count];
        }
        if (slots.Length != chunk.Count) return Reject(ChunkStatus.Inconsistent);
        if (slots[chunk.Index] is not null) return Reject(ChunkStatus.Duplicate);
        slots[chunk.Index] = chunk;
        foreach (var s in slots) if (s is null) return ChunkStatus.Pending;
        _pending.Remove(key);
        return Complete(key, slots!, out packet);
    }

    /// <summary>
    /// Forgets everything about packets numbered below <paramref name="number"/>: completed packets (so that memory
    /// does not grow with the run) and incomplete ones, whose count is returned so that the caller can count them as
    /// lost.
    /// </summary>
    public int DiscardBefore(long number)
    {
        _completed.RemoveWhere(k => k.Number < number);
        var stale = _pending.Keys.Where(k => k.Number < number).ToList();
        foreach (var k in stale) _pending.Remove(k);
        return stale.Count;
    }

    private ChunkStatus Complete((int Source, long Number) key, SpikePacketChunk[] chunks, out SpikePacket packet)
    {
        int total = 0;
        foreach (var c in chunks) total += c.Keys.Length;
        var keys = new uint[total];
        var offsets = new int[total];
        int at = 0;
        foreach (var c in chunks)
        {
            c.Keys.CopyTo(keys, at);
            c.Offsets.CopyTo(offsets, at);
            at += c.Keys.Length;
        }
        _completed.Add(key);
        packet = new SpikePacket(key.Number, key.Source, keys, offsets);
        return ChunkStatus.Completed;
    }

    private ChunkStatus Reject(ChunkStatus status)
    {
        Rejected++;
        return status;
    }
}
