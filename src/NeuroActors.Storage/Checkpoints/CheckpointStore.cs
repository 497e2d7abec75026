using System.Text.Json.Nodes;
using NeuroActors.Kernel.Shard;

namespace NeuroActors.Storage.Checkpoints;

/// <summary>The on-disk format of a checkpoint.</summary>
public enum CheckpointFormat
{
    /// <summary>One .nackpt file (<see cref="Format1Reader"/>); read only.</summary>
    File1 = 1,
    /// <summary>A directory with a manifest and per-shard parts (<see cref="CheckpointDirectory"/>).</summary>
    Directory2 = 2,
}

/// <summary>Whole checkpoints for the CLI, the sequential runner and tests: write format 2, read either format.</summary>
public static class CheckpointStore
{
    /// <summary>Which format the checkpoint at <paramref name="path"/> is.</summary>
    /// <exception cref="CheckpointException">Nothing there, a directory without a manifest, or a file that is not a checkpoint.</exception>
    public static CheckpointFormat Detect(string path)
    {
        if (Directory.Exists(path))
        {
            if (!File.Exists(Path.Combine(path, CheckpointManifest.FileName)))
                throw new CheckpointException($"{path}: incomplete checkpoint: no {CheckpointManifest.FileName} (its writing did not finish)");
            return CheckpointFormat.Directory2;
        }
        if (!File.Exists(path)) throw new CheckpointException($"{path}: no such checkpoint file or directory");
        var head = new byte[1 + Format1Reader.Magic.Length];
        int read = CheckpointDirectory.Guard(path, () =>
        {
            using var stream = File.OpenRead(path);
            return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        });
        if (read == head.Length && Format1Reader.LooksLikeFormat1(head)) return CheckpointFormat.File1;
        throw new CheckpointException($"{path}: not a NeuroActors checkpoint (neither a format-1 file nor a format-2 directory)");
    }

    /// <summary>Reads the whole checkpoint at <paramref name="path"/>, either format, checked against <paramref name="expected"/>.</summary>
    /// <exception cref="CheckpointException">The checkpoint is missing, incomplete, damaged or of another model.</exception>
    public static Checkpoint Load(string path, CheckpointLayout expected) => Detect(path) switch
    {
        CheckpointFormat.File1 => Format1Reader.Read(path, expected),
        _ => CheckpointDirectory.ReadAll(path, expected),
    };

    /// <summary>
    /// Writes a format-2 checkpoint of <paramref name="shards"/> (shard k's snapshot at index k, all of one step) into
    /// <paramref name="directory"/>: every part, then the manifest.
    /// </summary>
    public static CheckpointManifest Save(string directory, CheckpointLayout layout, IReadOnlyList<ShardSnapshot> shards, JsonObject? session = null)
    {
        if (shards.Count == 0) throw new ArgumentException("a checkpoint needs the snapshot of at least one shard", nameof(shards));
        var parts = shards.Select((s, k) => PartCodec.Encode(layout, k, s)).ToArray();
        foreach (var part in parts) CheckpointDirectory.WritePart(directory, part);
        var manifest = CheckpointManifest.Create(layout, shards[0].Step, parts.Select(p => p.Entry), session);
        CheckpointDirectory.Commit(directory, manifest);
        return manifest;
    }
}
