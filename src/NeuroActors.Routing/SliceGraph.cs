using NeuroActors.Model;

namespace NeuroActors.Routing;

/// <summary>
/// Which shards the spikes of each shard must reach (PACMAN's machine graph: slices and the edges between them),
/// derived from projections alone. Connectors are random, so it is conservative: a projection from A to B makes
/// every slice of A reach every slice of B, except <see cref="ConnectorKind.OneToOne"/> (slice of A reaches only
/// the slices of B overlapping its index range) and <see cref="ConnectorKind.Explicit"/> and
/// <see cref="ConnectorKind.FromFile"/> (only slices holding a listed target of one of its neurons). Projections that surely make no synapse (probability 0, degree 0, total 0,
/// no pairs or connections) add no edge. An edge may join a shard to itself (recurrent projections); routes keep it, since a
/// local destination is still a destination.
/// </summary>
public sealed class SliceGraph
{
    private readonly Route[] _destinations;
    private readonly Route[] _sources;

    /// <summary>Derives the edges of <paramref name="plan"/> from its model's projections.</summary>
    /// <exception cref="ArgumentException">A projection names a population the model does not have.</exception>
    public SliceGraph(SlicePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Plan = plan;
        var spec = plan.Spec;
        var dest = new HashSet<int>[plan.ShardCount];
        for (int i = 0; i < dest.Length; i++) dest[i] = new HashSet<int>();

        for (int j = 0; j < spec.Projections.Count; j++)
        {
            var pr = spec.Projections[j];
            int s = PopulationOf(spec, pr.Source, j, "source");
            int t = PopulationOf(spec, pr.Target, j, "target");
            var c = pr.Connector;
            switch (c.Kind)
            {
                case ConnectorKind.FixedProbability when c.Probability <= 0:
                case ConnectorKind.FixedInDegree or ConnectorKind.FixedOutDegree when c.Degree <= 0:
                case ConnectorKind.FixedTotalNumber when c.TotalNumber <= 0:
                    break;
                case ConnectorKind.OneToOne:
                    foreach (var a in plan.SlicesOf(s))
                        foreach (var b in plan.SlicesOf(t))
                            if (b.Overlaps(a.Start, a.Count)) dest[a.Index].Add(b.Index);
                    break;
                case ConnectorKind.Explicit:
                    foreach (var (i, k) in c.Pairs ?? Array.Empty<(int, int)>())
                        dest[plan.SliceOf(s, i).Index].Add(plan.SliceOf(t, k).Index);
                    break;
                case ConnectorKind.FromFile when c.Connections is { } list:
                    for (int i = 0; i < list.Count; i++)
                        dest[plan.SliceOf(s, list.Sources[i]).Index].Add(plan.SliceOf(t, list.Targets[i]).Index);
                    break;
                default:
                    foreach (var a in plan.SlicesOf(s))
                        foreach (var b in plan.SlicesOf(t))
                            dest[a.Index].Add(b.Index);
                    break;
            }
        }

        _destinations = dest.Select(d => new Route(d)).ToArray();
        var src = new List<int>[plan.ShardCount];
        for (int i = 0; i < src.Length; i++) src[i] = new List<int>();
        for (int a = 0; a < dest.Length; a++)
            foreach (int b in _destinations[a]) src[b].Add(a);
        _sources = src.Select(x => new Route(x)).ToArray();
    }

    /// <summary>The slice plan the graph was derived from.</summary>
    public SlicePlan Plan { get; }

    /// <summary>The shards that spikes of <paramref name="shard"/> must reach: the route of its routing entry.</summary>
    public Route DestinationsOf(int shard) => _destinations[shard];

    /// <summary>The shards whose spikes reach <paramref name="shard"/>: whose packets it must hold before advancing a window.</summary>
    public Route SourcesOf(int shard) => _sources[shard];

    /// <summary>Number of directed (source shard, destination shard) edges, self edges included.</summary>
    public int EdgeCount => _destinations.Sum(d => d.Count);

    private static int PopulationOf(NetworkSpec spec, string name, int projection, string role)
    {
        int p = spec.PopulationIndex(name);
        if (p < 0)
            throw new ArgumentException(
                $"projections[{projection}].{role} names population '{name}', which the model does not have; valid names: "
                + string.Join(", ", spec.Populations.Select(x => x.Name)), nameof(spec));
        return p;
    }
}
