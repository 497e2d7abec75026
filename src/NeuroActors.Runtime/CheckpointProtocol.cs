using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Runtime;

/// <summary>
/// Session → shard, before <see cref="BuildShard"/>: a piece of section <paramref name="Section"/> (the index into
/// <see cref="CheckpointRestore.SectionsFor"/> for this shard's gids) of the checkpoint it resumes from, starting at
/// byte <paramref name="Offset"/> of the section. A shard is sent only the sections it restores, in pieces of at most
/// <see cref="MaxBytes"/>, so no message holds more than a piece of one shard's state.
/// </summary>
public sealed record CheckpointBytes(int Section, long Offset, byte[] Bytes)
{
    /// <summary>Most bytes in one piece: well under a remote frame.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>The pieces of <paramref name="section"/>, each as a message.</summary>
    public static IEnumerable<CheckpointBytes> Split(int section, byte[] bytes)
    {
        if (bytes.Length == 0) yield return new CheckpointBytes(section, 0, bytes);
        for (int offset = 0; offset < bytes.Length; offset += MaxBytes)
            yield return new CheckpointBytes(section, offset, bytes[offset..Math.Min(bytes.Length, offset + MaxBytes)]);
    }
}

/// <summary>
/// Shard → session, answering <see cref="SaveSnapshot"/>: bytes of the shard's part file from <paramref name="Offset"/>
/// on (at most <see cref="CheckpointBytes.MaxBytes"/>), in order. The last message carries the part's manifest entry
/// <paramref name="Entry"/>; when the shard wrote the file itself it sends only that one, with no bytes.
/// </summary>
public sealed record CheckpointPart(int Shard, long Offset, byte[] Bytes, PartEntry? Entry);

/// <summary>Shard → session: the shard could not be built or restored; <paramref name="Reason"/> says why (one line).</summary>
public sealed record ShardRefused(int Shard, string Reason);
