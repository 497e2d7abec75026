using System.Buffers;
using Akka.Actor;
using Akka.Serialization;
using NeuroActors.Kernel.Shard;
using NeuroActors.Runtime.Cluster;
using NeuroActors.Runtime.Training;

namespace NeuroActors.Runtime.Wire;

/// <summary>
/// The Akka.NET serializer for every message that crosses between NeuroActors actors, so that the same actors can
/// run across nodes with Akka.Remote. Each message is hand-written MessagePack (no reflection, no type names on the
/// wire): a leading format version and the fields, with a short manifest per type (<see cref="WireManifests"/>).
/// Reading treats the bytes as hostile and fails only with <see cref="WireFormatException"/>. Bind it with
/// <see cref="WireConfig.Hocon"/>.
/// </summary>
public sealed class NeuroActorsSerializer : SerializerWithStringManifest
{
    /// <summary>
    /// The serializer's identifier on the wire. Fixed (above Akka's reserved range 0–100) because both ends of a
    /// connection must agree on it; never change it.
    /// </summary>
    public const int SerializerId = 4711;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    // Per actor system, not per process: several systems share a process in tests, and each node reports its own.
    private long _malformed, _ticks;

    /// <summary>Wall time this actor system has spent encoding and decoding messages since it started.</summary>
    public double SerializationSeconds => (double)Interlocked.Read(ref _ticks) / System.Diagnostics.Stopwatch.Frequency;

    /// <summary>Messages this actor system refused to decode since it started (also the <c>neuroactors.packets.malformed</c> metric).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>The instance serving <paramref name="system"/> (one per actor system, bound by <see cref="WireConfig.Hocon"/>).</summary>
    public static NeuroActorsSerializer For(ActorSystem system) =>
        (NeuroActorsSerializer)system.Serialization.FindSerializerForType(typeof(SpikePacket));

    /// <summary>Creates the serializer; Akka.NET calls this with the system it serves.</summary>
    public NeuroActorsSerializer(ExtendedActorSystem system) : base(system) { }

    /// <inheritdoc/>
    public override int Identifier => SerializerId;

    /// <inheritdoc/>
    public override string Manifest(object o) => o switch
    {
        SpikePacket => WireManifests.SpikePacket,
        SpikePacketChunk => WireManifests.SpikePacketChunk,
        BuildShard => WireManifests.BuildShard,
        ShardBuilt => WireManifests.ShardBuilt,
        RunSegment => WireManifests.RunSegment,
        ShardProgress => WireManifests.ShardProgress,
        SegmentDone => WireManifests.SegmentDone,
        CollectResults => WireManifests.CollectResults,
        ShardResults => WireManifests.ShardResults,
        ShardRecordings => WireManifests.ShardRecordings,
        ShardWeightRecords => WireManifests.ShardWeightRecords,
        HostShards => WireManifests.HostShards,
        ShardsHosted => WireManifests.ShardsHosted,
        HostRefused => WireManifests.HostRefused,
        ReleaseShards => WireManifests.ReleaseShards,
        ReportNodeStats => WireManifests.ReportNodeStats,
        NodeStats => WireManifests.NodeStats,
        KeepSnapshot => WireManifests.KeepSnapshot,
        SnapshotKept => WireManifests.SnapshotKept,
        RestoreSnapshot => WireManifests.RestoreSnapshot,
        DropSnapshot => WireManifests.DropSnapshot,
        SaveSnapshot => WireManifests.SaveSnapshot,
        ShardRestored => WireManifests.ShardRestored,
        ResetShard => WireManifests.ResetShard,
        SetShardTrial => WireManifests.SetShardTrial,
        SetShardParameter => WireManifests.SetShardParameter,
        SetShardRates => WireManifests.SetShardRates,
        SetShardSpikeTimes => WireManifests.SetShardSpikeTimes,
        ShardChanged => WireManifests.ShardChanged,
        GetShardWeights => WireManifests.GetShardWeights,
        WeightChunk => WireManifests.WeightChunk,
        CheckpointBytes => WireManifests.CheckpointBytes,
        CheckpointPart => WireManifests.CheckpointPart,
        ShardRefused => WireManifests.ShardRefused,
        TrainingParameters => WireManifests.TrainingParameters,
        TrainEpoch => WireManifests.TrainEpoch,
        EvaluateChunk => WireManifests.EvaluateChunk,
        ChunkGradient => WireManifests.ChunkGradient,
        BatchStepped => WireManifests.BatchStepped,
        EpochTrained => WireManifests.EpochTrained,
        GradientLinkOffer => WireManifests.GradientLinkOffer,
        ChunkEvaluated => WireManifests.ChunkEvaluated,
        TrainingWorkFailed => WireManifests.TrainingWorkFailed,
        HostTrainingWorker => WireManifests.HostTrainingWorker,
        TrainingWorkerHosted => WireManifests.TrainingWorkerHosted,
        _ => throw Unsupported(o),
    };

    /// <inheritdoc/>
    public override byte[] ToBinary(object obj)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try { return Encode(obj); }
        finally { Measured(start); }
    }

    private byte[] Encode(object obj)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var w = new WireWriter(buffer, Manifest(obj));
        switch (obj)
        {
            case SpikePacket m: SpikePacketCodec.Write(ref w, m); break;
            case SpikePacketChunk m: SpikePacketCodec.Write(ref w, m); break;
            case BuildShard m: CheckpointCodec.Write(ref w, m); break;
            case ShardBuilt m: ControlCodec.Write(ref w, m); break;
            case RunSegment m: RunSegmentCodec.Write(ref w, m); break;
            case ShardProgress m: ControlCodec.Write(ref w, m); break;
            case SegmentDone m: ControlCodec.Write(ref w, m); break;
            case CollectResults: ControlCodec.WriteEmpty(ref w); break;
            case ShardResults m: ResultsCodec.Write(ref w, m); break;
            case ShardRecordings m: ResultsCodec.Write(ref w, m); break;
            case ShardWeightRecords m: WeightRecordsCodec.Write(ref w, m); break;
            case HostShards m: ClusterCodec.Write(ref w, m); break;
            case ShardsHosted m: ClusterCodec.Write(ref w, m); break;
            case HostRefused m: ClusterCodec.Write(ref w, m); break;
            case ReleaseShards m: ClusterCodec.Write(ref w, m); break;
            case ReportNodeStats m: ClusterCodec.Write(ref w, m); break;
            case NodeStats m: ClusterCodec.Write(ref w, m); break;
            case KeepSnapshot m: SnapshotCodec.Write(ref w, m); break;
            case SnapshotKept m: SnapshotCodec.Write(ref w, m); break;
            case RestoreSnapshot m: SnapshotCodec.Write(ref w, m); break;
            case DropSnapshot m: SnapshotCodec.Write(ref w, m); break;
            case SaveSnapshot m: SnapshotCodec.Write(ref w, m); break;
            case ShardRestored m: SnapshotCodec.Write(ref w, m); break;
            case ResetShard m: SessionCodec.Write(ref w, m); break;
            case SetShardTrial m: SessionCodec.Write(ref w, m); break;
            case SetShardParameter m: SessionCodec.Write(ref w, m); break;
            case SetShardRates m: SessionCodec.Write(ref w, m); break;
            case SetShardSpikeTimes m: SessionCodec.Write(ref w, m); break;
            case ShardChanged m: SessionCodec.Write(ref w, m); break;
            case GetShardWeights m: SessionCodec.Write(ref w, m); break;
            case WeightChunk m: SessionCodec.Write(ref w, m); break;
            case CheckpointBytes m: CheckpointCodec.Write(ref w, m); break;
            case CheckpointPart m: CheckpointCodec.Write(ref w, m); break;
            case ShardRefused m: CheckpointCodec.Write(ref w, m); break;
            case TrainingParameters m: TrainingCodec.Write(ref w, m); break;
            case TrainEpoch m: TrainingCodec.Write(ref w, m); break;
            case EvaluateChunk m: TrainingCodec.Write(ref w, m); break;
            case ChunkGradient m: TrainingCodec.Write(ref w, m); break;
            case BatchStepped m: TrainingCodec.Write(ref w, m); break;
            case EpochTrained m: TrainingCodec.Write(ref w, m); break;
            case GradientLinkOffer m: TrainingCodec.Write(ref w, m); break;
            case ChunkEvaluated m: TrainingCodec.Write(ref w, m); break;
            case TrainingWorkFailed m: TrainingCodec.Write(ref w, m); break;
            case HostTrainingWorker m: TrainingCodec.Write(ref w, m); break;
            case TrainingWorkerHosted m: TrainingCodec.Write(ref w, m); break;
            default: throw Unsupported(obj);
        }
        w.Flush();
        var bytes = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 1 << 20) t_buffer = null; // do not keep a snapshot-sized buffer alive on every thread
        return bytes;
    }

    /// <inheritdoc/>
    /// <exception cref="WireFormatException">The manifest is unknown or the bytes are not a valid message of that manifest.</exception>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try { return Decode(bytes, manifest); }
        catch (WireFormatException)
        {
            // Akka.Remote only logs a message it cannot read; count it here so that nothing is lost silently.
            Interlocked.Increment(ref _malformed);
            Telemetry.NeuroActorsTelemetry.RecordMalformed(system.Provider.DefaultAddress.ToString());
            throw;
        }
        finally { Measured(start); }
    }

    private object Decode(byte[] bytes, string manifest)
    {
        if (bytes is null) throw new WireFormatException($"{manifest}: no bytes");
        var r = new WireReader(bytes, manifest);
        object message = manifest switch
        {
            WireManifests.SpikePacket => SpikePacketCodec.Read(ref r),
            WireManifests.SpikePacketChunk => SpikePacketCodec.ReadChunk(ref r),
            WireManifests.BuildShard => CheckpointCodec.ReadBuildShard(ref r),
            WireManifests.ShardBuilt => ControlCodec.ReadShardBuilt(ref r),
            WireManifests.RunSegment => RunSegmentCodec.Read(ref r, system),
            WireManifests.ShardProgress => ControlCodec.ReadShardProgress(ref r),
            WireManifests.SegmentDone => ControlCodec.ReadSegmentDone(ref r),
            WireManifests.CollectResults => ControlCodec.ReadCollectResults(ref r),
            WireManifests.ShardResults => ResultsCodec.Read(ref r),
            WireManifests.ShardRecordings => ResultsCodec.ReadShardRecordings(ref r),
            WireManifests.ShardWeightRecords => WeightRecordsCodec.Read(ref r),
            WireManifests.HostShards => ClusterCodec.ReadHostShards(ref r),
            WireManifests.ShardsHosted => ClusterCodec.ReadShardsHosted(ref r, system),
            WireManifests.HostRefused => ClusterCodec.ReadHostRefused(ref r),
            WireManifests.ReleaseShards => ClusterCodec.ReadReleaseShards(ref r),
            WireManifests.ReportNodeStats => ClusterCodec.ReadReportNodeStats(ref r),
            WireManifests.NodeStats => ClusterCodec.ReadNodeStats(ref r),
            WireManifests.KeepSnapshot => SnapshotCodec.ReadKeepSnapshot(ref r),
            WireManifests.SnapshotKept => SnapshotCodec.ReadSnapshotKept(ref r),
            WireManifests.RestoreSnapshot => SnapshotCodec.ReadRestoreSnapshot(ref r),
            WireManifests.DropSnapshot => SnapshotCodec.ReadDropSnapshot(ref r),
            WireManifests.SaveSnapshot => SnapshotCodec.ReadSaveSnapshot(ref r),
            WireManifests.ShardRestored => SnapshotCodec.ReadShardRestored(ref r),
            WireManifests.ResetShard => SessionCodec.ReadResetShard(ref r),
            WireManifests.SetShardTrial => SessionCodec.ReadSetShardTrial(ref r),
            WireManifests.SetShardParameter => SessionCodec.ReadSetShardParameter(ref r),
            WireManifests.SetShardRates => SessionCodec.ReadSetShardRates(ref r),
            WireManifests.SetShardSpikeTimes => SessionCodec.ReadSetShardSpikeTimes(ref r),
            WireManifests.ShardChanged => SessionCodec.ReadShardChanged(ref r),
            WireManifests.GetShardWeights => SessionCodec.ReadGetShardWeights(ref r),
            WireManifests.WeightChunk => SessionCodec.ReadWeightChunk(ref r),
            WireManifests.CheckpointBytes => CheckpointCodec.ReadCheckpointBytes(ref r),
            WireManifests.CheckpointPart => CheckpointCodec.ReadCheckpointPart(ref r),
            WireManifests.ShardRefused => CheckpointCodec.ReadShardRefused(ref r),
            WireManifests.TrainingParameters => TrainingCodec.ReadTrainingParameters(ref r),
            WireManifests.TrainEpoch => TrainingCodec.ReadTrainEpoch(ref r, system),
            WireManifests.EvaluateChunk => TrainingCodec.ReadEvaluateChunk(ref r),
            WireManifests.ChunkGradient => TrainingCodec.ReadChunkGradient(ref r),
            WireManifests.BatchStepped => TrainingCodec.ReadBatchStepped(ref r),
            WireManifests.EpochTrained => TrainingCodec.ReadEpochTrained(ref r),
            WireManifests.GradientLinkOffer => TrainingCodec.ReadGradientLinkOffer(ref r),
            WireManifests.ChunkEvaluated => TrainingCodec.ReadChunkEvaluated(ref r),
            WireManifests.TrainingWorkFailed => TrainingCodec.ReadTrainingWorkFailed(ref r),
            WireManifests.HostTrainingWorker => TrainingCodec.ReadHostTrainingWorker(ref r),
            WireManifests.TrainingWorkerHosted => TrainingCodec.ReadTrainingWorkerHosted(ref r, system),
            _ => throw new WireFormatException($"unknown manifest '{manifest}': this build reads {string.Join(", ", WireManifests.All.Select(t => t.Manifest))}"),
        };
        r.ExpectEnd();
        return message;
    }

    private void Measured(long start)
    {
        long ticks = System.Diagnostics.Stopwatch.GetTimestamp() - start;
        Interlocked.Add(ref _ticks, ticks);
        Telemetry.NeuroActorsTelemetry.RecordSerialization((double)ticks / System.Diagnostics.Stopwatch.Frequency);
    }

    private static WireFormatException Unsupported(object? o) =>
        new($"{o?.GetType().FullName ?? "null"} is not a NeuroActors wire message");
}
