using Akka.Actor;

namespace NeuroActors.Runtime.Cluster;

/// <summary>Where the shards of a cluster run live: the node agents, their addresses, and each shard's node.</summary>
/// <param name="Nodes">Node agents (<c>/user/node</c> of each worker), indexed by node number.</param>
/// <param name="Addresses">The workers' addresses, indexed alike, to recognise them in cluster events.</param>
/// <param name="NodeOfShard">Node number of every shard.</param>
public sealed record ShardHosting(IReadOnlyList<ICanTell> Nodes, IReadOnlyList<Address> Addresses, IReadOnlyList<int> NodeOfShard);

/// <summary>A cluster run could not start or was stopped by the loss or refusal of a node; the message says which and when.</summary>
public sealed class ClusterRunException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterRunException(string message) : base(message) { }
}
