using Akka.Actor;
using NeuroActors.Runtime.Training;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Layout of the training coordinator's messages, each a version (the manifest's digit) followed by its fields. A tensor block is: names
/// (array of strings), shapes (array of int arrays), element bytes (4 or 8), offset, total, values (a binary blob of
/// little-endian values, a whole number of elements). Chunk statistics: loss sum (double), correct, samples, spikes per
/// layer (an int64 blob). TP2 TrainingParameters: version, set, block. TE1 TrainEpoch: attempt, version, state included,
/// epoch, seed (the int64 of the same bits), batch size, chunk size, train samples, worker index, worker refs (as in RS2),
/// learning rate, optimizer steps. EC1 EvaluateChunk: task, version, epoch, chunk, samples. CG3 ChunkGradient: attempt,
/// batch, first chunk, end chunk, stats, block. BS1 BatchStepped: attempt, batch, version, stats, fingerprint (the int64
/// of the same bits). ET1 EpochTrained: attempt, version, optimizer steps, fingerprint. GL1 GradientLinkOffer: host, port, token (a byte blob of
/// 32). CE1 ChunkEvaluated: task, stats, predictions. TF1 TrainingWorkFailed: task (−1: the epoch's training), error. HT1 HostTrainingWorker: run id,
/// spec JSON, base directory. TH1 TrainingWorkerHosted: run id, the worker's ref (as in RS2).
/// </summary>
internal static class TrainingCodec
{
    public const int Version = 1;

    /// <summary>Layout of the messages whose manifests end in 2 (TP2).</summary>
    public const int Version2 = 2;

    /// <summary>Layout of the messages whose manifests end in 3 (CG3).</summary>
    public const int Version3 = 3;

    /// <summary>Longest tensor name, run id or directory accepted.</summary>
    public const int MaxNameChars = 4096;

    /// <summary>Most tensors in a set and most dimensions of one.</summary>
    public const int MaxTensors = 65_536, MaxRank = 8;

    /// <summary>Longest accepted spec JSON or error text.</summary>
    public const int MaxTextChars = Cluster.ClusterSettings.MaximumFrameBytes;

    private static void WriteBlock(ref WireWriter w, TensorBlock b)
    {
        if (b.Names.Length != b.Shapes.Length) throw w.Fail("tensor block", $"has {b.Names.Length} names and {b.Shapes.Length} shapes");
        if (b.ElementBytes is not (4 or 8)) throw w.Fail("element bytes", $"is {b.ElementBytes}; must be 4 or 8");
        if (b.Bytes.Length % b.ElementBytes != 0) throw w.Fail("values", $"hold {b.Bytes.Length} bytes, not whole {b.ElementBytes}-byte values");
        w.WriteCount(b.Names.Length);
        foreach (var name in b.Names) w.Write(name);
        w.WriteCount(b.Shapes.Length);
        foreach (var shape in b.Shapes) w.WriteInt32Array(shape, "shape", 0);
        w.Write(b.ElementBytes);
        w.WriteNonNegative(b.Offset, "offset");
        w.WriteNonNegative(b.Total, "total");
        w.WriteBlob(b.Bytes);
    }

    private static TensorBlock ReadBlock(ref WireReader r)
    {
        int count = r.ReadCount("names", 1);
        if (count > MaxTensors) throw r.Fail("names", $"has {count} tensors; at most {MaxTensors} are accepted");
        var names = new string[count];
        for (int i = 0; i < count; i++) names[i] = r.ReadString("name", MaxNameChars);
        int shapesCount = r.ReadCount("shapes", 1);
        if (shapesCount != count) throw r.Fail("shapes", $"has {shapesCount} entries for {count} names");
        var shapes = new int[count][];
        for (int i = 0; i < count; i++)
        {
            shapes[i] = r.ReadInt32Array("shape", 0);
            if (shapes[i].Length > MaxRank) throw r.Fail("shape", $"has {shapes[i].Length} dimensions; at most {MaxRank} are accepted");
        }
        int element = r.ReadInt32("element bytes");
        if (element is not (4 or 8)) throw r.Fail("element bytes", $"is {element}; must be 4 or 8");
        long offset = r.ReadNonNegativeInt64("offset"), total = r.ReadNonNegativeInt64("total");
        var bytes = r.ReadByteBlob("values");
        if (bytes.Length % element != 0) throw r.Fail("values", $"hold {bytes.Length} bytes, not whole {element}-byte values");
        if (offset > total || bytes.Length / element > total - offset)
            throw r.Fail("values", $"hold {bytes.Length / element} values at offset {offset} of a set of {total}");
        return new TensorBlock(names, shapes, element, offset, total, bytes);
    }

    private static void WriteStats(ref WireWriter w, ChunkStats s)
    {
        w.Write(s.LossSum);
        w.WriteNonNegative(s.Correct, "correct");
        w.WriteNonNegative(s.Samples, "samples");
        w.WriteInt64Blob(s.SpikesPerLayer);
    }

    private static ChunkStats ReadStats(ref WireReader r)
    {
        double loss = r.ReadDouble("loss sum");
        int correct = r.ReadNonNegativeInt32("correct"), samples = r.ReadNonNegativeInt32("samples");
        return new ChunkStats(loss, correct, samples, r.ReadInt64Blob("spikes per layer"));
    }

    public static void Write(ref WireWriter w, TrainingParameters m)
    {
        w.Write(Version2);
        w.WriteNonNegative(m.Version, "version");
        w.WriteNonNegative(m.Set, "set");
        WriteBlock(ref w, m.Block);
    }

    public static TrainingParameters ReadTrainingParameters(ref WireReader r)
    {
        r.ReadVersion(Version2);
        long version = r.ReadNonNegativeInt64("version");
        int set = r.ReadNonNegativeInt32("set");
        if (set > MaxTensors) throw r.Fail("set", $"is {set}; at most {MaxTensors} are accepted");
        return new TrainingParameters(version, set, ReadBlock(ref r));
    }

    public static void Write(ref WireWriter w, TrainEpoch m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Attempt, "attempt");
        w.WriteNonNegative(m.Version, "version");
        w.Write(m.StateIncluded);
        w.WriteNonNegative(m.Epoch, "epoch");
        w.Write(unchecked((long)m.Seed));
        w.WriteNonNegative(m.BatchSize, "batch size");
        w.WriteNonNegative(m.ChunkSize, "chunk size");
        w.WriteNonNegative(m.TrainSamples, "train samples");
        w.WriteNonNegative(m.Worker, "worker");
        RunSegmentCodec.WriteRefs(ref w, m.Workers);
        w.Write(m.LearningRate);
        w.WriteNonNegative(m.OptimizerSteps, "optimizer steps");
    }

    public static TrainEpoch ReadTrainEpoch(ref WireReader r, ExtendedActorSystem system)
    {
        r.ReadVersion(Version);
        long attempt = r.ReadNonNegativeInt64("attempt"), version = r.ReadNonNegativeInt64("version");
        bool state = r.ReadBoolean("state included");
        int epoch = r.ReadNonNegativeInt32("epoch");
        ulong seed = unchecked((ulong)r.ReadInt64("seed"));
        int batch = r.ReadNonNegativeInt32("batch size"), chunk = r.ReadNonNegativeInt32("chunk size"), samples = r.ReadNonNegativeInt32("train samples");
        int worker = r.ReadNonNegativeInt32("worker");
        var workers = RunSegmentCodec.ReadRefs(ref r, system);
        if (worker >= workers.Length) throw r.Fail("worker", $"is {worker}, beyond the {workers.Length} workers");
        double rate = r.ReadDouble("learning rate");
        return new TrainEpoch(attempt, version, state, epoch, seed, batch, chunk, samples, worker, workers, rate, r.ReadNonNegativeInt64("optimizer steps"));
    }

    public static void Write(ref WireWriter w, EvaluateChunk m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Task, "task");
        w.WriteNonNegative(m.Version, "version");
        w.WriteNonNegative(m.Epoch, "epoch");
        w.WriteNonNegative(m.Chunk, "chunk");
        w.WriteInt32Array(m.Samples, "samples", 0);
    }

    public static EvaluateChunk ReadEvaluateChunk(ref WireReader r)
    {
        r.ReadVersion(Version);
        long task = r.ReadNonNegativeInt64("task"), version = r.ReadNonNegativeInt64("version");
        int epoch = r.ReadNonNegativeInt32("epoch"), chunk = r.ReadNonNegativeInt32("chunk");
        return new EvaluateChunk(task, version, epoch, chunk, r.ReadInt32Array("samples", 0));
    }

    public static void Write(ref WireWriter w, ChunkGradient m)
    {
        if (m.First >= m.End) throw w.Fail("chunks", $"[{m.First}, {m.End}) hold no chunk");
        w.Write(Version3);
        w.WriteNonNegative(m.Attempt, "attempt");
        w.WriteNonNegative(m.Batch, "batch");
        w.WriteNonNegative(m.First, "first chunk");
        w.WriteNonNegative(m.End, "end chunk");
        WriteStats(ref w, m.Stats);
        WriteBlock(ref w, m.Block);
    }

    public static ChunkGradient ReadChunkGradient(ref WireReader r)
    {
        r.ReadVersion(Version3);
        long attempt = r.ReadNonNegativeInt64("attempt");
        int batch = r.ReadNonNegativeInt32("batch"), first = r.ReadNonNegativeInt32("first chunk"), end = r.ReadNonNegativeInt32("end chunk");
        if (first >= end) throw r.Fail("end chunk", $"is {end}; it must exceed the first chunk, {first}");
        var stats = ReadStats(ref r);
        return new ChunkGradient(attempt, batch, first, end, stats, ReadBlock(ref r));
    }

    public static void Write(ref WireWriter w, BatchStepped m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Attempt, "attempt");
        w.WriteNonNegative(m.Batch, "batch");
        w.WriteNonNegative(m.Version, "version");
        WriteStats(ref w, m.Stats);
        w.Write(unchecked((long)m.Fingerprint));
    }

    public static BatchStepped ReadBatchStepped(ref WireReader r)
    {
        r.ReadVersion(Version);
        long attempt = r.ReadNonNegativeInt64("attempt");
        int batch = r.ReadNonNegativeInt32("batch");
        long version = r.ReadNonNegativeInt64("version");
        var stats = ReadStats(ref r);
        return new BatchStepped(attempt, batch, version, stats, unchecked((ulong)r.ReadInt64("fingerprint")));
    }

    public static void Write(ref WireWriter w, EpochTrained m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Attempt, "attempt");
        w.WriteNonNegative(m.Version, "version");
        w.WriteNonNegative(m.OptimizerSteps, "optimizer steps");
        w.Write(unchecked((long)m.Fingerprint));
    }

    public static EpochTrained ReadEpochTrained(ref WireReader r)
    {
        r.ReadVersion(Version);
        long attempt = r.ReadNonNegativeInt64("attempt"), version = r.ReadNonNegativeInt64("version"), steps = r.ReadNonNegativeInt64("optimizer steps");
        return new EpochTrained(attempt, version, steps, unchecked((ulong)r.ReadInt64("fingerprint")));
    }

    public static void Write(ref WireWriter w, GradientLinkOffer m)
    {
        if (m.Token.Length != 32) throw w.Fail("token", $"holds {m.Token.Length} bytes; 32 are expected");
        w.Write(Version);
        w.Write(m.Host);
        w.WriteNonNegative(m.Port, "port");
        w.WriteBlob(m.Token);
    }

    public static GradientLinkOffer ReadGradientLinkOffer(ref WireReader r)
    {
        r.ReadVersion(Version);
        string host = r.ReadString("host", MaxNameChars);
        int port = r.ReadNonNegativeInt32("port");
        if (port is 0 or > 65_535) throw r.Fail("port", $"is {port}; 1 to 65535");
        var token = r.ReadByteBlob("token");
        if (token.Length != 32) throw r.Fail("token", $"holds {token.Length} bytes; 32 are expected");
        return new GradientLinkOffer(host, port, token);
    }

    public static void Write(ref WireWriter w, ChunkEvaluated m)
    {
        w.Write(Version);
        w.WriteNonNegative(m.Task, "task");
        WriteStats(ref w, m.Stats);
        w.WriteInt32Array(m.Predictions, "predictions", 0);
    }

    public static ChunkEvaluated ReadChunkEvaluated(ref WireReader r)
    {
        r.ReadVersion(Version);
        long task = r.ReadNonNegativeInt64("task");
        var stats = ReadStats(ref r);
        return new ChunkEvaluated(task, stats, r.ReadInt32Array("predictions", 0));
    }

    public static void Write(ref WireWriter w, TrainingWorkFailed m)
    {
        w.Write(Version);
        w.Write(m.Task);
        w.Write(m.Error.Length > SessionCodec.MaxTextChars ? m.Error[..SessionCodec.MaxTextChars] : m.Error);
    }

    public static TrainingWorkFailed ReadTrainingWorkFailed(ref WireReader r)
    {
        r.ReadVersion(Version);
        long task = r.ReadInt64("task");
        if (task < TrainingWorkFailed.TrainingTask) throw r.Fail("task", $"is {task}; a task number or {TrainingWorkFailed.TrainingTask} (the epoch's training)");
        return new TrainingWorkFailed(task, r.ReadString("error", SessionCodec.MaxTextChars));
    }

    public static void Write(ref WireWriter w, HostTrainingWorker m)
    {
        w.Write(Version);
        w.Write(m.RunId);
        w.Write(m.SpecJson);
        w.Write(m.BaseDirectory);
    }

    public static HostTrainingWorker ReadHostTrainingWorker(ref WireReader r)
    {
        r.ReadVersion(Version);
        string runId = r.ReadString("run id", MaxNameChars);
        string spec = r.ReadString("spec", MaxTextChars);
        return new HostTrainingWorker(runId, spec, r.ReadString("base directory", MaxNameChars));
    }

    public static void Write(ref WireWriter w, TrainingWorkerHosted m)
    {
        w.Write(Version);
        w.Write(m.RunId);
        RunSegmentCodec.WriteRefs(ref w, [m.Worker]);
    }

    public static TrainingWorkerHosted ReadTrainingWorkerHosted(ref WireReader r, ExtendedActorSystem system)
    {
        r.ReadVersion(Version);
        string runId = r.ReadString("run id", MaxNameChars);
        var refs = RunSegmentCodec.ReadRefs(ref r, system);
        if (refs.Length != 1) throw r.Fail("worker", $"has {refs.Length} refs; exactly 1 is expected");
        return new TrainingWorkerHosted(runId, refs[0]);
    }
}
