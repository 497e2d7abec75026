namespace NeuroActors.Routing;

/// <summary>
/// Which node hosts each shard. Every shard is on exactly one node; a node may host none (more nodes than shards
/// is allowed, the extra nodes stay idle). Node ids run 0..<see cref="NodeCount"/>-1.
/// </summary>
public sealed class Placement
{
    private readonly int[] _nodeOf;
    private readonly int[][] _shardsOn;

    /// <summary>A placement of shards 0..n-1 where shard i goes to <paramref name="nodeOfShard"/>[i].</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one node, or a shard sent to a node outside 0..nodeCount-1.</exception>
    public Placement(string strategy, int nodeCount, IReadOnlyList<int> nodeOfShard)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(nodeOfShard);
        PlacementArguments.CheckNodes(nodeCount);
        Strategy = strategy;
        NodeCount = nodeCount;
        _nodeOf = nodeOfShard.ToArray();
        var lists = new List<int>[nodeCount];
        for (int n = 0; n < nodeCount; n++) lists[n] = new List<int>();
        for (int s = 0; s < _nodeOf.Length; s++)
        {
            int n = _nodeOf[s];
            if (n < 0 || n >= nodeCount)
                throw new ArgumentOutOfRangeException(nameof(nodeOfShard), n, $"shard {s} is placed on node {n}; nodes are 0..{nodeCount - 1}");
            lists[n].Add(s);
        }
        _shardsOn = lists.Select(l => l.ToArray()).ToArray();
    }

    /// <summary>Name of the strategy that produced the placement, for reports.</summary>
    public string Strategy { get; }

    /// <summary>Number of nodes, idle ones included.</summary>
    public int NodeCount { get; }

    /// <summary>Number of shards placed.</summary>
    public int ShardCount => _nodeOf.Length;

    /// <summary>The node hosting <paramref name="shard"/>.</summary>
    public int NodeOf(int shard) => _nodeOf[shard];

    /// <summary>The shards on <paramref name="node"/>, in increasing id order.</summary>
    public IReadOnlyList<int> ShardsOn(int node) => _shardsOn[node];
}
