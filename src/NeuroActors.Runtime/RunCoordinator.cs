using System.Diagnostics;
using Akka.Actor;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Results;
using NeuroActors.Runtime.Cluster;
using Akka.Cluster;

namespace NeuroActors.Runtime;

/// <summary>
/// Drives one run: creates the shard actors, has each build its own part of the network, runs one segment (or two,
/// around a checkpoint), then gathers recorded data into a <see cref="RunResult"/>. Never in the per-window path.
/// </summary>
public sealed class RunCoordinator : ReceiveActor
{
    private readonly RunRequest _request;
    private readonly NetworkPlan _plan;
    private readonly TaskCompletionSource<RunResult> _completion;
    private readonly IProgress<RunProgress>? _progress;
    private readonly IActorRef[] _shards;
    private readonly long[] _shardStep;
    private readonly Queue<long> _segments = new();
    private readonly Stopwatch _clock = new();
    private int _pending;
    private long _startStep, _endStep, _synapses, _synapseBytes;
    private double _buildSeconds, _simSeconds;
    private readonly ShardSnapshot?[] _snapshots;
    private readonly double[] _compute, _wait;
    private readonly ShardTraffic[] _traffic;
    private readonly List<NodeWire> _wire = [];
    private readonly ShardResults?[] _results;

    private readonly ShardHosting? _hosting;
    private System.Diagnostics.Activity? _activity;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Props for a coordinator that completes <paramref name="completion"/> with the run's result. Without
    /// <paramref name="hosting"/> the shards are its own children; with it they live on the cluster nodes it names.
    /// </summary>
    public static Props Props(RunRequest request, TaskCompletionSource<RunResult> completion, IProgress<RunProgress>? progress,
        ShardHosting? hosting = null) =>
        Akka.Actor.Props.Create(() => new RunCoordinator(request, completion, progress, hosting));

    /// <summary>Creates the coordinator.</summary>
    public RunCoordinator(RunRequest request, TaskCompletionSource<RunResult> completion, IProgress<RunProgress>? progress, ShardHosting? hosting)
    {
        _request = request;
        _completion = completion;
        _progress = progress;
        _hosting = hosting;
        _plan = request.Plan();
        _shards = new IActorRef[request.Shards];
        _shardStep = new long[request.Shards];
        _snapshots = new ShardSnapshot?[request.Shards];
        _results = new ShardResults?[request.Shards];
        _compute = new double[request.Shards];
        _wait = new double[request.Shards];
        _traffic = Enumerable.Repeat(ShardTraffic.None, request.Shards).ToArray();

        Receive<ShardsHosted>(OnHosted);
        Receive<HostRefused>(m => Fail(new ClusterRunException($"node {m.Node}: {m.Reason}")));
        Receive<Terminated>(t => Fail(new ClusterRunException(
            $"shard actor {t.ActorRef.Path} on node {t.ActorRef.Path.Address} stopped during the run; {LastWindow()}")));
        Receive<ClusterEvent.UnreachableMember>(m => NodeLost(m.Member, "became unreachable"));
        Receive<ClusterEvent.MemberRemoved>(m => NodeLost(m.Member, "left the cluster"));
        Receive<ClusterEvent.MemberLeft>(m => NodeLost(m.Member, "is leaving the cluster"));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<NodeStats>(m =>
        {
            _wire.Add(new NodeWire(m.Node, m.SerializationSeconds, m.Malformed));
            if (--_pending == 0) Finish();
        });
        Receive<ShardBuilt>(OnBuilt);
        Receive<ShardProgress>(m =>
        {
            _shardStep[m.Shard] = Math.Max(_shardStep[m.Shard], m.Step);
            Report("simulate");
        });
        Receive<SegmentDone>(m =>
        {
            _shardStep[m.Shard] = m.Step;
            _compute[m.Shard] += m.ComputeSeconds;
            _wait[m.Shard] += m.WaitSeconds;
            _traffic[m.Shard] = _traffic[m.Shard].Plus(m.Traffic);
            if (--_pending == 0) OnSegmentDone();
        });
        Receive<ShardSnapshotTaken>(m =>
        {
            _snapshots[m.Shard] = m.Snapshot;
            if (--_pending == 0) OnSnapshots();
        });
        Receive<ShardResults>(m =>
        {
            _results[m.Shard] = m;
            if (--_pending == 0) Finish();
        });
    }

    /// <inheritdoc/>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(0, TimeSpan.Zero, ex =>
    {
        // A shard's state cannot be rebuilt by a restart: the run fails with the reason.
        Fail(ex);
        return Directive.Stop;
    });

    /// <inheritdoc/>
    protected override void PreStart()
    {
        _startStep = _request.Resume?.Step ?? 0;
        _endStep = _startStep + _request.Spec.Simulation.Steps;
        if (_request.CheckpointAtMs is { } at)
        {
            long ck = _plan.StepsFor(at); // SimulationRunner checked that it lies inside the run
            if (ck < _endStep) _segments.Enqueue(ck);
            _checkpointStep = ck;
        }
        _segments.Enqueue(_endStep);
        _clock.Start();
        // What the coordinator first calls once the shards are built is compiled now, as part of the build.
        Precompile.Types(typeof(RunCoordinator), typeof(RunProgress));
        // The run's span outlives this message; keep it from becoming the ambient parent of whatever runs next on this thread.
        var ambient = System.Diagnostics.Activity.Current;
        _activity = Telemetry.NeuroActorsTelemetry.StartRun(_request.Spec.Simulation.Name, _plan.Shards, _hosting?.Nodes.Count ?? 1);
        System.Diagnostics.Activity.Current = ambient;
        _progress?.Report(new RunProgress("build", _startStep, _startStep, _endStep, _plan.DtMs, 0));
        if (_hosting is null)
        {
            for (int k = 0; k < _shards.Length; k++) _shards[k] = Context.ActorOf(ShardActor.Props(_plan, k, Self), $"shard-{k}");
            BuildShards();
            return;
        }
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.MemberLeft));
        string model = SpecJson.Serialize(_request.Spec);
        string fingerprint = Checkpoint.FingerprintOf(_request.Spec);
        var cut = Enumerable.Range(0, _plan.Shards)
            .Select(k => Enumerable.Range(0, _request.Spec.Populations.Count)
                .Where(p => _plan.Slice(p, k).Count > 0)
                .Select(p => new ShardSlice(p, _plan.Slice(p, k).Start, _plan.Slice(p, k).Count)).ToArray())
            .ToArray();
        _pending = 0;
        for (int n = 0; n < _hosting.Nodes.Count; n++)
        {
            var ids = Enumerable.Range(0, _plan.Shards).Where(k => _hosting.NodeOfShard[k] == n).ToArray();
            if (ids.Length == 0) continue;
            _hosting.Nodes[n].Tell(new HostShards(_runId, model, fingerprint, cut, ids, [.. _hosting.NodeOfShard], _hosting.Nodes.Count), Self);
            _pending++;
        }
    }

    /// <inheritdoc/>
    protected override void PostStop()
    {
        _activity?.Dispose();
        if (_hosting is null) return;
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        foreach (var node in _hosting.Nodes) node.Tell(new ReleaseShards(_runId), Self);
    }

    private void OnHosted(ShardsHosted m)
    {
        for (int i = 0; i < m.ShardIds.Length; i++)
        {
            _shards[m.ShardIds[i]] = m.Shards[i];
            Context.Watch(m.Shards[i]);
        }
        if (--_pending == 0) BuildShards();
    }

    private void BuildShards()
    {
        foreach (var shard in _shards) shard.Tell(new BuildShard(_request.Resume));
        _pending = _shards.Length;
    }

    private void NodeLost(Member member, string what)
    {
        if (_hosting is null || !_hosting.Addresses.Contains(member.Address)) return;
        Fail(new ClusterRunException($"node {member.Address} {what} during the run; {LastWindow()}"));
    }

    private string LastWindow()
    {
        long step = _shardStep.Min();
        long window = (step - _startStep) / _plan.WindowSteps;
        return $"the last window every shard had completed was {window} (t = {step * _plan.DtMs:0.###} ms)";
    }

    private long? _checkpointStep;

    private void OnBuilt(ShardBuilt m)
    {
        _synapses += m.Synapses;
        _synapseBytes += m.SynapseBytes;
        _shardStep[m.Shard] = m.Step;
        if (--_pending > 0) return;
        _buildSeconds = _clock.Elapsed.TotalSeconds;
        _clock.Restart();
        StartSegment();
    }

    /// <summary>Packets each window is sent as: as asked, else one in a process and more across nodes (see <see cref="RunRequest"/>).</summary>
    private int PacketsPerWindow => _request.PacketsPerWindow ?? (_hosting is null ? 1 : RunRequest.DistributedPacketsPerWindow);

    private void StartSegment()
    {
        long end = _segments.Dequeue();
        _pending = _shards.Length;
        foreach (var s in _shards) s.Tell(new RunSegment(end, _shards, PacketsPerWindow));
    }

    private void OnSegmentDone()
    {
        Report("simulate");
        if (_checkpointStep is { } ck && _shardStep[0] == ck)
        {
            _pending = _shards.Length;
            foreach (var s in _shards) s.Tell(new TakeSnapshot());
            return;
        }
        Collect();
    }

    private void OnSnapshots()
    {
        NeuroActors.Storage.Checkpoints.CheckpointStore.Save(_request.CheckpointPath ?? throw new InvalidOperationException("a checkpoint time was given without a path"),
            NeuroActors.Storage.Checkpoints.CheckpointLayout.Of(_request.Spec), _snapshots!);
        if (_segments.Count > 0) StartSegment();
        else Collect();
    }

    private void Collect()
    {
        _simSeconds = _clock.Elapsed.TotalSeconds;
        _pending = _shards.Length;
        foreach (var s in _shards) s.Tell(new CollectResults());
        if (_hosting is null) return;
        foreach (int n in _hosting.NodeOfShard.Distinct())
        {
            _hosting.Nodes[n].Tell(new ReportNodeStats(_runId), Self);
            _pending++;
        }
    }

    private void Finish()
    {
        try
        {
            var results = _results.Select(r => r!).ToArray();
            var stats = new RunStats(
                Shards: _shards.Length,
                Synapses: _synapses,
                SynapseBytes: _synapseBytes,
                Spikes: results.Sum(r => r.SpikeCount),
                SynapticEvents: results.Sum(r => r.EventCount),
                BuildSeconds: _buildSeconds,
                SimulationSeconds: _simSeconds,
                BiologicalMs: (_endStep - _startStep) * _plan.DtMs,
                PeakMemoryBytes: Process.GetCurrentProcess().PeakWorkingSet64,
                StartMs: _startStep * _plan.DtMs,
                Communication: Communication());
            _completion.TrySetResult(ResultAssembler.Assemble(_plan, results, stats));
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        Context.Stop(Self);
    }

    private CommunicationReport Communication()
    {
        string NodeOf(int k) => _hosting is null ? "local" : _hosting.Addresses[_hosting.NodeOfShard[k]].ToString();
        long windows = (_endStep - _startStep + _plan.WindowSteps - 1) / _plan.WindowSteps;
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

    private void Report(string phase)
    {
        if (_progress is null) return;
        long slowest = _shardStep.Min();
        _progress.Report(new RunProgress(phase, slowest, _startStep, _endStep, _plan.DtMs, _clock.Elapsed.TotalSeconds));
    }

    private void Fail(Exception ex)
    {
        _completion.TrySetException(ex);
        Context.Stop(Self);
    }
}
