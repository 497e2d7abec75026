using NeuroActors.Model;

namespace NeuroActors.Routing;

/// <summary>
/// Expected number of incoming synapses of each shard, computed from connector parameters without generating a
/// single synapse. Synapses live with their target, so this is the shard's memory and the bulk of its work per
/// spike; placement balances it.
/// </summary>
/// <remarks>
/// Per projection into a slice of <c>n</c> neurons from a source population of <c>S</c> neurons (target population
/// of <c>T</c>): fixed_indegree <c>k·n</c>; fixed_probability <c>p·(S·n − a)</c>; all_to_all <c>S·n − a</c>;
/// one_to_one <c>n</c>; fixed_outdegree <c>k·S·n/T</c>; fixed_total_number <c>N·n/T</c>; explicit and from_file: the
/// pairs or connections whose target lies in the slice.
/// <c>a</c> is <c>n</c> when the projection is recurrent and autapses are off (a neuron never connects to itself),
/// else 0.
/// </remarks>
public static class SynapseLoad
{
    /// <summary>Expected incoming synapses of every shard, indexed by shard id.</summary>
    public static double[] PerShard(SlicePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var spec = plan.Spec;
        var load = new double[plan.ShardCount];
        foreach (var pr in spec.Projections)
        {
            int s = spec.PopulationIndex(pr.Source), t = spec.PopulationIndex(pr.Target);
            if (s < 0 || t < 0)
                throw new ArgumentException($"projection {pr.Label} names a population the model does not have", nameof(plan));
            if (pr.Connector.Kind == ConnectorKind.Explicit)
            {
                foreach (var (_, k) in pr.Connector.Pairs ?? Array.Empty<(int, int)>())
                    load[plan.SliceOf(t, k).Index] += 1;
                continue;
            }
            if (pr.Connector.Kind == ConnectorKind.FromFile)
            {
                foreach (int k in pr.Connector.Connections?.Targets ?? [])
                    load[plan.SliceOf(t, k).Index] += 1;
                continue;
            }
            foreach (var slice in plan.SlicesOf(t))
                load[slice.Index] += Expected(pr, spec.Populations[s].Size, spec.Populations[t].Size, s == t, slice.Count);
        }
        return load;
    }

    /// <summary>
    /// Expected synapses one projection makes onto <paramref name="count"/> target neurons (not for explicit
    /// connectors, whose count depends on which neurons).
    /// </summary>
    public static double Expected(ProjectionSpec projection, int sourceSize, int targetSize, bool recurrent, int count)
    {
        ArgumentNullException.ThrowIfNull(projection);
        var c = projection.Connector;
        double autapses = recurrent && !c.AllowAutapses ? count : 0;
        return c.Kind switch
        {
            ConnectorKind.FixedInDegree => (double)c.Degree * count,
            ConnectorKind.FixedProbability => c.Probability * ((double)sourceSize * count - autapses),
            ConnectorKind.AllToAll => (double)sourceSize * count - autapses,
            ConnectorKind.OneToOne => count,
            ConnectorKind.FixedOutDegree => (double)c.Degree * sourceSize * count / targetSize,
            ConnectorKind.FixedTotalNumber => (double)c.TotalNumber * count / targetSize,
            _ => throw new ArgumentException($"connector {c.Kind} has no closed-form count; count its pairs", nameof(projection)),
        };
    }
}
