using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using NeuroActors.Storage.Checkpoints;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Training;

/// <summary>
/// A training run's state at the end of an epoch: everything a resumed run needs to continue bit for bit. The random
/// streams need no state of their own: every draw is addressed by (seed, stream, epoch), so the epoch number is their
/// position.
/// </summary>
/// <param name="SpecJson">The config the run was started with (<see cref="TrainingSpecJson"/>), to refuse another's checkpoint.</param>
/// <param name="Epochs">Epochs completed.</param>
/// <param name="Parameters">The parameters after the last completed epoch.</param>
/// <param name="OptimizerState">The optimizer's state tensors (<see cref="IOptimizer{T}.State"/>).</param>
/// <param name="OptimizerSteps">The optimizer's step count.</param>
/// <param name="Reports">The reports of the completed epochs (without their test predictions).</param>
public sealed record TrainingCheckpoint<T>(string SpecJson, int Epochs, ParameterSet<T> Parameters, IReadOnlyList<ParameterSet<T>> OptimizerState,
    long OptimizerSteps, IReadOnlyList<EpochReport> Reports) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// Training checkpoints on disk: one file, <see cref="FileName"/>, per directory <c>epoch-NNNN</c> (N = epochs completed)
/// under the run's checkpoint directory. The file is a fixed magic, a format version, the fields, and the SHA-256 of
/// everything before it; it is written to a temporary name and renamed, so a checkpoint is whole or absent. A damaged,
/// truncated or foreign file is refused with a one-line <see cref="CheckpointException"/>.
/// </summary>
public static class TrainingCheckpointFiles
{
    /// <summary>The checkpoint file's name inside its directory.</summary>
    public const string FileName = "training-checkpoint.bin";

    /// <summary>Format version written.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "NATRAIN\n"u8.ToArray();
    private const int HashBytes = 32;

    /// <summary>The directory of the checkpoint after <paramref name="epochs"/> epochs under <paramref name="root"/>.</summary>
    public static string DirectoryFor(string root, int epochs) => Path.Combine(root, $"epoch-{epochs:D4}");

    /// <summary>Writes <paramref name="checkpoint"/> into <see cref="DirectoryFor"/> and returns that directory.</summary>
    /// <exception cref="CheckpointException">The directory or file cannot be written.</exception>
    public static string Write<T>(string root, TrainingCheckpoint<T> checkpoint) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string dir = DirectoryFor(root, checkpoint.Epochs);
        string path = Path.Combine(dir, FileName);
        try
        {
            Directory.CreateDirectory(dir);
            var bytes = Encode(checkpoint);
            string temp = path + ".tmp";
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"training checkpoint {path}: cannot be written: {ex.Message}", ex);
        }
        return dir;
    }

    /// <summary>
    /// The checkpoint file <paramref name="path"/> names: the file itself, a directory holding <see cref="FileName"/>, or a
    /// directory of <c>epoch-NNNN</c> checkpoints (the one with the most epochs).
    /// </summary>
    /// <exception cref="CheckpointException">There is no training checkpoint there.</exception>
    public static string Locate(string path)
    {
        if (File.Exists(path)) return path;
        if (!Directory.Exists(path)) throw new CheckpointException($"training checkpoint {path}: no such file or directory");
        string direct = Path.Combine(path, FileName);
        if (File.Exists(direct)) return direct;
        var latest = Directory.GetDirectories(path, "epoch-*")
            .Select(d => (Dir: d, Ok: int.TryParse(Path.GetFileName(d)["epoch-".Length..], out int n), N: n))
            .Where(d => d.Ok && File.Exists(Path.Combine(d.Dir, FileName)))
            .OrderByDescending(d => d.N).FirstOrDefault();
        return latest.Dir is null
            ? throw new CheckpointException($"training checkpoint {path}: holds no {FileName}, nor epoch-NNNN directories with one")
            : Path.Combine(latest.Dir, FileName);
    }

    /// <summary>Reads the checkpoint at <paramref name="path"/> (see <see cref="Locate"/>) and checks it belongs to <paramref name="spec"/>.</summary>
    /// <exception cref="CheckpointException">Missing, damaged, of another precision, or written for another config.</exception>
    public static TrainingCheckpoint<T> Read<T>(string path, TrainingSpec spec) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string file = Locate(path);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(file); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"training checkpoint {file}: cannot be read: {ex.Message}", ex);
        }
        var checkpoint = Decode<T>(bytes, file);
        CheckBelongs(checkpoint, spec, file);
        return checkpoint;
    }

    /// <summary>The checkpoint's bytes: magic, version, fields, SHA-256.</summary>
    public static byte[] Encode<T>(TrainingCheckpoint<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(TensorBlocks.ElementBytes<T>());
            w.Write(c.SpecJson);
            w.Write(c.Epochs);
            w.Write(c.OptimizerSteps);
            WriteSet(w, c.Parameters);
            w.Write(c.OptimizerState.Count);
            foreach (var s in c.OptimizerState) WriteSet(w, s);
            w.Write(c.Reports.Count);
            foreach (var r in c.Reports) WriteReport(w, r);
        }
        var body = stream.ToArray();
        var all = new byte[body.Length + HashBytes];
        body.CopyTo(all, 0);
        SHA256.HashData(body, all.AsSpan(body.Length));
        return all;
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote; <paramref name="file"/> names it in errors.</summary>
    /// <exception cref="CheckpointException">The bytes are damaged, truncated, of another format or precision.</exception>
    public static TrainingCheckpoint<T> Decode<T>(byte[] bytes, string file) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (bytes.Length < Magic.Length + HashBytes || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointException($"training checkpoint {file}: not a NeuroActors training checkpoint (its first bytes are not the format's)");
        var body = bytes.AsSpan(0, bytes.Length - HashBytes);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashBytes)))
            throw new CheckpointException($"training checkpoint {file}: checksum mismatch: the file is damaged or truncated");
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, Magic.Length, body.Length - Magic.Length), Encoding.UTF8);
            int version = r.ReadInt32();
            if (version != FormatVersion)
                throw new CheckpointException($"training checkpoint {file}: format version {version}; this build reads version {FormatVersion}");
            int element = r.ReadInt32();
            if (element != TensorBlocks.ElementBytes<T>())
                throw new CheckpointException($"training checkpoint {file}: holds {element * 8}-bit values; the run's precision is {TensorBlocks.ElementBytes<T>() * 8}-bit");
            string spec = r.ReadString();
            int epochs = r.ReadInt32();
            long steps = r.ReadInt64();
            var parameters = ReadSet<T>(r);
            var state = new ParameterSet<T>[Count(r, 1 << 16)];
            for (int i = 0; i < state.Length; i++) state[i] = ReadSet<T>(r);
            var reports = new EpochReport[Count(r, 1 << 24)];
            for (int i = 0; i < reports.Length; i++) reports[i] = ReadReport(r);
            if (r.BaseStream.Position != r.BaseStream.Length) throw new InvalidDataException("bytes left after the last field");
            if (epochs < 0 || steps < 0 || reports.Length != epochs) throw new InvalidDataException($"{epochs} epochs with {reports.Length} reports");
            return new TrainingCheckpoint<T>(spec, epochs, parameters, state, steps, reports);
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or ArgumentException or OverflowException or FormatException)
        {
            throw new CheckpointException($"training checkpoint {file}: malformed: {ex.Message}", ex);
        }
    }

    private static void CheckBelongs<T>(TrainingCheckpoint<T> c, TrainingSpec spec, string file) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TrainingSpec theirs;
        try { theirs = TrainingSpecJson.Deserialize(c.SpecJson); }
        catch (ArgumentException ex) { throw new CheckpointException($"training checkpoint {file}: its config cannot be read: {ex.Message}", ex); }
        // What decides the parameters' meaning and the order of the work must agree; epochs and names may change.
        (string Field, string Theirs, string Ours)[] fields =
        [
            ("network", TrainingSpecJson.SerializePart(theirs.Network), TrainingSpecJson.SerializePart(spec.Network)),
            ("dataset", TrainingSpecJson.SerializePart(theirs.Dataset), TrainingSpecJson.SerializePart(spec.Dataset)),
            ("optimizer", TrainingSpecJson.SerializePart(theirs.Optimizer), TrainingSpecJson.SerializePart(spec.Optimizer)),
            ("batch_size", theirs.BatchSize.ToString(), spec.BatchSize.ToString()),
            ("chunk_size", theirs.ChunkSize.ToString(), spec.ChunkSize.ToString()),
            ("seed", theirs.Seed.ToString(), spec.Seed.ToString()),
        ];
        foreach (var (field, a, b) in fields)
            if (a != b)
                throw new CheckpointException(a.Length + b.Length < 200
                    ? $"training checkpoint {file}: was written for another config: its {field} is {a}, the config's {b}"
                    : $"training checkpoint {file}: was written for another config: its {field} differs from the config's");
    }

    private static int Count(BinaryReader r, int max)
    {
        int n = r.ReadInt32();
        return n < 0 || n > max ? throw new InvalidDataException($"a count of {n}") : n;
    }

    private static void WriteSet<T>(BinaryWriter w, ParameterSet<T> set) where T : unmanaged, IFloatingPointIeee754<T>
    {
        w.Write(set.Tensors.Count);
        foreach (var t in set.Tensors)
        {
            w.Write(t.Name);
            w.Write(t.Shape.Length);
            foreach (int d in t.Shape) w.Write(d);
            w.Write(t.Values.Length);
            w.Write(MemoryMarshal.AsBytes(t.Values.AsSpan()));
        }
    }

    private static ParameterSet<T> ReadSet<T>(BinaryReader r) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = new ParameterTensor<T>[Count(r, 1 << 16)];
        for (int i = 0; i < tensors.Length; i++)
        {
            string name = r.ReadString();
            var shape = new int[Count(r, 8)];
            long product = 1;
            for (int d = 0; d < shape.Length; d++) { shape[d] = Count(r, int.MaxValue); product *= shape[d]; }
            int length = Count(r, int.MaxValue);
            if (length != product) throw new InvalidDataException($"tensor {name} has {length} values for shape [{string.Join(", ", shape)}]");
            if ((long)length * TensorBlocks.ElementBytes<T>() > r.BaseStream.Length - r.BaseStream.Position) throw new EndOfStreamException($"tensor {name} is cut short");
            var values = new T[length];
            r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            tensors[i] = new ParameterTensor<T>(name, shape, values);
        }
        return new ParameterSet<T>(tensors);
    }

    private static void WriteReport(BinaryWriter w, EpochReport r)
    {
        w.Write(r.Epoch);
        w.Write(r.TrainLoss); w.Write(r.TrainAccuracy); w.Write(r.TestLoss); w.Write(r.TestAccuracy);
        WriteDoubles(w, r.SpikesPerSample);
        WriteDoubles(w, r.TestSpikesPerSample);
        w.Write(r.Seconds); w.Write(r.SamplesPerSecond); w.Write(r.LearningRate); w.Write(r.Steps);
    }

    private static EpochReport ReadReport(BinaryReader r) => new(r.ReadInt32(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(),
        ReadDoubles(r), ReadDoubles(r), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadInt64());

    private static void WriteDoubles(BinaryWriter w, double[] values)
    {
        w.Write(values.Length);
        foreach (double v in values) w.Write(v);
    }

    private static double[] ReadDoubles(BinaryReader r)
    {
        var values = new double[Count(r, 1 << 16)];
        for (int i = 0; i < values.Length; i++) values[i] = r.ReadDouble();
        return values;
    }
}
