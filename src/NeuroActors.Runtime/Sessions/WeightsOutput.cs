using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Results;

namespace NeuroActors.Runtime.Sessions;

/// <summary>
/// The final weights of chosen projections as a results directory's <c>weights.h5</c> (SONATA edges) and
/// <c>weights.png</c> (their histograms), gathered from the shards in chunks through <see cref="Session.GetWeightsAsync"/>.
/// </summary>
public static class WeightsOutput
{
    /// <summary>
    /// Writes the weights of <paramref name="projections"/> (labels, see <see cref="ProjectionSpec.Label"/>) into
    /// <paramref name="directory"/>, and their histograms when <paramref name="plot"/>; returns the files written (none for no projection).
    /// </summary>
    /// <exception cref="ArgumentException">A label the model does not have.</exception>
    public static async Task<IReadOnlyList<string>> WriteAsync(Session session, IReadOnlyList<string> projections, string directory, bool plot,
        CancellationToken cancellation = default)
    {
        if (projections.Count == 0) return [];
        var spec = session.Info.Plan.Spec;
        var edges = new List<EdgePopulation>();
        foreach (string label in projections)
        {
            var projection = spec.Projections.FirstOrDefault(p => p.Label == label) ?? throw new ArgumentException(
                $"weights: got projection '{label}'; the model has {string.Join(", ", spec.Projections.Select(p => $"'{p.Label}'"))}", nameof(projections));
            edges.Add(ToEdges(session.Info.Plan, projection, await session.GetWeightsAsync(label, cancellation)));
        }
        SonataEdges.Write(Path.Combine(directory, SonataEdges.WeightsFileName), edges);
        if (!plot) return [SonataEdges.WeightsFileName];
        WeightHistogramPlot.Save(Path.Combine(directory, WeightHistogramPlot.FileName), $"{spec.Simulation.Name}, t = {session.TimeMs:0.###} ms", edges);
        return [SonataEdges.WeightsFileName, WeightHistogramPlot.FileName];
    }

    /// <summary>
    /// A projection's synapses as a SONATA edge population: global ids become indices within the source and target
    /// populations, delays in steps become ms, weights are widened from the stored single precision.
    /// </summary>
    public static EdgePopulation ToEdges(NetworkPlan plan, ProjectionSpec projection, ProjectionWeights weights)
    {
        var populations = plan.Spec.Populations.Select(p => p.Name).ToList();
        int sourceOffset = plan.PopulationOffset(populations.IndexOf(projection.Source));
        int targetOffset = plan.PopulationOffset(populations.IndexOf(projection.Target));
        int n = weights.Count;
        var source = new long[n];
        var target = new long[n];
        var weight = new double[n];
        var delay = new double[n];
        for (int i = 0; i < n; i++)
        {
            source[i] = weights.Source[i] - sourceOffset;
            target[i] = weights.Target[i] - targetOffset;
            weight[i] = weights.Weight[i];
            delay[i] = weights.DelaySteps[i] * plan.DtMs;
        }
        return new EdgePopulation(projection.Label, projection.Source, projection.Target, source, target, weight, delay);
    }
}
