using NeuroActors.Kernel.Shard;

namespace NeuroActors.Runtime;

// Messages between the coordinator and shard actors. SpikePacket (NeuroActors.Kernel.Shard) travels shard to shard.

/// <summary>
/// Session → shard: build neurons and synapses, then, with <paramref name="ResumeManifest"/> (a format-2 manifest's
/// JSON), restore the shard's part of that checkpoint: read from <paramref name="ResumeDirectory"/> when the shard can
/// reach it, else from the <see cref="CheckpointBytes"/> the session sent just before.
/// </summary>
public sealed record BuildShard(string? ResumeManifest = null, string? ResumeDirectory = null);

/// <summary>Shard → coordinator: built, holding what its backend describes (<see cref="ShardResources"/>).</summary>
/// <param name="Shard">The shard.</param>
/// <param name="Neurons">Neurons held.</param>
/// <param name="Synapses">Incoming synapses held.</param>
/// <param name="SynapseBytes">Bytes of synapse storage.</param>
/// <param name="Step">The step it stands at (non-zero after a resume).</param>
/// <param name="Figures">The backend's own figures by name (<see cref="ShardResources.Figures"/>); null or empty when it has none.</param>
public sealed record ShardBuilt(int Shard, int Neurons, long Synapses, long SynapseBytes, long Step, IReadOnlyDictionary<string, double>? Figures = null);

/// <summary>
/// Coordinator → shard: run until <paramref name="EndStep"/>, exchanging packets with <paramref name="Shards"/>
/// (indexed by shard number), each window as <paramref name="PacketsPerWindow"/> packets
/// (<see cref="WindowedShard.PacketsPerWindow"/>).
/// </summary>
public sealed record RunSegment(long EndStep, Akka.Actor.IActorRef[] Shards, int PacketsPerWindow = 1);

/// <summary>Shard → coordinator: the shard has computed up to <paramref name="Step"/> (sent at most every few tens of milliseconds).</summary>
public sealed record ShardProgress(int Shard, long Step);

/// <summary>Shard → coordinator: the segment is complete.</summary>
public sealed record SegmentDone(int Shard, long Step, double ComputeSeconds, double WaitSeconds, ShardTraffic Traffic);

/// <summary>What one shard sent and received in a segment: the raw material of the communication report.</summary>
/// <param name="PacketsSent">Spike packets sent (one per downstream shard per window, empty ones included).</param>
/// <param name="SpikesSent">Spikes in those packets (a spike counts once per destination shard).</param>
/// <param name="RemotePacketsSent">Packets sent to shards on other nodes.</param>
/// <param name="RemoteBytesSent">Encoded size of those packets (what crosses the network, before transport framing).</param>
/// <param name="PacketsReceived">Spike packets received (reassembled chunks count as one).</param>
/// <param name="ChunksRejected">Duplicate or inconsistent chunks refused, and incomplete packets given up.</param>
/// <param name="LatePackets">Best-effort real time: packets that arrived after their window was delivered, dropped.</param>
/// <param name="Overruns">Best-effort real time: windows that started later than their wall-clock time by a window or more.</param>
/// <param name="LateSpikesBySource">Spikes in the late packets, per source population (empty when none).</param>
public sealed record ShardTraffic(long PacketsSent, long SpikesSent, long RemotePacketsSent, long RemoteBytesSent, long PacketsReceived, long ChunksRejected,
    long LatePackets = 0, long Overruns = 0, long[]? LateSpikesBySource = null)
{
    /// <summary>Nothing sent or received.</summary>
    public static ShardTraffic None { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Field by field sum (late spikes summed per population).</summary>
    public ShardTraffic Plus(ShardTraffic d) => new(PacketsSent + d.PacketsSent, SpikesSent + d.SpikesSent, RemotePacketsSent + d.RemotePacketsSent,
        RemoteBytesSent + d.RemoteBytesSent, PacketsReceived + d.PacketsReceived, ChunksRejected + d.ChunksRejected,
        LatePackets + d.LatePackets, Overruns + d.Overruns, Combine(LateSpikesBySource, d.LateSpikesBySource, +1));

    /// <summary>Field by field difference: what happened since <paramref name="earlier"/>.</summary>
    public ShardTraffic Minus(ShardTraffic earlier) => new(PacketsSent - earlier.PacketsSent, SpikesSent - earlier.SpikesSent,
        RemotePacketsSent - earlier.RemotePacketsSent, RemoteBytesSent - earlier.RemoteBytesSent, PacketsReceived - earlier.PacketsReceived,
        ChunksRejected - earlier.ChunksRejected, LatePackets - earlier.LatePackets, Overruns - earlier.Overruns,
        Combine(LateSpikesBySource, earlier.LateSpikesBySource, -1));

    /// <summary>Element-wise a + sign·b over per-population counts of different lengths (missing entries are 0).</summary>
    internal static long[]? Combine(long[]? a, long[]? b, int sign = 1)
    {
        if (b is null || b.Length == 0) return a;
        var result = new long[Math.Max(a?.Length ?? 0, b.Length)];
        for (int i = 0; i < result.Length; i++) result[i] = (a is not null && i < a.Length ? a[i] : 0) + sign * (i < b.Length ? b[i] : 0);
        return result;
    }
}

/// <summary>Coordinator → shard: reply with recorded data and counters.</summary>
public sealed record CollectResults;

/// <summary>
/// Shard → session, answering <see cref="CollectResults"/>: the shard's counters. Its recordings went before it, as
/// <see cref="ShardRecordings"/>.
/// </summary>
/// <param name="Shard">The shard.</param>
/// <param name="SpikeCount">Spikes its neurons emitted.</param>
/// <param name="EventCount">Synaptic events delivered into them.</param>
/// <param name="Counters">The backend's own counters by name (<see cref="Kernel.Shard.IShardCounters"/>), or null when it has none.</param>
public sealed record ShardResults(int Shard, long SpikeCount, long EventCount, IReadOnlyDictionary<string, long>? Counters = null);

/// <summary>
/// Shard → session: what the shard recorded since its last such message (spikes in (step, gid) order, state samples
/// in step order). Sent while a run goes whenever the shard holds more than <see cref="Bound"/> recorded values, so
/// that recordings leave the shards in bounded memory, and with what is left before <see cref="ShardResults"/>. A
/// restore cuts both the session's store and what the shard still holds. The spikes are the first
/// <paramref name="SpikeCount"/> of <paramref name="Spikes"/> (all of them when null): a shard hands over the storage it
/// recorded them in (<see cref="Kernel.Shard.LongBuffer.Detach"/>), so that in one process they reach the session
/// without a copy.
/// </summary>
public sealed record ShardRecordings(int Shard, long[] Spikes, IReadOnlyList<RecordedState> States, int? SpikeCount = null)
{
    /// <summary>The recorded spikes.</summary>
    public ReadOnlySpan<long> RecordedSpikes => Spikes.AsSpan(0, SpikeCount ?? Spikes.Length);

    /// <summary>
    /// Recorded values (spikes, sample steps and sampled values) a shard holds before it sends them: 8 MiB. Large
    /// enough that runs of a second or so of a model the size of Brunel's or COBA send nothing while they run.
    /// </summary>
    public const int Bound = 1 << 20;
}

/// <summary>
/// Shard → session: the weight records (weight recorders) the shard made since its last such message, sent with its
/// <see cref="ShardRecordings"/> and counted in the same bound. Sorted by (step, projection, source gid, target gid),
/// the synapses of one pair in their row order; a shard delivers each step's spikes in one call, so consecutive
/// messages of a shard continue that order. Columns of equal length.
/// </summary>
/// <param name="Shard">The shard.</param>
/// <param name="Steps">Step of each record's presynaptic spike.</param>
/// <param name="Projections">Projection (index in the model) of each record.</param>
/// <param name="Sources">Source gid of each record.</param>
/// <param name="Targets">Target gid of each record.</param>
/// <param name="Weights">Weight after the update, of each record.</param>
public sealed record ShardWeightRecords(int Shard, long[] Steps, int[] Projections, int[] Sources, int[] Targets, float[] Weights)
{
    /// <summary>The records of <paramref name="records"/>, sorted (stably) by (step, projection, source, target).</summary>
    public static ShardWeightRecords From(int shard, WeightRecords records)
    {
        int n = records.Count;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var steps = records.Steps.ToArray();
        var projections = records.Projections.ToArray();
        var sources = records.Sources.ToArray();
        var targets = records.Targets.ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = steps[a].CompareTo(steps[b]);
            if (c == 0) c = projections[a].CompareTo(projections[b]);
            if (c == 0) c = sources[a].CompareTo(sources[b]);
            if (c == 0) c = targets[a].CompareTo(targets[b]);
            return c != 0 ? c : a.CompareTo(b); // stable: multapses keep their row order
        });
        var weights = records.Weights.ToArray();
        return new ShardWeightRecords(shard,
            [.. order.Select(i => steps[i])], [.. order.Select(i => projections[i])], [.. order.Select(i => sources[i])],
            [.. order.Select(i => targets[i])], [.. order.Select(i => weights[i])]);
    }
}

/// <summary>
/// What one state recorder sampled in one shard, as plain data: the kernel's <see cref="StateProbe"/> refers to
/// model objects and cannot travel, so the shard copies its samples into this record before sending them.
/// </summary>
/// <param name="RecorderIndex">Index of the recorder in the model's <c>Recorders</c> list.</param>
/// <param name="Neurons">Recorded neuron indices within the population, as held by this shard.</param>
/// <param name="Steps">Steps after whose update a sample was taken (the same for every neuron).</param>
/// <param name="Values"><c>Values[variable][neuron][sample]</c>, variables in the recorder's order.</param>
public sealed record RecordedState(int RecorderIndex, int[] Neurons, long[] Steps, double[][][] Values)
{
    /// <summary>Copies the samples of <paramref name="probe"/>, which belongs to recorder <paramref name="recorderIndex"/>.</summary>
    public static RecordedState From(StateProbe probe, int recorderIndex) => new(
        recorderIndex,
        probe.Neurons.ToArray(),
        probe.Steps.ToArray(),
        probe.Values.Select(variable => variable.Select(samples => samples.ToArray()).ToArray()).ToArray());
}

/// <summary>
/// Shard → self: compute the next window if its inputs are here. It never leaves the actor, so it is exempt from
/// serialization checks rather than given a wire format.
/// </summary>
internal sealed record AdvanceWindow : Akka.Actor.INoSerializationVerificationNeeded
{
    public static readonly AdvanceWindow Instance = new();
}

/// <summary>
/// Session → shard: keep a copy of the shard's complete state under <paramref name="Id"/>, in the shard's own memory
/// (a snapshot of a large network is never gathered in one place).
/// </summary>
public sealed record KeepSnapshot(string Id);

/// <summary>
/// Shard → session: snapshot <paramref name="Id"/> is kept, taken at <paramref name="Step"/>. <paramref name="Inflight"/>
/// holds the spikes (<see cref="SpikeEvent"/>) this shard emitted that no shard has delivered yet (at most the last
/// window's): every shard needs all of them to restore, so the session keeps their union. <paramref name="SpikeCount"/>
/// and <paramref name="EventCount"/> are the shard's counters then, which a checkpoint of the snapshot carries as the
/// run's totals.
/// </summary>
public sealed record SnapshotKept(int Shard, string Id, long Step, long[] Inflight, long SpikeCount, long EventCount);

/// <summary>
/// Session → shard: go back to snapshot <paramref name="Id"/>, delivering <paramref name="Inflight"/> (the
/// network's undelivered spikes at that step) as a checkpoint restore does; recordings are cut back to its step.
/// </summary>
public sealed record RestoreSnapshot(string Id, long[] Inflight);

/// <summary>Session → shard: forget snapshot <paramref name="Id"/> (no reply).</summary>
public sealed record DropSnapshot(string Id);

/// <summary>
/// Shard → session: the shard's state was replaced (a snapshot restored, or reset to the start) and it now stands at
/// <paramref name="Step"/>.
/// </summary>
public sealed record ShardRestored(int Shard, long Step);

/// <summary>
/// Session → shard: write kept snapshot <paramref name="Id"/> as this shard's part of a checkpoint: into
/// <paramref name="Directory"/> when given (the shard can reach it: the same process, or a shared directory), else as
/// <see cref="CheckpointPart"/> chunks to the session, which writes them. Either way the reply ends with a
/// <see cref="CheckpointPart"/> that carries the part's manifest entry.
/// </summary>
public sealed record SaveSnapshot(string Id, string? Directory = null);

/// <summary>
/// Session → shard: neurons, pending input and the clock back to the start (weights, parameters and stimuli as last
/// set), with the random input of trial <paramref name="Trial"/> (0 repeats the first; each other trial draws afresh).
/// Replied to with <see cref="ShardRestored"/> at step 0.
/// </summary>
public sealed record ResetShard(int Trial);

/// <summary>
/// Session → shard: set <paramref name="Parameter"/> of population <paramref name="Population"/> (model order) to one
/// value, or one per neuron of the population (the shard takes its own). Replied to with <see cref="ShardChanged"/>.
/// </summary>
public sealed record SetShardParameter(int Population, string Parameter, double[] Values);

/// <summary>Session → shard: Poisson generator <paramref name="Stimulus"/> (model order) now fires at these rates (one, or one per targeted neuron).</summary>
public sealed record SetShardRates(int Stimulus, double[] RatesHz);

/// <summary>Session → shard: spike-source-array population <paramref name="Population"/> now replays these times, one list per neuron.</summary>
public sealed record SetShardSpikeTimes(int Population, double[][] TimesMs);

/// <summary>
/// Session → shard: draw the random input of trial <paramref name="Trial"/> from the next step on, state untouched (a
/// resumed session goes on with the trial its checkpoint was taken under). Replied to with <see cref="ShardChanged"/>.
/// </summary>
public sealed record SetShardTrial(int Trial);

/// <summary>Shard → session: a change was made, or refused with <paramref name="Error"/> (then nothing changed).</summary>
public sealed record ShardChanged(int Shard, string? Error);

/// <summary>Session → shard: send the synapses of projection <paramref name="Projection"/> whose targets you hold, in chunks of <see cref="WeightChunk"/>.</summary>
public sealed record GetShardWeights(int Projection);

/// <summary>
/// A piece of a projection's synapses, shard → session (answering <see cref="GetShardWeights"/>) or session → shard
/// (setting weights; delays are ignored then). Large projections travel as many chunks, never as one message;
/// <paramref name="Last"/> marks the shard's final one.
/// </summary>
public sealed record WeightChunk(int Shard, int Projection, int[] Source, int[] Target, float[] Weight, int[] DelaySteps, bool Last)
{
    /// <summary>Most synapses in one chunk (20 bytes each on the wire: well under a remote frame).</summary>
    public const int MaxSynapses = 100_000;
}
