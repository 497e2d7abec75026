namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Layout of RE3: version 3, shard, spike count, event count, the backend's counters (an array of name, value pairs in
/// name order; RE2 had none, RE1 also carried the recordings). RC1: version 1, shard,
/// the recordings.
/// Recordings: recorded spikes (long blob), the recorded states (array; each: recorder index, neurons (int array),
/// sample steps (long blob), then one double blob per variable holding neurons × samples values, neuron-major).
/// Flat blobs per variable keep the per-value overhead at zero.
/// </summary>
internal static class ResultsCodec
{
    public const int Version = 1, ResultsVersion = 3;

    /// <summary>The longest counter name read.</summary>
    public const int MaxCounterName = 64;

    public static void Write(ref WireWriter w, ShardResults m)
    {
        w.Write(ResultsVersion);
        w.WriteNonNegative(m.Shard, "shard");
        w.WriteNonNegative(m.SpikeCount, "spike count");
        w.WriteNonNegative(m.EventCount, "event count");
        var counters = m.Counters ?? new Dictionary<string, long>();
        w.WriteCount(counters.Count);
        foreach (var (name, value) in counters.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (name.Length is 0 or > MaxCounterName) throw w.Fail("counter name", $"has {name.Length} characters; 1..{MaxCounterName} are allowed");
            w.Write(name);
            w.WriteNonNegative(value, "counter");
        }
    }

    public static ShardResults Read(ref WireReader r)
    {
        r.ReadVersion(ResultsVersion);
        int shard = r.ReadNonNegativeInt32("shard");
        long spikes = r.ReadNonNegativeInt64("spike count"), events = r.ReadNonNegativeInt64("event count");
        int n = r.ReadCount("counters", 2);
        Dictionary<string, long>? counters = n == 0 ? null : new(n, StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            string name = r.ReadString("counter name", MaxCounterName);
            if (name.Length == 0 || !counters!.TryAdd(name, r.ReadNonNegativeInt64("counter")))
                throw r.Fail("counter name", name.Length == 0 ? "is empty" : $"'{name}' appears twice");
        }
        return new ShardResults(shard, spikes, events, counters);
    }

    public static void Write(ref WireWriter w, ShardRecordings m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Shard, "shard");
        WriteRecordings(ref w, m.RecordedSpikes, m.States);
    }

    public static ShardRecordings ReadShardRecordings(ref WireReader r)
    {
        r.ReadVersion(Version);
        int shard = r.ReadNonNegativeInt32("shard");
        var (spikes, states) = ReadRecordings(ref r);
        return new ShardRecordings(shard, spikes, states);
    }

    private static void WriteRecordings(ref WireWriter w, ReadOnlySpan<long> spikes, IReadOnlyList<RecordedState> states)
    {
        w.WriteInt64Blob(spikes);
        w.WriteCount(states.Count);
        foreach (var s in states)
        {
            w.WriteNonNegative(s.RecorderIndex, "recorder index");
            w.WriteInt32Array(s.Neurons, "recorded neurons", 0);
            w.WriteInt64Blob(s.Steps);
            w.WriteCount(s.Values.Length);
            int samples = s.Steps.Length;
            foreach (var variable in s.Values)
            {
                if (variable.Length != s.Neurons.Length)
                    throw w.Fail("recorded values", $"have {variable.Length} rows for {s.Neurons.Length} neurons");
                var flat = new double[checked(variable.Length * samples)];
                for (int i = 0; i < variable.Length; i++)
                {
                    if (variable[i].Length != samples)
                        throw w.Fail("recorded values", $"have {variable[i].Length} samples for {samples} steps");
                    variable[i].CopyTo(flat, i * samples);
                }
                w.WriteDoubleBlob(flat);
            }
        }
    }

    private static (long[] Spikes, RecordedState[] States) ReadRecordings(ref WireReader r)
    {
        var spikes = r.ReadInt64Blob("spikes");
        int count = r.ReadCount("recorded states", 4);
        var states = new RecordedState[count];
        for (int k = 0; k < count; k++)
        {
            int recorder = r.ReadNonNegativeInt32("recorder index");
            var neurons = r.ReadInt32Array("recorded neurons", 0);
            var steps = r.ReadInt64Blob("sample steps");
            int variables = r.ReadCount("recorded variables", 1);
            var values = new double[variables][][];
            for (int v = 0; v < variables; v++)
            {
                var blob = r.ReadBlob("recorded values", 8, out int n);
                if (n != (long)neurons.Length * steps.Length)
                    throw r.Fail("recorded values", $"hold {n} values for {neurons.Length} neurons × {steps.Length} samples");
                r.Charge("recorded values", neurons.Length);
                var rows = new double[neurons.Length][];
                for (int i = 0; i < rows.Length; i++)
                    rows[i] = r.ToDoubles("recorded values", blob.Slice(8L * i * steps.Length), steps.Length);
                values[v] = rows;
            }
            states[k] = new RecordedState(recorder, neurons, steps, values);
        }
        return (spikes, states);
    }
}
