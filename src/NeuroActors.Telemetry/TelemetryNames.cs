namespace NeuroActors.Telemetry;

/// <summary>
/// Every name NeuroActors exports to telemetry back ends, in one place, so that dashboards,
/// alerts, tests and docs/telemetry.md cannot drift from the code that records the values.
/// </summary>
/// <remarks>
/// Instrument names are dotted lowercase and carry UCUM units (see docs/telemetry.md). A Prometheus
/// scrape shows them with dots turned into underscores and unit/type suffixes appended, e.g.
/// <c>neuroactors.spikes</c> becomes <c>neuroactors_spikes_total</c>.
/// </remarks>
public static class TelemetryNames
{
    /// <summary>Name of the one Meter and the one ActivitySource; subscribe to this name to see everything the runtime reports.</summary>
    public const string Source = "NeuroActors.Runtime";

    /// <summary>Counter of spikes emitted by a shard's neurons, unit <c>{spike}</c>: the basic activity measure behind firing rates.</summary>
    public const string Spikes = "neuroactors.spikes";

    /// <summary>Counter of synaptic events delivered (one spike reaching one synapse), unit <c>{event}</c>: the work measure behind events per second.</summary>
    public const string SynapticEvents = "neuroactors.synaptic_events";

    /// <summary>Counter of spike packets a shard sent (one per destination shard per window, empty ones included), unit <c>{packet}</c>.</summary>
    public const string PacketsSent = "neuroactors.packets.sent";

    /// <summary>Counter of spike packets a shard received, unit <c>{packet}</c>; compare with <see cref="PacketsSent"/> to spot loss.</summary>
    public const string PacketsReceived = "neuroactors.packets.received";

    /// <summary>Counter of serialised spike-packet bytes sent, unit <c>By</c>: the network cost of a partition.</summary>
    public const string BytesSent = "neuroactors.bytes.sent";

    /// <summary>Counter of serialised spike-packet bytes received, unit <c>By</c>.</summary>
    public const string BytesReceived = "neuroactors.bytes.received";

    /// <summary>Counter of packets that arrived after their delivery step in best-effort real-time mode and were discarded, unit <c>{packet}</c>.</summary>
    public const string PacketsLate = "neuroactors.packets.late";

    /// <summary>
    /// Counter of packets that never reached their shard whole, unit <c>{packet}</c>: a packet cut into chunks (too
    /// large for one remote frame) whose chunks were still incomplete after its window had been delivered.
    /// </summary>
    public const string PacketsDropped = "neuroactors.packets.dropped";

    /// <summary>Counter of packets rejected because they could not be decoded (bad version, truncated, corrupt), unit <c>{packet}</c>.</summary>
    public const string PacketsMalformed = "neuroactors.packets.malformed";

    /// <summary>Histogram of the wall time a shard spent computing one window, in seconds.</summary>
    public const string WindowCompute = "neuroactors.window.compute";

    /// <summary>Histogram of the wall time a shard spent waiting for its inbound packets before it could compute a window, in seconds.</summary>
    public const string WindowWait = "neuroactors.window.wait";

    /// <summary>Histogram of the time spent serialising or deserialising one wire message, in seconds.</summary>
    public const string Serialization = "neuroactors.serialization";

    /// <summary>Activity (span) name of one whole simulation run.</summary>
    public const string RunActivity = "neuroactors.run";

    /// <summary>Activity (span) name of one sampled window of one shard.</summary>
    public const string WindowActivity = "neuroactors.window";

    /// <summary>Tag holding the cluster node's address string, so that metrics can be split per machine.</summary>
    public const string TagNode = "node";

    /// <summary>Tag holding the shard number (an <see cref="int"/>), so that slow or noisy shards can be found.</summary>
    public const string TagShard = "shard";

    /// <summary>Run span tag: the model's name.</summary>
    public const string TagModel = "model";

    /// <summary>Run span tag: the number of shards the network was cut into.</summary>
    public const string TagShards = "shards";

    /// <summary>Run span tag: the number of cluster nodes taking part.</summary>
    public const string TagNodes = "nodes";

    /// <summary>Window span tag: the window number (a <see cref="long"/>).</summary>
    public const string TagWindow = "window";

    /// <summary>Histogram of each training batch's mean loss, unit <c>1</c>: how training goes, batch by batch.</summary>
    public const string TrainingLoss = "neuroactors.training.loss";

    /// <summary>Counter of training samples whose gradient was computed, unit <c>{sample}</c>: its rate is the training throughput.</summary>
    public const string TrainingSamples = "neuroactors.training.samples";

    /// <summary>Histogram of the wall time of one training batch (its chunks' gradients and the optimizer step), in seconds.</summary>
    public const string TrainingBatchDuration = "neuroactors.training.batch.duration";

    /// <summary>Histogram of each epoch's training throughput, unit <c>{sample}/s</c>.</summary>
    public const string TrainingThroughput = "neuroactors.training.throughput";

    /// <summary>Activity (span) name of one training epoch (its batches and its evaluation).</summary>
    public const string TrainingEpochActivity = "neuroactors.training.epoch";

    /// <summary>Activity (span) name of one training batch (one optimizer step), a child of its epoch's span.</summary>
    public const string TrainingBatchActivity = "neuroactors.training.batch";

    /// <summary>Training span tag: the run's name.</summary>
    public const string TagTraining = "training";

    /// <summary>Training span tag: the epoch, from 0.</summary>
    public const string TagEpoch = "epoch";

    /// <summary>Training span tag: the batch within its epoch, from 0.</summary>
    public const string TagBatch = "batch";

    /// <summary>Training span tag: the number of workers.</summary>
    public const string TagWorkers = "workers";
}
