using System.Text;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Kernel.Shard;

namespace NeuroActors.Storage.Checkpoints;

/// <summary>
/// Reads format-1 checkpoints (one .nackpt file, written by NeuroActors before format 2) so that they still resume:
/// "NACKPT" and int32 version 1, fingerprint, int64 step, double dt, then neurons (int32 gid, int32 width, doubles),
/// pending input (int32 gid, byte receptor, int64 step, double value) and undelivered spikes (int64), each list
/// preceded by an int32 count; strings as .NET's BinaryWriter writes them, numbers little-endian.
/// </summary>
public static class Format1Reader
{
    /// <summary>The magic string at the start of a format-1 file.</summary>
    public const string Magic = "NACKPT";

    /// <summary>Whether <paramref name="head"/> (the first bytes of a file) starts like a format-1 checkpoint.</summary>
    public static bool LooksLikeFormat1(ReadOnlySpan<byte> head) =>
        head.Length >= 1 + Magic.Length && head[0] == Magic.Length && head.Slice(1, Magic.Length).SequenceEqual(Encoding.ASCII.GetBytes(Magic));

    /// <summary>Reads and checks the file at <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointException">The file cannot be read, is damaged, or is of another model.</exception>
    public static Checkpoint Read(string path, CheckpointLayout expected) =>
        Read(CheckpointDirectory.Guard(path, () => File.ReadAllBytes(path)), path, expected);

    /// <summary>
    /// Reads and checks a format-1 checkpoint: magic and version, the model's fingerprint and time step, counts that
    /// fit the bytes, every neuron exactly once with a row of its population's width and finite values, pending input
    /// of existing neurons at or after the checkpoint's step, undelivered spikes from the last window, no trailing bytes.
    /// </summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="source">What to call it in messages (its path).</param>
    /// <param name="expected">The layout of the model it is resumed into.</param>
    /// <exception cref="CheckpointException">Anything is wrong.</exception>
    public static Checkpoint Read(ReadOnlySpan<byte> bytes, string source, CheckpointLayout expected)
    {
        var r = new ByteReader(bytes, source);
        if (!LooksLikeFormat1(bytes)) throw r.Fail("not a NeuroActors checkpoint");
        r.Bytes(1 + Magic.Length, "the magic");
        int version = r.Int32("the version");
        if (version != 1) throw r.Fail($"checkpoint version {version}; this file format holds version 1");
        string fingerprint = String(ref r, "the fingerprint");
        long step = r.Int64("the step");
        double dt = r.Double("dt");
        if (fingerprint != expected.Fingerprint)
            throw r.Fail($"written by a different model or seed (fingerprint {fingerprint}, this model's is {expected.Fingerprint})");
        if (!dt.Equals(expected.DtMs)) throw r.Fail($"dt {dt} ms disagrees with the model's dt {expected.DtMs} ms");
        if (step < 0) throw r.Fail($"step {step} is negative");

        int total = expected.TotalNeurons;
        var neurons = new NeuronState[r.Count("neurons", 8)];
        var seen = new bool[total];
        for (int i = 0; i < neurons.Length; i++)
        {
            int gid = r.Int32("a gid");
            int p = gid >= 0 && gid < total ? expected.PopulationOf(gid) : -1;
            if (p < 0) throw r.Fail($"neurons: gid {gid} is outside the network's [0, {total})");
            if (seen[gid]) throw r.Fail($"neurons: gid {gid} appears twice");
            seen[gid] = true;
            var pop = expected.Populations[p];
            int width = r.Int32("a row width");
            if (width != pop.State.Count) throw r.Fail($"neurons: gid {gid} has {width} state values; population {pop.Name} has {pop.State.Count}");
            var values = new double[width];
            for (int k = 0; k < width; k++)
            {
                double x = values[k] = r.Double("a state value");
                if (!double.IsFinite(x)) throw r.Fail($"neurons: gid {gid} has {pop.State[k]} = {x}, not a finite number");
                if (pop.State[k] == NeuronGroup.CounterName && (x < 0 || x > int.MaxValue || x != Math.Floor(x)))
                    throw r.Fail($"neurons: gid {gid} has {pop.State[k]} = {x}, not a whole number of steps");
            }
            neurons[i] = new NeuronState(gid, values);
        }
        if (neurons.Length != total) throw r.Fail($"neurons: {neurons.Length} rows; the network has {total} neurons");

        var pending = new PendingInput[r.Count("pending inputs", 21)];
        var keys = new HashSet<(int, byte, long)>();
        for (int i = 0; i < pending.Length; i++)
        {
            var p = pending[i] = new PendingInput(r.Int32("a gid"), r.Byte("a receptor"), r.Int64("a step"), r.Double("a value"));
            if (p.Gid < 0 || p.Gid >= total) throw r.Fail($"pending: input for gid {p.Gid}, outside the network's [0, {total})");
            if (p.Receptor > 1) throw r.Fail($"pending: input for gid {p.Gid} has receptor {p.Receptor}; receptors are 0 and 1");
            // The end of the ring buffer depends on the holding shard's longest delay; the shard's Restore checks it.
            if (p.Step < step) throw r.Fail($"pending: input for gid {p.Gid} arrives at step {p.Step}, before the checkpoint's step {step}");
            if (!double.IsFinite(p.Value)) throw r.Fail($"pending: input for gid {p.Gid} at step {p.Step} is {p.Value}, not a finite number");
            if (!keys.Add((p.Gid, p.Receptor, p.Step))) throw r.Fail($"pending: input for gid {p.Gid} receptor {p.Receptor} step {p.Step} is repeated");
        }

        var outbox = new long[r.Count("undelivered spikes", 8)];
        for (int i = 0; i < outbox.Length; i++)
        {
            long e = outbox[i] = r.Int64("a spike");
            long at = SpikeEvent.Step(e);
            int gid = SpikeEvent.Gid(e);
            if (gid < 0 || gid >= total) throw r.Fail($"outbox: a spike of gid {gid}, outside the network's [0, {total})");
            if (at < step - expected.WindowSteps || at >= step)
                throw r.Fail($"outbox: a spike of gid {gid} at step {at}, outside the last window [{step - expected.WindowSteps}, {step})");
        }
        Array.Sort(outbox);
        for (int i = 1; i < outbox.Length; i++)
            if (outbox[i] == outbox[i - 1]) throw r.Fail($"outbox: the spike of gid {SpikeEvent.Gid(outbox[i])} at step {SpikeEvent.Step(outbox[i])} is repeated");
        r.End();
        return new Checkpoint(fingerprint, step, dt, neurons, pending, outbox);
    }

    /// <summary>A string as BinaryWriter writes it: its UTF-8 length in 7-bit groups, then the bytes.</summary>
    private static string String(ref ByteReader r, string what)
    {
        int length = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift > 28) throw r.Fail($"the length of {what} is malformed");
            byte b = r.Byte($"the length of {what}");
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        if (length < 0 || length > r.Remaining) throw r.Fail($"the length of {what} is {length}, more than the {r.Remaining} bytes left");
        return Encoding.UTF8.GetString(r.Bytes(length, what));
    }
}
