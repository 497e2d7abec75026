using NeuroActors.Routing;

namespace NeuroActors.Runtime.Cluster;

/// <summary>
/// Whether a layout's shards fit the memory of the nodes that are to hold them. A recovered run knows what its synapses
/// took when it was first built; synapses live with their targets, so each node of a new layout needs that total in
/// proportion to the expected incoming synapses of its slices (<see cref="SynapseLoad"/>).
/// </summary>
public static class NodeMemory
{
    /// <summary>
    /// Bytes of synapses each node of <paramref name="layout"/> is expected to hold, when the whole model's synapses took
    /// <paramref name="synapseBytes"/>.
    /// </summary>
    public static long[] ExpectedBytes(ClusterLayout layout, long synapseBytes)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var load = SynapseLoad.PerShard(layout.Slices);
        double total = load.Sum();
        int nodes = layout.NodeOfShard.Count == 0 ? 0 : layout.NodeOfShard.Max() + 1;
        var perNode = new double[nodes];
        var cut = layout.Cut;
        for (int g = 0; g < cut.Count; g++)
            foreach (var part in cut[g])
            {
                // A shard of --shards-per-node holds a run of whole slices; a part of one counts for its neurons' share.
                int end = part.Start + part.Count;
                for (int k = part.Start; k < end;)
                {
                    var slice = layout.Slices.SliceOf(part.Population, k);
                    int until = Math.Min(end, slice.Start + slice.Count);
                    perNode[layout.NodeOfShard[g]] += load[slice.Index] * (until - k) / slice.Count;
                    k = until;
                }
            }
        return perNode.Select(x => total > 0 ? (long)Math.Ceiling(synapseBytes * x / total) : 0).ToArray();
    }

    /// <summary>
    /// The first node whose expected bytes exceed what its process may use, as one line naming the node, both figures and
    /// the remedy; null when every node has room. Nodes that did not say their memory (0) are not judged.
    /// </summary>
    public static string? Shortage(IReadOnlyList<long> expected, IReadOnlyList<long> available, IReadOnlyList<string> nodes)
    {
        for (int n = 0; n < expected.Count; n++)
        {
            if (available[n] <= 0 || expected[n] <= available[n]) continue;
            long total = expected.Sum();
            // Workers of the smallest memory seen would need to be this many to hold an equal share each.
            long smallest = available.Where(a => a > 0).Min();
            int missing = Math.Max(1, (int)Math.Ceiling((double)total / smallest) - expected.Count);
            return $"{expected.Count} worker{(expected.Count == 1 ? "" : "s")} cannot hold the model's {Mib(total)} of synapses: node {nodes[n]} " +
                $"would need about {Mib(expected[n])} and its process may use {Mib(available[n])}; about {missing} more worker{(missing == 1 ? " is" : "s are")} " +
                "missing (start them with 'neuroactors node --seed HOST:PORT')";
        }
        return null;
    }

    private static string Mib(long bytes) => $"{bytes / 1048576.0:0.#} MiB";
}
