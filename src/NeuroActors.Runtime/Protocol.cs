using NeuroActors.Kernel.Shard;

namespace NeuroActors.Runtime;

// Messages between the coordinator and shard actors. SpikePacket (NeuroActors.Kernel.Shard) travels shard to shard.

/// <summary>Coordinator → shard: build neurons and synapses, then restore the checkpoint if one is given.</summary>
public sealed record BuildShard(Checkpoint? Resume);

/// <summary>Shard → coordinator: built.</summary>
public sealed record ShardBuilt(int Shard, int Neurons, long Synapses, long SynapseBytes, long Step);

/// <summary>Coordinator → shard: run until <paramref name="EndStep"/>, exchanging packets with <paramref name="Shards"/> (indexed by shard number).</summary>
public sealed record RunSegment(long EndStep, Akka.Actor.IActorRef[] Shards);

/// <summary>Shard → coordinator: the shard has computed up to <paramref name="Step"/> (sent at most every few tens of milliseconds).</summary>
public sealed record ShardProgress(int Shard, long Step);

/// <summary>Shard → coordinator: the segment is complete.</summary>
public sealed record SegmentDone(int Shard, long Step, double ComputeSeconds, double WaitSeconds);

/// <summary>Coordinator → shard: reply with a snapshot of the complete state.</summary>
public sealed record TakeSnapshot;

/// <summary>Shard → coordinator: the snapshot.</summary>
public sealed record ShardSnapshotTaken(int Shard, ShardSnapshot Snapshot);

/// <summary>Coordinator → shard: reply with recorded data and counters.</summary>
public sealed record CollectResults;

/// <summary>Shard → coordinator: recorded spikes (packed step and gid), state probes and counters.</summary>
public sealed record ShardResults(int Shard, long[] Spikes, IReadOnlyList<StateProbe> Probes, long SpikeCount, long EventCount);

/// <summary>Shard → self: compute the next window if its inputs are here.</summary>
internal sealed record AdvanceWindow
{
    public static readonly AdvanceWindow Instance = new();
}
