using System.Globalization;
using PureHDF;

namespace NeuroActors.Model;

/// <summary>
/// Connections from a SONATA edges file (https://github.com/AllenInstitute/sonata/blob/master/docs/SONATA_DEVELOPER_GUIDE.md):
/// edge i of <c>/edges/&lt;population&gt;</c> connects <c>source_node_id[i]</c> to <c>target_node_id[i]</c> (node ids
/// are indices within the source and target populations), and its weight and delay are <c>syn_weight</c> and
/// <c>delay</c> of its edge group: group <c>edge_group_id[i]</c> at row <c>edge_group_index[i]</c>, or group
/// <c>0</c> at row i when the file has no <c>edge_group_id</c>. Integer and floating-point datasets of any width are read.
/// </summary>
internal static class SonataEdges
{
    public static ConnectionList Read(string path, string name, string? edgePopulation)
    {
        try
        {
            return ReadEdges(path, name, edgePopulation);
        }
        catch (Exception ex) when (ex is not (ConnectionFileException or IOException or UnauthorizedAccessException))
        {
            // PureHDF's own refusals (not HDF5, an unsupported feature) name no place a user would look for.
            throw new ConnectionFileException(name, "a file that cannot be read as HDF5", $"a SONATA edges file written by HDF5 ({ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")})");
        }
    }

    private static ConnectionList ReadEdges(string path, string name, string? edgePopulation)
    {
        using var file = H5File.OpenRead(path);
        if (!file.LinkExists("edges"))
            throw new ConnectionFileException(name, "no group /edges", "a SONATA edges file holds /edges/<population>/source_node_id, target_node_id and an edge group");
        var edges = file.Group("edges");
        var populations = edges.Children().Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        if (edgePopulation is null)
        {
            if (populations.Count != 1)
                throw new ConnectionFileException($"{name} /edges", populations.Count == 0 ? "no edge population" : $"{populations.Count} edge populations",
                    populations.Count == 0 ? "one group /edges/<population>" : $"name one with edge_population: {string.Join(", ", populations)}");
            edgePopulation = populations[0];
        }
        else if (!populations.Contains(edgePopulation))
            throw new ConnectionFileException($"{name} /edges", $"no edge population '{edgePopulation}'",
                $"the file's edge populations are: {(populations.Count == 0 ? "(none)" : string.Join(", ", populations))}");
        string at = $"/edges/{edgePopulation}";
        var population = edges.Group(edgePopulation);
        var source = Column(population, "source_node_id", name, at, null);
        int n = source.Length;
        var target = Column(population, "target_node_id", name, at, n);
        var groupIds = population.LinkExists("edge_group_id") ? Column(population, "edge_group_id", name, at, n) : null;
        double[]? groupIndex = population.LinkExists("edge_group_index") ? Column(population, "edge_group_index", name, at, n) : null;
        if (groupIds is not null && groupIndex is null)
            throw new ConnectionFileException($"{name} {at}", "edge_group_id without edge_group_index", "SONATA gives each edge its group and its row in the group");

        var list = new ConnectionList(ConnectionFormat.Sonata, name, new int[n], new int[n], new double[n], new double[n], edgePopulation);
        var groups = new Dictionary<int, (double[] Weight, double[] Delay)>();
        for (int i = 0; i < n; i++)
        {
            int edge = i;
            list.Sources[i] = ConnectionFile.Index(source[i], () => list.Where(edge, 0));
            list.Targets[i] = ConnectionFile.Index(target[i], () => list.Where(edge, 1));
            int g = groupIds is null ? 0 : ConnectionFile.Index(groupIds[i], () => $"{name} {at} edge {edge}, edge_group_id");
            int row = groupIndex is null ? i : ConnectionFile.Index(groupIndex[i], () => $"{name} {at} edge {edge}, edge_group_index");
            if (!groups.TryGetValue(g, out var group))
            {
                string groupName = g.ToString(CultureInfo.InvariantCulture);
                if (!population.LinkExists(groupName))
                    throw new ConnectionFileException($"{name} {at} edge {i}", $"edge group {groupName}, which the file does not have",
                        $"every edge's group exists as {at}/<group>");
                var h5 = population.Group(groupName);
                groups[g] = group = (Column(h5, "syn_weight", name, $"{at}/{groupName}", null), Column(h5, "delay", name, $"{at}/{groupName}", null));
            }
            if (row < 0 || row >= group.Weight.Length || row >= group.Delay.Length)
                throw new ConnectionFileException($"{name} {at} edge {i}, edge_group_index", row.ToString(CultureInfo.InvariantCulture),
                    $"a row of edge group {g}, which holds {Math.Min(group.Weight.Length, group.Delay.Length)}");
            list.Weights[i] = group.Weight[row];
            list.DelaysMs[i] = group.Delay[row];
        }
        return list;
    }

    /// <summary>A 1-D numeric dataset as doubles (exact for every index that fits an int).</summary>
    private static double[] Column(IH5Group group, string dataset, string name, string at, int? length)
    {
        if (!group.LinkExists(dataset))
            throw new ConnectionFileException($"{name} {at}", $"no dataset {dataset}", $"{at}/{dataset} is required");
        var d = group.Dataset(dataset);
        var dims = d.Space.Dimensions;
        string where = $"{name} {at}/{dataset}";
        if (dims.Length != 1)
            throw new ConnectionFileException(where, $"shape ({string.Join(", ", dims)})", "a 1-D dataset, one value per edge");
        if (length is { } n && dims[0] != (ulong)n)
            throw new ConnectionFileException(where, $"{dims[0]} values", $"one per edge ({n}, as source_node_id)");
        if (dims[0] > (ulong)Array.MaxLength) throw new ConnectionFileException(where, $"{dims[0]} values", $"at most {Array.MaxLength}");
        var type = d.Type;
        return (type.Class, type.Size, type.Class == H5DataTypeClass.FixedPoint && type.FixedPoint.IsSigned) switch
        {
            (H5DataTypeClass.FloatingPoint, 8, _) => d.Read<double[]>(),
            (H5DataTypeClass.FloatingPoint, 4, _) => Array.ConvertAll(d.Read<float[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 8, true) => Array.ConvertAll(d.Read<long[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 8, false) => Array.ConvertAll(d.Read<ulong[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 4, true) => Array.ConvertAll(d.Read<int[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 4, false) => Array.ConvertAll(d.Read<uint[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 2, true) => Array.ConvertAll(d.Read<short[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 2, false) => Array.ConvertAll(d.Read<ushort[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 1, true) => Array.ConvertAll(d.Read<sbyte[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 1, false) => Array.ConvertAll(d.Read<byte[]>(), v => (double)v),
            _ => throw new ConnectionFileException(where, $"a {type.Size}-byte {type.Class} dataset", "an integer or floating-point dataset"),
        };
    }
}
