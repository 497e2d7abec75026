using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using NeuroActors.Model;

namespace NeuroActors.Runtime.Cluster;

/// <summary>Starts the ActorSystem of a cluster node: a worker hosts shards, a coordinator drives runs.</summary>
public static class ClusterNode
{
    /// <summary>
    /// Starts a node on <paramref name="settings"/>; a worker (or a coordinator that hosts shards) gets its <see cref="NodeAgent"/>, pinned to
    /// <paramref name="pinned"/> when given (then it refuses runs of any other model or seed).
    /// </summary>
    /// <exception cref="ClusterRunException">The node cannot listen on its endpoint (e.g. the port is in use).</exception>
    public static ActorSystem Start(ClusterSettings settings, NetworkSpec? pinned = null, Akka.Configuration.Config? extra = null)
    {
        // Try the port first: Akka would report a failed bind with a logged stack trace before throwing.
        if (settings.Port != 0) CheckPortIsFree(settings);
        var config = settings.ToConfig();
        if (extra is not null) config = extra.WithFallback(config);
        ActorSystem system;
        try
        {
            // The certificate and its pinning validator travel as a setup: HOCON can name a certificate file but not a validator.
            var setup = BootstrapSetup.Create().WithConfig(config);
            system = settings.Tls is null
                ? ActorSystem.Create(ClusterSettings.SystemName, setup)
                : ActorSystem.Create(ClusterSettings.SystemName, setup.And(settings.Tls.ToSetup()).And(new ClusterTlsSetup(settings.Tls)));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // DotNetty reports a bind failure from deep inside remoting start-up; the innermost message names the cause.
            var inner = ex;
            while (inner.InnerException is not null) inner = inner.InnerException;
            throw new ClusterRunException($"cannot listen on {settings.Hostname}:{settings.Port}: {inner.Message}");
        }
        // Without seeds this node founds a new cluster, which the others then join through it.
        if (settings.Seeds.Count == 0) Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress);
        if (settings.IsWorker) system.ActorOf(NodeAgent.Props(pinned), NodeAgent.Name);
        if (settings.Role == ClusterSettings.CoordinatorRole) StartRunService(system);
        return system;
    }

    /// <summary>Starts the run service's singleton manager on a coordinator node.</summary>
    private static void StartRunService(ActorSystem system)
    {
        var manager = ClusterSingletonManagerSettings.Create(system).WithRole(ClusterSettings.CoordinatorRole);
        system.ActorOf(ClusterSingletonManager.Props(RunService.Props(), new StopWhenIdle(), manager), RunService.ManagerName);
    }

    private static void CheckPortIsFree(ClusterSettings settings)
    {
        try
        {
            var addresses = System.Net.Dns.GetHostAddresses(settings.Hostname);
            if (addresses.Length == 0) throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
            var probe = new System.Net.Sockets.TcpListener(addresses[0], settings.Port) { ExclusiveAddressUse = true };
            probe.Start();
            probe.Stop();
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new ClusterRunException($"cannot listen on {settings.Hostname}:{settings.Port}: {ex.Message}");
        }
    }
}
