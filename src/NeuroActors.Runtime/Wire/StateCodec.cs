using NeuroActors.Kernel.Shard;

namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Layout of shard state, shared by snapshots and checkpoints, as structures of arrays rather than an object per
/// neuron or per pending input:
/// neurons = gids (int array), rows (array of double blobs, one per gid);
/// pending = gids (int array), receptors (byte blob, 0 or 1), arrival steps (long blob), values (double blob),
/// all four of one length; outbox = long blob of packed spikes.
/// SS1: version 1, shard, step, neurons, pending, outbox.
/// BS1: version 1, has-checkpoint (bool), then if true: fingerprint (string), step, dt in ms, neurons, pending, outbox.
/// Doubles travel as their 8 little-endian bytes, so NaN payloads and -0.0 survive.
/// </summary>
internal static class StateCodec
{
    public const int Version = 1;

    /// <summary>Longest accepted checkpoint fingerprint (it is 16 hex digits today).</summary>
    public const int MaxFingerprintChars = 256;

    public static void Write(ref WireWriter w, ShardSnapshotTaken m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Shard, "shard");
        var s = m.Snapshot;
        w.WriteNonNegative(s.Step, "step");
        WriteNeurons(ref w, s.Neurons);
        WritePending(ref w, s.Pending);
        w.WriteInt64Blob(s.Outbox);
    }

    public static ShardSnapshotTaken ReadShardSnapshotTaken(ref WireReader r)
    {
        r.ReadVersion(Version);
        int shard = r.ReadNonNegativeInt32("shard");
        long step = r.ReadNonNegativeInt64("step");
        var neurons = ReadNeurons(ref r);
        var pending = ReadPending(ref r);
        var outbox = r.ReadInt64Blob("outbox");
        return new ShardSnapshotTaken(shard, new ShardSnapshot(step, neurons, pending, outbox));
    }

    public static void Write(ref WireWriter w, BuildShard m)
    {
        w.Write(Version);
        w.Write(m.Resume is not null);
        if (m.Resume is not { } c) return;
        if (c.Fingerprint.Length > MaxFingerprintChars) throw w.Fail("fingerprint", $"is longer than {MaxFingerprintChars} characters");
        w.Write(c.Fingerprint);
        w.WriteNonNegative(c.Step, "step");
        w.Write(c.DtMs);
        WriteNeurons(ref w, c.Neurons);
        WritePending(ref w, c.Pending);
        w.WriteInt64Blob(c.Outbox);
    }

    public static BuildShard ReadBuildShard(ref WireReader r)
    {
        r.ReadVersion(Version);
        if (!r.ReadBoolean("has checkpoint")) return new BuildShard(null);
        var fingerprint = r.ReadString("fingerprint", MaxFingerprintChars);
        long step = r.ReadNonNegativeInt64("step");
        double dt = r.ReadDouble("dt");
        var neurons = ReadNeurons(ref r);
        var pending = ReadPending(ref r);
        var outbox = r.ReadInt64Blob("outbox");
        return new BuildShard(new Checkpoint(fingerprint, step, dt, neurons, pending, outbox));
    }

    private static void WriteNeurons(ref WireWriter w, IReadOnlyList<NeuronState> neurons)
    {
        var gids = new int[neurons.Count];
        for (int i = 0; i < gids.Length; i++) gids[i] = neurons[i].Gid;
        w.WriteInt32Array(gids, "neuron gids", 0);
        w.WriteCount(neurons.Count);
        for (int i = 0; i < neurons.Count; i++) w.WriteDoubleBlob(neurons[i].Values);
    }

    private static NeuronState[] ReadNeurons(ref WireReader r)
    {
        var gids = r.ReadInt32Array("neuron gids", 0);
        int rows = r.ReadCount("neuron rows", 1);
        if (rows != gids.Length) throw r.Fail("neuron rows", $"has {rows} rows for {gids.Length} gids");
        var neurons = new NeuronState[rows];
        for (int i = 0; i < rows; i++) neurons[i] = new NeuronState(gids[i], r.ReadDoubleBlob("neuron rows"));
        return neurons;
    }

    private static void WritePending(ref WireWriter w, IReadOnlyList<PendingInput> pending)
    {
        int n = pending.Count;
        var gids = new int[n];
        var receptors = new byte[n];
        var steps = new long[n];
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            var p = pending[i];
            if (p.Receptor > 1) throw w.Fail("pending receptors", $"element {i} is {p.Receptor}; it must be 0 or 1");
            (gids[i], receptors[i], steps[i], values[i]) = (p.Gid, p.Receptor, p.Step, p.Value);
        }
        w.WriteInt32Array(gids, "pending gids", 0);
        w.WriteBlob(receptors);
        w.WriteInt64Blob(steps);
        w.WriteDoubleBlob(values);
    }

    private static PendingInput[] ReadPending(ref WireReader r)
    {
        var gids = r.ReadInt32Array("pending gids", 0);
        var receptors = r.ReadByteBlob("pending receptors");
        var steps = r.ReadInt64Blob("pending steps");
        var values = r.ReadDoubleBlob("pending values");
        int n = gids.Length;
        if (receptors.Length != n || steps.Length != n || values.Length != n)
            throw r.Fail("pending input", $"has {n} gids, {receptors.Length} receptors, {steps.Length} steps and {values.Length} values; all must match");
        r.Charge("pending input", n);
        var pending = new PendingInput[n];
        for (int i = 0; i < n; i++)
        {
            if (receptors[i] > 1) throw r.Fail("pending receptors", $"element {i} is {receptors[i]}; it must be 0 or 1");
            pending[i] = new PendingInput(gids[i], receptors[i], steps[i], values[i]);
        }
        return pending;
    }
}
