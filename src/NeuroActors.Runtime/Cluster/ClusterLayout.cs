using NeuroActors.Kernel.Network;
using NeuroActors.Model;
using NeuroActors.Routing;

namespace NeuroActors.Runtime.Cluster;

/// <summary>How a model is laid out on a cluster: its slices (one shard each) and the node of every shard.</summary>
/// <param name="Slices">The slicing of every population.</param>
/// <param name="Placement">The node of every shard.</param>
public sealed record ClusterLayout(SlicePlan Slices, Placement Placement)
{
    /// <summary>Placement strategies by the names the CLI and configs use.</summary>
    public static IReadOnlyDictionary<string, Func<IPlacement>> Strategies { get; } = new Dictionary<string, Func<IPlacement>>
    {
        ["balanced"] = () => new BalancedBySynapsesPlacement(),
        ["round-robin"] = () => new RoundRobinPlacement(),
        ["connectivity"] = () => new ConnectivityPlacement(),
    };

    /// <summary>The default strategy: equal synapse load per node, since synaptic events dominate the work.</summary>
    public const string DefaultStrategy = "balanced";

    /// <summary>
    /// Slices <paramref name="spec"/> as its <c>max_neurons_per_shard</c> settings say (sPyNNaker's 256 by default)
    /// and places the slices on <paramref name="nodes"/> nodes with the named strategy.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown strategy or impossible node count.</exception>
    public static ClusterLayout For(NetworkSpec spec, int nodes, string strategy = DefaultStrategy)
    {
        var slices = SlicePlan.For(spec);
        return new ClusterLayout(slices, Strategy(strategy).Place(new SliceGraph(slices), nodes));
    }

    /// <summary>What <c>neuroactors inspect</c> reports for the layout <see cref="For"/> would choose.</summary>
    public static InspectOptions Inspection(NetworkSpec spec, int nodes, string strategy, RouterProfile profile, double rateHz) =>
        new(SlicePlan.LimitOf(spec), SlicePlan.OverridesOf(spec), nodes, Strategy(strategy), profile, rateHz);

    private static IPlacement Strategy(string name) => Strategies.TryGetValue(name, out var make)
        ? make()
        : throw new ArgumentException($"placement: got '{name}'; valid strategies are: {string.Join(", ", Strategies.Keys)}", nameof(name));

    /// <summary>The layout with a placement decided elsewhere (a worker rebuilding the coordinator's layout).</summary>
    /// <exception cref="ArgumentException">The placement does not fit the model's slices.</exception>
    public static ClusterLayout With(NetworkSpec spec, int nodes, IReadOnlyList<int> nodeOfShard)
    {
        var slices = SlicePlan.For(spec);
        if (nodeOfShard.Count != slices.ShardCount)
            throw new ArgumentException($"the placement names {nodeOfShard.Count} shards but the model has {slices.ShardCount} slices", nameof(nodeOfShard));
        return new ClusterLayout(slices, new Placement("given", nodes, nodeOfShard));
    }

    /// <summary>
    /// Where every shard's packets go, as the routers decide: each node's routing table, built from the projections
    /// and pair-compressed, is looked up with the key of each slice on that node (first match wins), as on SpiNNaker.
    /// Every node computes the same tables, so a receiver knows which shards to wait for.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<int>> Routes()
    {
        var keys = KeyLayout.For(Slices);
        var tables = RoutingTableBuilder.Build(new SliceGraph(Slices), keys, Placement).Select(PairCompressor.Compress).ToArray();
        return Slices.Slices
            .Select(s => (IReadOnlyList<int>)(tables[Placement.NodeOf(s.Index)].Lookup(keys.SliceKey(Slices, s))?.ToArray() ?? []))
            .ToList();
    }

    /// <summary>The cut for the kernel: shard k holds slice k.</summary>
    public IReadOnlyList<IReadOnlyList<ShardSlice>> Cut =>
        Slices.Slices.Select(s => (IReadOnlyList<ShardSlice>)[new ShardSlice(s.Population, s.Start, s.Count)]).ToList();
}
