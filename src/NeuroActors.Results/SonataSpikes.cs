using PureHDF;

namespace NeuroActors.Results;

/// <summary>
/// Spikes in the SONATA layout: one group per population under <c>/spikes</c>, each holding
/// <c>node_ids</c> (uint64, index within the population) and <c>timestamps</c> (float64, ms).
/// </summary>
public static class SonataSpikes
{
    /// <summary>File name inside a results directory.</summary>
    public const string FileName = "spikes.h5";

    /// <summary>Writes <paramref name="spikes"/> to an HDF5 file at <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<PopulationSpikes> spikes)
    {
        var root = new H5Group();
        foreach (var pop in spikes)
        {
            var group = new H5Group
            {
                ["node_ids"] = new H5Dataset(pop.NeuronIds.Select(i => (ulong)i).ToArray()),
                ["timestamps"] = new H5Dataset(pop.TimesMs) { Attributes = new() { ["units"] = "ms" } },
            };
            group.Attributes = new()
            {
                ["sorting"] = "by_time",
                // Not SONATA, but needed to turn counts into rates without the model file.
                ["population_size"] = (long)pop.Size,
                ["recorded_neurons"] = (long)pop.RecordedNeurons,
            };
            root[pop.Population] = group;
        }
        var file = new H5File
        {
            ["spikes"] = root,
        };
        file.Attributes = new() { ["magic"] = 0x0A7A15C9u, ["version"] = new uint[] { 0, 1 } };
        file.Write(path);
    }

    /// <summary>Reads every population of a SONATA spike file.</summary>
    /// <exception cref="ResultsException">The file is missing or not in the expected layout.</exception>
    public static IReadOnlyList<PopulationSpikes> Read(string path)
    {
        try
        {
            using var file = H5File.OpenRead(path);
            var result = new List<PopulationSpikes>();
            foreach (var child in file.Group("spikes").Children())
            {
                if (child is not IH5Group group) continue;
                var ids = group.Dataset("node_ids").Read<ulong[]>().Select(i => (int)i).ToArray();
                var times = group.Dataset("timestamps").Read<double[]>();
                if (ids.Length != times.Length)
                    throw new ResultsException($"'{path}': /spikes/{group.Name} has {ids.Length} node_ids but {times.Length} timestamps");
                int size = (int)group.Attribute("population_size").Read<long>();
                int recorded = (int)group.Attribute("recorded_neurons").Read<long>();
                result.Add(new PopulationSpikes(group.Name, size, recorded, ids, times));
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
            throw new ResultsException($"'{path}' is not a NeuroActors spike file: {ex.Message}", ex);
        }
    }
}
