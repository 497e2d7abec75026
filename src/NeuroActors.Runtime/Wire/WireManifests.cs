namespace NeuroActors.Runtime.Wire;

/// <summary>
/// The string manifest of every message type that crosses between actors. A manifest names the type and the
/// major version of its layout, so it must never change once published: a new layout gets a new manifest (and a
/// new leading format version) while readers keep the old one as long as old senders may exist.
/// </summary>
public static class WireManifests
{
    /// <summary><see cref="Kernel.Shard.SpikePacket"/>, layout 2 (routing keys; layout 1 carried gids): the per-window hot path, kept smallest.</summary>
    public const string SpikePacket = "SP2";
    /// <summary><see cref="Wire.SpikePacketChunk"/>, layout 2 (routing keys): a slice of a packet too big for one remote frame.</summary>
    public const string SpikePacketChunk = "SPC2";
    /// <summary><see cref="Runtime.BuildShard"/>, layout 2 (an optional checkpoint manifest; layout 1 carried the whole checkpoint).</summary>
    public const string BuildShard = "BS2";
    /// <summary><see cref="Runtime.ShardBuilt"/>, layout 2 (the backend's figures).</summary>
    public const string ShardBuilt = "SB2";
    /// <summary><see cref="Runtime.RunSegment"/>, layout 2 (packets per window; actor refs as serialized paths).</summary>
    public const string RunSegment = "RS2";
    /// <summary><see cref="Runtime.ShardProgress"/>, layout 1.</summary>
    public const string ShardProgress = "PR1";
    /// <summary><see cref="Runtime.SegmentDone"/>, layout 1.</summary>
    public const string SegmentDone = "SD1";
    /// <summary><see cref="Runtime.CollectResults"/>, layout 1.</summary>
    public const string CollectResults = "CR1";
    /// <summary><see cref="Runtime.ShardResults"/>, layout 3 (counters and the backend's own counters; layout 2 had no backend counters, layout 1 also carried the recordings).</summary>
    public const string ShardResults = "RE3";
    /// <summary><see cref="Runtime.ShardRecordings"/>, layout 1.</summary>
    public const string ShardRecordings = "RC1";
    /// <summary><see cref="Runtime.ShardWeightRecords"/>, layout 1.</summary>
    public const string ShardWeightRecords = "WR1";
    /// <summary><see cref="Cluster.HostShards"/>, layout 1.</summary>
    public const string HostShards = "HS1";
    /// <summary><see cref="Cluster.ShardsHosted"/>, layout 2 (with the node's memory).</summary>
    public const string ShardsHosted = "SH2";
    /// <summary><see cref="Cluster.HostRefused"/>, layout 1.</summary>
    public const string HostRefused = "HR1";
    /// <summary><see cref="Cluster.ReleaseShards"/>, layout 1.</summary>
    public const string ReleaseShards = "RL1";
    /// <summary><see cref="Cluster.ReportNodeStats"/>, layout 1.</summary>
    public const string ReportNodeStats = "RN1";
    /// <summary><see cref="Cluster.NodeStats"/>, layout 1.</summary>
    public const string NodeStats = "NS1";
    /// <summary><see cref="Runtime.KeepSnapshot"/>, layout 1.</summary>
    public const string KeepSnapshot = "KS1";
    /// <summary><see cref="Runtime.SnapshotKept"/>, layout 2 (the shard's spike and event counters; layout 1 had none).</summary>
    public const string SnapshotKept = "SK2";
    /// <summary><see cref="Runtime.RestoreSnapshot"/>, layout 1.</summary>
    public const string RestoreSnapshot = "RT1";
    /// <summary><see cref="Runtime.DropSnapshot"/>, layout 1.</summary>
    public const string DropSnapshot = "DS1";
    /// <summary><see cref="Runtime.SaveSnapshot"/>, layout 2 (an optional directory; the part comes back as <see cref="CheckpointPart"/>).</summary>
    public const string SaveSnapshot = "SV2";
    /// <summary><see cref="Runtime.ShardRestored"/>, layout 1.</summary>
    public const string ShardRestored = "SR1";
    /// <summary><see cref="Runtime.ResetShard"/>, layout 1.</summary>
    public const string ResetShard = "RST1";
    /// <summary><see cref="Runtime.SetShardTrial"/>, layout 1.</summary>
    public const string SetShardTrial = "TR1";
    /// <summary><see cref="Runtime.SetShardParameter"/>, layout 1.</summary>
    public const string SetShardParameter = "PA1";
    /// <summary><see cref="Runtime.SetShardRates"/>, layout 1.</summary>
    public const string SetShardRates = "RA1";
    /// <summary><see cref="Runtime.SetShardSpikeTimes"/>, layout 1.</summary>
    public const string SetShardSpikeTimes = "ST1";
    /// <summary><see cref="Runtime.ShardChanged"/>, layout 1.</summary>
    public const string ShardChanged = "CH1";
    /// <summary><see cref="Runtime.GetShardWeights"/>, layout 1.</summary>
    public const string GetShardWeights = "GW1";
    /// <summary><see cref="Runtime.WeightChunk"/>, layout 1.</summary>
    public const string WeightChunk = "WC1";
    /// <summary><see cref="Runtime.CheckpointBytes"/>, layout 1.</summary>
    public const string CheckpointBytes = "CB1";
    /// <summary><see cref="Runtime.CheckpointPart"/>, layout 1.</summary>
    public const string CheckpointPart = "CP1";
    /// <summary><see cref="Runtime.ShardRefused"/>, layout 1.</summary>
    public const string ShardRefused = "RF1";
    /// <summary><see cref="Training.TrainingParameters"/>, layout 2 (with the set).</summary>
    public const string TrainingParameters = "TP2";
    /// <summary><see cref="Training.TrainEpoch"/>, layout 1.</summary>
    public const string TrainEpoch = "TE1";
    /// <summary><see cref="Training.EvaluateChunk"/>, layout 1.</summary>
    public const string EvaluateChunk = "EC1";
    /// <summary><see cref="Training.ChunkGradient"/>, layout 3 (by attempt, batch and subtree of chunks).</summary>
    public const string ChunkGradient = "CG3";
    /// <summary><see cref="Training.BatchStepped"/>, layout 1.</summary>
    public const string BatchStepped = "BS1";
    /// <summary><see cref="Training.EpochTrained"/>, layout 1.</summary>
    public const string EpochTrained = "ET1";
    /// <summary><see cref="Training.GradientLinkOffer"/>, layout 1.</summary>
    public const string GradientLinkOffer = "GL1";
    /// <summary><see cref="Training.ChunkEvaluated"/>, layout 1.</summary>
    public const string ChunkEvaluated = "CE1";
    /// <summary><see cref="Training.TrainingWorkFailed"/>, layout 1.</summary>
    public const string TrainingWorkFailed = "TF1";
    /// <summary><see cref="Training.HostTrainingWorker"/>, layout 1.</summary>
    public const string HostTrainingWorker = "HT1";
    /// <summary><see cref="Training.TrainingWorkerHosted"/>, layout 1.</summary>
    public const string TrainingWorkerHosted = "TH1";

    /// <summary>
    /// Every message type with its manifest, in one table, so that the serializer, the HOCON bindings and the tests
    /// cannot drift apart.
    /// </summary>
    public static IReadOnlyList<(Type Type, string Manifest)> All { get; } = new (Type, string)[]
    {
        (typeof(global::NeuroActors.Kernel.Shard.SpikePacket), SpikePacket),
        (typeof(Wire.SpikePacketChunk), SpikePacketChunk),
        (typeof(Runtime.BuildShard), BuildShard),
        (typeof(Runtime.ShardBuilt), ShardBuilt),
        (typeof(Runtime.RunSegment), RunSegment),
        (typeof(Runtime.ShardProgress), ShardProgress),
        (typeof(Runtime.SegmentDone), SegmentDone),
        (typeof(Runtime.CollectResults), CollectResults),
        (typeof(Runtime.ShardResults), ShardResults),
        (typeof(Runtime.ShardRecordings), ShardRecordings),
        (typeof(Runtime.ShardWeightRecords), ShardWeightRecords),
        (typeof(Cluster.HostShards), HostShards),
        (typeof(Cluster.ShardsHosted), ShardsHosted),
        (typeof(Cluster.HostRefused), HostRefused),
        (typeof(Cluster.ReleaseShards), ReleaseShards),
        (typeof(Cluster.ReportNodeStats), ReportNodeStats),
        (typeof(Cluster.NodeStats), NodeStats),
        (typeof(Runtime.KeepSnapshot), KeepSnapshot),
        (typeof(Runtime.SnapshotKept), SnapshotKept),
        (typeof(Runtime.RestoreSnapshot), RestoreSnapshot),
        (typeof(Runtime.DropSnapshot), DropSnapshot),
        (typeof(Runtime.SaveSnapshot), SaveSnapshot),
        (typeof(Runtime.ShardRestored), ShardRestored),
        (typeof(Runtime.ResetShard), ResetShard),
        (typeof(Runtime.SetShardTrial), SetShardTrial),
        (typeof(Runtime.SetShardParameter), SetShardParameter),
        (typeof(Runtime.SetShardRates), SetShardRates),
        (typeof(Runtime.SetShardSpikeTimes), SetShardSpikeTimes),
        (typeof(Runtime.ShardChanged), ShardChanged),
        (typeof(Runtime.GetShardWeights), GetShardWeights),
        (typeof(Runtime.WeightChunk), WeightChunk),
        (typeof(Runtime.CheckpointBytes), CheckpointBytes),
        (typeof(Runtime.CheckpointPart), CheckpointPart),
        (typeof(Runtime.ShardRefused), ShardRefused),
        (typeof(Training.TrainingParameters), TrainingParameters),
        (typeof(Training.TrainEpoch), TrainEpoch),
        (typeof(Training.EvaluateChunk), EvaluateChunk),
        (typeof(Training.ChunkGradient), ChunkGradient),
        (typeof(Training.BatchStepped), BatchStepped),
        (typeof(Training.EpochTrained), EpochTrained),
        (typeof(Training.GradientLinkOffer), GradientLinkOffer),
        (typeof(Training.ChunkEvaluated), ChunkEvaluated),
        (typeof(Training.TrainingWorkFailed), TrainingWorkFailed),
        (typeof(Training.HostTrainingWorker), HostTrainingWorker),
        (typeof(Training.TrainingWorkerHosted), TrainingWorkerHosted),
    };
}
