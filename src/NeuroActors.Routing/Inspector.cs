using NeuroActors.Model;

namespace NeuroActors.Routing;

/// <summary>
/// Runs the whole mapping pipeline without simulating: slice, lay out keys, place, build and compress routing
/// tables, estimate traffic. What <c>neuroactors inspect</c> shows, and what a run would be mapped with.
/// </summary>
public static class Inspector
{
    /// <summary>Maps <paramref name="spec"/> with <paramref name="options"/> (defaults when null).</summary>
    /// <remarks>
    /// Every table is compressed for the report, even one that already fits. A table that does not fit is
    /// reported (<see cref="NodeMapping.Fits"/>), not thrown; use <see cref="RouterFit.Fit"/> to refuse it.
    /// </remarks>
    /// <exception cref="ArgumentException">Invalid slice limits, node count or rate.</exception>
    /// <exception cref="MappingException">Routing keys would need more than 32 bits.</exception>
    public static InspectResult Inspect(NetworkSpec spec, InspectOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new InspectOptions();
        var plan = new SlicePlan(spec, options.MaxNeuronsPerSlice, options.PerPopulation);
        var layout = KeyLayout.For(plan);
        var graph = new SliceGraph(plan);
        var placement = (options.Placement ?? new BalancedBySynapsesPlacement()).Place(graph, options.Nodes);
        var profile = options.Profile ?? RouterProfile.SpiNNaker1;
        var traffic = TrafficEstimate.Compute(graph, placement, options.RateHz);
        var load = SynapseLoad.PerShard(plan);
        var tables = RoutingTableBuilder.Build(graph, layout, placement);
        var compressed = tables.Select(PairCompressor.Compress).ToList();

        var pops = Enumerable.Range(0, plan.PopulationCount)
            .Select(p => new PopulationSlicing(p, spec.Populations[p].Name, spec.Populations[p].Size, plan.MaxNeuronsFor(p), plan.SlicesOf(p).Length))
            .ToList();
        var slices = plan.Slices
            .Select(s => new SliceMapping(s, spec.Populations[s.Population].Name, plan.IndexInPopulation(s),
                layout.SliceKey(plan, s), layout.SliceMask, placement.NodeOf(s.Index), load[s.Index], graph.DestinationsOf(s.Index)))
            .ToList();
        var nodes = Enumerable.Range(0, placement.NodeCount)
            .Select(n => new NodeMapping(n, placement.ShardsOn(n), placement.ShardsOn(n).Sum(s => load[s]),
                tables[n].Count, compressed[n].Count, compressed[n].Count <= profile.Capacity))
            .ToList();
        return new InspectResult(spec.Simulation.Name, plan, layout, pops, slices, placement, profile, tables, compressed, nodes, traffic);
    }
}
