namespace NeuroActors.Results;

/// <summary>Where one shard's wall time went and what it exchanged, over the whole run.</summary>
/// <param name="Shard">Shard index.</param>
/// <param name="Node">The node it ran on ("local" for the embedded runtime).</param>
/// <param name="ComputeSeconds">Time spent computing windows.</param>
/// <param name="WaitSeconds">Time spent waiting for the packets of upstream shards.</param>
/// <param name="PacketsSent">Spike packets sent.</param>
/// <param name="SpikesSent">Spikes in them (once per destination shard).</param>
/// <param name="RemotePacketsSent">Packets to shards on other nodes.</param>
/// <param name="RemoteBytesSent">Encoded bytes of those packets.</param>
/// <param name="PacketsReceived">Packets received.</param>
/// <param name="ChunksRejected">Chunks refused or lost (should be 0).</param>
public sealed record ShardCommunication(int Shard, string Node, double ComputeSeconds, double WaitSeconds, long PacketsSent, long SpikesSent,
    long RemotePacketsSent, long RemoteBytesSent, long PacketsReceived, long ChunksRejected);

/// <summary>One node's totals.</summary>
/// <param name="Node">Node address ("local" for the embedded runtime).</param>
/// <param name="Shards">Shards on it.</param>
/// <param name="ComputeSeconds">Sum of its shards' compute time.</param>
/// <param name="WaitSeconds">Sum of its shards' waiting time.</param>
/// <param name="RemotePacketsSent">Packets it sent to other nodes.</param>
/// <param name="RemoteBytesSent">Bytes it sent to other nodes.</param>
public sealed record NodeCommunication(string Node, int Shards, double ComputeSeconds, double WaitSeconds, long RemotePacketsSent, long RemoteBytesSent);

/// <summary>
/// The communication section of a run's summary: per shard and per node, the split of wall time into computing and
/// waiting, the packets and bytes exchanged per window, and the slowest shard (the one that bounds the run).
/// </summary>
/// <param name="Windows">Windows simulated.</param>
/// <param name="Shards">Per shard, in shard order.</param>
public sealed record CommunicationReport(long Windows, IReadOnlyList<ShardCommunication> Shards)
{
    /// <summary>Per node, in order of first appearance.</summary>
    public IReadOnlyList<NodeCommunication> Nodes => Shards.GroupBy(s => s.Node)
        .Select(g => new NodeCommunication(g.Key, g.Count(), g.Sum(s => s.ComputeSeconds), g.Sum(s => s.WaitSeconds),
            g.Sum(s => s.RemotePacketsSent), g.Sum(s => s.RemoteBytesSent)))
        .ToList();

    /// <summary>Packets per window over all shards.</summary>
    public double PacketsPerWindow => Windows > 0 ? (double)Shards.Sum(s => s.PacketsSent) / Windows : 0;

    /// <summary>Packets per window that cross between nodes.</summary>
    public double RemotePacketsPerWindow => Windows > 0 ? (double)Shards.Sum(s => s.RemotePacketsSent) / Windows : 0;

    /// <summary>Bytes per window that cross between nodes.</summary>
    public double RemoteBytesPerWindow => Windows > 0 ? (double)Shards.Sum(s => s.RemoteBytesSent) / Windows : 0;

    /// <summary>The shard that computed longest: with conservative windows, everyone else ends up waiting for it.</summary>
    public ShardCommunication? Slowest => Shards.MaxBy(s => s.ComputeSeconds);
}
