namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Layout of RE1: version 1, shard, recorded spikes (long blob), the recorded states (array; each: recorder index,
/// neurons (int array), sample steps (long blob), then one double blob per variable holding neurons × samples
/// values, neuron-major), spike count, event count. Flat blobs per variable keep the per-value overhead at zero.
/// </summary>
internal static class ResultsCodec
{
    public const int Version = 1;

    public static void Write(ref WireWriter w, ShardResults m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Shard, "shard");
        w.WriteInt64Blob(m.Spikes);
        w.WriteCount(m.States.Count);
        foreach (var s in m.States)
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
        w.WriteNonNegative(m.SpikeCount, "spike count");
        w.WriteNonNegative(m.EventCount, "event count");
    }

    public static ShardResults Read(ref WireReader r)
    {
        r.ReadVersion(Version);
        int shard = r.ReadNonNegativeInt32("shard");
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
        long spikeCount = r.ReadNonNegativeInt64("spike count");
        long eventCount = r.ReadNonNegativeInt64("event count");
        return new ShardResults(shard, spikes, states, spikeCount, eventCount);
    }
}
