using NeuroActors.Model;

namespace NeuroActors.Routing;

/// <summary>
/// Expected traffic per window between nodes, before running anything, so a placement can be judged and a cluster
/// sized. A shard sends one packet per destination shard per window, even when empty (the empty packet is what
/// lets the receiver advance), so packets count (source shard, destination shard) pairs of the routes whose two
/// shards sit on different nodes; pairs within a node never touch the network and count only in
/// <see cref="LocalPacketsPerWindow"/>, leaving the matrix diagonal at zero. Bytes per packet are a
/// <see cref="PacketHeaderBytes"/> header plus <see cref="BytesPerSpike"/> per spike (4-byte key, 4-byte step
/// offset); spikes per window are the source slice's neurons × the assumed rate × the window length.
/// </summary>
public sealed class TrafficEstimate
{
    /// <summary>Bytes assumed per packet for framing and headers (transport, envelope, sender, packet number).</summary>
    public const int PacketHeaderBytes = 24;

    /// <summary>Bytes per spike in a window packet: a 4-byte routing key and a 4-byte step offset.</summary>
    public const int BytesPerSpike = 8;

    /// <summary>Firing rate assumed when none is given: a typical cortical rate.</summary>
    public const double DefaultRateHz = 10;

    /// <summary>Window length used when the model has no projection (no traffic then), as the kernel's plan does.</summary>
    public const int WindowStepsWithoutProjections = 10;

    private readonly long[][] _packets;
    private readonly double[][] _bytes;

    private TrafficEstimate(int nodes, int windowSteps, double windowMs, double rateHz, long[][] packets, double[][] bytes, long local)
    {
        NodeCount = nodes;
        WindowSteps = windowSteps;
        WindowMs = windowMs;
        RateHz = rateHz;
        _packets = packets;
        _bytes = bytes;
        LocalPacketsPerWindow = local;
    }

    /// <summary>
    /// Window length in steps: the model's minimum synaptic delay rounded to the nearest step (at least 1 step),
    /// or <see cref="WindowStepsWithoutProjections"/> when there is no projection.
    /// </summary>
    public static int WindowStepsOf(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Projections.Count == 0) return WindowStepsWithoutProjections;
        double dt = spec.Simulation.DtMs;
        int steps = int.MaxValue;
        foreach (var pr in spec.Projections)
        {
            // A from_file connector listing no connection makes no synapse and constrains no window.
            if (double.IsPositiveInfinity(pr.MinDelayMs)) continue;
            int d = double.IsFinite(pr.MinDelayMs / dt) ? TimeGrid.DelaySteps(pr.MinDelayMs, dt) : 1;
            steps = Math.Min(steps, d);
        }
        return steps == int.MaxValue ? WindowStepsWithoutProjections : steps;
    }

    /// <summary>Expected spikes a slice of <paramref name="neurons"/> neurons emits in one window.</summary>
    public static double SpikesPerWindow(int neurons, double rateHz, double windowMs) => neurons * rateHz * windowMs / 1000.0;

    /// <summary>Expected bytes of one packet from a slice of <paramref name="neurons"/> neurons.</summary>
    public static double PacketBytes(int neurons, double rateHz, double windowMs) =>
        PacketHeaderBytes + BytesPerSpike * SpikesPerWindow(neurons, rateHz, windowMs);

    /// <summary>Estimates the traffic of <paramref name="graph"/> under <paramref name="placement"/>.</summary>
    /// <param name="graph">Who sends to whom.</param>
    /// <param name="placement">Where each shard runs; must place the graph's shards.</param>
    /// <param name="rateHz">Assumed mean firing rate of every neuron (0 or more).</param>
    /// <exception cref="ArgumentException">The placement is for a different number of shards, or the rate is negative or not finite.</exception>
    public static TrafficEstimate Compute(SliceGraph graph, Placement placement, double rateHz = DefaultRateHz)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(placement);
        if (!(rateHz >= 0) || double.IsInfinity(rateHz))
            throw new ArgumentOutOfRangeException(nameof(rateHz), rateHz, "the assumed rate must be a finite number of Hz, 0 or more");
        if (placement.ShardCount != graph.Plan.ShardCount)
            throw new ArgumentException(
                $"the placement places {placement.ShardCount} shards but the slice plan has {graph.Plan.ShardCount}", nameof(placement));
        var spec = graph.Plan.Spec;
        int steps = WindowStepsOf(spec);
        double windowMs = steps * spec.Simulation.DtMs;
        int k = placement.NodeCount;
        var packets = new long[k][];
        var bytes = new double[k][];
        for (int n = 0; n < k; n++) { packets[n] = new long[k]; bytes[n] = new double[k]; }
        long local = 0;
        foreach (var slice in graph.Plan.Slices)
        {
            int from = placement.NodeOf(slice.Index);
            double perPacket = PacketBytes(slice.Count, rateHz, windowMs);
            foreach (int dest in graph.DestinationsOf(slice.Index))
            {
                int to = placement.NodeOf(dest);
                if (to == from) { local++; continue; }
                packets[from][to]++;
                bytes[from][to] += perPacket;
            }
        }
        return new TrafficEstimate(k, steps, windowMs, rateHz, packets, bytes, local);
    }

    /// <summary>Number of nodes (matrix rows and columns).</summary>
    public int NodeCount { get; }

    /// <summary>Window length in steps.</summary>
    public int WindowSteps { get; }

    /// <summary>Window length in ms.</summary>
    public double WindowMs { get; }

    /// <summary>The firing rate the estimate assumed, in Hz.</summary>
    public double RateHz { get; }

    /// <summary>Packets per window from node <paramref name="from"/> to node <paramref name="to"/> (0 on the diagonal).</summary>
    public long Packets(int from, int to) => _packets[from][to];

    /// <summary>Expected bytes per window from node <paramref name="from"/> to node <paramref name="to"/> (0 on the diagonal).</summary>
    public double Bytes(int from, int to) => _bytes[from][to];

    /// <summary>All packets per window that cross between nodes.</summary>
    public long TotalPacketsPerWindow => _packets.Sum(r => r.Sum());

    /// <summary>All expected bytes per window that cross between nodes.</summary>
    public double TotalBytesPerWindow => _bytes.Sum(r => r.Sum());

    /// <summary>Shard-to-shard packets per window that stay within a node (never on the network).</summary>
    public long LocalPacketsPerWindow { get; }

    /// <summary>Expected bytes per second crossing between nodes at real time, for sizing links.</summary>
    public double TotalBytesPerSecond => WindowMs > 0 ? TotalBytesPerWindow * 1000.0 / WindowMs : 0;
}
