using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Layout of the messages that move checkpoints between the session and its shards, each a version followed by its
/// fields:
/// BS2: version 2, has-manifest (bool), then if true the manifest's JSON (string) and has-directory (bool), then if true the directory.
/// CB1: section index, offset, bytes (bin).
/// CP1: shard, offset, bytes (bin), has-entry (bool), then if true the part entry: file, shard, step, gids (int array
/// of start, end pairs), sections (count, then per section name, offset, length, SHA-256 hex).
/// RF1: shard, reason.
/// The part entry is checked again when the manifest is made (<see cref="CheckpointManifest.Create"/>); here only
/// what keeps the reader safe.
/// </summary>
internal static class CheckpointCodec
{
    public const int Version = 1;

    /// <summary>Longest accepted manifest (characters of JSON): a manifest lists a few lines per shard.</summary>
    public const int MaxManifestChars = 16 << 20;

    /// <summary>Longest accepted path, file name, section name, checksum or reason.</summary>
    public const int MaxTextChars = 4096;

    /// <summary>BuildShard's layout is its second (the first carried the whole checkpoint).</summary>
    public const int BuildShardVersion = 2;

    public static void Write(ref WireWriter w, BuildShard m)
    {
        w.Write(BuildShardVersion);
        w.Write(m.ResumeManifest is not null);
        if (m.ResumeManifest is null) return;
        if (m.ResumeManifest.Length > MaxManifestChars) throw w.Fail("manifest", $"is longer than {MaxManifestChars} characters");
        w.Write(m.ResumeManifest);
        w.Write(m.ResumeDirectory is not null);
        if (m.ResumeDirectory is not null) WriteText(ref w, m.ResumeDirectory, "directory");
    }

    public static BuildShard ReadBuildShard(ref WireReader r)
    {
        r.ReadVersion(BuildShardVersion);
        if (!r.ReadBoolean("has manifest")) return new BuildShard();
        string manifest = r.ReadString("manifest", MaxManifestChars);
        return new BuildShard(manifest, r.ReadBoolean("has directory") ? r.ReadString("directory", MaxTextChars) : null);
    }

    public static void Write(ref WireWriter w, CheckpointBytes m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Section, "section");
        w.WriteNonNegative(m.Offset, "offset");
        w.WriteBlob(m.Bytes);
    }

    public static CheckpointBytes ReadCheckpointBytes(ref WireReader r)
    {
        r.ReadVersion(Version);
        return new CheckpointBytes(r.ReadNonNegativeInt32("section"), r.ReadNonNegativeInt64("offset"), r.ReadByteBlob("bytes"));
    }

    public static void Write(ref WireWriter w, CheckpointPart m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Shard, "shard");
        w.WriteNonNegative(m.Offset, "offset");
        w.WriteBlob(m.Bytes);
        w.Write(m.Entry is not null);
        if (m.Entry is not { } e) return;
        WriteText(ref w, e.File, "file");
        w.WriteNonNegative(e.Shard, "entry shard");
        w.WriteNonNegative(e.Step, "step");
        var bounds = new int[e.Gids.Count * 2];
        for (int i = 0; i < e.Gids.Count; i++) (bounds[2 * i], bounds[2 * i + 1]) = (e.Gids[i].Start, e.Gids[i].End);
        w.WriteInt32Array(bounds, "gids", 0);
        w.WriteCount(e.Sections.Count);
        foreach (var s in e.Sections)
        {
            WriteText(ref w, s.Name, "section name");
            w.WriteNonNegative(s.Offset, "section offset");
            w.WriteNonNegative(s.Length, "section length");
            WriteText(ref w, s.Sha256, "section checksum");
        }
    }

    public static CheckpointPart ReadCheckpointPart(ref WireReader r)
    {
        r.ReadVersion(Version);
        int shard = r.ReadNonNegativeInt32("shard");
        long offset = r.ReadNonNegativeInt64("offset");
        var bytes = r.ReadByteBlob("bytes");
        if (!r.ReadBoolean("has entry")) return new CheckpointPart(shard, offset, bytes, null);
        string file = r.ReadString("file", MaxTextChars);
        int entryShard = r.ReadNonNegativeInt32("entry shard");
        long step = r.ReadNonNegativeInt64("step");
        var bounds = r.ReadInt32Array("gids", 0);
        if (bounds.Length % 2 != 0) throw r.Fail("gids", $"holds {bounds.Length} numbers, not start, end pairs");
        var gids = new GidRange[bounds.Length / 2];
        for (int i = 0; i < gids.Length; i++) gids[i] = new GidRange(bounds[2 * i], bounds[2 * i + 1]);
        // name, offset, length and checksum: at least four bytes a section
        int count = r.ReadCount("sections", 4);
        var sections = new SectionEntry[count];
        for (int i = 0; i < count; i++)
            sections[i] = new SectionEntry(r.ReadString("section name", MaxTextChars), r.ReadNonNegativeInt64("section offset"),
                r.ReadNonNegativeInt64("section length"), r.ReadString("section checksum", MaxTextChars));
        return new CheckpointPart(shard, offset, bytes, new PartEntry(file, entryShard, step, gids, sections));
    }

    public static void Write(ref WireWriter w, ShardRefused m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Shard, "shard");
        w.Write(m.Reason.Length > MaxTextChars ? m.Reason[..MaxTextChars] : m.Reason);
    }

    public static ShardRefused ReadShardRefused(ref WireReader r)
    {
        r.ReadVersion(Version);
        return new ShardRefused(r.ReadNonNegativeInt32("shard"), r.ReadString("reason", MaxTextChars));
    }

    private static void WriteText(ref WireWriter w, string text, string field)
    {
        if (text.Length > MaxTextChars) throw w.Fail(field, $"is longer than {MaxTextChars} characters");
        w.Write(text);
    }
}
