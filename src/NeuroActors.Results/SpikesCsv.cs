using System.Globalization;

namespace NeuroActors.Results;

/// <summary>
/// Spikes as CSV: a header <c>population,neuron,time_ms</c>, then one row per spike sorted by
/// time, then population (model order), then neuron.
/// </summary>
public static class SpikesCsv
{
    /// <summary>File name inside a results directory.</summary>
    public const string FileName = "spikes.csv";

    /// <summary>Header line.</summary>
    public const string Header = "population,neuron,time_ms";

    /// <summary>Writes <paramref name="spikes"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<PopulationSpikes> spikes) => Write(path, new PopulationSpikesSource(spikes));

    /// <summary>Writes the spikes of <paramref name="source"/> to <paramref name="path"/> as they are read, in one pass.</summary>
    public static void Write(string path, ISpikeSource source)
    {
        using var writer = new SpikeCsvWriter(path, source.Populations);
        source.ReadOrdered(writer.Add);
    }

    /// <summary>Spike times lie on the dt grid; six decimals (1 ns) print them without binary noise.</summary>
    internal static string FormatTime(double ms) => ms.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a spike CSV back into populations. Population sizes and recorded counts are not in
    /// the CSV; they come from <paramref name="populations"/> (the run's summary).
    /// </summary>
    /// <exception cref="ResultsException">The file is missing or a row is malformed.</exception>
    public static IReadOnlyList<PopulationSpikes> Read(string path, IReadOnlyList<PopulationSummary> populations)
    {
        var ids = populations.ToDictionary(p => p.Name, _ => new List<int>());
        var times = populations.ToDictionary(p => p.Name, _ => new List<double>());
        foreach (var (line, text, parts) in CsvLines.Read(path, Header))
        {
            if (parts.Length != 3 || !ids.ContainsKey(parts[0])
                || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int neuron)
                || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double time))
                throw new ResultsException($"'{path}' line {line}: expected population,neuron,time_ms with a known population, got '{text}'");
            ids[parts[0]].Add(neuron);
            times[parts[0]].Add(time);
        }
        return populations.Select(p => new PopulationSpikes(p.Name, p.Neurons, p.Recorded, ids[p.Name].ToArray(), times[p.Name].ToArray())).ToList();
    }
}

/// <summary>Writes spike rows as they arrive in global order; shared by the in-memory and the streamed paths.</summary>
internal sealed class SpikeCsvWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly string[] _names;

    public SpikeCsvWriter(string path, IReadOnlyList<SpikePopulation> populations)
    {
        _names = populations.Select(p => p.Name).ToArray();
        _writer = new StreamWriter(path);
        _writer.WriteLine(SpikesCsv.Header);
    }

    public void Add(ReadOnlySpan<int> populations, ReadOnlySpan<int> neurons, ReadOnlySpan<double> timesMs)
    {
        for (int i = 0; i < populations.Length; i++)
        {
            _writer.Write(_names[populations[i]]);
            _writer.Write(',');
            _writer.Write(neurons[i].ToString(CultureInfo.InvariantCulture));
            _writer.Write(',');
            _writer.WriteLine(SpikesCsv.FormatTime(timesMs[i]));
        }
    }

    public void Dispose() => _writer.Dispose();
}
