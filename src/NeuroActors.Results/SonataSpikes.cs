using PureHDF;
using PureHDF.Selections;

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
        var source = new PopulationSpikesSource(spikes);
        using var writer = new SonataSpikeWriter(path, source.Populations, spikes.Select(p => (long)p.NeuronIds.Length).ToArray());
        source.ReadOrdered(writer.Add);
        writer.Complete();
    }

    /// <summary>
    /// Writes the spikes of <paramref name="source"/> to an HDF5 file at <paramref name="path"/>, reading it twice
    /// (once to size the datasets, once to fill them) and holding a fixed number of spikes per population at a time.
    /// </summary>
    public static void Write(string path, ISpikeSource source)
    {
        var counts = new long[source.Populations.Count];
        source.ReadOrdered((pops, _, _) => { foreach (int p in pops) counts[p]++; });
        using var writer = new SonataSpikeWriter(path, source.Populations, counts);
        source.ReadOrdered(writer.Add);
        writer.Complete();
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

/// <summary>
/// Fills a SONATA spike file block by block: the datasets are declared with their final sizes, then each
/// population's spikes are written through a fixed buffer as they arrive in global order. The in-memory and the
/// streamed paths both write through it, so the two give the same file.
/// </summary>
internal sealed class SonataSpikeWriter : IDisposable
{
    internal const int BlockSize = 8192;

    private readonly H5NativeWriter _writer;
    private readonly H5Dataset<ulong[]>?[] _ids;
    private readonly H5Dataset<double[]>?[] _times;
    private readonly ulong[][] _idBuffer;
    private readonly double[][] _timeBuffer;
    private readonly int[] _buffered;
    private readonly long[] _written, _counts;

    public SonataSpikeWriter(string path, IReadOnlyList<SpikePopulation> populations, IReadOnlyList<long> counts)
    {
        int n = populations.Count;
        _ids = new H5Dataset<ulong[]>?[n];
        _times = new H5Dataset<double[]>?[n];
        _idBuffer = new ulong[n][];
        _timeBuffer = new double[n][];
        _buffered = new int[n];
        _written = new long[n];
        _counts = [.. counts];
        var root = new H5Group();
        for (int p = 0; p < n; p++)
        {
            var pop = populations[p];
            H5Dataset ids, times;
            if (_counts[p] == 0)
            {
                // A deferred dataset of no elements is never written to; an empty array says the same plainly.
                ids = new H5Dataset(Array.Empty<ulong>());
                times = new H5Dataset(Array.Empty<double>());
            }
            else
            {
                ids = _ids[p] = new H5Dataset<ulong[]>(fileDims: [(ulong)_counts[p]]);
                times = _times[p] = new H5Dataset<double[]>(fileDims: [(ulong)_counts[p]]);
                int buffer = (int)Math.Min(BlockSize, _counts[p]);
                _idBuffer[p] = new ulong[buffer];
                _timeBuffer[p] = new double[buffer];
            }
            times.Attributes = new() { ["units"] = "ms" };
            var group = new H5Group
            {
                ["node_ids"] = ids,
                ["timestamps"] = times,
            };
            group.Attributes = new()
            {
                ["sorting"] = "by_time",
                // Not SONATA, but needed to turn counts into rates without the model file.
                ["population_size"] = (long)pop.Size,
                ["recorded_neurons"] = (long)pop.RecordedNeurons,
            };
            root[pop.Name] = group;
        }
        var file = new H5File
        {
            ["spikes"] = root,
        };
        file.Attributes = new() { ["magic"] = 0x0A7A15C9u, ["version"] = new uint[] { 0, 1 } };
        _writer = file.BeginWrite(path);
    }

    public void Add(ReadOnlySpan<int> populations, ReadOnlySpan<int> neurons, ReadOnlySpan<double> timesMs)
    {
        for (int i = 0; i < populations.Length; i++)
        {
            int p = populations[i];
            if (_written[p] + _buffered[p] >= _counts[p])
                throw new InvalidOperationException($"population {p} has more spikes than the {_counts[p]} it was sized for");
            int b = _buffered[p]++;
            _idBuffer[p][b] = (ulong)neurons[i];
            _timeBuffer[p][b] = timesMs[i];
            if (_buffered[p] == _idBuffer[p].Length) FlushPopulation(p);
        }
    }

    /// <summary>Writes what is buffered and checks that every dataset was filled.</summary>
    public void Complete()
    {
        for (int p = 0; p < _counts.Length; p++)
        {
            if (_buffered[p] > 0) FlushPopulation(p);
            if (_written[p] != _counts[p])
                throw new InvalidOperationException($"population {p} received {_written[p]} spikes but was sized for {_counts[p]}");
        }
    }

    private void FlushPopulation(int p)
    {
        int n = _buffered[p];
        var memory = new HyperslabSelection(0, (ulong)n);
        var file = new HyperslabSelection((ulong)_written[p], (ulong)n);
        _writer.Write(_ids[p]!, _idBuffer[p], memory, file);
        _writer.Write(_times[p]!, _timeBuffer[p], memory, file);
        _written[p] += n;
        _buffered[p] = 0;
    }

    public void Dispose() => _writer.Dispose();
}
