namespace NeuroActors.Routing;

/// <summary>
/// Keeps shards that talk to each other on the same node, to cut cross-node packets and bytes, while capping the
/// shards per node at <c>max(ceil(S/K), floor(ceil(S/K)·(1 + slack)))</c> so no node is overloaded by much.
/// </summary>
/// <remarks>
/// <para>
/// The affinity of two shards is the expected bytes per window they exchange (both directions, see
/// <see cref="TrafficEstimate.PacketBytes"/> at the assumed rate); self edges do not count.
/// </para>
/// <para>
/// Phase 1, greedy growth: repeatedly take the unplaced shard with the most affinity to shards already placed
/// (ties: most total affinity, then lowest id) and put it on the node, among those below the cap, holding most of
/// its affinity (ties: fewest shards, then lowest id). Clusters therefore fill a node before spilling over.
/// Phase 2, refinement (Kernighan–Lin/Fiduccia–Mattheyses style, up to <see cref="MaxRefinementPasses"/> passes):
/// move a shard to the node below the cap where it has strictly more affinity, or swap two shards on different
/// nodes when that strictly lowers the cut; stop when a pass changes nothing. Everything is ordered by ids and
/// compares with strict inequalities, so the result is deterministic. Cost: O(S²) per pass at worst (the swap
/// search), fine for the thousands of shards a cluster holds.
/// </para>
/// </remarks>
public sealed class ConnectivityPlacement : IPlacement
{
    /// <summary>Upper bound on refinement passes, to bound time on large graphs.</summary>
    public const int MaxRefinementPasses = 20;

    private const double Epsilon = 1e-9;

    /// <summary>Creates the strategy.</summary>
    /// <param name="slack">Allowed excess of shards per node over an even share (0.1 = 10 %); 0 or more.</param>
    /// <param name="assumedRateHz">Firing rate used to weigh packets against spikes in the affinity; 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite slack or rate.</exception>
    public ConnectivityPlacement(double slack = 0.1, double assumedRateHz = TrafficEstimate.DefaultRateHz)
    {
        if (!(slack >= 0) || double.IsInfinity(slack))
            throw new ArgumentOutOfRangeException(nameof(slack), slack, "slack is a finite fraction, 0 or more (0.1 allows 10 % more shards than an even share)");
        if (!(assumedRateHz >= 0) || double.IsInfinity(assumedRateHz))
            throw new ArgumentOutOfRangeException(nameof(assumedRateHz), assumedRateHz, "the assumed rate must be a finite number of Hz, 0 or more");
        Slack = slack;
        AssumedRateHz = assumedRateHz;
    }

    /// <summary>Allowed excess of shards per node over an even share.</summary>
    public double Slack { get; }

    /// <summary>Firing rate used for the affinity weights.</summary>
    public double AssumedRateHz { get; }

    /// <inheritdoc/>
    public string Name => "connectivity";

    /// <summary>The most shards one node may take for <paramref name="shards"/> shards on <paramref name="nodes"/> nodes.</summary>
    public int Cap(int shards, int nodes)
    {
        PlacementArguments.CheckNodes(nodes);
        int even = (shards + nodes - 1) / nodes;
        return Math.Max(even, (int)Math.Floor(even * (1 + Slack) + Epsilon));
    }

    /// <inheritdoc/>
    public Placement Place(SliceGraph graph, int nodes)
    {
        ArgumentNullException.ThrowIfNull(graph);
        PlacementArguments.CheckNodes(nodes);
        int shards = graph.Plan.ShardCount;
        int cap = Cap(shards, nodes);
        var (nbr, wt) = Affinity(graph);

        var nodeOf = new int[shards];
        Array.Fill(nodeOf, -1);
        var count = new int[nodes];
        var aff = new double[shards, nodes]; // affinity of each shard to the shards on each node
        var total = new double[shards];
        var gain = new double[shards];
        for (int s = 0; s < shards; s++) total[s] = wt[s].Sum();

        void Assign(int s, int n)
        {
            if (nodeOf[s] >= 0)
            {
                count[nodeOf[s]]--;
                for (int i = 0; i < nbr[s].Length; i++) aff[nbr[s][i], nodeOf[s]] -= wt[s][i];
            }
            nodeOf[s] = n;
            count[n]++;
            for (int i = 0; i < nbr[s].Length; i++) aff[nbr[s][i], n] += wt[s][i];
        }

        // Phase 1: greedy growth.
        for (int placed = 0; placed < shards; placed++)
        {
            int pick = -1;
            for (int s = 0; s < shards; s++)
            {
                if (nodeOf[s] >= 0) continue;
                if (pick < 0 || gain[s] > gain[pick] + Epsilon
                    || (Math.Abs(gain[s] - gain[pick]) <= Epsilon && total[s] > total[pick] + Epsilon))
                    pick = s;
            }
            int best = -1;
            for (int n = 0; n < nodes; n++)
            {
                if (count[n] >= cap) continue;
                if (best < 0 || aff[pick, n] > aff[pick, best] + Epsilon
                    || (Math.Abs(aff[pick, n] - aff[pick, best]) <= Epsilon && count[n] < count[best]))
                    best = n;
            }
            Assign(pick, best);
            for (int i = 0; i < nbr[pick].Length; i++) gain[nbr[pick][i]] += wt[pick][i];
        }

        // Phase 2: refinement by single moves and pairwise swaps.
        var byNode = new List<int>[nodes];
        for (int pass = 0; pass < MaxRefinementPasses; pass++)
        {
            bool changed = false;
            for (int s = 0; s < shards; s++)
            {
                int from = nodeOf[s], best = -1;
                for (int n = 0; n < nodes; n++)
                    if (n != from && count[n] < cap && aff[s, n] > aff[s, from] + Epsilon && (best < 0 || aff[s, n] > aff[s, best] + Epsilon))
                        best = n;
                if (best >= 0) { Assign(s, best); changed = true; }
            }
            for (int n = 0; n < nodes; n++) byNode[n] = new List<int>();
            for (int s = 0; s < shards; s++) byNode[nodeOf[s]].Add(s);
            for (int s = 0; s < shards; s++)
            {
                int a = nodeOf[s];
                for (int b = 0; b < nodes; b++)
                {
                    if (b == a || aff[s, b] <= aff[s, a] + Epsilon) continue;
                    int partner = -1;
                    double bestGain = Epsilon;
                    foreach (int t in byNode[b])
                    {
                        if (nodeOf[t] != b) continue; // moved earlier in this pass
                        double g = aff[s, b] - aff[s, a] + aff[t, a] - aff[t, b] - 2 * Weight(nbr[s], wt[s], t);
                        if (g > bestGain) { bestGain = g; partner = t; }
                    }
                    if (partner < 0) continue;
                    Assign(s, b);
                    Assign(partner, a);
                    byNode[a].Add(partner);
                    byNode[b].Add(s);
                    changed = true;
                    break;
                }
            }
            if (!changed) break;
        }
        return new Placement(Name, nodes, nodeOf);
    }

    private (int[][] Neighbours, double[][] Weights) Affinity(SliceGraph graph)
    {
        var plan = graph.Plan;
        double windowMs = TrafficEstimate.WindowStepsOf(plan.Spec) * plan.Spec.Simulation.DtMs;
        var maps = new SortedDictionary<int, double>[plan.ShardCount];
        for (int s = 0; s < maps.Length; s++) maps[s] = new SortedDictionary<int, double>();
        foreach (var slice in plan.Slices)
        {
            double w = TrafficEstimate.PacketBytes(slice.Count, AssumedRateHz, windowMs);
            foreach (int d in graph.DestinationsOf(slice.Index))
            {
                if (d == slice.Index) continue;
                maps[slice.Index][d] = maps[slice.Index].GetValueOrDefault(d) + w;
                maps[d][slice.Index] = maps[d].GetValueOrDefault(slice.Index) + w;
            }
        }
        return (maps.Select(m => m.Keys.ToArray()).ToArray(), maps.Select(m => m.Values.ToArray()).ToArray());
    }

    private static double Weight(int[] neighbours, double[] weights, int t)
    {
        int i = Array.BinarySearch(neighbours, t);
        return i >= 0 ? weights[i] : 0;
    }
}
