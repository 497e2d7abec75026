using Akka.Actor;
using NeuroActors.Routing;
using NeuroActors.Runtime.Cluster;

namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Layouts of the coordinator ↔ node agent messages, each version 1 then:
/// HS1 HostShards: run id, model JSON, fingerprint, the cut (per shard an int array of population, start, count
/// triples), shard ids, node of every shard, node count; SH2 ShardsHosted (version 2): run id, shard ids, refs as in RS2, memory bytes; HR1 HostRefused: run id, node, reason;
/// RL1 ReleaseShards: run id; RN1 ReportNodeStats: run id; NS1 NodeStats: run id, node, serialization seconds,
/// malformed count. Sent once per run, so plainness beats compactness.
/// </summary>
internal static class ClusterCodec
{
    public const int Version = 1;

    /// <summary>Layout version of <see cref="ShardsHosted"/> (2 added the node's memory).</summary>
    public const int ShardsHostedVersion = 2;

    /// <summary>Longest run id or node address accepted.</summary>
    public const int MaxNameChars = 512;

    /// <summary>Longest accepted text (model JSON, reasons): the remote frame limit.</summary>
    public const int MaxTextChars = ClusterSettings.MaximumFrameBytes;

    public static void Write(ref WireWriter w, HostShards m)
    {
        w.Write(Version);
        w.Write(m.RunId);
        w.Write(m.ModelJson);
        w.Write(m.Fingerprint);
        w.WriteCount(m.Cut.Length);
        foreach (var shard in m.Cut)
            w.WriteInt32Array(shard.SelectMany(s => new[] { s.Population, s.Start, s.Count }).ToArray(), "cut", min: 0);
        w.WriteInt32Array(m.ShardIds, "shard ids", min: 0);
        w.WriteInt32Array(m.NodeOfShard, "node of shard", min: 0);
        w.WriteNonNegative(m.Nodes, "nodes");
    }

    public static HostShards ReadHostShards(ref WireReader r)
    {
        r.ReadVersion(Version);
        string runId = r.ReadString("run id", MaxNameChars);
        string model = r.ReadString("model", MaxTextChars);
        string fingerprint = r.ReadString("fingerprint", MaxNameChars);
        int shards = r.ReadCount("cut", 1);
        var cut = new ShardSlice[shards][];
        for (int k = 0; k < shards; k++)
        {
            var triples = r.ReadInt32Array($"cut[{k}]", min: 0);
            if (triples.Length % 3 != 0) throw r.Fail($"cut[{k}]", $"has {triples.Length} values; slices are (population, start, count) triples");
            cut[k] = Enumerable.Range(0, triples.Length / 3).Select(i => new ShardSlice(triples[3 * i], triples[3 * i + 1], triples[3 * i + 2])).ToArray();
        }
        var ids = r.ReadInt32Array("shard ids", min: 0);
        var nodeOfShard = r.ReadInt32Array("node of shard", min: 0);
        return new HostShards(runId, model, fingerprint, cut, ids, nodeOfShard, r.ReadNonNegativeInt32("nodes"));
    }

    public static void Write(ref WireWriter w, ShardsHosted m)
    {
        if (m.ShardIds.Length != m.Shards.Length) throw w.Fail("shards", $"has {m.Shards.Length} refs for {m.ShardIds.Length} ids");
        w.Write(ShardsHostedVersion);
        w.Write(m.RunId);
        w.WriteInt32Array(m.ShardIds, "shard ids", min: 0);
        RunSegmentCodec.WriteRefs(ref w, m.Shards);
        w.WriteNonNegative(m.MemoryBytes, "memory bytes");
    }

    public static ShardsHosted ReadShardsHosted(ref WireReader r, ExtendedActorSystem system)
    {
        r.ReadVersion(ShardsHostedVersion);
        string runId = r.ReadString("run id", MaxNameChars);
        var ids = r.ReadInt32Array("shard ids", min: 0);
        var refs = RunSegmentCodec.ReadRefs(ref r, system);
        if (refs.Length != ids.Length) throw r.Fail("shards", $"has {refs.Length} refs for {ids.Length} ids");
        return new ShardsHosted(runId, ids, refs, r.ReadNonNegativeInt64("memory bytes"));
    }

    public static void Write(ref WireWriter w, HostRefused m)
    {
        w.Write(Version);
        w.Write(m.RunId);
        w.Write(m.Node);
        w.Write(m.Reason);
    }

    public static HostRefused ReadHostRefused(ref WireReader r)
    {
        r.ReadVersion(Version);
        return new HostRefused(r.ReadString("run id", MaxNameChars), r.ReadString("node", MaxNameChars), r.ReadString("reason", MaxTextChars));
    }

    public static void Write(ref WireWriter w, ReleaseShards m) => WriteRunId(ref w, m.RunId);

    public static ReleaseShards ReadReleaseShards(ref WireReader r) => new(ReadRunId(ref r));

    public static void Write(ref WireWriter w, ReportNodeStats m) => WriteRunId(ref w, m.RunId);

    public static ReportNodeStats ReadReportNodeStats(ref WireReader r) => new(ReadRunId(ref r));

    /// <summary>Layout of the messages that carry nothing but the run they are about.</summary>
    private static void WriteRunId(ref WireWriter w, string runId)
    {
        w.Write(Version);
        w.Write(runId);
    }

    private static string ReadRunId(ref WireReader r)
    {
        r.ReadVersion(Version);
        return r.ReadString("run id", MaxNameChars);
    }

    public static void Write(ref WireWriter w, NodeStats m)
    {
        w.Write(Version);
        w.Write(m.RunId);
        w.Write(m.Node);
        w.Write(m.SerializationSeconds);
        w.WriteNonNegative(m.Malformed, "malformed");
    }

    public static NodeStats ReadNodeStats(ref WireReader r)
    {
        r.ReadVersion(Version);
        return new NodeStats(r.ReadString("run id", MaxNameChars), r.ReadString("node", MaxNameChars), r.ReadDouble("serialization seconds"),
            r.ReadNonNegativeInt64("malformed"));
    }
}
