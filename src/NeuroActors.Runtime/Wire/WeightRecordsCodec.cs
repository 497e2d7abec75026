using System.Buffers.Binary;

namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Layout of WR1: version 1, shard, steps (long blob), projections, sources and targets (int arrays, each element at
/// least 0), weights (blob of little-endian floats, every bit kept); the five columns of equal length.
/// </summary>
internal static class WeightRecordsCodec
{
    public const int Version = 1;

    public static void Write(ref WireWriter w, ShardWeightRecords m)
    {
        int n = m.Steps.Length;
        if (m.Projections.Length != n || m.Sources.Length != n || m.Targets.Length != n || m.Weights.Length != n)
            throw w.Fail("weight records", $"have columns of different lengths ({n} steps, {m.Projections.Length} projections, {m.Sources.Length} sources, {m.Targets.Length} targets, {m.Weights.Length} weights)");
        w.Write(Version);
        w.WriteNonNegative(m.Shard, "shard");
        w.WriteInt64Blob(m.Steps);
        w.WriteInt32Array(m.Projections, "projections", 0);
        w.WriteInt32Array(m.Sources, "sources", 0);
        w.WriteInt32Array(m.Targets, "targets", 0);
        var bytes = new byte[checked(4 * n)];
        for (int i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), m.Weights[i]);
        w.WriteBlob(bytes);
    }

    public static ShardWeightRecords Read(ref WireReader r)
    {
        r.ReadVersion(Version);
        int shard = r.ReadNonNegativeInt32("shard");
        var steps = r.ReadInt64Blob("steps");
        var projections = r.ReadInt32Array("projections", 0);
        var sources = r.ReadInt32Array("sources", 0);
        var targets = r.ReadInt32Array("targets", 0);
        var blob = r.ReadBlob("weights", 4, out int count);
        r.Charge("weights", count);
        int n = steps.Length;
        if (projections.Length != n || sources.Length != n || targets.Length != n || count != n)
            throw r.Fail("weight records", $"have columns of different lengths ({n} steps, {projections.Length} projections, {sources.Length} sources, {targets.Length} targets, {count} weights)");
        var bytes = System.Buffers.BuffersExtensions.ToArray(blob);
        var weights = new float[n];
        for (int i = 0; i < n; i++) weights[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        return new ShardWeightRecords(shard, steps, projections, sources, targets, weights);
    }
}
