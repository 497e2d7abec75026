namespace NeuroActors.Routing;

/// <summary>
/// Balances expected incoming synapses (see <see cref="SynapseLoad"/>): the work and memory of a shard scale with
/// the synapses it stores. Greedy largest-first (LPT): shards in decreasing load (ties: lower id first) each go to
/// the node with the least load so far (ties: fewer shards, then lower id, so shards without synapses, such as
/// spike sources, still spread out). Guarantee: on the result, max load − min load ≤ the largest single shard
/// load, since the last shard added to the fullest node went to what was then the emptiest node.
/// </summary>
public sealed class BalancedBySynapsesPlacement : IPlacement
{
    /// <inheritdoc/>
    public string Name => "balanced-by-synapses";

    /// <inheritdoc/>
    public Placement Place(SliceGraph graph, int nodes)
    {
        ArgumentNullException.ThrowIfNull(graph);
        PlacementArguments.CheckNodes(nodes);
        var load = SynapseLoad.PerShard(graph.Plan);
        var order = Enumerable.Range(0, load.Length).OrderByDescending(s => load[s]).ThenBy(s => s).ToArray();
        var nodeLoad = new double[nodes];
        var nodeCount = new int[nodes];
        var nodeOf = new int[load.Length];
        foreach (int s in order)
        {
            int best = 0;
            for (int n = 1; n < nodes; n++)
                if (nodeLoad[n] < nodeLoad[best] || (nodeLoad[n] == nodeLoad[best] && nodeCount[n] < nodeCount[best]))
                    best = n;
            nodeOf[s] = best;
            nodeLoad[best] += load[s];
            nodeCount[best]++;
        }
        return new Placement(Name, nodes, nodeOf);
    }
}
