using Akka.Actor;
using NeuroActors.Routing;

namespace NeuroActors.Runtime.Cluster;

// Messages between a run's coordinator and the node agents of cluster workers.

/// <summary>
/// Coordinator → node agent: host these shards of run <paramref name="RunId"/>. The node builds them itself from the
/// model and the cut (synapses are generated where they live, never shipped).
/// </summary>
/// <param name="RunId">Names the run; a node hosts one run at a time.</param>
/// <param name="ModelJson">The model as <see cref="NeuroActors.Model.SpecJson"/> text.</param>
/// <param name="Fingerprint">The model's checkpoint fingerprint, checked against a node pinned to a model file.</param>
/// <param name="Cut">The slices of every shard of the run (the whole cut, so the node can route to every shard).</param>
/// <param name="ShardIds">The shards this node hosts.</param>
/// <param name="NodeOfShard">The placement: from it and the model every node builds the same routing tables.</param>
/// <param name="Nodes">Number of nodes in the placement.</param>
public sealed record HostShards(string RunId, string ModelJson, string Fingerprint, ShardSlice[][] Cut, int[] ShardIds, int[] NodeOfShard, int Nodes);

/// <summary>Node agent → coordinator: the shard actors exist (not yet built); refs in the order of <paramref name="ShardIds"/>.</summary>
/// <param name="RunId">The run.</param>
/// <param name="ShardIds">The shards hosted.</param>
/// <param name="Shards">Their actors.</param>
/// <param name="MemoryBytes">Memory the node's process may use (the machine's, or its container's limit), to check a recovered run's layout against.</param>
public sealed record ShardsHosted(string RunId, int[] ShardIds, IActorRef[] Shards, long MemoryBytes = 0);

/// <summary>Node agent → coordinator: this node will not take part, and why.</summary>
public sealed record HostRefused(string RunId, string Node, string Reason);

/// <summary>Coordinator → node agent: the run is over; stop its shard actors.</summary>
public sealed record ReleaseShards(string RunId);

/// <summary>Coordinator → node agent: report what this node's process spent on the wire during the run.</summary>
public sealed record ReportNodeStats(string RunId);

/// <summary>Node agent → coordinator: serialization time and refused messages of the node's process since the run began.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Node">The node's address.</param>
/// <param name="SerializationSeconds">Time spent encoding and decoding messages.</param>
/// <param name="Malformed">Messages refused as malformed.</param>
public sealed record NodeStats(string RunId, string Node, double SerializationSeconds, long Malformed);
