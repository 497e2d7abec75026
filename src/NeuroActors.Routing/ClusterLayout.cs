using NeuroActors.Model;

namespace NeuroActors.Routing;

/// <summary>
/// How a model is laid out on a cluster, the cluster's part of the cut (<see cref="ShardCut"/>): its slices, the node
/// of every slice, and the shard that holds every slice.
/// By default every slice is a shard of its own; with a number of shards per node (<see cref="PerNode"/>) the slices
/// of a node are grouped into that many shards, each holding one contiguous run of slices of every population.
/// Routing keys and routing tables always follow the slices, whatever the grouping.
/// </summary>
public sealed class ClusterLayout
{
    private readonly int[] _shardOfSlice;
    private readonly int[] _nodeOfShard;

    /// <summary>Placement strategies by the names the CLI and configs use.</summary>
    public static IReadOnlyDictionary<string, Func<IPlacement>> Strategies { get; } = new Dictionary<string, Func<IPlacement>>
    {
        ["balanced"] = () => new BalancedBySynapsesPlacement(),
        ["round-robin"] = () => new RoundRobinPlacement(),
        ["connectivity"] = () => new ConnectivityPlacement(),
    };

    /// <summary>The default strategy: equal synapse load per node, since synaptic events dominate the work.</summary>
    public const string DefaultStrategy = "balanced";

    /// <summary>Name of the placement that <see cref="PerNode"/> makes (equal contiguous shares of every population).</summary>
    public const string PerNodeStrategy = "per-node";

    /// <summary>A layout of <paramref name="slices"/> placed as <paramref name="placement"/> says (per slice), grouped into shards.</summary>
    /// <param name="slices">The slicing of every population.</param>
    /// <param name="placement">The node of every slice.</param>
    /// <param name="shardOfSlice">The shard of every slice (shards numbered 0..n-1, every number used); null: one shard per slice.</param>
    private ClusterLayout(SlicePlan slices, Placement placement, int[]? shardOfSlice)
    {
        Slices = slices;
        Placement = placement;
        _shardOfSlice = shardOfSlice ?? Enumerable.Range(0, slices.ShardCount).ToArray();
        ShardCount = _shardOfSlice.Length == 0 ? 0 : _shardOfSlice.Max() + 1;
        _nodeOfShard = new int[ShardCount];
        for (int s = 0; s < _shardOfSlice.Length; s++) _nodeOfShard[_shardOfSlice[s]] = placement.NodeOf(s);
    }

    /// <summary>The slicing of every population (one routing key range per slice).</summary>
    public SlicePlan Slices { get; }

    /// <summary>The node of every slice.</summary>
    public Placement Placement { get; }

    /// <summary>Number of shards: one per slice, or the groups of slices of <see cref="PerNode"/>.</summary>
    public int ShardCount { get; }

    /// <summary>The node of every shard.</summary>
    public IReadOnlyList<int> NodeOfShard => _nodeOfShard;

    /// <summary>
    /// Slices <paramref name="spec"/> as its <c>max_neurons_per_shard</c> settings say (sPyNNaker's 256 by default)
    /// and places the slices on <paramref name="nodes"/> nodes with the named strategy, one shard per slice.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown strategy or impossible node count.</exception>
    public static ClusterLayout For(NetworkSpec spec, int nodes, string strategy = DefaultStrategy)
    {
        var slices = SlicePlan.For(spec);
        return new ClusterLayout(slices, Strategy(strategy).Place(new SliceGraph(slices), nodes), null);
    }

    /// <summary>
    /// Slices <paramref name="spec"/> as <see cref="For"/> does, then gives each of <paramref name="nodes"/> nodes
    /// <paramref name="shardsPerNode"/> shards, each holding a contiguous, near-equal share of every population of
    /// one backend (as the single-process cut does), made of whole slices. The G = nodes × shardsPerNode groups are
    /// shared between the backends in use as <see cref="BackendShares"/> says, each backend's groups following the
    /// previous backend's. Of a backend's B groups, group g holds the slices whose middle neuron falls in the g-th of
    /// B equal parts of their population; a population that is a single slice goes whole to the backend's group with
    /// the fewest neurons so far (the first such, in model order), so that small populations spread out instead of
    /// piling up in one group. Groups left without a slice are no shard.
    /// </summary>
    /// <remarks>
    /// A shard is the unit that computes on one thread: one shard per core per node keeps every core busy without
    /// shards of one process competing for a core, and sends one packet per destination shard per window instead of
    /// one per slice.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// <paramref name="shardsPerNode"/> or <paramref name="nodes"/> below 1, or fewer groups than backends in use.
    /// </exception>
    public static ClusterLayout PerNode(NetworkSpec spec, int nodes, int shardsPerNode)
    {
        if (nodes < 1) throw new ArgumentException($"nodes: got {nodes}; a cluster run needs at least 1 node", nameof(nodes));
        if (shardsPerNode < 1)
            throw new ArgumentException($"shards-per-node: got {shardsPerNode}; use a whole number of at least 1", nameof(shardsPerNode));
        var slices = SlicePlan.For(spec);
        long groups = (long)nodes * shardsPerNode;
        var backends = BackendShares.InUse(spec);
        var shares = BackendShares.Of(spec, (int)Math.Min(groups, int.MaxValue), $"nodes × shards-per-node ({nodes} × {shardsPerNode})");
        var groupOf = new long[slices.ShardCount];
        var neurons = new long[groups];
        long first = 0; // the first group of backend b
        for (int b = 0; b < backends.Count; first += shares[b], b++)
        {
            long share = shares[b];
            var populations = Enumerable.Range(0, slices.PopulationCount).Where(p => spec.Populations[p].BackendName == backends[b]).ToArray();
            foreach (int p in populations)
            {
                if (slices.SlicesOf(p).Length < 2) continue;
                long size = spec.Populations[p].Size;
                // Twice the middle neuron, against twice the population size: whole numbers, so every node agrees.
                foreach (var slice in slices.SlicesOf(p))
                {
                    long g = first + Math.Min(share - 1, (2L * slice.Start + slice.Count) * share / (2 * size));
                    groupOf[slice.Index] = g;
                    neurons[g] += slice.Count;
                }
            }
            foreach (int p in populations)
            {
                if (slices.SlicesOf(p).Length != 1) continue;
                var slice = slices.SlicesOf(p)[0];
                long g = first;
                for (long c = first + 1; c < first + share; c++) if (neurons[c] < neurons[g]) g = c;
                groupOf[slice.Index] = g;
                neurons[g] += slice.Count;
            }
        }
        var used = groupOf.Distinct().Order().ToArray();
        var shardOf = groupOf.Select(g => Array.BinarySearch(used, g)).ToArray();
        var nodeOf = groupOf.Select(g => (int)(g / shardsPerNode)).ToArray();
        return new ClusterLayout(slices, new Placement(PerNodeStrategy, nodes, nodeOf), shardOf);
    }

    /// <summary>What <c>neuroactors inspect</c> reports for the layout <see cref="For"/> would choose.</summary>
    public static InspectOptions Inspection(NetworkSpec spec, int nodes, string strategy, RouterProfile profile, double rateHz) =>
        new(SlicePlan.LimitOf(spec), SlicePlan.OverridesOf(spec), nodes, Strategy(strategy), profile, rateHz);

    private static IPlacement Strategy(string name) => Strategies.TryGetValue(name, out var make)
        ? make()
        : throw new ArgumentException($"placement: got '{name}'; valid strategies are: {string.Join(", ", Strategies.Keys)}", nameof(name));

    /// <summary>
    /// The layout a coordinator decided, rebuilt by a worker from the run's cut and the node of every shard: each slice
    /// belongs to the shard whose cut holds it.
    /// </summary>
    /// <exception cref="ArgumentException">The cut or the placement does not fit the model's slices.</exception>
    public static ClusterLayout With(NetworkSpec spec, int nodes, IReadOnlyList<IReadOnlyList<ShardSlice>> cut, IReadOnlyList<int> nodeOfShard)
    {
        var slices = SlicePlan.For(spec);
        if (nodeOfShard.Count != cut.Count)
            throw new ArgumentException($"the placement names {nodeOfShard.Count} shards but the cut has {cut.Count}", nameof(nodeOfShard));
        var shardOf = Enumerable.Repeat(-1, slices.ShardCount).ToArray();
        for (int k = 0; k < cut.Count; k++)
            foreach (var part in cut[k])
            {
                if (part.Population < 0 || part.Population >= slices.PopulationCount)
                    throw new ArgumentException($"shard {k} holds population {part.Population}, which the model does not have", nameof(cut));
                int covered = 0;
                foreach (var slice in slices.SlicesOf(part.Population))
                {
                    if (slice.Start < part.Start || slice.Start + slice.Count > part.Start + part.Count) continue;
                    if (shardOf[slice.Index] >= 0)
                        throw new ArgumentException($"slice {slice.Index} is in shards {shardOf[slice.Index]} and {k}", nameof(cut));
                    shardOf[slice.Index] = k;
                    covered += slice.Count;
                }
                if (covered != part.Count)
                    throw new ArgumentException($"shard {k}: neurons {part.Start}..{part.Start + part.Count - 1} of population {part.Population} " +
                        "are not a run of whole slices of the model", nameof(cut));
            }
        int missing = Array.IndexOf(shardOf, -1);
        if (missing >= 0) throw new ArgumentException($"slice {missing} of the model is in no shard of the cut", nameof(cut));
        var nodeOf = shardOf.Select(k => nodeOfShard[k]).ToArray();
        return new ClusterLayout(slices, new Placement("given", nodes, nodeOf), shardOf);
    }

    /// <summary>
    /// Where every shard's packets go, as the routers decide: each node's routing table, built from the projections
    /// and pair-compressed, is looked up with the key of each slice on that node (first match wins), as on SpiNNaker;
    /// a shard sends to every shard that holds a slice the routes of any of its slices name. Every node computes the
    /// same tables, so a receiver knows which shards to wait for.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<int>> Routes()
    {
        var keys = KeyLayout.For(Slices);
        var tables = RoutingTableBuilder.Build(new SliceGraph(Slices), keys, Placement).Select(PairCompressor.Compress).ToArray();
        var routes = Enumerable.Range(0, ShardCount).Select(_ => new SortedSet<int>()).ToArray();
        foreach (var s in Slices.Slices)
        {
            var route = tables[Placement.NodeOf(s.Index)].Lookup(keys.SliceKey(Slices, s));
            if (route is null) continue;
            foreach (int d in route) routes[_shardOfSlice[s.Index]].Add(_shardOfSlice[d]);
        }
        return routes.Select(r => (IReadOnlyList<int>)r.ToArray()).ToList();
    }

    /// <summary>The cut (<see cref="ShardCut"/>): every shard holds, per population, the run of its slices (contiguous by construction).</summary>
    public IReadOnlyList<IReadOnlyList<ShardSlice>> Cut
    {
        get
        {
            var cut = Enumerable.Range(0, ShardCount).Select(_ => new List<ShardSlice>()).ToArray();
            foreach (var s in Slices.Slices)
            {
                var parts = cut[_shardOfSlice[s.Index]];
                int last = parts.FindLastIndex(x => x.Population == s.Population);
                if (last >= 0 && parts[last].Start + parts[last].Count == s.Start)
                    parts[last] = parts[last] with { Count = parts[last].Count + s.Count };
                else parts.Add(new ShardSlice(s.Population, s.Start, s.Count));
            }
            return cut.Select(parts => (IReadOnlyList<ShardSlice>)parts).ToList();
        }
    }
}
