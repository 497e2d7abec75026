namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Layout of the session's snapshot messages to and from shards, each a version followed by its fields:
/// KS1 and DS1: snapshot id. SV2: version 2, snapshot id, has-directory (bool), then if true the directory. SK2: version 2, shard, id, step, in-flight spikes (long blob), spike count, event count. RT1: id, in-flight spikes.
/// SR1: shard, step. Ids are at most <see cref="MaxIdChars"/> characters; shards and steps are never negative.
/// </summary>
internal static class SnapshotCodec
{
    public const int Version = 1;

    /// <summary>Longest accepted snapshot id.</summary>
    public const int MaxIdChars = 256;

    public static void Write(ref WireWriter w, KeepSnapshot m) => WriteId(ref w, m.Id);
    public static void Write(ref WireWriter w, DropSnapshot m) => WriteId(ref w, m.Id);
    /// <summary>SaveSnapshot's layout is its second (the first had no directory).</summary>
    public const int SaveVersion = 2;

    public static void Write(ref WireWriter w, SaveSnapshot m)
    {
        w.Write(SaveVersion);
        WriteIdField(ref w, m.Id);
        w.Write(m.Directory is not null);
        if (m.Directory is null) return;
        if (m.Directory.Length > CheckpointCodec.MaxTextChars) throw w.Fail("directory", $"is longer than {CheckpointCodec.MaxTextChars} characters");
        w.Write(m.Directory);
    }

    public static KeepSnapshot ReadKeepSnapshot(ref WireReader r) => new(ReadId(ref r));
    public static DropSnapshot ReadDropSnapshot(ref WireReader r) => new(ReadId(ref r));
    public static SaveSnapshot ReadSaveSnapshot(ref WireReader r)
    {
        r.ReadVersion(SaveVersion);
        string id = r.ReadString("id", MaxIdChars);
        return new SaveSnapshot(id, r.ReadBoolean("has directory") ? r.ReadString("directory", CheckpointCodec.MaxTextChars) : null);
    }

    /// <summary>SnapshotKept's layout is its second (the first had no counters).</summary>
    public const int KeptVersion = 2;

    public static void Write(ref WireWriter w, SnapshotKept m)
    {
        w.Write(KeptVersion);
        w.WriteNonNegative(m.Shard, "shard");
        WriteIdField(ref w, m.Id);
        w.WriteNonNegative(m.Step, "step");
        w.WriteInt64Blob(m.Inflight);
        w.WriteNonNegative(m.SpikeCount, "spike count");
        w.WriteNonNegative(m.EventCount, "event count");
    }

    public static SnapshotKept ReadSnapshotKept(ref WireReader r)
    {
        r.ReadVersion(KeptVersion);
        return new SnapshotKept(r.ReadNonNegativeInt32("shard"), r.ReadString("id", MaxIdChars), r.ReadNonNegativeInt64("step"),
            r.ReadInt64Blob("inflight"), r.ReadNonNegativeInt64("spike count"), r.ReadNonNegativeInt64("event count"));
    }

    public static void Write(ref WireWriter w, RestoreSnapshot m)
    {
        WriteId(ref w, m.Id);
        w.WriteInt64Blob(m.Inflight);
    }

    public static RestoreSnapshot ReadRestoreSnapshot(ref WireReader r)
    {
        string id = ReadId(ref r);
        return new RestoreSnapshot(id, r.ReadInt64Blob("inflight"));
    }

    public static void Write(ref WireWriter w, ShardRestored m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Shard, "shard");
        w.WriteNonNegative(m.Step, "step");
    }

    public static ShardRestored ReadShardRestored(ref WireReader r)
    {
        r.ReadVersion(Version);
        return new ShardRestored(r.ReadNonNegativeInt32("shard"), r.ReadNonNegativeInt64("step"));
    }

    private static void WriteId(ref WireWriter w, string id)
    {
        w.Write(Version);
        WriteIdField(ref w, id);
    }

    private static void WriteIdField(ref WireWriter w, string id)
    {
        if (id.Length > MaxIdChars) throw w.Fail("id", $"is longer than {MaxIdChars} characters");
        w.Write(id);
    }

    private static string ReadId(ref WireReader r)
    {
        r.ReadVersion(Version);
        return r.ReadString("id", MaxIdChars);
    }
}
