using Akka.Actor;
using Akka.Cluster;
using NeuroActors.Results;
using NeuroActors.Routing;

namespace NeuroActors.Runtime.Cluster;

/// <summary>
/// Runs a model on the workers of a cluster this ActorSystem has joined (as a coordinator): waits for the workers,
/// lays the model out on them, and hands the run to the cluster's <see cref="RunService"/> singleton, which drives it
/// from this process once it lives here. Like <see cref="SimulationRunner"/>, this is an edge
/// where the caller waits; inside, actors only Tell.
/// </summary>
public static class ClusterRunner
{
    /// <summary>
    /// Runs <paramref name="request"/> (its shard count and cut are replaced by the cluster layout) on
    /// <paramref name="nodes"/> workers, waiting up to <paramref name="joinTimeout"/> for them to be up. Without
    /// <paramref name="shardsPerNode"/> every slice is a shard, placed by <paramref name="placement"/>; with it, every
    /// node gets that many shards, each an equal contiguous share of every population (<see cref="ClusterLayout.PerNode"/>).
    /// When this node is a worker too (<see cref="ClusterSettings.HostsShards"/>), it is one of the nodes.
    /// </summary>
    /// <exception cref="ClusterRunException">Workers did not arrive in time, refused the run, or were lost during it.</exception>
    /// <exception cref="ArgumentException">The request or the placement is invalid.</exception>
    public static Task<RunResult> RunAsync(ActorSystem system, RunRequest request, int nodes, TimeSpan joinTimeout,
        string placement = ClusterLayout.DefaultStrategy, IProgress<RunProgress>? progress = null, CancellationToken cancellation = default,
        int? shardsPerNode = null) =>
        Drive(system, request, nodes, joinTimeout, placement, progress, cancellation, shardsPerNode,
            (session, attempt, checkpoints) => Sessions.RunDriver.RunAsync(session, attempt, checkpoints, cancellation),
            (result, recoveries) => recoveries.Count == 0 ? result : result with { Stats = result.Stats with { Recoveries = recoveries } });

    /// <summary>
    /// As <see cref="RunAsync"/>, but writes the results directory from the recordings on disk on this node (in memory
    /// that does not grow with the run's length) and returns the run's figures.
    /// </summary>
    /// <exception cref="ClusterRunException">Workers did not arrive in time, refused the run, or were lost during it.</exception>
    /// <exception cref="ArgumentException">The request or the placement is invalid.</exception>
    public static Task<RunStats> RunToDirectoryAsync(ActorSystem system, RunRequest request, Sessions.ResultsOutput output, int nodes,
        TimeSpan joinTimeout, string placement = ClusterLayout.DefaultStrategy, IProgress<RunProgress>? progress = null,
        CancellationToken cancellation = default, int? shardsPerNode = null) =>
        Drive(system, request, nodes, joinTimeout, placement, progress, cancellation, shardsPerNode,
            (session, attempt, checkpoints) => Sessions.RunDriver.RunToDirectoryAsync(session, attempt, output, checkpoints, cancellation),
            (stats, recoveries) =>
            {
                if (recoveries.Count == 0) return stats;
                // The last session wrote the results; the run's recoveries are the driver's to add.
                string path = Path.Combine(output.Directory, Summary.FileName);
                (Summary.Read(path) with { Recoveries = recoveries }).Write(path);
                return stats with { Recoveries = recoveries };
            });

    /// <summary>
    /// Lays the run out on the workers and drives it; when a worker is lost, lays it out again on the workers that remain,
    /// restores the run's last complete checkpoint (or starts again from the run's start) and goes on, until the run ends
    /// or no worker is left.
    /// </summary>
    private static async Task<T> Drive<T>(ActorSystem system, RunRequest request, int nodes, TimeSpan joinTimeout, string placement,
        IProgress<RunProgress>? progress, CancellationToken cancellation, int? shardsPerNode,
        Func<Sessions.Session, RunRequest, Sessions.RunCheckpoints, Task<T>> drive, Func<T, IReadOnlyList<RunRecovery>, T> annotate)
    {
        if (nodes < 1) throw new ArgumentException($"nodes: got {nodes}; a cluster run needs at least 1 worker", nameof(nodes));
        request = request with { EndStep = request.LastStep };
        SimulationRunner.Check(request);
        var checkpoints = new Sessions.RunCheckpoints();
        var recovery = new Recovery(request);
        // A model that cannot be placed is refused before any node is asked.
        var attempt = Place(request, nodes, placement, shardsPerNode, lost: null);
        // Until a build has measured what the synapses take, the model's estimate judges whether the workers can hold it,
        // so that a model too large for the cluster is refused before any worker runs out of memory.
        long estimated = (long)Math.Min(long.MaxValue, NeuroActors.Kernel.Network.NetworkEstimate.Of(request.Spec).Bytes);
        var workers = await WaitForWorkers(system, nodes, joinTimeout, cancellation);
        while (true)
        {
            var hosting = new ShardHosting(
                workers.Select(m => (ICanTell)system.ActorSelection(new RootActorPath(m.Address) / "user" / NodeAgent.Name)).ToList(),
                workers.Select(m => m.Address).ToList(),
                attempt.Layout.NodeOfShard, recovery.LostSessionId,
                NodeMemory.ExpectedBytes(attempt.Layout, recovery.SynapseBytes ?? estimated),
                recovery.Context ?? (recovery.SynapseBytes is null ? "estimated from the model before anything is built" : null),
                Sessions.SessionActor.NewId());
            var service = await LocalRunService(system, joinTimeout, cancellation);
            IActorRef? spawned = null;
            try
            {
                var after = recovery.LostSession;
                var result = await SimulationRunner.Drive(system, attempt.Request, async props =>
                {
                    var created = new TaskCompletionSource<IActorRef>(TaskCreationOptions.RunContinuationsAsynchronously);
                    service.Tell(new StartClusterSession(props, created, after));
                    // The service may have handed itself over in the meantime (another coordinator waited for this run).
                    try { return spawned = await created.Task.WaitAsync(joinTimeout, cancellation); }
                    catch (TimeoutException) { throw new ClusterRunException($"the cluster's run service did not start the run's session within {joinTimeout.TotalSeconds:0} s"); }
                }, progress, cancellation, hosting, async session =>
                {
                    recovery.Ready(session, checkpoints);
                    return await drive(session, attempt.Request, checkpoints);
                });
                return annotate(result, recovery.Recoveries);
            }
            catch (NodeLostException lost) when (!cancellation.IsCancellationRequested && spawned is not null)
            {
                // Lost while running, or while building (the first session, or a replacement): either way the run goes on.
                await spawned.WatchAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(30), cancellation);
                workers = recovery.Lose(lost, spawned, hosting.SessionId!, checkpoints, Remaining(system, recovery.LostNodes, nodes), progress);
                attempt = Place(recovery.Request, workers.Count, placement, shardsPerNode, lost.Node);
            }
        }
    }

    /// <summary>The run laid out on its workers: the request with its cut and routes, and the placement.</summary>
    private sealed record Attempt(RunRequest Request, ClusterLayout Layout);

    private static Attempt Place(RunRequest request, int nodes, string placement, int? shardsPerNode, Address? lost)
    {
        ClusterLayout layout;
        IReadOnlyList<IReadOnlyList<int>> routes;
        try
        {
            layout = shardsPerNode is { } perNode
                ? ClusterLayout.PerNode(request.Spec, nodes, perNode)
                : ClusterLayout.For(request.Spec, nodes, placement);
            routes = layout.Routes();
        }
        catch (Routing.MappingException ex)
        {
            throw new ClusterRunException(lost is null
                ? $"the model cannot be placed on {nodes} nodes: {ex.Message}"
                : $"after losing node {lost}, the model cannot be placed on the {nodes} remaining workers: {ex.Message}");
        }
        request = request with { Shards = layout.ShardCount, Cut = layout.Cut, Routes = routes };
        SimulationRunner.Check(request);
        return new Attempt(request, layout);
    }

    /// <summary>
    /// The workers a run goes on with after a loss: up, reachable and not lost during this run, this node first when it
    /// hosts shards, then in address order; at most as many as the run asked for, so a spare worker takes a lost one's place.
    /// </summary>
    private static List<Member> Remaining(ActorSystem system, IReadOnlySet<Address> lost, int nodes)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        return state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(ClusterSettings.WorkerRole)
                && !unreachable.Contains(m.Address) && !lost.Contains(m.Address))
            .OrderBy(m => m.Address.Equals(cluster.SelfAddress) ? 0 : 1).ThenBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Take(nodes).ToList();
    }

    /// <summary>
    /// The cluster's run service (a singleton on the oldest coordinator node), once it lives in this process. While
    /// another coordinator holds it, that coordinator's run goes first; the service moves here when it hands over.
    /// </summary>
    internal static async Task<IActorRef> LocalRunService(ActorSystem system, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        var local = system.ActorSelection($"/user/{RunService.ManagerName}/singleton");
        while (true)
        {
            try
            {
                return await local.ResolveOne(TimeSpan.FromSeconds(1), cancellation);
            }
            catch (ActorNotFoundException)
            {
                // Not here (yet): the manager starts it once this node is the oldest coordinator and any hand-over is done.
            }
            if (DateTime.UtcNow > deadline)
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                var holder = cluster.State.Members
                    .Where(m => m.Status == MemberStatus.Up && m.HasRole(ClusterSettings.CoordinatorRole) && !m.Address.Equals(cluster.SelfAddress))
                    .Aggregate((Member?)null, (oldest, m) => oldest is null || m.IsOlderThan(oldest) ? m : oldest);
                throw new ClusterRunException(holder is null
                    ? $"the cluster's run service did not start on this coordinator within {timeout.TotalSeconds:0} s"
                    : $"another coordinator ({holder.Address}) holds the cluster's run service and did not finish its run within {timeout.TotalSeconds:0} s; one run at a time");
            }
            await Task.Delay(200, cancellation);
        }
    }

    /// <summary>
    /// The first <paramref name="nodes"/> workers that are up, in address order (so placement is reproducible); this
    /// node comes first when it is a worker too, since it was started to take part.
    /// </summary>
    internal static async Task<List<Member>> WaitForWorkers(ActorSystem system, int nodes, TimeSpan timeout, CancellationToken cancellation)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var state = cluster.State;
            var up = state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(ClusterSettings.WorkerRole))
                .OrderBy(m => m.Address.Equals(cluster.SelfAddress) ? 0 : 1).ThenBy(m => m.Address.ToString(), StringComparer.Ordinal).ToList();
            bool selfUp = state.Members.Any(m => m.Address.Equals(cluster.SelfAddress) && m.Status == MemberStatus.Up);
            if (selfUp && up.Count >= nodes) return up.Take(nodes).ToList();
            if (DateTime.UtcNow > deadline)
            {
                string seen = up.Count == 0 ? "none" : string.Join(", ", up.Select(m => m.Address));
                throw new ClusterRunException(selfUp
                    ? $"waited {timeout.TotalSeconds:0} s for {nodes} workers; {up.Count} joined ({seen}). Start more with 'neuroactors node --seed HOST:PORT'"
                    : $"could not join the cluster within {timeout.TotalSeconds:0} s: is a node running at the seed address, and reachable from here?");
            }
            await Task.Delay(100, cancellation);
        }
    }
}
