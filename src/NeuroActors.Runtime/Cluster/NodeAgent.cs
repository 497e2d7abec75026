using Akka.Actor;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Routing;

namespace NeuroActors.Runtime.Cluster;

/// <summary>
/// The one actor every worker node runs (at <c>/user/node</c>): it hosts the shards a coordinator places on this node (or
/// a training run's worker), and ends them when the run ends or its coordinator goes away.
/// </summary>
public sealed class NodeAgent : ReceiveActor
{
    /// <summary>Name under /user.</summary>
    public const string Name = "node";

    private readonly string? _pinnedFingerprint;
    private readonly string? _pinnedModel;
    private string? _runId;
    private IActorRef? _coordinator;
    private readonly List<IActorRef> _shards = [];
    // The serializer's counters are per process; a run reports what changed while it was hosted.
    private double _serializationAtStart;
    private long _malformedAtStart;

    /// <summary>Props for an agent; with <paramref name="pinned"/>, only runs of that model and seed are accepted.</summary>
    public static Props Props(NetworkSpec? pinned = null, string? pinnedName = null) =>
        Akka.Actor.Props.Create(() => new NodeAgent(pinned, pinnedName));

    /// <summary>Creates the agent.</summary>
    public NodeAgent(NetworkSpec? pinned, string? pinnedName)
    {
        _pinnedFingerprint = pinned is null ? null : Checkpoint.FingerprintOf(pinned);
        _pinnedModel = pinnedName ?? pinned?.Simulation.Name;
        Receive<HostShards>(Host);
        Receive<Training.HostTrainingWorker>(HostTrainer);
        Receive<ReleaseShards>(m => { if (m.RunId == _runId) Release(); });
        Receive<ReportNodeStats>(m => Sender.Tell(new NodeStats(m.RunId, Node,
            Serializer.SerializationSeconds - _serializationAtStart, Serializer.Malformed - _malformedAtStart)));
        Receive<Terminated>(t => { if (t.ActorRef.Equals(_coordinator)) Release(); });
    }

    private string Node => Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();

    // This node's own serializer: its time and refusals are what the node reports.
    private Wire.NeuroActorsSerializer Serializer => Wire.NeuroActorsSerializer.For(Context.System);

    /// <inheritdoc/>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(0, TimeSpan.Zero, ex =>
    {
        // A restarted shard would have lost its state: the run must fail, with the reason, on the coordinator.
        _coordinator?.Tell(new HostRefused(_runId ?? "", Node, $"a shard failed: {ex.GetType().Name}: {ex.Message}"));
        return Directive.Stop;
    });

    private void Host(HostShards m)
    {
        if (_runId is not null && _runId != m.RunId)
        {
            Sender.Tell(new HostRefused(m.RunId, Node, $"busy with run {_runId}"));
            return;
        }
        if (_pinnedFingerprint is not null && _pinnedFingerprint != m.Fingerprint)
        {
            Sender.Tell(new HostRefused(m.RunId, Node,
                $"this node was started for model '{_pinnedModel}' and its seed; the run's model or seed differs"));
            return;
        }
        NetworkPlan plan;
        try
        {
            // The node builds the routing tables itself from the model and the placement; the routes decide where packets go.
            var spec = SpecJson.Deserialize(m.ModelJson);
            var cut = m.Cut.Select(s => (IReadOnlyList<ShardSlice>)s).ToList();
            var layout = ClusterLayout.With(spec, m.Nodes, cut, m.NodeOfShard);
            plan = new NetworkPlan(spec, cut, layout.Routes());
        }
        catch (Exception ex) when (ex is ModelException or ArgumentException or NeuroActors.Routing.MappingException)
        {
            Sender.Tell(new HostRefused(m.RunId, Node, ex.Message));
            return;
        }
        _runId = m.RunId;
        _coordinator = Sender;
        _serializationAtStart = Serializer.SerializationSeconds;
        _malformedAtStart = Serializer.Malformed;
        Context.Watch(_coordinator);
        var refs = m.ShardIds.Select(k => Context.ActorOf(ShardActor.Props(plan, k, _coordinator), $"{m.RunId}-shard-{k}")).ToArray();
        _shards.AddRange(refs);
        Sender.Tell(new ShardsHosted(m.RunId, m.ShardIds, refs, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes));
    }

    /// <summary>Hosts a training worker, built here from the config by the factory this process registered.</summary>
    private void HostTrainer(Training.HostTrainingWorker m)
    {
        if (_runId is not null && _runId != m.RunId)
        {
            Sender.Tell(new HostRefused(m.RunId, Node, $"busy with run {_runId}"));
            return;
        }
        if (Training.TrainingHosting.Factory is not { } factory)
        {
            Sender.Tell(new HostRefused(m.RunId, Node, "this node's process registered no training worker factory, so it cannot host training"));
            return;
        }
        Props props;
        try
        {
            props = factory(NeuroActors.Training.TrainingSpecJson.Deserialize(m.SpecJson), m.BaseDirectory, Context.System);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Sender.Tell(new HostRefused(m.RunId, Node, $"cannot build a training worker: {ex.Message}"));
            return;
        }
        _runId = m.RunId;
        _coordinator = Sender;
        _serializationAtStart = Serializer.SerializationSeconds;
        _malformedAtStart = Serializer.Malformed;
        Context.Watch(_coordinator);
        var worker = Context.ActorOf(props, $"{m.RunId}-trainer");
        _shards.Add(worker);
        Sender.Tell(new Training.TrainingWorkerHosted(m.RunId, worker));
    }

    private void Release()
    {
        foreach (var shard in _shards) Context.Stop(shard);
        _shards.Clear();
        if (_coordinator is not null) Context.Unwatch(_coordinator);
        _coordinator = null;
        _runId = null;
    }
}
