using System.Diagnostics;
using Akka.Actor;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Runtime.Wire;
using NeuroActors.Telemetry;

namespace NeuroActors.Runtime;

/// <summary>
/// Holds one shard, computed by the backend of its populations (<see cref="IShardBackend"/>), and moves it window by window: a window is computed as soon as the packets of the previous
/// window from every upstream shard are in, then one packet goes to every downstream shard. The coordinator is not
/// in this loop; it only hears progress now and then.
/// </summary>
public sealed class ShardActor : UntypedActor
{
    private static readonly long ProgressInterval = Stopwatch.Frequency / 20;
    private static readonly long SliceTicks = Stopwatch.Frequency / 200;
    private readonly NetworkPlan _plan;
    private readonly int _index;
    private readonly IActorRef _coordinator;
    private IShardBackend? _kernel;
    private WindowedShard? _windowed;
    private IActorRef[] _shards = Array.Empty<IActorRef>();
    private readonly List<SpikePacket> _early = new();
    private readonly Dictionary<string, KeptSnapshot> _snapshots = new();

    /// <summary>A snapshot this shard keeps for its session, with the counters then (a restore rewinds them too).</summary>
    private sealed record KeptSnapshot(ShardSnapshot State, long SpikeCount, long EventCount, IReadOnlyDictionary<string, long>? Counters);
    private readonly List<WeightChunk> _weightsIn = new();
    private readonly ShardCheckpoint _checkpoint = new();
    private bool _advanceScheduled;
    private long _lastProgress, _computeTicks, _idleSince;
    private long _waitTicks;
    private readonly ChunkAssembler _chunks = new();
    private readonly Action<int, SpikePacket> _send;
    private bool _sawChunks;
    private bool _yieldAfterEachPart;
    // Cumulative: packets from faster neighbours can arrive before a segment starts, so nothing is reset per segment;
    // each SegmentDone reports the change since the previous one.
    private long _packetsSent, _spikesSent, _remotePacketsSent, _remoteBytesSent, _packetsReceived, _lostChunks;
    private ShardTraffic _reported = ShardTraffic.None;
    // Late packets and spikes of segments already over (a WindowedShard lives for one segment).
    private long _latePackets, _overruns;
    private long[] _lateSpikes = [];
    // Best-effort real time: windows start on a wall clock, at _clockStart + window × _windowTicks.
    private readonly double? _timeScale;

    /// <summary>This node's address, the <c>node</c> tag of every metric.</summary>
    private string Node { get; }
    private long _clockStart, _firstWindow, _windowTicks;

    /// <summary>Props for shard <paramref name="index"/> of <paramref name="plan"/>, reporting to <paramref name="coordinator"/>.</summary>
    public static Props Props(NetworkPlan plan, int index, IActorRef coordinator) =>
        Akka.Actor.Props.Create(() => new ShardActor(plan, index, coordinator));

    /// <summary>Creates the actor; the kernel is built on <see cref="BuildShard"/>.</summary>
    public ShardActor(NetworkPlan plan, int index, IActorRef coordinator)
    {
        _plan = plan;
        _index = index;
        _coordinator = coordinator;
        _timeScale = plan.Spec.Simulation.TimeScale;
        Node = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString();
        _send = Send;
    }

    /// <inheritdoc/>
    /// <remarks>A switch rather than <see cref="ReceiveActor"/>'s handlers: those are compiled from expression trees when
    /// the actor starts, which costs each shard's build time and memory for nothing a switch does not do.</remarks>
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case SpikePacket p: OnPacket(p); break;
            case AdvanceWindow:
                _advanceScheduled = false;
                Advance();
                break;
            case SpikePacketChunk c: OnChunk(c); break;
            case RunSegment m: OnRunSegment(m); break;
            case BuildShard m: OnBuild(m); break;
            case CheckpointBytes m: _checkpoint.Accept(m); break;
            case CollectResults: OnCollect(); break;
            case KeepSnapshot m: OnKeepSnapshot(m); break;
            case DropSnapshot m: _snapshots.Remove(m.Id); break;
            case ResetShard m: OnReset(m); break;
            case SetShardTrial or SetShardParameter or SetShardRates or SetShardSpikeTimes: OnSetting(message); break;
            case GetShardWeights m: SendWeights(m.Projection, Sender); break;
            case WeightChunk m: OnWeightChunk(m); break;
            case SaveSnapshot m: OnSaveSnapshot(m); break;
            case RestoreSnapshot m: OnRestoreSnapshot(m); break;
            default: Unhandled(message); break;
        }
    }

    private void OnBuild(BuildShard m)
    {
        _kernel = ShardBackends.Build(_plan, _index);
        if (m.ResumeManifest is { } manifest)
        {
            try { _checkpoint.Restore(_kernel, manifest, m.ResumeDirectory); }
            catch (Exception ex) when (ex is Storage.Checkpoints.CheckpointException or ArgumentException or InvalidOperationException)
            {
                // Refused with its reason, not a crash: on a cluster the session does not supervise this actor.
                _coordinator.Tell(new ShardRefused(_index, ex.Message));
                return;
            }
        }
        WindowedShard.CompileHotPaths();
        Precompile.Types(typeof(ShardActor), typeof(ShardTraffic), typeof(RecordedState), typeof(NeuroActorsTelemetry));
        var resources = _kernel.Resources;
        _coordinator.Tell(new ShardBuilt(_index, resources.Neurons, resources.Synapses, resources.SynapseBytes, _kernel.Step, resources.Figures));
    }

    private void OnRunSegment(RunSegment m)
    {
        _shards = m.Shards;
        _yieldAfterEachPart = _shards.Any(s => s.Path.Address.HasGlobalScope);
        EndWindowedProtocol();
        _windowed = new WindowedShard(_kernel!, m.EndStep, bestEffort: _timeScale is not null, m.PacketsPerWindow);
        if (_timeScale is { } scale)
        {
            _clockStart = Stopwatch.GetTimestamp();
            _firstWindow = _windowed.CurrentWindow;
            _windowTicks = (long)(_plan.WindowSteps * _plan.DtMs / 1000.0 * scale * Stopwatch.Frequency);
        }
        _computeTicks = _waitTicks = 0;
        _idleSince = Stopwatch.GetTimestamp();
        _windowed.Start(_send);
        // Packets from faster neighbours may have arrived before this segment began.
        foreach (var p in _early) _windowed.Accept(p);
        _early.Clear();
        Advance();
    }

    private void OnChunk(SpikePacketChunk c)
    {
        // Packets too large for one remote frame come in chunks; the whole packet is what the shard waits for.
        _sawChunks = true;
        if (_chunks.Add(c, out var packet) == ChunkStatus.Completed) Self.Forward(packet!);
    }

    private void OnPacket(SpikePacket p)
    {
        _packetsReceived++;
        // Sizing a packet costs a pass over its spikes: only when someone is listening and it came over the network.
        bool sized = NeuroActorsTelemetry.BytesReceived.Enabled && Sender.Path.Address.HasGlobalScope;
        NeuroActorsTelemetry.RecordPacketReceived(Node, _index, sized ? (int)Math.Min(SpikePacketChunker.EncodedSize(p), int.MaxValue) : 0);
        if (_windowed is null || _windowed.Finished) { _early.Add(p); return; }
        _windowed.Accept(p);
        // The packet that completes a window starts it at once: a hop through the mailbox would add its latency
        // to every window, and windows one step long leave nothing to hide it behind.
        if (_windowed.Ready && !_windowed.BestEffort && !_advanceScheduled) Advance();
    }

    private void OnCollect()
    {
        SendRecordings();
        Sender.Tell(new ShardResults(_index, _kernel!.SpikeCount, _kernel.EventCount, (_kernel as IShardCounters)?.Counters));
    }

    [BetweenRuns]
    private void OnKeepSnapshot(KeepSnapshot m)
    {
        var snapshot = _kernel!.Snapshot();
        _snapshots[m.Id] = new KeptSnapshot(snapshot, _kernel.SpikeCount, _kernel.EventCount, (_kernel as IShardCounters)?.Counters);
        Sender.Tell(new SnapshotKept(_index, m.Id, snapshot.Step, snapshot.Outbox, _kernel.SpikeCount, _kernel.EventCount));
    }

    [BetweenRuns]
    private void OnReset(ResetShard m)
    {
        _kernel!.ResetState(m.Trial);
        ForgetSegment();
        Sender.Tell(new ShardRestored(_index, _kernel.Step));
    }

    [BetweenRuns]
    private void OnSetting(object setting)
    {
        switch (setting)
        {
            case SetShardTrial m: Change(() => _kernel!.Trial = m.Trial); break;
            case SetShardParameter m: Change(() => _kernel!.SetParameter(m.Population, m.Parameter, m.Values)); break;
            case SetShardRates m: Change(() => _kernel!.SetStimulusRates(m.Stimulus, m.RatesHz)); break;
            case SetShardSpikeTimes m: Change(() => _kernel!.SetSpikeTimes(m.Population, m.TimesMs)); break;
        }
    }

    [BetweenRuns]
    private void OnWeightChunk(WeightChunk m)
    {
        // A shard's part of a projection can come in many chunks; it is applied at once, so that a refused part changes nothing.
        _weightsIn.Add(m);
        if (!m.Last) return;
        var parts = _weightsIn.ToArray();
        _weightsIn.Clear();
        Change(() => _kernel!.SetWeights(m.Projection, [.. parts.SelectMany(c => c.Source)], [.. parts.SelectMany(c => c.Target)],
            [.. parts.SelectMany(c => c.Weight)]));
    }

    [BetweenRuns]
    private void OnSaveSnapshot(SaveSnapshot m)
    {
        // The session writes the recordings up to the snapshot's step into the checkpoint: what this shard still holds
        // goes first, and arrives before the part's last piece (one sender, one receiver: in order).
        SendRecordings();
        try { _checkpoint.Save(_plan, _index, Kept(m.Id).State, m.Directory, Sender, Self); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Storage.Checkpoints.CheckpointException)
        {
            Sender.Tell(new ShardRefused(_index, $"checkpoint part of shard {_index}: {ex.Message}"));
        }
    }

    [BetweenRuns]
    private void OnRestoreSnapshot(RestoreSnapshot m)
    {
        var (snapshot, spikes, events, counters) = Kept(m.Id);
        // The weights the snapshot was taken with, before the undelivered spikes are delivered through them.
        var kernel = _kernel!;
        // Weight records belong to their presynaptic spike: those of the spikes the snapshot had not delivered go now,
        // and the restore delivers, and records, them again.
        kernel.Recordings.Weights.TruncateFrom(WeightRecordsCut(snapshot.Step, m.Inflight));
        kernel.RestoreWeights(snapshot.Weights, snapshot.Archive);
        kernel.Restore(snapshot.Step, snapshot.Neurons, snapshot.Pending, m.Inflight);
        // What the shard still holds is cut here; what it sent, by the session in its store.
        kernel.Recordings.TruncateFrom(snapshot.Step);
        kernel.RewindCounters(spikes, events);
        if (kernel is IShardCounters own && counters is not null) own.RewindCounters(counters);
        ForgetSegment();
        Sender.Tell(new ShardRestored(_index, kernel.Step));
    }

    /// <summary>Makes a change the session asked for; a refused one (a bad name or value) is reported, not a crash.</summary>
    [BetweenRuns]
    private void Change(Action change)
    {
        try
        {
            change();
            Sender.Tell(new ShardChanged(_index, null));
        }
        catch (ArgumentException ex)
        {
            Sender.Tell(new ShardChanged(_index, Reason(ex)));
        }
    }

    /// <summary>An argument exception's message without the parameter name .NET appends.</summary>
    private static string Reason(ArgumentException ex) => ex.Message.Split(" (Parameter")[0];

    /// <summary>Sends this shard's part of a projection's weights in chunks, or, when its backend cannot give them, the reason (<see cref="ShardChanged"/>).</summary>
    [BetweenRuns]
    private void SendWeights(int projection, IActorRef to)
    {
        ProjectionWeights w;
        try
        {
            w = _kernel!.GetWeights(projection);
        }
        catch (ArgumentException ex)
        {
            to.Tell(new ShardChanged(_index, Reason(ex)));
            return;
        }
        int chunk = WeightChunk.MaxSynapses;
        for (int start = 0; ; start += chunk)
        {
            int n = Math.Min(chunk, w.Count - start);
            bool last = start + n >= w.Count;
            to.Tell(new WeightChunk(_index, projection, w.Source[start..(start + n)], w.Target[start..(start + n)], w.Weight[start..(start + n)],
                w.DelaySteps[start..(start + n)], last));
            if (last) return;
        }
    }

    [BetweenRuns]
    private KeptSnapshot Kept(string id) => _snapshots.TryGetValue(id, out var snapshot)
        ? snapshot
        : throw new InvalidOperationException($"shard {_index} holds no snapshot '{id}'");

    /// <summary>
    /// After the state was replaced, nothing of the last segment applies: its windowed protocol and any packet that
    /// arrived early for a segment that will not follow.
    /// </summary>
    [BetweenRuns]
    private void ForgetSegment()
    {
        EndWindowedProtocol();
        _early.Clear();
    }

    /// <summary>A <see cref="WindowedShard"/> lives for one segment: its late counts are kept before it goes.</summary>
    private void EndWindowedProtocol()
    {
        if (_windowed is null) return;
        _latePackets += _windowed.LatePackets;
        _lateSpikes = ShardTraffic.Combine(_lateSpikes, _windowed.LateSpikesBySource)!;
        _windowed = null;
    }

    /// <summary>Hands what the shard recorded since the last time to the session, and forgets it here.</summary>
    private void SendRecordings()
    {
        var recorder = _kernel!.Recordings;
        if (recorder.Values == 0) return;
        var recorders = _plan.Spec.Recorders;
        var states = recorder.Probes
            .Where(probe => probe.Steps.Count > 0)
            .Select(probe => RecordedState.From(probe, IndexOf(recorders, probe.Recorder)))
            .ToArray();
        var (spikes, count) = recorder.Spikes.Detach();
        var recordings = new ShardRecordings(_index, spikes, states, count);
        var weights = recorder.Weights.Count > 0 ? ShardWeightRecords.From(_index, recorder.Weights) : null;
        recorder.Clear();
        _coordinator.Tell(recordings);
        if (weights is not null) _coordinator.Tell(weights);
    }

    /// <summary>
    /// The first presynaptic step whose weight records a restore to <paramref name="step"/> drops: that of the earliest
    /// spike the snapshot had not delivered (<paramref name="inflight"/>, sorted), or the step itself. Every spike before it
    /// was delivered, and recorded, before the snapshot.
    /// </summary>
    public static long WeightRecordsCut(long step, long[] inflight) =>
        inflight.Length == 0 ? step : Math.Min(step, SpikeEvent.Step(inflight.Min()));

    private static int IndexOf(IReadOnlyList<RecorderSpec> recorders, RecorderSpec recorder)
    {
        // By reference first: two recorders of a model may compare equal as records.
        for (int i = 0; i < recorders.Count; i++) if (ReferenceEquals(recorders[i], recorder)) return i;
        for (int i = 0; i < recorders.Count; i++) if (recorders[i] == recorder) return i;
        throw new InvalidOperationException("a state probe refers to a recorder that is not in the model");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Advance()
    {
        var w = _windowed!;
        long sliceStart = Stopwatch.GetTimestamp();
        while (!w.Finished)
        {
            long start = Stopwatch.GetTimestamp();
            long spikes = _kernel!.SpikeCount, events = _kernel.EventCount;
            using (NeuroActorsTelemetry.StartWindow(_index, w.CurrentWindow))
                if (!w.TryAdvance(_send)) return; // waiting for packets: the next one to arrive restarts the loop
            // On a cluster, remoting needs a core to send this part's packets and to take in the next ones while the shard
            // computes on. With every core busy computing, the OS would run it only when a time slice ends, which added
            // about a millisecond to every window (measured: two processes on two cores); giving up the core after each
            // part lets it run now, and costs about a microsecond when nothing is waiting.
            if (_yieldAfterEachPart) Thread.Yield();
            // Recordings leave the shard as it goes, so its memory does not grow with the run's length; what is left
            // (at most the bound) goes when the session collects.
            if (_kernel.Recordings.Values > ShardRecordings.Bound) SendRecordings();
            long end = Stopwatch.GetTimestamp();
            NeuroActorsTelemetry.RecordWindow(Node, _index, (double)(end - start) / Stopwatch.Frequency, (double)(start - _idleSince) / Stopwatch.Frequency,
                _kernel.SpikeCount - spikes, _kernel.EventCount - events);
            _waitTicks += start - _idleSince;
            _computeTicks += end - start;
            _idleSince = end;
            // Chunks of packets already delivered can no longer complete: forget them, counting any packet that never did
            // as dropped (it reached this shard only in part; only best effort delivers a window without it).
            if (_sawChunks && _chunks.DiscardBefore(w.DeliveredThrough) is > 0 and var dropped)
            {
                _lostChunks += dropped;
                NeuroActorsTelemetry.RecordDropped(Node, _index, dropped);
            }
            if (w.Finished)
            {
                _coordinator.Tell(new SegmentDone(_index, _kernel!.Step,
                    (double)_computeTicks / Stopwatch.Frequency, (double)_waitTicks / Stopwatch.Frequency,
                    TrafficSinceLastReport()));
                return;
            }
            if (end - _lastProgress > ProgressInterval)
            {
                _lastProgress = end;
                _coordinator.Tell(new ShardProgress(_index, _kernel!.Step));
            }
            if (w.BestEffort)
            {
                ScheduleOnClock();
                return;
            }
            if (!w.Ready) return;
            // Windows whose inputs are all here run in one go (with one shard, or one step per window, a message per
            // window cost more than the window), but not for so long that packets and requests queue behind them.
            if (end - sliceStart > SliceTicks)
            {
                ScheduleAdvance();
                return;
            }
        }
    }

    /// <summary>Best effort: the next window starts at its wall-clock time, or at once when the shard is behind.</summary>
    private void ScheduleOnClock()
    {
        long due = _clockStart + (_windowed!.CurrentWindow - _firstWindow) * _windowTicks;
        long now = Stopwatch.GetTimestamp();
        if (now >= due)
        {
            if (now - due >= _windowTicks) _overruns++;
            ScheduleAdvance();
            return;
        }
        _advanceScheduled = true;
        // Akka's scheduler delivered these timers up to a second late here; a task delay keeps to the clock.
        var self = Self;
        _ = Task.Delay(TimeSpan.FromSeconds((double)(due - now) / Stopwatch.Frequency)).ContinueWith(_ => self.Tell(AdvanceWindow.Instance), TaskScheduler.Default);
    }

    private void ScheduleAdvance()
    {
        if (_advanceScheduled) return;
        _advanceScheduled = true;
        Self.Tell(AdvanceWindow.Instance);
    }

    private ShardTraffic TrafficSinceLastReport()
    {
        var now = new ShardTraffic(_packetsSent, _spikesSent, _remotePacketsSent, _remoteBytesSent, _packetsReceived, _chunks.Rejected + _lostChunks,
            _latePackets + (_windowed?.LatePackets ?? 0), _overruns, ShardTraffic.Combine(_lateSpikes, _windowed?.LateSpikesBySource));
        var delta = now.Minus(_reported);
        _reported = now;
        if (delta.LatePackets > 0) NeuroActorsTelemetry.RecordLate(Node, _index, delta.LatePackets);
        return delta;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Send(int shard, SpikePacket packet)
    {
        var target = _shards[shard];
        _packetsSent++;
        _spikesSent += packet.Count;
        if (shard == _index)
        {
            // To itself (a shard whose neurons project to each other): straight into the inbox, as the mailbox would
            // have put it, counted on both sides as any packet is.
            NeuroActorsTelemetry.RecordPacketSent(Node, _index, 0);
            _packetsReceived++;
            NeuroActorsTelemetry.RecordPacketReceived(Node, _index, 0);
            _windowed!.Accept(packet);
            return;
        }
        if (!target.Path.Address.HasGlobalScope)
        {
            target.Tell(packet); // same ActorSystem: nothing is serialized, nothing to split
            NeuroActorsTelemetry.RecordPacketSent(Node, _index, 0);
            return;
        }
        long bytes = SpikePacketChunker.EncodedSize(packet);
        NeuroActorsTelemetry.RecordPacketSent(Node, _index, (int)Math.Min(bytes, int.MaxValue));
        _remotePacketsSent++;
        _remoteBytesSent += bytes;
        if (bytes <= SpikePacketChunker.DefaultFrameBudget) target.Tell(packet);
        else foreach (var chunk in SpikePacketChunker.Split(packet)) target.Tell(chunk);
    }
}
