using System.Globalization;
using PureHDF;
using PureHDF.Selections;

namespace NeuroActors.Results;

/// <summary>
/// State traces. HDF5 (<c>traces.h5</c>): <c>/traces/&lt;population&gt;/&lt;variable&gt;/</c> holding
/// <c>node_ids</c>, <c>time</c> (ms) and <c>data</c> (time × neuron, with a <c>units</c> attribute).
/// CSV (<c>traces.csv</c>): <c>population,variable,unit,neuron,time_ms,value</c>.
/// </summary>
public static class TraceFiles
{
    /// <summary>HDF5 file name inside a results directory.</summary>
    public const string Hdf5FileName = "traces.h5";

    /// <summary>CSV file name inside a results directory.</summary>
    public const string CsvFileName = "traces.csv";

    /// <summary>CSV header line.</summary>
    public const string CsvHeader = "population,variable,unit,neuron,time_ms,value";

    /// <summary>Samples × neurons per block written or read at a time: what bounds the memory of writing traces.</summary>
    internal const int BlockElements = 1 << 16;

    /// <summary>Writes traces as HDF5.</summary>
    public static void WriteHdf5(string path, IReadOnlyList<StateTrace> traces) => WriteHdf5(path, StateTraceSource.Of(traces));

    /// <summary>Writes traces as HDF5, a block of samples at a time.</summary>
    public static void WriteHdf5(string path, IReadOnlyList<ITraceSource> traces)
    {
        var root = new H5Group();
        var deferred = new List<(ITraceSource Trace, H5Dataset<double[]> Time, H5Dataset<double[,]> Data)>();
        foreach (var trace in traces)
        {
            if (!root.TryGetValue(trace.Population, out var existing)) root[trace.Population] = existing = new H5Group();
            int neurons = trace.NeuronIds.Count;
            H5Dataset time, data;
            if (trace.Samples == 0 || neurons == 0)
            {
                // Nothing to write later: empty arrays give the dataset its shape directly.
                time = new H5Dataset(new double[trace.Samples]);
                data = new H5Dataset(new double[trace.Samples, neurons]);
            }
            else
            {
                var t = new H5Dataset<double[]>(fileDims: [(ulong)trace.Samples]);
                var d = new H5Dataset<double[,]>(fileDims: [(ulong)trace.Samples, (ulong)neurons]);
                deferred.Add((trace, t, d));
                (time, data) = (t, d);
            }
            time.Attributes = new() { ["units"] = "ms" };
            data.Attributes = new() { ["units"] = trace.Unit };
            ((H5Group)existing)[trace.Variable] = new H5Group
            {
                ["node_ids"] = new H5Dataset(trace.NeuronIds.Select(i => (ulong)i).ToArray()),
                ["time"] = time,
                ["data"] = data,
            };
        }
        using var writer = new H5File { ["traces"] = root }.BeginWrite(path);
        foreach (var (trace, timeSet, dataSet) in deferred)
        {
            int neurons = trace.NeuronIds.Count;
            int rows = (int)Math.Min(trace.Samples, Math.Max(1, BlockElements / neurons));
            var column = new double[rows];
            for (long first = 0; first < trace.Samples; first += rows)
            {
                int count = (int)Math.Min(rows, trace.Samples - first);
                var times = new double[count];
                trace.ReadTimes(first, times);
                var block = new double[count, neurons];
                for (int n = 0; n < neurons; n++)
                {
                    trace.ReadValues(n, first, column.AsSpan(0, count));
                    for (int k = 0; k < count; k++) block[k, n] = column[k];
                }
                writer.Write(timeSet, times, fileSelection: new HyperslabSelection((ulong)first, (ulong)count));
                writer.Write(dataSet, block, fileSelection: new HyperslabSelection(2, [(ulong)first, 0], [(ulong)count, (ulong)neurons]));
            }
        }
    }

    /// <summary>Reads traces written by <see cref="WriteHdf5(string, IReadOnlyList{ITraceSource})"/>.</summary>
    /// <exception cref="ResultsException">The file is missing or not in the expected layout.</exception>
    public static IReadOnlyList<StateTrace> ReadHdf5(string path)
    {
        try
        {
            using var file = H5File.OpenRead(path);
            var traces = new List<StateTrace>();
            foreach (var pop in file.Group("traces").Children().OfType<IH5Group>())
            {
                foreach (var variable in pop.Children().OfType<IH5Group>())
                {
                    var ids = variable.Dataset("node_ids").Read<ulong[]>().Select(i => (int)i).ToArray();
                    var times = variable.Dataset("time").Read<double[]>();
                    var dataset = variable.Dataset("data");
                    var data = dataset.Read<double[,]>();
                    var values = new double[ids.Length][];
                    for (int n = 0; n < ids.Length; n++)
                    {
                        values[n] = new double[times.Length];
                        for (int k = 0; k < times.Length; k++) values[n][k] = data[k, n];
                    }
                    traces.Add(new StateTrace(pop.Name, variable.Name, dataset.Attribute("units").Read<string>(), ids, times, values));
                }
            }
            return traces;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResultsException($"cannot read '{path}': {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not ResultsException)
        {
            throw new ResultsException($"'{path}' is not a NeuroActors trace file: {ex.Message}", ex);
        }
    }

    /// <summary>Writes traces as CSV, one row per neuron and sample.</summary>
    public static void WriteCsv(string path, IReadOnlyList<StateTrace> traces) => WriteCsv(path, StateTraceSource.Of(traces));

    /// <summary>Writes traces as CSV, one row per neuron and sample, reading a block of samples at a time.</summary>
    public static void WriteCsv(string path, IReadOnlyList<ITraceSource> traces)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(CsvHeader);
        foreach (var trace in traces)
        {
            int rows = (int)Math.Min(trace.Samples, BlockElements);
            var times = new double[rows];
            var values = new double[rows];
            for (int n = 0; n < trace.NeuronIds.Count; n++)
            {
                string neuron = trace.NeuronIds[n].ToString(CultureInfo.InvariantCulture);
                for (long first = 0; first < trace.Samples; first += rows)
                {
                    int count = (int)Math.Min(rows, trace.Samples - first);
                    trace.ReadTimes(first, times.AsSpan(0, count));
                    trace.ReadValues(n, first, values.AsSpan(0, count));
                    for (int k = 0; k < count; k++)
                        writer.WriteLine(string.Join(',', trace.Population, trace.Variable, trace.Unit,
                            neuron, SpikesCsv.FormatTime(times[k]), values[k].ToString("R", CultureInfo.InvariantCulture)));
                }
            }
        }
    }

    /// <summary>Reads traces written by <see cref="WriteCsv(string, IReadOnlyList{ITraceSource})"/>.</summary>
    /// <exception cref="ResultsException">The file is missing or a row is malformed.</exception>
    public static IReadOnlyList<StateTrace> ReadCsv(string path)
    {
        var rows = new List<(string Pop, string Var, string Unit, int Neuron, double Time, double Value)>();
        foreach (var (line, text, p) in CsvLines.Read(path, CsvHeader))
        {
            if (p.Length != 6
                || !int.TryParse(p[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out int neuron)
                || !double.TryParse(p[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double time)
                || !double.TryParse(p[5], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new ResultsException($"'{path}' line {line}: expected {CsvHeader}, got '{text}'");
            rows.Add((p[0], p[1], p[2], neuron, time, value));
        }
        return rows.GroupBy(r => (r.Pop, r.Var, r.Unit)).Select(g =>
        {
            var neurons = g.Select(r => r.Neuron).Distinct().ToArray();
            var times = g.Where(r => r.Neuron == neurons[0]).Select(r => r.Time).ToArray();
            var values = neurons.Select(n => g.Where(r => r.Neuron == n).Select(r => r.Value).ToArray()).ToArray();
            return new StateTrace(g.Key.Pop, g.Key.Var, g.Key.Unit, neurons, times, values);
        }).ToList();
    }
}
