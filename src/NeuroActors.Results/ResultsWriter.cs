using NeuroActors.Model;

namespace NeuroActors.Results;

/// <summary>
/// Writes a run's results directory: spikes (HDF5 or CSV), traces, <c>summary.json</c> and plots.
/// Either every file lands or none does: files are written to a hidden sibling directory first,
/// then moved in, <c>summary.json</c> last, so a directory with a summary is always complete.
/// </summary>
public static class ResultsWriter
{
    /// <summary>Writes <paramref name="result"/> into <paramref name="outDir"/> (created if needed; files of the same name are replaced).</summary>
    /// <returns>The names of the files written.</returns>
    /// <exception cref="ResultsException">The directory cannot be created or written.</exception>
    public static IReadOnlyList<string> Write(RunResult result, string outDir, SpikeFormat format, bool plots = true) =>
        Write(result.Spec, result.Stats, new PopulationSpikesSource(result.Spikes), StateTraceSource.Of(result.Traces), outDir, format, plots);

    /// <summary>
    /// Writes the results of a run of <paramref name="spec"/> whose recordings are read from <paramref name="spikes"/> and
    /// <paramref name="traces"/> (e.g. a recording store on disk) in blocks: memory depends on the number of neurons,
    /// never on the number of spikes or samples. Files are the same as <see cref="Write(RunResult, string, SpikeFormat, bool)"/>
    /// gives for the same recordings.
    /// </summary>
    /// <returns>The names of the files written.</returns>
    /// <exception cref="ResultsException">The directory cannot be created or written.</exception>
    /// <param name="spec">The model.</param>
    /// <param name="stats">The run's figures.</param>
    /// <param name="spikes">The recorded spikes.</param>
    /// <param name="traces">The recorded state.</param>
    /// <param name="outDir">The results directory.</param>
    /// <param name="format">Spike file format.</param>
    /// <param name="plots">Whether to draw the plots.</param>
    /// <param name="more">Writes further files into the directory it is given and returns their names (e.g. weight records), moved into place with the others.</param>
    public static IReadOnlyList<string> Write(NetworkSpec spec, RunStats stats, ISpikeSource spikes, IReadOnlyList<ITraceSource> traces,
        string outDir, SpikeFormat format, bool plots = true, Func<string, IEnumerable<string>>? more = null)
    {
        return Staged(outDir, staging =>
        {
            var files = WriteFiles(spec, stats, spikes, traces, staging, format, plots);
            if (more is not null) files.AddRange(more(staging));
            files.Add(Summary.FileName);
            return files;
        }, replacesRun: true);
    }

    /// <summary>
    /// Every file a run writes into its results directory. A new run into the same directory removes those of them it
    /// does not write again, so that no file of an earlier run (a <c>spikes.csv</c> beside a new <c>spikes.h5</c>, an
    /// old <c>raster.png</c> after <c>--no-plot</c>) passes for a result of this one. Other files are left alone.
    /// </summary>
    public static IReadOnlyList<string> RunFiles { get; } =
    [
        SonataSpikes.FileName, SpikesCsv.FileName, TraceFiles.Hdf5FileName, TraceFiles.CsvFileName, Summary.FileName,
        RasterPlot.FileName, TracePlot.FileName, SonataEdges.WeightsFileName, WeightHistogramPlot.FileName, WeightRecordsCsv.FileName,
    ];

    /// <summary>The prefix of a staging directory beside <paramref name="target"/>; the process id follows it.</summary>
    private static string StagingPrefix(string target) => $".{Path.GetFileName(target)}.partial-";

    /// <summary>Redraws the plots of an existing results directory from its spike and trace files.</summary>
    /// <returns>The names of the plots written.</returns>
    /// <exception cref="ResultsException">The directory cannot be read or written.</exception>
    public static IReadOnlyList<string> WritePlots(string resultsDir)
    {
        var results = ResultsReader.Read(resultsDir);
        return Staged(resultsDir, staging => [.. PlotWriter.Write(staging, results.Summary, results.Spikes, results.Traces)]);
    }

    /// <summary>Runs <paramref name="write"/> in a hidden sibling of <paramref name="outDir"/>, then moves the files it names into place in order.</summary>
    private static IReadOnlyList<string> Staged(string outDir, Func<string, List<string>> write, bool replacesRun = false)
    {
        string target = Path.GetFullPath(outDir);
        string parent = Path.GetDirectoryName(target) ?? ".";
        ProcessDirectories.RemoveAbandoned(parent, StagingPrefix(target));
        string staging = Path.Combine(parent, ProcessDirectories.Name(StagingPrefix(target)));
        try
        {
            Directory.CreateDirectory(staging);
            var files = write(staging);
            Directory.CreateDirectory(target);
            if (replacesRun)
            {
                // The summary goes first, so that a directory is never left with an old summary over new files.
                foreach (var stale in RunFiles.Where(f => !files.Contains(f)).Prepend(Summary.FileName))
                    File.Delete(Path.Combine(target, stale));
            }
            foreach (var name in files)
                File.Move(Path.Combine(staging, name), Path.Combine(target, name), overwrite: true);
            return files;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ResultsException($"cannot write results to '{outDir}': {ex.Message}", ex);
        }
        finally
        {
            try { if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* best effort: only a hidden staging directory is left */ }
        }
    }

    /// <summary>Writes everything except moving it into place; returns the file names, summary excluded (written last).</summary>
    private static List<string> WriteFiles(NetworkSpec spec, RunStats stats, ISpikeSource spikes, IReadOnlyList<ITraceSource> traces,
        string dir, SpikeFormat format, bool plots)
    {
        var files = new List<string>();
        // First pass: counts (to size the HDF5 datasets) and each train's ends; the second writes and finishes the statistics.
        var trains = new SpikeTrainStatistics(spikes.Populations);
        spikes.ReadOrdered(trains.FirstPass);
        string spikeFile = format == SpikeFormat.Csv ? SpikesCsv.FileName : SonataSpikes.FileName;
        if (format == SpikeFormat.Csv)
        {
            using var csv = new SpikeCsvWriter(Path.Combine(dir, spikeFile), spikes.Populations);
            spikes.ReadOrdered((p, n, t) => { csv.Add(p, n, t); trains.SecondPass(p, n, t); });
        }
        else
        {
            using var sonata = new SonataSpikeWriter(Path.Combine(dir, spikeFile), spikes.Populations, trains.Spikes);
            spikes.ReadOrdered((p, n, t) => { sonata.Add(p, n, t); trains.SecondPass(p, n, t); });
            sonata.Complete();
        }
        files.Add(spikeFile);

        string? traceFile = null;
        if (traces.Count > 0)
        {
            traceFile = format == SpikeFormat.Csv ? TraceFiles.CsvFileName : TraceFiles.Hdf5FileName;
            if (format == SpikeFormat.Csv) TraceFiles.WriteCsv(Path.Combine(dir, traceFile), traces);
            else TraceFiles.WriteHdf5(Path.Combine(dir, traceFile), traces);
            files.Add(traceFile);
        }

        double seconds = stats.BiologicalMs / 1000.0;
        var populations = spikes.Populations.Select((p, i) =>
        {
            var s = trains.Result(i, seconds);
            return new PopulationSummary(p.Name, p.Size, p.RecordedNeurons, trains.Spikes[i], s.RateHz, s.CvIsi);
        }).ToList();
        var summary = Summary.Of(spec, stats, populations, spikeFile, traceFile);
        if (plots) files.AddRange(PlotWriter.Write(dir, summary, spikes, traces));
        summary.Write(Path.Combine(dir, Summary.FileName));
        return files;
    }
}
