using System.Globalization;
using PureHDF;

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

    /// <summary>Writes traces as HDF5.</summary>
    public static void WriteHdf5(string path, IReadOnlyList<StateTrace> traces)
    {
        var root = new H5Group();
        foreach (var trace in traces)
        {
            if (!root.TryGetValue(trace.Population, out var existing)) root[trace.Population] = existing = new H5Group();
            var data = new double[trace.TimesMs.Length, trace.NeuronIds.Length];
            for (int n = 0; n < trace.NeuronIds.Length; n++)
                for (int k = 0; k < trace.TimesMs.Length; k++)
                    data[k, n] = trace.Values[n][k];
            ((H5Group)existing)[trace.Variable] = new H5Group
            {
                ["node_ids"] = new H5Dataset(trace.NeuronIds.Select(i => (ulong)i).ToArray()),
                ["time"] = new H5Dataset(trace.TimesMs) { Attributes = new() { ["units"] = "ms" } },
                ["data"] = new H5Dataset(data) { Attributes = new() { ["units"] = trace.Unit } },
            };
        }
        new H5File { ["traces"] = root }.Write(path);
    }

    /// <summary>Reads traces written by <see cref="WriteHdf5"/>.</summary>
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
    public static void WriteCsv(string path, IReadOnlyList<StateTrace> traces)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(CsvHeader);
        foreach (var trace in traces)
            for (int n = 0; n < trace.NeuronIds.Length; n++)
                for (int k = 0; k < trace.TimesMs.Length; k++)
                    writer.WriteLine(string.Join(',', trace.Population, trace.Variable, trace.Unit,
                        trace.NeuronIds[n].ToString(CultureInfo.InvariantCulture), SpikesCsv.FormatTime(trace.TimesMs[k]),
                        trace.Values[n][k].ToString("R", CultureInfo.InvariantCulture)));
    }

    /// <summary>Reads traces written by <see cref="WriteCsv"/>.</summary>
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
