using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace NeuroActors.Telemetry;

/// <summary>
/// The one <see cref="System.Diagnostics.Metrics.Meter"/> and the one <see cref="System.Diagnostics.ActivitySource"/>
/// of the NeuroActors runtime, with every instrument and small helpers for the hot paths.
/// </summary>
/// <remarks>
/// <para>
/// Recording is always safe and nearly free: when no exporter (no <c>MeterProvider</c>,
/// <c>TracerProvider</c> or other listener) is subscribed, every helper returns after one flag
/// check, and <see cref="StartRun"/> / <see cref="StartWindow(int, long)"/> return <see langword="null"/>.
/// Subscribed or not, the metric helpers do not allocate: tags travel in a stack-only
/// <see cref="TagList"/> and shard numbers up to <see cref="BoxedShardCacheSize"/> use cached boxes.
/// </para>
/// <para>
/// Traces are coarse, so that tracing never costs per spike: one span per run, one per sampled window.
/// </para>
/// </remarks>
public static class NeuroActorsTelemetry
{
    /// <summary>
    /// Shard numbers below this value are tagged without allocating (their boxes are cached);
    /// larger shard numbers still work but box once per call.
    /// </summary>
    public const int BoxedShardCacheSize = 4096;

    /// <summary>
    /// Explicit histogram bucket upper bounds in seconds, 1-2.5-5 per decade from 10 µs to 10 s.
    /// </summary>
    /// <remarks>
    /// The SDK's default boundaries (0, 5, 10, 25, … 10000) were chosen for milliseconds and
    /// would put every window time of a simulator into the first bucket; these cover a fast
    /// window (tens of microseconds) up to a stalled one (seconds). They are attached to each
    /// histogram as <see cref="InstrumentAdvice{T}"/>, which the OpenTelemetry SDK honours, so
    /// no View is needed. The array is a copy; changing it changes nothing.
    /// </remarks>
    public static double[] SecondsBucketBoundaries => (double[])Boundaries.Clone();

    private static readonly double[] Boundaries =
    [
        0.00001, 0.000025, 0.00005,
        0.0001, 0.00025, 0.0005,
        0.001, 0.0025, 0.005,
        0.01, 0.025, 0.05,
        0.1, 0.25, 0.5,
        1, 2.5, 5,
        10,
    ];

    private static readonly object[] BoxedShards = CreateBoxedShards();

    private static int _windowTraceEvery = 1000;

    /// <summary>Version reported by the Meter and the ActivitySource: the version of this assembly, so a back end can tell builds apart.</summary>
    public static string Version { get; } =
        typeof(NeuroActorsTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>The runtime's one Meter, named <see cref="TelemetryNames.Source"/>; a MeterProvider must add this name to export anything.</summary>
    public static Meter Meter { get; } = new(TelemetryNames.Source, Version);

    /// <summary>The runtime's one ActivitySource, named <see cref="TelemetryNames.Source"/>; a TracerProvider must add this name to export spans.</summary>
    public static ActivitySource ActivitySource { get; } = new(TelemetryNames.Source, Version);

    /// <summary>Spikes emitted (<see cref="TelemetryNames.Spikes"/>, <c>{spike}</c>); tags node, shard.</summary>
    public static Counter<long> Spikes { get; } =
        Meter.CreateCounter<long>(TelemetryNames.Spikes, "{spike}", "Spikes emitted by the neurons of a shard.");

    /// <summary>Synaptic events delivered (<see cref="TelemetryNames.SynapticEvents"/>, <c>{event}</c>); tags node, shard.</summary>
    public static Counter<long> SynapticEvents { get; } =
        Meter.CreateCounter<long>(TelemetryNames.SynapticEvents, "{event}", "Synaptic events (spike x synapse) delivered in a shard.");

    /// <summary>Spike packets sent (<see cref="TelemetryNames.PacketsSent"/>, <c>{packet}</c>); tags node, shard (the sender).</summary>
    public static Counter<long> PacketsSent { get; } =
        Meter.CreateCounter<long>(TelemetryNames.PacketsSent, "{packet}", "Spike packets sent by a shard, empty ones included.");

    /// <summary>Spike packets received (<see cref="TelemetryNames.PacketsReceived"/>, <c>{packet}</c>); tags node, shard (the receiver).</summary>
    public static Counter<long> PacketsReceived { get; } =
        Meter.CreateCounter<long>(TelemetryNames.PacketsReceived, "{packet}", "Spike packets received by a shard.");

    /// <summary>Serialised packet bytes sent (<see cref="TelemetryNames.BytesSent"/>, <c>By</c>); tags node, shard.</summary>
    public static Counter<long> BytesSent { get; } =
        Meter.CreateCounter<long>(TelemetryNames.BytesSent, "By", "Serialised spike-packet bytes sent by a shard.");

    /// <summary>Serialised packet bytes received (<see cref="TelemetryNames.BytesReceived"/>, <c>By</c>); tags node, shard.</summary>
    public static Counter<long> BytesReceived { get; } =
        Meter.CreateCounter<long>(TelemetryNames.BytesReceived, "By", "Serialised spike-packet bytes received by a shard.");

    /// <summary>Late packets discarded in best-effort real-time mode (<see cref="TelemetryNames.PacketsLate"/>, <c>{packet}</c>); tags node, shard.</summary>
    public static Counter<long> PacketsLate { get; } =
        Meter.CreateCounter<long>(TelemetryNames.PacketsLate, "{packet}", "Packets that arrived after their delivery step and were discarded.");

    /// <summary>Packets that never arrived whole (<see cref="TelemetryNames.PacketsDropped"/>, <c>{packet}</c>); tags node, shard.</summary>
    public static Counter<long> PacketsDropped { get; } =
        Meter.CreateCounter<long>(TelemetryNames.PacketsDropped, "{packet}", "Packets that reached their shard only in part and were given up.");

    /// <summary>Packets rejected as undecodable (<see cref="TelemetryNames.PacketsMalformed"/>, <c>{packet}</c>); tag node only, since a bad packet's shard is unknown.</summary>
    public static Counter<long> PacketsMalformed { get; } =
        Meter.CreateCounter<long>(TelemetryNames.PacketsMalformed, "{packet}", "Packets rejected because they could not be decoded.");

    /// <summary>Window compute time (<see cref="TelemetryNames.WindowCompute"/>, <c>s</c>, explicit buckets); tags node, shard.</summary>
    public static Histogram<double> WindowCompute { get; } = CreateSecondsHistogram(
        TelemetryNames.WindowCompute, "Wall time a shard spent computing one window.");

    /// <summary>Window wait time (<see cref="TelemetryNames.WindowWait"/>, <c>s</c>, explicit buckets); tags node, shard.</summary>
    public static Histogram<double> WindowWait { get; } = CreateSecondsHistogram(
        TelemetryNames.WindowWait, "Wall time a shard waited for the inbound packets of one window.");

    /// <summary>Serialisation time per wire message (<see cref="TelemetryNames.Serialization"/>, <c>s</c>, explicit buckets); no tags.</summary>
    public static Histogram<double> Serialization { get; } = CreateSecondsHistogram(
        TelemetryNames.Serialization, "Time spent serialising or deserialising one wire message.");

    /// <summary>
    /// Every how many windows <see cref="StartWindow(int, long)"/> starts a span (window numbers that
    /// are multiples of this value). Default 1000; <see cref="TelemetrySetup.Start"/> sets it from
    /// <see cref="TelemetryOptions.WindowTraceEvery"/>.
    /// </summary>
    /// <remarks>A run has millions of windows; tracing each would cost more than the simulation, so windows are sampled.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int WindowTraceEvery
    {
        get => Volatile.Read(ref _windowTraceEvery);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _windowTraceEvery, value);
        }
    }

    /// <summary>
    /// Records everything a shard learns at the end of one window: compute and wait time, spikes
    /// emitted and synaptic events delivered, all tagged with node and shard.
    /// </summary>
    /// <remarks>
    /// One call per shard per window keeps the cost off the per-spike path.
    /// </remarks>
    /// <param name="node">The node's address string.</param>
    /// <param name="shard">The shard number.</param>
    /// <param name="computeSeconds">Wall time spent computing the window, in seconds.</param>
    /// <param name="waitSeconds">Wall time spent waiting for inbound packets, in seconds.</param>
    /// <param name="spikes">Spikes emitted in the window.</param>
    /// <param name="events">Synaptic events delivered in the window.</param>
    public static void RecordWindow(string node, int shard, double computeSeconds, double waitSeconds, long spikes, long events)
    {
        if (!WindowCompute.Enabled && !WindowWait.Enabled && !Spikes.Enabled && !SynapticEvents.Enabled)
        {
            return;
        }

        var tags = NodeShard(node, shard);
        WindowCompute.Record(computeSeconds, in tags);
        WindowWait.Record(waitSeconds, in tags);
        Spikes.Add(spikes, in tags);
        SynapticEvents.Add(events, in tags);
    }

    /// <summary>Counts one spike packet sent by a shard and its serialised size, so traffic per shard pair can be compared with the partition's estimate.</summary>
    /// <param name="node">The sending node's address string.</param>
    /// <param name="shard">The sending shard.</param>
    /// <param name="bytes">Serialised size of the packet in bytes.</param>
    public static void RecordPacketSent(string node, int shard, int bytes)
    {
        if (!PacketsSent.Enabled && !BytesSent.Enabled)
        {
            return;
        }

        var tags = NodeShard(node, shard);
        PacketsSent.Add(1, in tags);
        BytesSent.Add(bytes, in tags);
    }

    /// <summary>Counts one spike packet received by a shard and its serialised size.</summary>
    /// <param name="node">The receiving node's address string.</param>
    /// <param name="shard">The receiving shard.</param>
    /// <param name="bytes">Serialised size of the packet in bytes.</param>
    public static void RecordPacketReceived(string node, int shard, int bytes)
    {
        if (!PacketsReceived.Enabled && !BytesReceived.Enabled)
        {
            return;
        }

        var tags = NodeShard(node, shard);
        PacketsReceived.Add(1, in tags);
        BytesReceived.Add(bytes, in tags);
    }

    /// <summary>
    /// Counts packets that arrived after their delivery step (best-effort real-time mode) and
    /// were discarded, so that nothing is lost silently.
    /// </summary>
    /// <param name="node">The receiving node's address string.</param>
    /// <param name="shard">The receiving shard.</param>
    /// <param name="packets">How many packets were late (default 1).</param>
    public static void RecordLate(string node, int shard, long packets = 1)
    {
        if (!PacketsLate.Enabled)
        {
            return;
        }

        var tags = NodeShard(node, shard);
        PacketsLate.Add(packets, in tags);
    }

    /// <summary>
    /// Counts packets given up because they never arrived whole (chunks still missing after their window was
    /// delivered), so losses are visible rather than silent.
    /// </summary>
    /// <param name="node">The receiving node's address string.</param>
    /// <param name="shard">The receiving shard.</param>
    /// <param name="packets">How many packets were dropped (default 1).</param>
    public static void RecordDropped(string node, int shard, long packets = 1)
    {
        if (!PacketsDropped.Enabled)
        {
            return;
        }

        var tags = NodeShard(node, shard);
        PacketsDropped.Add(packets, in tags);
    }

    /// <summary>Counts one packet rejected because it could not be decoded; it is tagged with the node only because its shard cannot be trusted.</summary>
    /// <param name="node">The receiving node's address string.</param>
    public static void RecordMalformed(string node)
    {
        if (!PacketsMalformed.Enabled)
        {
            return;
        }

        var tags = new TagList { { TelemetryNames.TagNode, node } };
        PacketsMalformed.Add(1, in tags);
    }

    /// <summary>Records the time to serialise or deserialise one wire message, to see whether the codec, not the kernel, limits a run.</summary>
    /// <param name="seconds">Elapsed time in seconds.</param>
    public static void RecordSerialization(double seconds) => Serialization.Record(seconds);

    /// <summary>
    /// Starts the span of one whole run (<see cref="TelemetryNames.RunActivity"/>) tagged with the
    /// model name and the shard and node counts; dispose it when the run ends.
    /// </summary>
    /// <remarks>Returns <see langword="null"/> when nobody listens, so callers write <c>using var run = StartRun(...);</c> at no cost.</remarks>
    /// <param name="model">The model's name.</param>
    /// <param name="shards">Number of shards.</param>
    /// <param name="nodes">Number of cluster nodes.</param>
    /// <returns>The started activity, or <see langword="null"/> when it is not recorded.</returns>
    public static Activity? StartRun(string model, int shards, int nodes)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var tags = new TagList
        {
            { TelemetryNames.TagModel, model },
            { TelemetryNames.TagShards, shards },
            { TelemetryNames.TagNodes, nodes },
        };
        return ActivitySource.StartActivity(TelemetryNames.RunActivity, ActivityKind.Internal, default(ActivityContext), tags);
    }

    /// <summary>
    /// Starts the span of one window of one shard, but only for every
    /// <see cref="WindowTraceEvery"/>-th window (window numbers divisible by it); otherwise returns
    /// <see langword="null"/> at the cost of one modulo.
    /// </summary>
    /// <param name="shard">The shard number.</param>
    /// <param name="window">The window number.</param>
    /// <returns>The started activity, or <see langword="null"/> when the window is not sampled or nobody listens.</returns>
    public static Activity? StartWindow(int shard, long window) =>
        StartWindow(shard, window, IsWindowSampled(window));

    /// <summary>
    /// Starts the span of one window of one shard when the caller decided to sample it, optionally
    /// under a parent context (e.g. the run's span context shipped to the shard, since
    /// <see cref="Activity.Current"/> does not flow through actor mailboxes).
    /// </summary>
    /// <param name="shard">The shard number.</param>
    /// <param name="window">The window number.</param>
    /// <param name="sampled">Whether this window is traced; <see langword="false"/> returns <see langword="null"/> at once.</param>
    /// <param name="parent">Parent span context; <c>default</c> makes the window a child of <see cref="Activity.Current"/> or a root.</param>
    /// <returns>The started activity, or <see langword="null"/>.</returns>
    public static Activity? StartWindow(int shard, long window, bool sampled, ActivityContext parent = default)
    {
        if (!sampled || !ActivitySource.HasListeners())
        {
            return null;
        }

        var tags = new TagList
        {
            { TelemetryNames.TagShard, BoxShard(shard) },
            { TelemetryNames.TagWindow, window },
        };
        return ActivitySource.StartActivity(TelemetryNames.WindowActivity, ActivityKind.Internal, parent, tags);
    }

    /// <summary>Whether <see cref="StartWindow(int, long)"/> traces <paramref name="window"/> under the current <see cref="WindowTraceEvery"/>; lets callers skip other per-window tracing work too.</summary>
    /// <param name="window">The window number.</param>
    /// <returns><see langword="true"/> when the window number is a multiple of <see cref="WindowTraceEvery"/>.</returns>
    public static bool IsWindowSampled(long window) => window % WindowTraceEvery == 0;

    /// <summary>Each training batch's mean loss (<see cref="TelemetryNames.TrainingLoss"/>, <c>1</c>); no tags.</summary>
    public static Histogram<double> TrainingLoss { get; } =
        Meter.CreateHistogram<double>(TelemetryNames.TrainingLoss, "1", "Mean loss of one training batch.");

    /// <summary>Training samples computed (<see cref="TelemetryNames.TrainingSamples"/>, <c>{sample}</c>); no tags.</summary>
    public static Counter<long> TrainingSamples { get; } =
        Meter.CreateCounter<long>(TelemetryNames.TrainingSamples, "{sample}", "Training samples whose gradient was computed.");

    /// <summary>Wall time of a training batch (<see cref="TelemetryNames.TrainingBatchDuration"/>, <c>s</c>, explicit buckets); no tags.</summary>
    public static Histogram<double> TrainingBatchDuration { get; } = CreateSecondsHistogram(
        TelemetryNames.TrainingBatchDuration, "Wall time of one training batch: its chunks' gradients and the optimizer step.");

    /// <summary>Training throughput of an epoch (<see cref="TelemetryNames.TrainingThroughput"/>, <c>{sample}/s</c>); no tags.</summary>
    public static Histogram<double> TrainingThroughput { get; } =
        Meter.CreateHistogram<double>(TelemetryNames.TrainingThroughput, "{sample}/s", "Training samples per second of one epoch.");

    /// <summary>Records one training batch: its mean loss, its samples and its wall time.</summary>
    /// <param name="loss">The batch's mean loss.</param>
    /// <param name="samples">Samples in the batch.</param>
    /// <param name="seconds">Wall time of the batch.</param>
    public static void RecordTrainingBatch(double loss, int samples, double seconds)
    {
        if (TrainingLoss.Enabled) TrainingLoss.Record(loss);
        if (TrainingSamples.Enabled) TrainingSamples.Add(samples);
        if (TrainingBatchDuration.Enabled) TrainingBatchDuration.Record(seconds);
    }

    /// <summary>Records one training epoch's throughput.</summary>
    /// <param name="samplesPerSecond">Training samples per second of the epoch.</param>
    public static void RecordTrainingEpoch(double samplesPerSecond)
    {
        if (TrainingThroughput.Enabled) TrainingThroughput.Record(samplesPerSecond);
    }

    /// <summary>
    /// Starts the span of one training epoch (<see cref="TelemetryNames.TrainingEpochActivity"/>), a root span (an actor's
    /// messages do not carry <see cref="Activity.Current"/>); its batches are its children through its context.
    /// </summary>
    /// <param name="training">The run's name.</param>
    /// <param name="epoch">The epoch, from 0.</param>
    /// <param name="workers">Workers taking part.</param>
    /// <returns>The started activity, or <see langword="null"/> when nobody listens.</returns>
    public static Activity? StartTrainingEpoch(string training, int epoch, int workers)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var tags = new TagList
        {
            { TelemetryNames.TagTraining, training },
            { TelemetryNames.TagEpoch, epoch },
            { TelemetryNames.TagWorkers, workers },
        };
        return ActivitySource.StartActivity(TelemetryNames.TrainingEpochActivity, ActivityKind.Internal, default(ActivityContext), tags);
    }

    /// <summary>Starts the span of one training batch (<see cref="TelemetryNames.TrainingBatchActivity"/>) under its epoch's span.</summary>
    /// <param name="parent">The epoch span's context (default: a root span).</param>
    /// <param name="epoch">The epoch, from 0.</param>
    /// <param name="batch">The batch within the epoch, from 0.</param>
    /// <returns>The started activity, or <see langword="null"/> when nobody listens.</returns>
    public static Activity? StartTrainingBatch(ActivityContext parent, int epoch, int batch)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var tags = new TagList
        {
            { TelemetryNames.TagEpoch, epoch },
            { TelemetryNames.TagBatch, batch },
        };
        return ActivitySource.StartActivity(TelemetryNames.TrainingBatchActivity, ActivityKind.Internal, parent, tags);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TagList NodeShard(string node, int shard) => new()
    {
        { TelemetryNames.TagNode, node },
        { TelemetryNames.TagShard, BoxShard(shard) },
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static object BoxShard(int shard) =>
        (uint)shard < (uint)BoxedShards.Length ? BoxedShards[shard] : shard;

    private static object[] CreateBoxedShards()
    {
        var boxes = new object[BoxedShardCacheSize];
        for (var i = 0; i < boxes.Length; i++)
        {
            boxes[i] = i;
        }

        return boxes;
    }

    private static Histogram<double> CreateSecondsHistogram(string name, string description) =>
        Meter.CreateHistogram(
            name,
            unit: "s",
            description: description,
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Boundaries });
}
