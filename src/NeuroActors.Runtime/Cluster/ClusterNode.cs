using Akka.Actor;
using NeuroActors.Model;

namespace NeuroActors.Runtime.Cluster;

/// <summary>Starts the ActorSystem of a cluster node: a worker hosts shards, a coordinator drives runs.</summary>
public static class ClusterNode
{
    /// <summary>
    /// Starts a node on <paramref name="settings"/>; a worker gets its <see cref="NodeAgent"/>, pinned to
    /// <paramref name="pinned"/> when given (then it refuses runs of any other model or seed).
    /// </summary>
    /// <exception cref="ClusterRunException">The node cannot listen on its endpoint (e.g. the port is in use).</exception>
    public static ActorSystem Start(ClusterSettings settings, NetworkSpec? pinned = null, Akka.Configuration.Config? extra = null)
    {
        var config = settings.ToConfig();
        if (extra is not null) config = extra.WithFallback(config);
        ActorSystem system;
        try
        {
            system = ActorSystem.Create(ClusterSettings.SystemName, config);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // DotNetty reports a bind failure from deep inside remoting start-up; the innermost message names the cause.
            var inner = ex;
            while (inner.InnerException is not null) inner = inner.InnerException;
            throw new ClusterRunException($"cannot listen on {settings.Hostname}:{settings.Port}: {inner.Message}");
        }
        if (settings.Role == ClusterSettings.WorkerRole) system.ActorOf(NodeAgent.Props(pinned), NodeAgent.Name);
        return system;
    }
}
