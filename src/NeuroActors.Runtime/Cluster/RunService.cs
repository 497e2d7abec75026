using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using NeuroActors.Results;

namespace NeuroActors.Runtime.Cluster;

/// <summary>
/// The cluster's one run coordinator service, hosted by a <see cref="ClusterSingletonManager"/> on the oldest
/// node with the coordinator role: every cluster run is a <see cref="Sessions.SessionActor"/> it starts, so two
/// sessions can never drive the workers at once, and when its node leaves, the next coordinator node takes the
/// service over. It is never in the per-window hot path: shards exchange packets directly.
/// </summary>
public sealed class RunService : ReceiveActor
{
    /// <summary>Name of the singleton manager under /user on coordinator nodes.</summary>
    public const string ManagerName = "run-service";

    private IActorRef? _current;
    private bool _stopWhenIdle;
    // A run's next session, waiting for the one it replaces (lost with a node) to stop.
    private StartClusterSession? _next;

    /// <summary>Props for the service (created by the singleton manager).</summary>
    public static Props Props() => Akka.Actor.Props.Create(() => new RunService());

    /// <summary>Creates the service.</summary>
    public RunService()
    {
        Receive<StartClusterSession>(Start);
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(_current)) return;
            _current = null;
            if (_next is { } next)
            {
                _next = null;
                Start(next);
            }
            else if (_stopWhenIdle) Context.Stop(Self);
        });
        // The manager asks the service to stop when another coordinator node becomes the oldest. A run in progress
        // is finished first: the hand-over waits for it, and the newcomer's run waits for the hand-over.
        Receive<StopWhenIdle>(_ =>
        {
            if (_current is null) Context.Stop(Self);
            else _stopWhenIdle = true;
        });
    }

    private void Start(StartClusterSession start)
    {
        if (_current is not null && start.After is { } after && after.Equals(_current) && _next is null)
        {
            _next = start;
            return;
        }
        if (_current is not null || (_stopWhenIdle && start.After is null))
        {
            start.Created.TrySetException(new ClusterRunException(
                $"the cluster's run service at {Akka.Cluster.Cluster.Get(Context.System).SelfAddress} is busy with another run; one run at a time"));
            return;
        }
        _current = Context.ActorOf(start.Session, $"run-{Guid.NewGuid():N}");
        Context.Watch(_current);
        start.Created.TrySetResult(_current);
    }
}

/// <summary>
/// Asks the run service to start a session (its props) and hand back its ref. Process-local by design: it carries the
/// caller's completion, so it is only ever sent once the caller has seen that the service lives in its own process
/// (<see cref="ClusterRunner"/> checks); it never crosses the wire.
/// </summary>
/// <param name="Session">The session actor's props.</param>
/// <param name="Created">Completed with the session's ref once started.</param>
/// <param name="After">
/// The session this one replaces (the same run, lost with a node): started once that one has stopped, even when a
/// hand-over of the service is waiting, since it finishes the same run.
/// </param>
internal sealed record StartClusterSession(Props Session, TaskCompletionSource<IActorRef> Created, IActorRef? After = null) : INoSerializationVerificationNeeded;

/// <summary>
/// The singleton manager's termination message for the service: stop once no run is in progress. Sent by the
/// manager to its own child, so it never crosses the wire.
/// </summary>
public sealed record StopWhenIdle : INoSerializationVerificationNeeded;
