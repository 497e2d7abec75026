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
/// <param name="LatePackets">Best-effort real time: packets dropped for arriving after their window.</param>
/// <param name="LateSpikes">Spikes in them.</param>
/// <param name="Overruns">Best-effort real time: windows started a window or more behind the wall clock.</param>
public sealed record ShardCommunication(int Shard, string Node, double ComputeSeconds, double WaitSeconds, long PacketsSent, long SpikesSent,
    long RemotePacketsSent, long RemoteBytesSent, long PacketsReceived, long ChunksRejected, long LatePackets = 0, long LateSpikes = 0, long Overruns = 0);

/// <summary>Best-effort real time: spikes of one projection dropped because they arrived too late.</summary>
/// <param name="Projection">Projection label (name, or source->target).</param>
/// <param name="DroppedSpikes">Spikes dropped on their way through it (each dropped spike counts once per projection it feeds).</param>
public sealed record ProjectionLoss(string Projection, long DroppedSpikes);

/// <summary>One node's totals.</summary>
/// <param name="Node">Node address ("local" for the embedded runtime).</param>
/// <param name="Shards">Shards on it.</param>
/// <param name="ComputeSeconds">Sum of its shards' compute time.</param>
/// <param name="WaitSeconds">Sum of its shards' waiting time.</param>
/// <param name="RemotePacketsSent">Packets it sent to other nodes.</param>
/// <param name="RemoteBytesSent">Bytes it sent to other nodes.</param>
/// <param name="SerializationSeconds">Time its process spent encoding and decoding messages (null when not measured: one process).</param>
/// <param name="Malformed">Messages its process refused as malformed (null when not measured).</param>
public sealed record NodeCommunication(string Node, int Shards, double ComputeSeconds, double WaitSeconds, long RemotePacketsSent, long RemoteBytesSent,
    double? SerializationSeconds = null, long? Malformed = null);

/// <summary>What one node's process spent on the wire during a run.</summary>
/// <param name="Node">Node address.</param>
/// <param name="SerializationSeconds">Encoding and decoding time.</param>
/// <param name="Malformed">Messages refused as malformed.</param>
public sealed record NodeWire(string Node, double SerializationSeconds, long Malformed);

/// <summary>
/// The communication section of a run's summary: per shard and per node, the split of wall time into computing and
/// waiting, the packets and bytes exchanged per window, and the slowest shard (the one that bounds the run).
/// </summary>
/// <param name="Windows">Windows simulated.</param>
/// <param name="Shards">Per shard, in shard order.</param>
/// <param name="TimeScale">Best-effort real time: wall time per biological time; null for a deterministic run.</param>
/// <param name="LateByProjection">Best-effort real time: dropped spikes per projection (projections with losses only).</param>
/// <param name="Wire">Per node of a cluster run: serialization time and malformed messages; null in one process.</param>
/// <param name="WindowParts">Packets each window was sent as, from every shard to each of its destinations (<c>--packets-per-window</c>).</param>
public sealed record CommunicationReport(long Windows, IReadOnlyList<ShardCommunication> Shards, double? TimeScale = null,
    IReadOnlyList<ProjectionLoss>? LateByProjection = null, IReadOnlyList<NodeWire>? Wire = null, int WindowParts = 1)
{
    /// <summary>
    /// What to do about late spikes, as sPyNNaker advises: slow the clock, or give each shard less to do. Null when
    /// nothing was late.
    /// </summary>
    public string? Advice
    {
        get
        {
            long late = Shards.Sum(s => s.LatePackets), overruns = Shards.Sum(s => s.Overruns);
            if (TimeScale is not { } scale || (late == 0 && overruns == 0)) return null;
            long sent = Math.Max(1, Shards.Sum(s => s.PacketsSent));
            return $"{late:N0} of {sent:N0} packets ({100.0 * late / sent:0.##} %) arrived too late and were dropped, and {overruns:N0} windows started " +
                $"behind the clock: run with a larger time scale (e.g. {scale * 2:0.##}), or cut populations into smaller slices (max_neurons_per_shard) " +
                "so that no shard falls behind";
        }
    }

    /// <summary>Per node, in order of first appearance.</summary>
    public IReadOnlyList<NodeCommunication> Nodes => Shards.GroupBy(s => s.Node)
        .Select(g =>
        {
            var wire = Wire?.FirstOrDefault(w => w.Node == g.Key);
            return new NodeCommunication(g.Key, g.Count(), g.Sum(s => s.ComputeSeconds), g.Sum(s => s.WaitSeconds),
                g.Sum(s => s.RemotePacketsSent), g.Sum(s => s.RemoteBytesSent), wire?.SerializationSeconds, wire?.Malformed);
        })
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
