using PureHDF;

namespace NeuroActors.Results;

/// <summary>
/// The synapses of one projection as a SONATA edge population: for each synapse its source and target (indices
/// within their populations), its weight and its delay.
/// </summary>
/// <param name="Name">Edge population name (the projection's name).</param>
/// <param name="SourcePopulation">Node population of the sources.</param>
/// <param name="TargetPopulation">Node population of the targets.</param>
/// <param name="Source">Index of each synapse's source within <paramref name="SourcePopulation"/>.</param>
/// <param name="Target">Index of each synapse's target within <paramref name="TargetPopulation"/>.</param>
/// <param name="Weight">Weight of each synapse, in the units of the target model.</param>
/// <param name="DelayMs">Delay of each synapse in ms.</param>
public sealed record EdgePopulation(string Name, string SourcePopulation, string TargetPopulation, long[] Source, long[] Target,
    double[] Weight, double[] DelayMs)
{
    /// <summary>Number of synapses.</summary>
    public int Count => Source.Length;
}

/// <summary>
/// Synapses in the SONATA edges layout: one group per edge population under <c>/edges</c> holding
/// <c>source_node_id</c> and <c>target_node_id</c> (uint64, with their <c>node_population</c> attribute),
/// <c>edge_type_id</c>, <c>edge_group_id</c> and <c>edge_group_index</c>, and the edge group <c>0</c> with
/// <c>syn_weight</c> and <c>delay</c> (float64, ms), as libsonata, bmtk and NEST's SONATA reader expect.
/// </summary>
public static class SonataEdges
{
    /// <summary>File name of the final weights inside a results directory.</summary>
    public const string WeightsFileName = "weights.h5";

    /// <summary>Writes <paramref name="edges"/> to an HDF5 file at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">An edge population whose arrays differ in length, or two with one name.</exception>
    public static void Write(string path, IReadOnlyList<EdgePopulation> edges)
    {
        var root = new H5Group();
        foreach (var e in edges)
        {
            if (e.Target.Length != e.Count || e.Weight.Length != e.Count || e.DelayMs.Length != e.Count)
                throw new ArgumentException($"edge population '{e.Name}': {e.Count} sources, {e.Target.Length} targets, " +
                    $"{e.Weight.Length} weights and {e.DelayMs.Length} delays; all must match", nameof(edges));
            if (root.ContainsKey(e.Name))
                throw new ArgumentException($"edge population '{e.Name}' appears twice", nameof(edges));
            var source = new H5Dataset(e.Source.Select(i => (ulong)i).ToArray()) { Attributes = new() { ["node_population"] = e.SourcePopulation } };
            var target = new H5Dataset(e.Target.Select(i => (ulong)i).ToArray()) { Attributes = new() { ["node_population"] = e.TargetPopulation } };
            var delay = new H5Dataset(e.DelayMs) { Attributes = new() { ["units"] = "ms" } };
            root[e.Name] = new H5Group
            {
                ["source_node_id"] = source,
                ["target_node_id"] = target,
                // One edge type and one group: every synapse of a projection has the same model.
                ["edge_type_id"] = new long[e.Count],
                ["edge_group_id"] = new long[e.Count],
                ["edge_group_index"] = Enumerable.Range(0, e.Count).Select(i => (ulong)i).ToArray(),
                ["0"] = new H5Group { ["syn_weight"] = e.Weight, ["delay"] = delay },
            };
        }
        var file = new H5File { ["edges"] = root };
        file.Attributes = new() { ["magic"] = 0x0A7A15C9u, ["version"] = new uint[] { 0, 1 } };
        file.Write(path);
    }

    /// <summary>Reads every edge population of a SONATA edges file whose synapses are in one edge group with <c>syn_weight</c> and <c>delay</c>.</summary>
    /// <exception cref="ResultsException">The file is missing, or not in that layout (the message names the dataset).</exception>
    public static IReadOnlyList<EdgePopulation> Read(string path)
    {
        try
        {
            using var file = H5File.OpenRead(path);
            var result = new List<EdgePopulation>();
            foreach (var child in file.Group("edges").Children())
            {
                if (child is not IH5Group group) continue;
                var source = group.Dataset("source_node_id");
                var target = group.Dataset("target_node_id");
                var edgeGroup = group.Group("0");
                var e = new EdgePopulation(group.Name,
                    source.Attribute("node_population").Read<string>(), target.Attribute("node_population").Read<string>(),
                    source.Read<ulong[]>().Select(i => (long)i).ToArray(), target.Read<ulong[]>().Select(i => (long)i).ToArray(),
                    edgeGroup.Dataset("syn_weight").Read<double[]>(), edgeGroup.Dataset("delay").Read<double[]>());
                if (e.Target.Length != e.Count || e.Weight.Length != e.Count || e.DelayMs.Length != e.Count)
                    throw new ResultsException($"'{path}': /edges/{group.Name} has {e.Count} source_node_id, {e.Target.Length} target_node_id, " +
                        $"{e.Weight.Length} 0/syn_weight and {e.DelayMs.Length} 0/delay; all must match");
                result.Add(e);
            }
            return result;
        }
        catch (ResultsException) { throw; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResultsException($"cannot read '{path}': {ex.Message}", ex);
        }
        catch (Exception ex)
        {
            throw new ResultsException($"'{path}' is not a SONATA edges file with syn_weight and delay: {ex.Message}", ex);
        }
    }
}
