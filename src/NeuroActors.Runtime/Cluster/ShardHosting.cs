using Akka.Actor;

namespace NeuroActors.Runtime.Cluster;

/// <summary>Where the shards of a cluster run live: the node agents, their addresses, and each shard's node.</summary>
/// <param name="Nodes">Node agents (<c>/user/node</c> of each worker), indexed by node number.</param>
/// <param name="Addresses">The workers' addresses, indexed alike, to recognise them in cluster events.</param>
/// <param name="NodeOfShard">Node number of every shard.</param>
/// <param name="Replaces">
/// The id of a session of the same run that was lost with a node: its shards are released on every node (by the new
/// session, before it hosts its own, so each node hears the release first) rather than left to the lost session's end.
/// </param>
/// <param name="ExpectedBytes">
/// Per node, the bytes of synapses it is expected to hold (<see cref="NodeMemory.ExpectedBytes"/>); when given, the
/// session checks them against the memory each node reports before any shard builds, and stops with one line when a
/// node has too little. Known when a run is laid out again after a loss, from what its first build took.
/// </param>
/// <param name="Context">Said before the shortage, e.g. which node was lost and where the last checkpoint is.</param>
/// <param name="SessionId">The session's id (names its shards on the nodes); a fresh one when null. Chosen by the driver so
/// that a session lost before it was built can still be replaced by name.</param>
public sealed record ShardHosting(IReadOnlyList<ICanTell> Nodes, IReadOnlyList<Address> Addresses, IReadOnlyList<int> NodeOfShard, string? Replaces = null,
    IReadOnlyList<long>? ExpectedBytes = null, string? Context = null, string? SessionId = null);

/// <summary>A cluster run could not start or was stopped by the loss or refusal of a node; the message says which and when.</summary>
public class ClusterRunException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterRunException(string message) : base(message) { }
}

/// <summary>
/// A worker that hosted shards became unreachable or left during the run: the session ended, and the run can go on from
/// its last complete checkpoint on the workers that remain (<see cref="ClusterRunner"/> does).
/// </summary>
public sealed class NodeLostException : ClusterRunException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="node">The lost node's address.</param>
    /// <param name="step">The last step every shard had completed.</param>
    /// <param name="window">The last window every shard had completed, counted from time 0.</param>
    /// <param name="message">What happened, in one line.</param>
    public NodeLostException(Address node, long step, long window, string message) : base(message)
    {
        Node = node;
        Step = step;
        Window = window;
    }

    /// <summary>The lost node.</summary>
    public Address Node { get; }

    /// <summary>The last step every shard had completed when the node was lost.</summary>
    public long Step { get; }

    /// <summary>The last window every shard had completed, counted from time 0.</summary>
    public long Window { get; }
}
