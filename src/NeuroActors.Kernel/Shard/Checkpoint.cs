using System.Security.Cryptography;
using System.Text;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Shard;

/// <summary>
/// The state of a whole network at a step, gathered from every shard and keyed by global ids, so a run can resume
/// from it with any number of shards. Written at any step: input already delivered travels in
/// <see cref="Pending"/>, spikes not yet delivered to their targets (from the last window at most) in
/// <see cref="Outbox"/>, and a restore delivers them first, whatever the shards or packets per window.
/// </summary>
public sealed record Checkpoint(string Fingerprint, long Step, double DtMs, NeuronState[] Neurons, PendingInput[] Pending, long[] Outbox)
{
    private const string Magic = "NACKPT";
    private const int Version = 1;

    /// <summary>Merges shard snapshots taken at the same step.</summary>
    public static Checkpoint From(NetworkSpec spec, IEnumerable<ShardSnapshot> shards)
    {
        var list = shards.ToList();
        long step = list[0].Step;
        if (list.Any(s => s.Step != step)) throw new InvalidOperationException("shard snapshots are from different steps");
        var outbox = list.SelectMany(s => s.Outbox).ToArray();
        Array.Sort(outbox);
        return new Checkpoint(FingerprintOf(spec), step, spec.Simulation.DtMs,
            list.SelectMany(s => s.Neurons).OrderBy(n => n.Gid).ToArray(),
            list.SelectMany(s => s.Pending).OrderBy(p => p.Gid).ThenBy(p => p.Receptor).ThenBy(p => p.Step).ToArray(),
            outbox);
    }

    /// <summary>Biological time of the checkpoint in ms.</summary>
    public double TimeMs => Step * DtMs;

    /// <summary>
    /// A hash of everything in the model that shapes the network's state (all but the duration), so that a
    /// checkpoint is never resumed into a different network or seed.
    /// </summary>
    public static string FingerprintOf(NetworkSpec spec)
    {
        // The cut into shards never changes results, so a checkpoint resumes under any cut.
        var stripped = spec with
        {
            Simulation = spec.Simulation with { DurationMs = 0, MaxNeuronsPerShard = null, TimeScale = null },
            Populations = spec.Populations.Select(p => p with { MaxNeuronsPerShard = null }).ToList(),
        };
        var json = SpecJson.Serialize(stripped);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
    }

    /// <summary>Writes the checkpoint atomically (temporary file, then rename).</summary>
    public void Save(string path)
    {
        var tmp = path + ".tmp";
        using (var w = new BinaryWriter(File.Create(tmp)))
        {
            w.Write(Magic); w.Write(Version); w.Write(Fingerprint); w.Write(Step); w.Write(DtMs);
            w.Write(Neurons.Length);
            foreach (var n in Neurons)
            {
                w.Write(n.Gid); w.Write(n.Values.Length);
                foreach (var v in n.Values) w.Write(v);
            }
            w.Write(Pending.Length);
            foreach (var p in Pending) { w.Write(p.Gid); w.Write(p.Receptor); w.Write(p.Step); w.Write(p.Value); }
            w.Write(Outbox.Length);
            foreach (var e in Outbox) w.Write(e);
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads a checkpoint; throws <see cref="InvalidDataException"/> when the file is not one.</summary>
    public static Checkpoint Load(string path)
    {
        try
        {
            using var r = new BinaryReader(File.OpenRead(path));
            if (r.ReadString() != Magic) throw new InvalidDataException($"{path} is not a NeuroActors checkpoint");
            int version = r.ReadInt32();
            if (version != Version) throw new InvalidDataException($"{path} is checkpoint version {version}; this build reads version {Version}");
            string fingerprint = r.ReadString();
            long step = r.ReadInt64();
            double dt = r.ReadDouble();
            var neurons = new NeuronState[r.ReadInt32()];
            for (int i = 0; i < neurons.Length; i++)
            {
                int gid = r.ReadInt32();
                var values = new double[r.ReadInt32()];
                for (int k = 0; k < values.Length; k++) values[k] = r.ReadDouble();
                neurons[i] = new NeuronState(gid, values);
            }
            var pending = new PendingInput[r.ReadInt32()];
            for (int i = 0; i < pending.Length; i++) pending[i] = new PendingInput(r.ReadInt32(), r.ReadByte(), r.ReadInt64(), r.ReadDouble());
            var outbox = new long[r.ReadInt32()];
            for (int i = 0; i < outbox.Length; i++) outbox[i] = r.ReadInt64();
            return new Checkpoint(fingerprint, step, dt, neurons, pending, outbox);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path} is truncated: not a complete NeuroActors checkpoint");
        }
    }

    /// <summary>Restores the part of this checkpoint that <paramref name="kernel"/> holds.</summary>
    public void RestoreInto(ShardKernel kernel)
    {
        if (Fingerprint != FingerprintOf(kernel.Plan.Spec))
            throw new InvalidOperationException("the checkpoint was written by a different model or seed");
        kernel.Restore(Step, Neurons, Pending, Outbox);
    }
}
