using NeuroActors.Model.Files;
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
                var (ids, times) = ReadGroup(path, group);
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

    /// <summary>
    /// Reads the spikes of one population of a SONATA spike file, written by NeuroActors or by another tool: its
    /// <c>node_ids</c> (any integer type) and <c>timestamps</c> (ms, float64 or float32). <paramref name="population"/>
    /// names the group under <c>/spikes</c>, or null when the file holds one. The population's size is the
    /// <c>population_size</c> attribute NeuroActors writes, when there is one.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a SONATA spike file, the population is missing or ambiguous, or a dataset is malformed (one line: file, field, value, what is valid).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SpikeTrains ReadTrains(string path, string? population)
    {
        PureHDF.VOL.Native.NativeFile file;
        try
        {
            file = H5File.OpenRead(path);
        }
        catch (Exception ex) when (ex is not IOException and not UnauthorizedAccessException)
        {
            throw new InvalidDataException($"'{path}': file: got {ex.Message.ReplaceLineEndings(" ").TrimEnd('.')}; a SONATA spike file is HDF5 with /spikes/<population>/node_ids and timestamps", ex);
        }
        using (file)
        {
            if (!file.LinkExists("spikes") || file.Get("spikes") is not IH5Group spikes)
                throw new InvalidDataException($"'{path}': /spikes: got nothing; a SONATA spike file holds a group /spikes with one group per population");
            var names = spikes.Children().OfType<IH5Group>().Select(g => g.Name).ToList();
            string name = population ?? (names.Count == 1 ? names[0]
                : throw new InvalidDataException($"'{path}': population: got nothing; the file holds {names.Count} populations, name one of: {string.Join(", ", names)}"));
            if (!names.Contains(name))
                throw new InvalidDataException($"'{path}': population: got '{name}'; the populations in /spikes are: {string.Join(", ", names)}");
            var group = spikes.Group(name);
            try
            {
                var (ids, times) = ReadGroup(path, group);
                int? size = group.AttributeExists("population_size") ? (int)group.Attribute("population_size").Read<long>() : null;
                return new SpikeTrains(ids, times, size);
            }
            catch (ResultsException ex)
            {
                throw new InvalidDataException(ex.Message, ex);
            }
            catch (Exception ex) when (ex is not IOException and not UnauthorizedAccessException)
            {
                // PureHDF's own complaints about a damaged or unusual file, in the one-line form of the others.
                throw new InvalidDataException($"'{path}': /spikes/{name}: got {ex.Message.ReplaceLineEndings(" ").TrimEnd('.')}; a SONATA population group holds 1-D node_ids and timestamps", ex);
            }
        }
    }

    /// <summary>A population group's node ids and timestamps, whatever integer and float widths the writer chose.</summary>
    private static (int[] Ids, double[] Times) ReadGroup(string path, IH5Group group)
    {
        string where = $"/spikes/{group.Name}";
        foreach (var name in new[] { "node_ids", "timestamps" })
            if (!group.LinkExists(name))
                throw new ResultsException($"'{path}': {where}/{name}: got nothing; a SONATA population group holds node_ids and timestamps");
        var idSet = group.Dataset("node_ids");
        var ids = (idSet.Type.Class, idSet.Type.Size) switch
        {
            (H5DataTypeClass.FixedPoint, 8) when idSet.Type.FixedPoint.IsSigned => idSet.Read<long[]>().Select(i => Id(i, path, where)).ToArray(),
            (H5DataTypeClass.FixedPoint, 8) => idSet.Read<ulong[]>().Select(i => Id(i > long.MaxValue ? -1 : (long)i, path, where)).ToArray(),
            (H5DataTypeClass.FixedPoint, 4) when idSet.Type.FixedPoint.IsSigned => idSet.Read<int[]>().Select(i => Id(i, path, where)).ToArray(),
            (H5DataTypeClass.FixedPoint, 4) => idSet.Read<uint[]>().Select(i => Id(i, path, where)).ToArray(),
            _ => throw new ResultsException($"'{path}': {where}/node_ids: got {idSet.Type.Class} of {idSet.Type.Size} bytes; node ids are integers of 4 or 8 bytes"),
        };
        var timeSet = group.Dataset("timestamps");
        var times = (timeSet.Type.Class, timeSet.Type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 8) => timeSet.Read<double[]>(),
            (H5DataTypeClass.FloatingPoint, 4) => timeSet.Read<float[]>().Select(t => (double)t).ToArray(),
            _ => throw new ResultsException($"'{path}': {where}/timestamps: got {timeSet.Type.Class} of {timeSet.Type.Size} bytes; timestamps are floats (ms) of 4 or 8 bytes"),
        };
        if (timeSet.AttributeExists("units") && timeSet.Attribute("units").Read<string>() is var units && units != "ms")
            throw new ResultsException($"'{path}': {where}/timestamps units: got '{units}'; timestamps in ms");
        if (ids.Length != times.Length)
            throw new ResultsException($"'{path}': {where} has {ids.Length} node_ids but {times.Length} timestamps");
        return (ids, times);
    }

    private static int Id(long id, string path, string where) => id is >= 0 and <= int.MaxValue ? (int)id
        : throw new ResultsException($"'{path}': {where}/node_ids: got {id}; node ids are whole numbers in [0, {int.MaxValue}]");
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
