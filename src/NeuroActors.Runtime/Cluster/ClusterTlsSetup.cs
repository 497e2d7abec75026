using Akka.Actor.Setup;

namespace NeuroActors.Runtime.Cluster;

/// <summary>
/// The cluster certificate as an actor-system setup, for the connections a node opens beside Akka.Remote (the training
/// workers' gradient links), which must present and pin the same certificate as remoting does.
/// </summary>
public sealed class ClusterTlsSetup(ClusterTls tls) : Setup
{
    /// <summary>The node's certificate and the pin its peers must match.</summary>
    public ClusterTls Tls { get; } = tls;
}
