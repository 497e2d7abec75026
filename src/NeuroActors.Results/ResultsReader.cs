namespace NeuroActors.Results;

/// <summary>The contents of a results directory, read back.</summary>
/// <param name="Summary">The run's summary.</param>
/// <param name="Spikes">Recorded spikes per population, in model order.</param>
/// <param name="Traces">Recorded state traces.</param>
public sealed record ResultsOnDisk(Summary Summary, IReadOnlyList<PopulationSpikes> Spikes, IReadOnlyList<StateTrace> Traces);

/// <summary>Reads a results directory written by <see cref="ResultsWriter"/>.</summary>
public static class ResultsReader
{
    /// <summary>Reads the summary, the spikes (HDF5 or CSV, as the summary names) and the traces.</summary>
    /// <exception cref="ResultsException">The directory is not a complete results directory.</exception>
    public static ResultsOnDisk Read(string dir)
    {
        string summaryPath = Path.Combine(dir, Summary.FileName);
        if (!Directory.Exists(dir)) throw new ResultsException($"results directory '{dir}' does not exist");
        if (!File.Exists(summaryPath)) throw new ResultsException($"'{dir}' holds no {Summary.FileName}: not a results directory, or its run did not finish");
        var summary = Summary.Read(summaryPath);
        string spikePath = Path.Combine(dir, summary.SpikeFile);
        IReadOnlyList<PopulationSpikes> spikes = summary.SpikeFile switch
        {
            SpikesCsv.FileName => SpikesCsv.Read(spikePath, summary.Populations),
            SonataSpikes.FileName => InModelOrder(SonataSpikes.Read(spikePath), summary),
            _ => throw new ResultsException($"'{summaryPath}': unknown spike file '{summary.SpikeFile}'"),
        };
        IReadOnlyList<StateTrace> traces = summary.TraceFile switch
        {
            null => [],
            TraceFiles.CsvFileName => TraceFiles.ReadCsv(Path.Combine(dir, summary.TraceFile)),
            TraceFiles.Hdf5FileName => TraceFiles.ReadHdf5(Path.Combine(dir, summary.TraceFile)),
            _ => throw new ResultsException($"'{summaryPath}': unknown trace file '{summary.TraceFile}'"),
        };
        return new ResultsOnDisk(summary, spikes, traces);
    }

    /// <summary>HDF5 lists groups by name; the summary keeps the model's order.</summary>
    private static List<PopulationSpikes> InModelOrder(IReadOnlyList<PopulationSpikes> spikes, Summary summary)
    {
        var byName = spikes.ToDictionary(s => s.Population);
        return summary.Populations.Select(p => byName.TryGetValue(p.Name, out var s) ? s
            : throw new ResultsException($"spike file has no population '{p.Name}' named in the summary")).ToList();
    }
}
