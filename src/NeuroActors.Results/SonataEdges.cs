using PureHDF;
using PureHDF.Selections;

namespace NeuroActors.Results;

/// <summary>
/// An edge population read a block at a time, so that a projection of any size is written in bounded memory beyond
/// what the caller already holds.
/// </summary>
public interface IEdgeBlocks
{
    /// <summary>Edge population name (the projection's name).</summary>
    string Name { get; }

    /// <summary>Node population of the sources.</summary>
    string SourcePopulation { get; }

    /// <summary>Node population of the targets.</summary>
    string TargetPopulation { get; }

    /// <summary>Number of synapses.</summary>
    long Count { get; }

    /// <summary>Fills the spans (of one length) with the synapses from <paramref name="first"/> on.</summary>
    void Read(long first, Span<long> source, Span<long> target, Span<double> weight, Span<double> delayMs);
}

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
    double[] Weight, double[] DelayMs) : IEdgeBlocks
{
    /// <summary>Number of synapses.</summary>
    public int Count => Source.Length;

    long IEdgeBlocks.Count => Count;

    /// <inheritdoc/>
    public void Read(long first, Span<long> source, Span<long> target, Span<double> weight, Span<double> delayMs)
    {
        int from = (int)first, n = source.Length;
        Source.AsSpan(from, n).CopyTo(source);
        Target.AsSpan(from, n).CopyTo(target);
        Weight.AsSpan(from, n).CopyTo(weight);
        DelayMs.AsSpan(from, n).CopyTo(delayMs);
    }
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

    /// <summary>Synapses per block written.</summary>
    internal const int BlockSize = 65536;

    /// <summary>Writes <paramref name="edges"/> to an HDF5 file at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">An edge population whose arrays differ in length, or two with one name.</exception>
    public static void Write(string path, IReadOnlyList<EdgePopulation> edges)
    {
        foreach (var e in edges)
            if (e.Target.Length != e.Count || e.Weight.Length != e.Count || e.DelayMs.Length != e.Count)
                throw new ArgumentException($"edge population '{e.Name}': {e.Count} sources, {e.Target.Length} targets, " +
                    $"{e.Weight.Length} weights and {e.DelayMs.Length} delays; all must match", nameof(edges));
        Write(path, edges.Cast<IEdgeBlocks>().ToList());
    }

    /// <summary>
    /// Writes <paramref name="edges"/> to an HDF5 file at <paramref name="path"/>, reading and writing each a block of
    /// <see cref="BlockSize"/> synapses at a time: the datasets are declared with their final sizes, then filled.
    /// </summary>
    /// <exception cref="ArgumentException">Two edge populations with one name.</exception>
    public static void Write(string path, IReadOnlyList<IEdgeBlocks> edges)
    {
        var names = new HashSet<string>();
        foreach (var e in edges)
            if (!names.Add(e.Name)) throw new ArgumentException($"edge population '{e.Name}' appears twice", nameof(edges));
        var root = new H5Group();
        var datasets = new List<(IEdgeBlocks Edges, H5Dataset<ulong[]> Source, H5Dataset<ulong[]> Target, H5Dataset<long[]> Type,
            H5Dataset<long[]> Group, H5Dataset<ulong[]> Index, H5Dataset<double[]> Weight, H5Dataset<double[]> Delay)>();
        foreach (var e in edges)
        {
            H5Dataset source, target, type, group, index, weight, delay;
            if (e.Count == 0)
            {
                // A deferred dataset of no elements is never written to; an empty array says the same plainly.
                (source, target, index) = (new H5Dataset(Array.Empty<ulong>()), new H5Dataset(Array.Empty<ulong>()), new H5Dataset(Array.Empty<ulong>()));
                (type, group) = (new H5Dataset(Array.Empty<long>()), new H5Dataset(Array.Empty<long>()));
                (weight, delay) = (new H5Dataset(Array.Empty<double>()), new H5Dataset(Array.Empty<double>()));
            }
            else
            {
                ulong[] dims = [(ulong)e.Count];
                var d = (e, new H5Dataset<ulong[]>(fileDims: dims), new H5Dataset<ulong[]>(fileDims: dims), new H5Dataset<long[]>(fileDims: dims),
                    new H5Dataset<long[]>(fileDims: dims), new H5Dataset<ulong[]>(fileDims: dims), new H5Dataset<double[]>(fileDims: dims),
                    new H5Dataset<double[]>(fileDims: dims));
                datasets.Add(d);
                (source, target, type, group, index, weight, delay) = (d.Item2, d.Item3, d.Item4, d.Item5, d.Item6, d.Item7, d.Item8);
            }
            source.Attributes = new() { ["node_population"] = e.SourcePopulation };
            target.Attributes = new() { ["node_population"] = e.TargetPopulation };
            delay.Attributes = new() { ["units"] = "ms" };
            root[e.Name] = new H5Group
            {
                ["source_node_id"] = source,
                ["target_node_id"] = target,
                // One edge type and one group: every synapse of a projection has the same model.
                ["edge_type_id"] = type,
                ["edge_group_id"] = group,
                ["edge_group_index"] = index,
                ["0"] = new H5Group { ["syn_weight"] = weight, ["delay"] = delay },
            };
        }
        var file = new H5File { ["edges"] = root };
        file.Attributes = new() { ["magic"] = 0x0A7A15C9u, ["version"] = new uint[] { 0, 1 } };
        using var writer = file.BeginWrite(path);
        var (src, trg) = (new long[BlockSize], new long[BlockSize]);
        var (w, dl) = (new double[BlockSize], new double[BlockSize]);
        var (usrc, utrg, uidx) = (new ulong[BlockSize], new ulong[BlockSize], new ulong[BlockSize]);
        var zeros = new long[BlockSize];
        foreach (var d in datasets)
            for (long first = 0; first < d.Edges.Count; first += BlockSize)
            {
                int n = (int)Math.Min(BlockSize, d.Edges.Count - first);
                d.Edges.Read(first, src.AsSpan(0, n), trg.AsSpan(0, n), w.AsSpan(0, n), dl.AsSpan(0, n));
                for (int i = 0; i < n; i++) (usrc[i], utrg[i], uidx[i]) = ((ulong)src[i], (ulong)trg[i], (ulong)(first + i));
                var memory = new HyperslabSelection(0, (ulong)n);
                var part = new HyperslabSelection((ulong)first, (ulong)n);
                writer.Write(d.Source, usrc, memory, part);
                writer.Write(d.Target, utrg, memory, part);
                writer.Write(d.Type, zeros, memory, part);
                writer.Write(d.Group, zeros, memory, part);
                writer.Write(d.Index, uidx, memory, part);
                writer.Write(d.Weight, w, memory, part);
                writer.Write(d.Delay, dl, memory, part);
            }
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
