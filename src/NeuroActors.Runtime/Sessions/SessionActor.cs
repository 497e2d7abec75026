using System.Diagnostics;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Cluster;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Results;
using NeuroActors.Routing;
using NeuroActors.Runtime.Cluster;

namespace NeuroActors.Runtime.Sessions;

/// <summary>
/// A built network that stays alive across commands: it creates the shard actors (its children, or on cluster
/// workers), has each build its own part, then carries out its driver's commands one at a time — run for a while,
/// snapshot, restore, save, collect — until it is released, its driver stops, or a shard or node is lost. Never in
/// the per-window path: shards exchange packets directly and only report progress now and then.
/// </summary>
public sealed class SessionActor : UntypedActor
{
    private readonly RunRequest _request;
    private readonly NetworkPlan _plan;
    private readonly Lazy<Storage.Checkpoints.CheckpointLayout> _layout;
    private readonly TaskCompletionSource<SessionInfo> _ready;
    private readonly IProgress<RunProgress>? _progress;
    private readonly ShardHosting? _hosting;
    private readonly IActorRef? _driver;
    private readonly IActorRef[] _shards;
    private readonly long[] _shardStep;
    private readonly Stopwatch _clock = new();
    private readonly string _runId;
    private readonly Dictionary<string, KeptSnapshot> _snapshots = new();
    private int _pending;
    private long _step, _startStep, _segmentEnd, _synapses, _synapseBytes;
    private readonly SortedDictionary<string, double> _figures = new(StringComparer.Ordinal);
    private double _buildSeconds, _simSeconds;
    private readonly double[] _compute, _wait;
    private readonly ShardTraffic[] _traffic;
    private readonly List<NodeWire> _wire = [];
    private readonly ShardResults?[] _results;
    private CheckpointWriter? _saving;
    private readonly List<long> _inflight = [];
    private long _keptSpikes, _keptEvents;
    // Where the recordings (and the figures of Collect) start: the build's or a reset's step, or what a checkpoint carried.
    private long _recordedFrom;
    // What the run had counted before _startStep, as a checkpoint carried it (the shards count from _startStep).
    private Storage.Checkpoints.RecordingTotals _carried = Storage.Checkpoints.RecordingTotals.None;
    // Whether the store holds exactly the recordings that led to the current state (a restore of a snapshot whose
    // recordings were cut since, or a reset, breaks that), and the snapshots whose recordings a later cut removed.
    private bool _coherent = true;
    private readonly HashSet<string> _recordingsCut = [];
    private ISessionCommand? _current;
    private Storage.Recording.RecordingStore? _store;
    private SessionSettings _settings = SessionSettings.None;
    private string? _changeError;
    private readonly List<WeightChunk> _weightsOut = [];
    private readonly Queue<ISessionCommand> _queued = new();
    private Exception? _failure;
    private readonly TaskCompletionSource<Exception>? _failed;
    // What each node's process may use, as it said when it hosted its shards.
    private readonly long[] _nodeMemory;
    private Activity? _activity;

    /// <summary>
    /// A snapshot held by the shards, the union of their undelivered spikes at its step, and the session's settings
    /// and figures then (a restore rewinds the figures with the state). A checkpoint of it carries the recordings from
    /// <paramref name="RecordedFrom"/> up to its step when <paramref name="Coherent"/> (the store held the recordings
    /// that led to it), with the totals then: <paramref name="Carried"/> plus the shards' counters.
    /// </summary>
    private sealed record KeptSnapshot(long Step, long[] Inflight, SessionSettings Settings, Figures Figures,
        long Spikes, long Events, long RecordedFrom, Storage.Checkpoints.RecordingTotals Carried, bool Coherent);

    /// <summary>What the session has measured: simulation wall time, and per shard compute, waiting and traffic.</summary>
    private sealed record Figures(double SimulationSeconds, double[] Compute, double[] Wait, ShardTraffic[] Traffic);

    /// <summary>
    /// Props for a session of <paramref name="request"/> that completes <paramref name="ready"/> once built. Without
    /// <paramref name="hosting"/> the shards are its own children; with it they live on the cluster nodes it names.
    /// With <paramref name="driver"/>, the session releases itself when that actor stops.
    /// </summary>
    /// With <paramref name="failed"/>, the reason the session ends, when it fails, is handed to its driver even when no
    /// command was in progress.
    public static Props Props(RunRequest request, TaskCompletionSource<SessionInfo> ready, IProgress<RunProgress>? progress,
        ShardHosting? hosting = null, IActorRef? driver = null, TaskCompletionSource<Exception>? failed = null) =>
        Akka.Actor.Props.Create(() => new SessionActor(request, ready, progress, hosting, driver, failed));

    /// <summary>Creates the session; it builds when it starts.</summary>
    public SessionActor(RunRequest request, TaskCompletionSource<SessionInfo> ready, IProgress<RunProgress>? progress, ShardHosting? hosting,
        IActorRef? driver, TaskCompletionSource<Exception>? failed = null)
    {
        _failed = failed;
        _runId = hosting?.SessionId ?? NewId();
        _nodeMemory = new long[hosting?.Nodes.Count ?? 0];
        _request = request;
        _ready = ready;
        _progress = progress;
        _hosting = hosting;
        _driver = driver;
        _plan = request.Plan();
        _layout = new(() => Storage.Checkpoints.CheckpointLayout.Of(request.Spec));
        int n = request.Shards;
        _shards = new IActorRef[n];
        _shardStep = new long[n];
        _results = new ShardResults?[n];
        _compute = new double[n];
        _wait = new double[n];
        _traffic = Enumerable.Repeat(ShardTraffic.None, n).ToArray();
    }

    /// <inheritdoc/>
    /// <remarks>A switch rather than <see cref="ReceiveActor"/>'s handlers, which are compiled from expression trees when
    /// the actor starts.</remarks>
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ShardProgress m:
                _shardStep[m.Shard] = Math.Max(_shardStep[m.Shard], m.Step);
                Report("simulate");
                break;
            case SegmentDone m: OnSegmentDone(m); break;
            case ShardBuilt m: OnBuilt(m); break;
            case ShardRecordings m: Record(m); break;
            case ShardWeightRecords m: Record(m); break;
            case ShardResults m:
                _results[m.Shard] = m;
                if (--_pending == 0) OnResultsGathered();
                break;
            case NodeStats m: OnNodeStats(m); break;
            case ISessionCommand m: OnCommand(m); break;
            case SnapshotKept m: OnSnapshotKept(m); break;
            case ShardRestored m:
                _shardStep[m.Shard] = m.Step;
                if (--_pending == 0) OnRestored(m.Step);
                break;
            case ShardChanged m: OnChanged(m); break;
            case WeightChunk m:
                _weightsOut.Add(m);
                if (m.Last && --_pending == 0) OnWeightsGathered();
                break;
            case CheckpointPart m:
                if (_saving is { } saving && saving.Accept(m)) OnPartsWritten();
                break;
            case ShardRefused m: OnRefused(m); break;
            case Terminated t: OnTerminated(t); break;
            case ShardsHosted m: OnHosted(m); break;
            case HostRefused m: Fail(new ClusterRunException($"node {m.Node}: {m.Reason}")); break;
            case ReleaseSession: Context.Stop(Self); break;
            default:
                if (_hosting is null || !OnClusterEvent(message)) Unhandled(message);
                break;
        }
    }

    private void OnTerminated(Terminated t)
    {
        if (_driver is not null && t.ActorRef.Equals(_driver))
        {
            Fail(new SessionReleasedException("the session's driver stopped; the session was released"));
            return;
        }
        // A shard watched across the network stops with its node: that is the node's loss, not the shard's failure.
        if (t.AddressTerminated && _hosting is not null && _hosting.Addresses.Contains(t.ActorRef.Path.Address))
        {
            NodeLost(t.ActorRef.Path.Address, "stopped answering");
            return;
        }
        Fail(new ClusterRunException($"shard actor {t.ActorRef.Path} on node {t.ActorRef.Path.Address} stopped during the run; {LastWindow()}"));
    }

    [BetweenRuns]
    private void OnSnapshotKept(SnapshotKept m)
    {
        _inflight.AddRange(m.Inflight);
        _keptSpikes += m.SpikeCount;
        _keptEvents += m.EventCount;
        if (--_pending == 0) OnSnapshotKept((SnapshotCommand)_current!, m.Step);
    }

    [BetweenRuns]
    private void OnChanged(ShardChanged m)
    {
        _changeError ??= m.Error;
        if (--_pending > 0) return;
        var error = _changeError;
        _changeError = null;
        if (error is null && _current is ChangeCommand change) _settings = _settings.With(change.Change, _request.Spec);
        Complete(_step, error is null ? null : new SessionCommandException(error));
    }

    private void OnRefused(ShardRefused m)
    {
        if (_current is BuildCommand) Fail(new Storage.Checkpoints.CheckpointException($"shard {m.Shard}: {m.Reason}"));
        else if (_saving is { } saving && saving.Refuse(m)) OnPartsWritten();
    }

    private void OnNodeStats(NodeStats m)
    {
        _wire.RemoveAll(w => w.Node == m.Node);
        _wire.Add(new NodeWire(m.Node, m.SerializationSeconds, m.Malformed));
        if (--_pending == 0) OnResultsGathered();
    }

    /// <summary>A fresh session id.</summary>
    internal static string NewId() => Guid.NewGuid().ToString("N")[..12];

    /// <inheritdoc/>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(0, TimeSpan.Zero, ex =>
    {
        // A shard's state cannot be rebuilt by a restart: the session fails with the reason.
        Fail(ex);
        return Directive.Stop;
    });

    /// <inheritdoc/>
    protected override void PreStart()
    {
        _step = _startStep = _recordedFrom = _request.Resume?.Step ?? 0;
        Array.Fill(_shardStep, _step);
        _clock.Start();
        // The shards' recordings come here while they run and wait on disk (in bounded memory) until collected.
        _store = new Storage.Recording.RecordingStore(_request.Spec, _shards.Length, _request.RecordingDirectory ?? RunRequest.DefaultRecordingDirectory);
        if (_driver is not null) Context.Watch(_driver);
        // The session's span outlives this message; keep it from becoming the ambient parent of whatever runs next on this thread.
        var ambient = Activity.Current;
        _activity = Telemetry.NeuroActorsTelemetry.StartRun(_request.Spec.Simulation.Name, _plan.Shards, _hosting?.Nodes.Count ?? 1);
        Activity.Current = ambient;
        _progress?.Report(new RunProgress("build", _step, _step, _step, _plan.DtMs, 0));
        _current = new BuildCommand(_ready);
        if (_hosting is null)
        {
            for (int k = 0; k < _shards.Length; k++) _shards[k] = Context.ActorOf(ShardActor.Props(_plan, k, Self), $"shard-{k}");
            BuildShards();
        }
        else HostShardsOnNodes();
        // What the session first calls once the shards are built is compiled now, while they build.
        // The store is not: a run hands it recordings only once a shard holds a megavalue, which takes long enough for a
        // first call's compilation not to count, and short runs reach it only when collected.
        // On the thread pool, not here: a shard that builds faster than this compiles would wait in the mailbox.
        _ = Task.Run(() => Kernel.Shard.Precompile.Types(typeof(SessionActor), typeof(RunProgress)));
    }

    // Room in a remote frame for HostShards' other fields (the cut, the ids) and the envelope.
    private const int ModelHeadroomChars = 1 << 20;

    // Methods of their own, called only on a cluster and left out of the precompile: compiling them loads Akka.Cluster,
    // which a session in one process then never loads.
    [BetweenRuns]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool OnClusterEvent(object message)
    {
        switch (message)
        {
            case ClusterEvent.UnreachableMember m: NodeLost(m.Member.Address, "became unreachable"); return true;
            case ClusterEvent.MemberRemoved m: NodeLost(m.Member.Address, "left the cluster"); return true;
            case ClusterEvent.MemberLeft m: NodeLost(m.Member.Address, "is leaving the cluster"); return true;
            case ClusterEvent.IClusterDomainEvent or ClusterEvent.CurrentClusterState: return true;
            default: return false;
        }
    }

    [BetweenRuns]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void UnsubscribeFromCluster() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    [BetweenRuns]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void HostShardsOnNodes()
    {
        var hosting = _hosting!;
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.MemberLeft));
        string model = SpecJson.Serialize(_request.Spec);
        // Explicit connections travel inside the model; Akka.Remote would drop a larger message without a word.
        if (model.Length > Wire.ClusterCodec.MaxTextChars - ModelHeadroomChars)
        {
            Fail(new ClusterRunException($"the model is {model.Length} characters of JSON (from_file connections travel inside it), more than "
                + $"the {Wire.ClusterCodec.MaxTextChars - ModelHeadroomChars} a cluster message carries; run it in one process, where the model is not sent"));
            return;
        }
        string fingerprint = Checkpoint.FingerprintOf(_request.Spec);
        var cut = _plan.Cut.Slices.Select(slices => slices.ToArray()).ToArray();
        _pending = 0;
        // From this session, so that every node hears the release of the lost session's shards before its new ones.
        if (hosting.Replaces is { } lost)
            foreach (var node in hosting.Nodes) node.Tell(new ReleaseShards(lost), Self);
        for (int n = 0; n < hosting.Nodes.Count; n++)
        {
            var ids = Enumerable.Range(0, _plan.Shards).Where(k => hosting.NodeOfShard[k] == n).ToArray();
            if (ids.Length == 0) continue;
            hosting.Nodes[n].Tell(new HostShards(_runId, model, fingerprint, cut, ids, [.. hosting.NodeOfShard], hosting.Nodes.Count), Self);
            _pending++;
        }
    }

    /// <inheritdoc/>
    [BetweenRuns]
    protected override void PostStop()
    {
        _activity?.Dispose();
        _store?.Dispose();
        _saving?.Dispose();
        // Whatever was still asked of the session will not be done.
        var released = _failure ?? new SessionReleasedException("the session was released");
        _ready.TrySetException(released);
        _current?.Fail(released);
        while (_queued.TryDequeue(out var queued)) queued.Fail(released);
        if (_hosting is null) return;
        UnsubscribeFromCluster();
        foreach (var node in _hosting.Nodes) node.Tell(new ReleaseShards(_runId), Self);
    }

    [BetweenRuns]
    private void OnHosted(ShardsHosted m)
    {
        for (int i = 0; i < m.ShardIds.Length; i++)
        {
            _shards[m.ShardIds[i]] = m.Shards[i];
            Context.Watch(m.Shards[i]);
        }
        if (m.ShardIds.Length > 0) _nodeMemory[_hosting!.NodeOfShard[m.ShardIds[0]]] = m.MemoryBytes;
        if (--_pending > 0) return;
        var hosting = _hosting!;
        // Before anything is built: a node that cannot hold its share would fail later and less clearly.
        if (hosting.ExpectedBytes is { } expected &&
            NodeMemory.Shortage(expected, _nodeMemory, hosting.Addresses.Select(a => a.ToString()).ToList()) is { } shortage)
        {
            Fail(new ClusterRunException((hosting.Context is null ? "" : hosting.Context + "; ") + shortage));
            return;
        }
        BuildShards();
    }

    /// <summary>
    /// Has every shard build its part. When resuming, each restores only its own gids: it reads them from the checkpoint
    /// directory when it can reach it, else the session sends it just the sections it needs, in pieces, before it builds.
    /// </summary>
    private void BuildShards()
    {
        _pending = _shards.Length;
        if (_request.Resume is not { } resume)
        {
            foreach (var shard in _shards) shard.Tell(new BuildShard());
            return;
        }
        try
        {
            var manifest = resume.Manifest(_layout.Value);
            string json = manifest.ToJson();
            string? direct = resume.Directory is { } dir && (_hosting is null || _request.SharedCheckpointDirectory) ? Path.GetFullPath(dir) : null;
            for (int k = 0; k < _shards.Length; k++)
            {
                if (direct is null)
                {
                    int section = 0;
                    foreach (var s in Storage.Checkpoints.CheckpointRestore.SectionsFor(manifest, Storage.Checkpoints.GidRange.HeldBy(_plan, k)))
                        foreach (var piece in CheckpointBytes.Split(section++, resume.Read(s)))
                            _shards[k].Tell(piece);
                }
                _shards[k].Tell(new BuildShard(json, direct));
            }
            // While the shards build, what the checkpoint carried of the run before it is verified and copied into the store.
            if (resume.Directory is { } from &&
                Storage.Checkpoints.CheckpointRecordings.FromJson(manifest.Session, _request.Spec, manifest.Step,
                    Path.Combine(from, Storage.Checkpoints.CheckpointManifest.FileName)) is { } carried)
            {
                carried.ImportInto(_store!, from);
                _recordedFrom = carried.FromStep;
                _carried = carried.Totals;
            }
        }
        catch (Storage.Checkpoints.CheckpointException ex)
        {
            Fail(ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(new IOException($"cannot copy the checkpoint's recordings into {_store!.Directory}: {ex.Message}", ex));
        }
    }

    private void OnBuilt(ShardBuilt m)
    {
        _synapses += m.Synapses;
        _synapseBytes += m.SynapseBytes;
        foreach (var (name, value) in m.Figures ?? ShardResources.NoFigures) _figures[name] = _figures.GetValueOrDefault(name) + value;
        _shardStep[m.Shard] = m.Step;
        if (--_pending > 0) return;
        _buildSeconds = _clock.Elapsed.TotalSeconds;
        Complete(new SessionInfo(_plan, _step, _synapses, _synapseBytes, _buildSeconds, _runId, _figures));
    }

    private void OnCommand(ISessionCommand command)
    {
        if (_failure is not null)
        {
            command.Fail(_failure);
            return;
        }
        if (_current is not null)
        {
            _queued.Enqueue(command);
            return;
        }
        _current = command;
        try
        {
            switch (command)
            {
                case RunForCommand run: StartSegment(run); break;
                case SnapshotCommand snap:
                    _inflight.Clear();
                    _keptSpikes = _keptEvents = 0;
                    Broadcast(new KeepSnapshot(snap.Name));
                    break;
                case RestoreCommand restore:
                    var kept = Snapshot(restore.Name);
                    Broadcast(new RestoreSnapshot(restore.Name, kept.Inflight));
                    Rewind(kept.Figures);
                    // What the shards sent of the steps since is cut here; what they still hold, by the shards.
                    _store!.TruncateTo(kept.Step);
                    _store.TruncateWeightsTo(ShardActor.WeightRecordsCut(kept.Step, kept.Inflight));
                    _coherent = kept.Coherent && !_recordingsCut.Contains(restore.Name);
                    CutRecordingsAfter(kept.Step);
                    break;
                case DropSnapshotCommand drop:
                    var dropped = Snapshot(drop.Name);
                    _snapshots.Remove(drop.Name);
                    foreach (var s in _shards) s.Tell(new DropSnapshot(drop.Name));
                    Complete(dropped.Step);
                    break;
                case SaveCommand save: StartSave(save); break;
                case CollectCommand or WriteResultsCommand: Collect(); break;
                case ResetCommand reset:
                    _startStep = _recordedFrom = 0;
                    Broadcast(new ResetShard(reset.Trial));
                    // The recordings a checkpoint carried go too: they led to a state the network has left.
                    _store!.Clear();
                    _carried = Storage.Checkpoints.RecordingTotals.None;
                    _coherent = true;
                    CutRecordingsAfter(0);
                    // The shards' counters start again from zero; so do the session's figures.
                    int n = _shards.Length;
                    Rewind(new Figures(0, new double[n], new double[n], Enumerable.Repeat(ShardTraffic.None, n).ToArray()));
                    break;
                case ChangeCommand change: Broadcast(change.Change); break;
                case GetWeightsCommand get:
                    _weightsOut.Clear();
                    Broadcast(new GetShardWeights(get.Projection));
                    break;
                case SetWeightsCommand set: SendWeights(set); break;
                default: throw new InvalidOperationException($"a session does not take {command.GetType().Name}");
            }
        }
        catch (SessionCommandException ex)
        {
            // The driver asked for something that cannot be done (an unknown snapshot): that command fails, the session lives on.
            Complete(null, ex);
        }
    }

    private void Record(ShardRecordings m)
    {
        try
        {
            _store!.AppendSpikes(m.Shard, m.RecordedSpikes);
            foreach (var state in m.States)
                _store.AppendState(state.RecorderIndex, m.Shard, new Storage.Recording.StateChunk(state.Neurons, state.Steps, state.Values));
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            // Out-of-order or malformed recordings, or a full disk: the results could no longer be trusted or kept.
            Fail(new IOException($"recordings of shard {m.Shard}: {ex.Message}", ex));
        }
    }

    private void Record(ShardWeightRecords m)
    {
        try
        {
            _store!.AppendWeights(m.Shard, m.Steps, m.Projections, m.Sources, m.Targets, m.Weights);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            Fail(new IOException($"weight records of shard {m.Shard}: {ex.Message}", ex));
        }
    }

    /// <summary>The recordings up to the step of every snapshot taken after <paramref name="step"/> were cut: a checkpoint of one carries none.</summary>
    [BetweenRuns]
    private void CutRecordingsAfter(long step)
    {
        foreach (var (name, kept) in _snapshots)
            if (kept.Step > step) _recordingsCut.Add(name);
    }

    /// <summary>Puts the session's figures back to <paramref name="figures"/> (copied, so a snapshot can be restored again).</summary>
    [BetweenRuns]
    private void Rewind(Figures figures)
    {
        _simSeconds = figures.SimulationSeconds;
        figures.Compute.CopyTo(_compute, 0);
        figures.Wait.CopyTo(_wait, 0);
        figures.Traffic.CopyTo(_traffic, 0);
    }

    [BetweenRuns]
    private KeptSnapshot Snapshot(string name) => _snapshots.TryGetValue(name, out var kept)
        ? kept
        : throw new SessionCommandException($"snapshot '{name}': no such snapshot in this session" +
            (_snapshots.Count == 0 ? " (none taken)" : $"; it holds {string.Join(", ", _snapshots.Keys.Order().Select(k => $"'{k}'"))}"));

    private void Broadcast(object message)
    {
        _pending = _shards.Length;
        foreach (var s in _shards) s.Tell(message);
    }

    private void StartSegment(RunForCommand run)
    {
        // Session.RunAsync and the drivers never ask for zero steps.
        _segmentEnd = _step + run.Steps;
        _clock.Restart();
        Broadcast(new RunSegment(_segmentEnd, _shards, PacketsPerWindow));
    }

    private void OnSegmentDone(SegmentDone m)
    {
        _shardStep[m.Shard] = m.Step;
        _compute[m.Shard] += m.ComputeSeconds;
        _wait[m.Shard] += m.WaitSeconds;
        _traffic[m.Shard] = _traffic[m.Shard].Plus(m.Traffic);
        if (--_pending > 0) return;
        _simSeconds += _clock.Elapsed.TotalSeconds;
        _step = _segmentEnd;
        Report("simulate");
        Complete(_step);
    }

    [BetweenRuns]
    private void OnSnapshotKept(SnapshotCommand command, long step)
    {
        var inflight = _inflight.ToArray();
        Array.Sort(inflight);
        _snapshots[command.Name] = new KeptSnapshot(step, inflight, _settings,
            new Figures(_simSeconds, (double[])_compute.Clone(), (double[])_wait.Clone(), (ShardTraffic[])_traffic.Clone()),
            _keptSpikes, _keptEvents, _recordedFrom, _carried, _coherent);
        _recordingsCut.Remove(command.Name);
        Complete(step);
    }

    [BetweenRuns]
    private void OnRestored(long step)
    {
        _step = step;
        if (_current is ResetCommand reset) _settings = _settings with { Trial = reset.Trial };
        Complete(step);
    }

    /// <summary>
    /// Each shard writes its part of the snapshot: itself into the directory when it can reach it (in this process, or a
    /// directory every node shares), else in pieces to this session, which writes them; the manifest goes last.
    /// </summary>
    [BetweenRuns]
    private void StartSave(SaveCommand save)
    {
        var kept = Snapshot(save.Name);
        _progress?.Report(new RunProgress("checkpoint", _step, _startStep, _step, _plan.DtMs, 0));
        string directory = Path.GetFullPath(save.Path);
        _saving = new CheckpointWriter(directory, _layout.Value, kept.Step, _shards.Length);
        bool shardsWrite = _hosting is null || _request.SharedCheckpointDirectory;
        foreach (var s in _shards) s.Tell(new SaveSnapshot(save.Name, shardsWrite ? directory : null));
    }

    [BetweenRuns]
    private void OnPartsWritten()
    {
        var saving = _saving!;
        _saving = null;
        string name = ((SaveCommand)_current!).Name;
        var kept = _snapshots[name];
        long step = kept.Step;
        try { saving.Commit(() => SessionObject(name, kept, saving.Directory)); }
        catch (Storage.Checkpoints.CheckpointException ex)
        {
            Complete(null, new SessionCommandException($"checkpoint: cannot write '{saving.Directory}': {ex.Message}", ex));
            return;
        }
        Complete(step);
    }

    /// <summary>
    /// The checkpoint's <c>session</c> object: the settings, and the recordings from where they start up to the snapshot's
    /// step with the run's totals then, written into the directory first. Every shard has sent what it still held
    /// before its part, so the store holds them all. A snapshot whose recordings were cut since carries none.
    /// </summary>
    [BetweenRuns]
    private System.Text.Json.Nodes.JsonObject SessionObject(string name, KeptSnapshot kept, string directory)
    {
        var session = kept.Settings.ToJson();
        if (!kept.Coherent || _recordingsCut.Contains(name))
        {
            Storage.Checkpoints.CheckpointRecordings.Delete(directory);
            return session;
        }
        var totals = new Storage.Checkpoints.RecordingTotals(kept.Carried.Spikes + kept.Spikes, kept.Carried.SynapticEvents + kept.Events,
            kept.Carried.SimulationSeconds + kept.Figures.SimulationSeconds);
        session[Storage.Checkpoints.CheckpointRecordings.Key] =
            Storage.Checkpoints.CheckpointRecordings.Write(_store!, directory, kept.RecordedFrom, kept.Step, totals,
                ShardActor.WeightRecordsCut(kept.Step, kept.Inflight)).ToJson();
        return session;
    }

    /// <summary>
    /// Shards hold disjoint targets and send theirs sorted by (target, source, order): a stable sort by target of their
    /// concatenation is the canonical order of the whole projection, whatever the cut.
    /// </summary>
    [BetweenRuns]
    private void OnWeightsGathered()
    {
        if (_changeError is { } error)
        {
            // A shard whose backend cannot give weights answered with the reason instead of its chunks.
            _changeError = null;
            _weightsOut.Clear();
            Complete(null, new SessionCommandException(error));
            return;
        }
        // Each shard's chunks arrive in order and hold its targets in canonical order; a shard's targets of one
        // projection are one slice of the target population, so the shards' runs, taken by their first target, follow
        // each other: concatenated in that order they are sorted, with no sort and one copy.
        var runs = _weightsOut.GroupBy(c => c.Shard).Select(g => g.ToArray()).Where(r => r.Sum(c => c.Target.Length) > 0)
            .OrderBy(r => r.First(c => c.Target.Length > 0).Target[0]).ToArray();
        _weightsOut.Clear();
        int count = runs.Sum(r => r.Sum(c => c.Target.Length));
        var weights = new ProjectionWeights(new int[count], new int[count], new float[count], new int[count]);
        int at = 0;
        foreach (var chunk in runs.SelectMany(r => r))
        {
            chunk.Source.CopyTo(weights.Source, at);
            chunk.Target.CopyTo(weights.Target, at);
            chunk.Weight.CopyTo(weights.Weight, at);
            chunk.DelaySteps.CopyTo(weights.DelaySteps, at);
            at += chunk.Target.Length;
        }
        for (int i = 1; i < count; i++)
            if (weights.Target[i] < weights.Target[i - 1])
            {
                // Only a cut whose slices are not contiguous could do this; say so rather than hand out a wrong order.
                Complete(null, new InvalidOperationException($"the shards' synapses are not in target order at entry {i} (target {weights.Target[i]} after {weights.Target[i - 1]})"));
                return;
            }
        Complete(weights);
    }

    /// <summary>Each synapse goes to the shard of its target, in chunks; every shard hears a last chunk, empty or not.</summary>
    [BetweenRuns]
    private void SendWeights(SetWeightsCommand set)
    {
        var spec = _request.Spec;
        int target = spec.PopulationIndex(spec.Projections[set.Projection].Target);
        int offset = _plan.PopulationOffset(target), size = spec.Populations[target].Size;
        var perShard = Enumerable.Range(0, _shards.Length).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < set.Target.Length; i++)
        {
            int index = set.Target[i] - offset;
            if (index < 0 || index >= size)
            {
                Complete(null, new SessionCommandException($"weights of '{spec.Projections[set.Projection].Label}': entry {i} has target {set.Target[i]}, " +
                    $"which is not a neuron of '{spec.Populations[target].Name}' (global ids {offset}..{offset + size - 1})"));
                return;
            }
            perShard[_plan.Cut.ShardOf(target, index)].Add(i);
        }
        _pending = _shards.Length;
        for (int k = 0; k < _shards.Length; k++)
        {
            var mine = perShard[k];
            for (int start = 0; ; start += WeightChunk.MaxSynapses)
            {
                var part = mine.Skip(start).Take(WeightChunk.MaxSynapses).ToArray();
                bool last = start + part.Length >= mine.Count;
                _shards[k].Tell(new WeightChunk(k, set.Projection, part.Select(i => set.Source[i]).ToArray(), part.Select(i => set.Target[i]).ToArray(),
                    part.Select(i => set.Weight[i]).ToArray(), new int[part.Length], last));
                if (last) break;
            }
        }
    }

    [BetweenRuns]
    private void Collect()
    {
        Array.Clear(_results);
        Broadcast(new CollectResults());
        if (_hosting is null) return;
        foreach (int n in _hosting.NodeOfShard.Distinct())
        {
            _hosting.Nodes[n].Tell(new ReportNodeStats(_runId), Self);
            _pending++;
        }
    }

    [BetweenRuns]
    private void OnResultsGathered()
    {
        var results = _results.Select(r => r!).ToArray();
        var stats = new RunStats(
            Shards: _shards.Length,
            Synapses: _synapses,
            SynapseBytes: _synapseBytes,
            // From where the recordings start: after a resume that continues them, what the checkpoint carried counts too.
            Spikes: _carried.Spikes + results.Sum(r => r.SpikeCount),
            SynapticEvents: _carried.SynapticEvents + results.Sum(r => r.EventCount),
            BuildSeconds: _buildSeconds,
            SimulationSeconds: _carried.SimulationSeconds + _simSeconds,
            BiologicalMs: (_step - _recordedFrom) * _plan.DtMs,
            PeakMemoryBytes: PeakMemory.Bytes(),
            StartMs: _recordedFrom * _plan.DtMs,
            Communication: Communication(),
            Backends: Backends(results));
        if (_current is not WriteResultsCommand write)
        {
            Complete(_store!.ToRunResult(stats));
            return;
        }
        try
        {
            _store!.WriteResults(stats, write.Output.Directory, write.Output.Format, write.Output.Plots);
            Complete(stats);
        }
        catch (ResultsException ex)
        {
            Complete(null, new SessionCommandException(ex.Message, ex));
        }
    }

    // Per backend, what its shards counted: from _startStep, where the shards' counters start.
    [BetweenRuns]
    private List<BackendActivity> Backends(ShardResults[] results)
    {
        var spec = _plan.Spec;
        double ms = (_step - _startStep) * _plan.DtMs;
        return [.. Enumerable.Range(0, results.Length).GroupBy(k => _plan.Cut.BackendOf(k)).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new BackendActivity(g.Key, spec.Populations.Where(p => p.BackendName == g.Key).Sum(p => (long)p.Size),
                g.Sum(k => results[k].SpikeCount), g.Sum(k => results[k].EventCount), ms, SumCounters(g.Select(k => results[k].Counters))))];
    }

    // A backend's own counters add up over its shards, name by name; null when none of them counts any.
    private static SortedDictionary<string, long>? SumCounters(IEnumerable<IReadOnlyDictionary<string, long>?> shards)
    {
        SortedDictionary<string, long>? sum = null;
        foreach (var counters in shards)
        {
            if (counters is null) continue;
            sum ??= new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (name, value) in counters) sum[name] = sum.GetValueOrDefault(name) + value;
        }
        return sum;
    }

    /// <summary>Packets each window is sent as: as asked, else one in a process and more across nodes (see <see cref="RunRequest"/>).</summary>
    private int PacketsPerWindow => _request.PacketsPerWindow ?? (_hosting is null ? 1 : RunRequest.DistributedPacketsPerWindow);

    [BetweenRuns]
    private CommunicationReport Communication()
    {
        string NodeOf(int k) => _hosting is null ? "local" : _hosting.Addresses[_hosting.NodeOfShard[k]].ToString();
        long windows = (_step - _startStep + _plan.WindowSteps - 1) / _plan.WindowSteps;
        var shards = Enumerable.Range(0, _shards.Length).Select(k => new ShardCommunication(k, NodeOf(k),
            _compute[k], _wait[k], _traffic[k].PacketsSent, _traffic[k].SpikesSent, _traffic[k].RemotePacketsSent, _traffic[k].RemoteBytesSent,
            _traffic[k].PacketsReceived, _traffic[k].ChunksRejected, _traffic[k].LatePackets, _traffic[k].LateSpikesBySource?.Sum() ?? 0,
            _traffic[k].Overruns)).ToList();
        var spec = _request.Spec;
        List<ProjectionLoss>? losses = null;
        if (spec.Simulation.TimeScale is not null)
        {
            // A dropped spike of population p at shard k is lost to every projection from p into a population of k.
            losses = [];
            foreach (var pr in spec.Projections)
            {
                int p = spec.PopulationIndex(pr.Source), t = spec.PopulationIndex(pr.Target);
                long dropped = 0;
                for (int k = 0; k < _shards.Length; k++)
                    if (_plan.Slice(t, k).Count > 0 && _traffic[k].LateSpikesBySource is { } late && p < late.Length) dropped += late[p];
                if (dropped > 0) losses.Add(new ProjectionLoss(pr.Label, dropped));
            }
        }
        int parts = WindowedShard.PartsPerWindow(_plan.WindowSteps, PacketsPerWindow, bestEffort: spec.Simulation.TimeScale is not null);
        return new CommunicationReport(windows, shards, spec.Simulation.TimeScale, losses, _hosting is null ? null : _wire, parts);
    }

    [BetweenRuns]
    private void NodeLost(Address node, string what)
    {
        if (_hosting is null || !_hosting.Addresses.Contains(node)) return;
        long step = _shardStep.Min();
        Fail(new NodeLostException(node, step, step / _plan.WindowSteps, $"node {node} {what} during the run; {LastWindow()}"));
    }

    [BetweenRuns]
    private string LastWindow()
    {
        long step = _shardStep.Min();
        long window = (step - _startStep) / _plan.WindowSteps;
        return $"the last window every shard had completed was {window} (t = {step * _plan.DtMs:0.###} ms)";
    }

    private void Report(string phase)
    {
        if (_progress is null || _current is not RunForCommand) return;
        long slowest = _shardStep.Min();
        // From where the session started (so that a driver running several segments shows one advancing span), with
        // the simulation time of every segment so far.
        _progress.Report(new RunProgress(phase, slowest, _startStep, _segmentEnd, _plan.DtMs, _simSeconds + _clock.Elapsed.TotalSeconds));
    }

    /// <summary>Completes the current command with <paramref name="result"/> (or <paramref name="error"/>) and takes the next.</summary>
    private void Complete(object? result, Exception? error = null)
    {
        var command = _current;
        _current = null;
        if (error is not null) command?.Fail(error);
        else command?.Finish(result);
        if (_current is null && _queued.TryDequeue(out var next)) OnCommand(next);
    }

    /// <summary>The session cannot go on: every command, current and later, fails with <paramref name="ex"/>.</summary>
    [BetweenRuns]
    private void Fail(Exception ex)
    {
        _failure ??= ex;
        _failed?.TrySetResult(_failure);
        _current?.Fail(ex);
        _current = null;
        _ready.TrySetException(ex);
        Context.Stop(Self);
    }

    /// <summary>The build, completed like a command once every shard is built.</summary>
    private sealed record BuildCommand(TaskCompletionSource<SessionInfo> Done) : SessionCommand<SessionInfo>(Done);
}

/// <summary>What a built session is: its plan, where it stands, and what building it took.</summary>
/// <param name="Plan">The cut, the windows, who sends to whom.</param>
/// <param name="Step">The step the network stands at (non-zero after a resume).</param>
/// <param name="Synapses">Synapses built.</param>
/// <param name="SynapseBytes">Bytes of synapse storage.</param>
/// <param name="BuildSeconds">Wall time to build.</param>
/// <param name="Id">The session's id (names its shards on cluster nodes).</param>
/// <param name="BackendFigures">The shard backends' own figures (<see cref="ShardResources.Figures"/>), summed over shards by name.</param>
public sealed record SessionInfo(NetworkPlan Plan, long Step, long Synapses, long SynapseBytes, double BuildSeconds, string Id,
    IReadOnlyDictionary<string, double> BackendFigures);

/// <summary>Driver → session: release the shards and stop. Process-local, as the commands.</summary>
internal sealed record ReleaseSession : INoSerializationVerificationNeeded
{
    public static readonly ReleaseSession Instance = new();
}

/// <summary>A session command could not be carried out (the session lives on); the message says why.</summary>
public sealed class SessionCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionCommandException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The session was released (by its driver, or because its driver stopped) before the command was carried out.</summary>
public sealed class SessionReleasedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionReleasedException(string message) : base(message) { }
}
