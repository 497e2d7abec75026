using System.Globalization;
using Akka.Configuration;

namespace NeuroActors.Runtime.Cluster;

/// <summary>
/// Where a node listens and which cluster it joins. Every NeuroActors node, worker or coordinator, runs an
/// ActorSystem named <see cref="SystemName"/>; the first seed node forms the cluster.
/// </summary>
/// <param name="Hostname">Address other nodes reach this one at (also the bind address).</param>
/// <param name="Port">TCP port; 0 picks a free one.</param>
/// <param name="Seeds">Seed nodes as host:port.</param>
/// <param name="Role">"worker" hosts shards; "coordinator" drives a run.</param>
/// <param name="HostsShards">
/// A coordinator that also hosts shards, as a worker does (it then has both roles): a run on K nodes takes K
/// processes instead of K workers and a coordinator that only waits. Always true for a worker.
/// </param>
/// <param name="Tls">
/// Mutual TLS with the cluster certificate; null for plaintext remoting, which only the caller can decide is safe (the
/// command line asks for an explicit --insecure). Nodes with and without TLS cannot talk to each other.
/// </param>
public sealed record ClusterSettings(string Hostname, int Port, IReadOnlyList<string> Seeds, string Role, bool HostsShards = false, ClusterTls? Tls = null)
{
    /// <summary>ActorSystem name shared by every node (part of every address).</summary>
    public const string SystemName = "neuroactors";

    /// <summary>Role of nodes that host shards.</summary>
    public const string WorkerRole = "worker";

    /// <summary>Role of the node that drives a run.</summary>
    public const string CoordinatorRole = "coordinator";

    /// <summary>
    /// Largest remote message. Spike packets are chunked well below Akka's 128,000-byte default, but a shard's
    /// recorded spikes and snapshots travel once per run and can be megabytes, so the limit is raised deliberately.
    /// </summary>
    public const int MaximumFrameBytes = 64 * 1024 * 1024;

    /// <summary>Parses "host:port" into its parts.</summary>
    /// <exception cref="FormatException">Not host:port with a port in 0..65535.</exception>
    public static (string Host, int Port) ParseEndpoint(string endpoint)
    {
        int colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
            throw new FormatException($"'{endpoint}' is not host:port (e.g. 127.0.0.1:4053)");
        return (endpoint[..colon], port);
    }

    /// <summary>The Akka address of a node at host:port; with TLS the scheme is akka.ssl.tcp.</summary>
    public static string AddressOf(string endpoint, bool tls = false)
    {
        var (host, port) = ParseEndpoint(endpoint);
        return $"{(tls ? "akka.ssl.tcp" : "akka.tcp")}://{SystemName}@{host}:{port}";
    }

    /// <summary>The cluster roles of this node: its role, and the worker role when it hosts shards.</summary>
    public IReadOnlyList<string> Roles => HostsShards && Role != WorkerRole ? [Role, WorkerRole] : [Role];

    /// <summary>True when this node runs a node agent and takes shards.</summary>
    public bool IsWorker => Roles.Contains(WorkerRole);

    /// <summary>HOCON for this node: cluster provider, remoting on the given endpoint, the wire serializer.</summary>
    public Config ToConfig()
    {
        var config = ToPlainConfig();
        return Tls is null ? config : ConfigurationFactory.ParseString(ClusterTls.Hocon).WithFallback(config);
    }

    private Config ToPlainConfig()
    {
        string seeds = string.Join(", ", Seeds.Select(s => $"\"{AddressOf(s, Tls is not null)}\""));
        string roles = string.Join(", ", Roles.Select(r => $"\"{r}\""));
        return ConfigurationFactory.ParseString($$"""
            akka {
              actor.provider = cluster
              remote.dot-netty.tcp {
                hostname = "{{Hostname}}"
                port = {{Port.ToString(CultureInfo.InvariantCulture)}}
                maximum-frame-size = {{MaximumFrameBytes}}b
                send-buffer-size = {{MaximumFrameBytes}}b
                receive-buffer-size = {{MaximumFrameBytes}}b
                # On Linux .NET turns address reuse into SO_REUSEPORT, which lets a second node start silently on a
                # port already in use; refuse that instead.
                tcp-reuse-addr = off
              }
              cluster {
                seed-nodes = [{{seeds}}]
                roles = [{{roles}}]
                # Downing (docs/cluster.md#downing): Akka's split-brain resolver, keep-majority, chosen explicitly. The
                # side with more members stays and downs the other; with equal sides, the side holding the lowest
                # address. A run recovers from a lost worker on its own (Recovery), so the resolver need not wait long
                # before removing it: 5 s of stable membership. keep-oldest would keep the first worker's side even
                # when it is alone against the coordinator and the other workers, and down-all, static-quorum and
                # lease-majority suit neither a cluster that grows and shrinks nor one without a lease service.
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-majority
                  stable-after = 5s
                }
                # A coordinator hands the run service over only after its run ends (RunService.StopWhenIdle), which
                # can take hours: the managers must keep retrying the hand-over rather than declare themselves stuck.
                singleton.min-number-of-hand-over-retries = 1000000
              }
            }
            """).WithFallback(Wire.WireConfig.Hocon).WithFallback(SimulationRunner.DefaultConfig)
            // The singleton's own protocol messages (hand-over between coordinator nodes) need its serializer bound
            // before the system starts.
            .WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingleton.DefaultConfig());
    }
}
