namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Layout of the session's changes to shards between runs, each a version followed by its fields:
/// RST1 and TR1: trial. PA1: population, parameter name, values (double blob). RA1: stimulus, rates (double blob).
/// ST1: population, count, then a double blob per neuron. CH1: shard, has-error (bool), error text if so.
/// GW1: projection. WC1: shard, projection, sources (int array), targets (int array), weights (float bits as an int
/// array), delays (int array), last (bool); the four arrays must have one length.
/// </summary>
internal static class SessionCodec
{
    public const int Version = 1;

    /// <summary>Longest accepted parameter name or error text.</summary>
    public const int MaxTextChars = 4096;

    public static void Write(ref WireWriter w, ResetShard m) => WriteTrial(ref w, m.Trial);
    public static void Write(ref WireWriter w, SetShardTrial m) => WriteTrial(ref w, m.Trial);
    public static ResetShard ReadResetShard(ref WireReader r) => new(ReadTrial(ref r));
    public static SetShardTrial ReadSetShardTrial(ref WireReader r) => new(ReadTrial(ref r));

    private static void WriteTrial(ref WireWriter w, int trial)
    {
        w.Write(Version);
        w.WriteNonNegative(trial, "trial");
    }

    private static int ReadTrial(ref WireReader r)
    {
        r.ReadVersion(Version);
        return r.ReadNonNegativeInt32("trial");
    }

    public static void Write(ref WireWriter w, SetShardParameter m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Population, "population");
        w.Write(m.Parameter);
        w.WriteDoubleBlob(m.Values);
    }

    public static SetShardParameter ReadSetShardParameter(ref WireReader r)
    {
        r.ReadVersion(Version);
        return new SetShardParameter(r.ReadNonNegativeInt32("population"), r.ReadString("parameter", MaxTextChars), r.ReadDoubleBlob("values"));
    }

    public static void Write(ref WireWriter w, SetShardRates m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Stimulus, "stimulus");
        w.WriteDoubleBlob(m.RatesHz);
    }

    public static SetShardRates ReadSetShardRates(ref WireReader r)
    {
        r.ReadVersion(Version);
        return new SetShardRates(r.ReadNonNegativeInt32("stimulus"), r.ReadDoubleBlob("rates"));
    }

    public static void Write(ref WireWriter w, SetShardSpikeTimes m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Population, "population");
        w.WriteCount(m.TimesMs.Length);
        foreach (var times in m.TimesMs) w.WriteDoubleBlob(times);
    }

    public static SetShardSpikeTimes ReadSetShardSpikeTimes(ref WireReader r)
    {
        r.ReadVersion(Version);
        int population = r.ReadNonNegativeInt32("population");
        var times = new double[r.ReadCount("spike times", 1)][];
        for (int i = 0; i < times.Length; i++) times[i] = r.ReadDoubleBlob("spike times");
        return new SetShardSpikeTimes(population, times);
    }

    public static void Write(ref WireWriter w, ShardChanged m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Shard, "shard");
        w.Write(m.Error is not null);
        if (m.Error is not null) w.Write(m.Error.Length > MaxTextChars ? m.Error[..MaxTextChars] : m.Error);
    }

    public static ShardChanged ReadShardChanged(ref WireReader r)
    {
        r.ReadVersion(Version);
        int shard = r.ReadNonNegativeInt32("shard");
        return new ShardChanged(shard, r.ReadBoolean("has error") ? r.ReadString("error", MaxTextChars) : null);
    }

    public static void Write(ref WireWriter w, GetShardWeights m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Projection, "projection");
    }

    public static GetShardWeights ReadGetShardWeights(ref WireReader r)
    {
        r.ReadVersion(Version);
        return new GetShardWeights(r.ReadNonNegativeInt32("projection"));
    }

    public static void Write(ref WireWriter w, WeightChunk m)
    {
        int n = m.Source.Length;
        if (m.Target.Length != n || m.Weight.Length != n || m.DelaySteps.Length != n)
            throw w.Fail("weight chunk", $"has {n} sources, {m.Target.Length} targets, {m.Weight.Length} weights and {m.DelaySteps.Length} delays; all must match");
        w.Write(Version);
        w.WriteNonNegative(m.Shard, "shard");
        w.WriteNonNegative(m.Projection, "projection");
        w.WriteInt32Array(m.Source, "sources", 0);
        w.WriteInt32Array(m.Target, "targets", 0);
        // Float bits, so that every weight (NaN payloads and -0 included) arrives as it left.
        var bits = new int[n];
        for (int i = 0; i < n; i++) bits[i] = BitConverter.SingleToInt32Bits(m.Weight[i]);
        w.WriteInt32Array(bits, "weights");
        w.WriteInt32Array(m.DelaySteps, "delays", 0);
        w.Write(m.Last);
    }

    public static WeightChunk ReadWeightChunk(ref WireReader r)
    {
        r.ReadVersion(Version);
        int shard = r.ReadNonNegativeInt32("shard"), projection = r.ReadNonNegativeInt32("projection");
        var source = r.ReadInt32Array("sources", 0);
        var target = r.ReadInt32Array("targets", 0);
        var bits = r.ReadInt32Array("weights");
        var delays = r.ReadInt32Array("delays", 0);
        int n = source.Length;
        if (target.Length != n || bits.Length != n || delays.Length != n)
            throw r.Fail("weight chunk", $"has {n} sources, {target.Length} targets, {bits.Length} weights and {delays.Length} delays; all must match");
        var weights = new float[n];
        for (int i = 0; i < n; i++) weights[i] = BitConverter.Int32BitsToSingle(bits[i]);
        return new WeightChunk(shard, projection, source, target, weights, delays, r.ReadBoolean("last"));
    }
}
