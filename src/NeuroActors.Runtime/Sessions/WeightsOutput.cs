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
        var edges = new List<IEdgeBlocks>();
        foreach (string label in projections)
        {
            var projection = spec.Projections.FirstOrDefault(p => p.Label == label) ?? throw new ArgumentException(
                $"weights: got projection '{label}'; the model has {string.Join(", ", spec.Projections.Select(p => $"'{p.Label}'"))}", nameof(projections));
            edges.Add(new ProjectionEdges(session.Info.Plan, projection, await session.GetWeightsAsync(label, cancellation)));
        }
        SonataEdges.Write(Path.Combine(directory, SonataEdges.WeightsFileName), edges);
        if (!plot) return [SonataEdges.WeightsFileName];
        WeightHistogramPlot.Save(Path.Combine(directory, WeightHistogramPlot.FileName), $"{spec.Simulation.Name}, t = {session.TimeMs:0.###} ms", edges);
        return [SonataEdges.WeightsFileName, WeightHistogramPlot.FileName];
    }

    /// <summary>
    /// A projection's synapses as a SONATA edge population, read from the gathered weights without copying them:
    /// global ids become indices within the source and target populations, delays in steps become ms, weights are
    /// widened from the stored single precision.
    /// </summary>
    private sealed class ProjectionEdges(NetworkPlan plan, ProjectionSpec projection, ProjectionWeights weights) : IEdgeBlocks
    {
        private readonly int _sourceOffset = plan.PopulationOffset(plan.Spec.PopulationIndex(projection.Source));
        private readonly int _targetOffset = plan.PopulationOffset(plan.Spec.PopulationIndex(projection.Target));

        public string Name => projection.Label;
        public string SourcePopulation => projection.Source;
        public string TargetPopulation => projection.Target;
        public long Count => weights.Count;

        public void Read(long first, Span<long> source, Span<long> target, Span<double> weight, Span<double> delayMs)
        {
            int from = (int)first;
            for (int i = 0; i < source.Length; i++)
            {
                source[i] = weights.Source[from + i] - _sourceOffset;
                target[i] = weights.Target[from + i] - _targetOffset;
                weight[i] = weights.Weight[from + i];
                delayMs[i] = weights.DelaySteps[from + i] * plan.DtMs;
            }
        }
    }
}
