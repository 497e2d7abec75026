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
    public static IReadOnlyList<string> Write(RunResult result, string outDir, SpikeFormat format, bool plots = true)
    {
        return Staged(outDir, staging =>
        {
            var files = WriteFiles(result, staging, format, plots);
            files.Add(Summary.FileName);
            return files;
        });
    }

    /// <summary>Redraws the plots of an existing results directory from its spike and trace files.</summary>
    /// <returns>The names of the plots written.</returns>
    /// <exception cref="ResultsException">The directory cannot be read or written.</exception>
    public static IReadOnlyList<string> WritePlots(string resultsDir)
    {
        var results = ResultsReader.Read(resultsDir);
        return Staged(resultsDir, staging => [.. PlotWriter.Write(staging, results.Summary, results.Spikes, results.Traces)]);
    }

    /// <summary>Runs <paramref name="write"/> in a hidden sibling of <paramref name="outDir"/>, then moves the files it names into place in order.</summary>
    private static IReadOnlyList<string> Staged(string outDir, Func<string, List<string>> write)
    {
        string target = Path.GetFullPath(outDir);
        string staging = Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.partial-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            var files = write(staging);
            Directory.CreateDirectory(target);
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
    private static List<string> WriteFiles(RunResult result, string dir, SpikeFormat format, bool plots)
    {
        var files = new List<string>();
        string spikeFile = format == SpikeFormat.Csv ? SpikesCsv.FileName : SonataSpikes.FileName;
        if (format == SpikeFormat.Csv) SpikesCsv.Write(Path.Combine(dir, spikeFile), result.Spikes);
        else SonataSpikes.Write(Path.Combine(dir, spikeFile), result.Spikes);
        files.Add(spikeFile);

        string? traceFile = null;
        if (result.Traces.Count > 0)
        {
            traceFile = format == SpikeFormat.Csv ? TraceFiles.CsvFileName : TraceFiles.Hdf5FileName;
            if (format == SpikeFormat.Csv) TraceFiles.WriteCsv(Path.Combine(dir, traceFile), result.Traces);
            else TraceFiles.WriteHdf5(Path.Combine(dir, traceFile), result.Traces);
            files.Add(traceFile);
        }

        var summary = Summary.Of(result, spikeFile, traceFile);
        if (plots) files.AddRange(PlotWriter.Write(dir, summary, result.Spikes, result.Traces));
        summary.Write(Path.Combine(dir, Summary.FileName));
        return files;
    }
}
