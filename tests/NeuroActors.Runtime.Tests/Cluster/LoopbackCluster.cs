using Akka.Actor;
using Akka.Configuration;
using NeuroActors.Runtime.Cluster;

namespace NeuroActors.Runtime.Tests.Cluster;

/// <summary>
/// A real cluster on 127.0.0.1: several ActorSystems in this process, each with its own remoting port, every
/// message serialized (also between actors of one system), as in separate processes.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    // Every message is serialized, ours through the NeuroActors serializer. Akka's own local system messages
    // (e.g. RegisterTerminationHook) have no binding, so the fallback must stay allowed here; that our types are
    // never left to it is tested with the wire serializer.
    // The heartbeat pause is generous: several nodes share this process and a loaded CI machine's two cores, and a
    // starved heartbeat must not read as a lost node. Tests that lose a node terminate it, which is seen at once
    // (the node leaves), so no test waits for the pause.
    public static readonly Config Strict = ConfigurationFactory.ParseString("""
        akka.actor.serialize-messages = on
        akka.actor.serialization-settings.allow-unregistered-types = true
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 15s
        akka.cluster.failure-detector.heartbeat-interval = 1s
        """);

    private readonly List<ActorSystem> _systems = [];

    public ActorSystem Seed { get; }
    public string SeedEndpoint { get; }
    public List<ActorSystem> Workers { get; } = [];

    private readonly Config _config;

    /// <param name="workers">Worker nodes to start (the first is the seed).</param>
    /// <param name="config">HOCON for every node, before <see cref="Strict"/>.</param>
    public LoopbackCluster(int workers, string? config = null)
    {
        _config = config is null ? Strict : ConfigurationFactory.ParseString(config).WithFallback(Strict);
        Seed = Start(ClusterSettings.WorkerRole, []);
        SeedEndpoint = Endpoint(Seed);
        Workers.Add(Seed);
        for (int i = 1; i < workers; i++) Workers.Add(Start(ClusterSettings.WorkerRole, [SeedEndpoint]));
    }

    public static string Endpoint(ActorSystem system)
    {
        var address = Akka.Cluster.Cluster.Get(system).SelfAddress;
        return $"{address.Host}:{address.Port}";
    }

    public ActorSystem Start(string role, IReadOnlyList<string> seeds, Model.NetworkSpec? pinned = null, bool hostsShards = false)
    {
        var system = ClusterNode.Start(new ClusterSettings("127.0.0.1", 0, seeds, role, hostsShards), pinned, _config);
        _systems.Add(system);
        return system;
    }

    public ActorSystem Coordinator(bool hostsShards = false) => Start(ClusterSettings.CoordinatorRole, [SeedEndpoint], hostsShards: hostsShards);

    public async ValueTask DisposeAsync()
    {
        foreach (var system in _systems) _ = system.Terminate();
        await Task.WhenAll(_systems.Select(s => s.WhenTerminated));
    }
}
