namespace NeuroActors.Results;

/// <summary>Draws the PNG plots of a results directory.</summary>
public static class PlotWriter
{
    /// <summary>Writes <c>raster.png</c> (when spikes were recorded) and <c>traces.png</c> (when traces were); returns the names written.</summary>
    public static IReadOnlyList<string> Write(string dir, Summary summary, IReadOnlyList<PopulationSpikes> spikes, IReadOnlyList<StateTrace> traces) =>
        Write(dir, summary, new PopulationSpikesSource(spikes), StateTraceSource.Of(traces));

    /// <summary>
    /// Writes the plots from recordings read in blocks; what is drawn is bounded (see <see cref="RasterPlot"/> and
    /// <see cref="TracePlot"/>), so memory does not grow with the run's length.
    /// </summary>
    public static IReadOnlyList<string> Write(string dir, Summary summary, ISpikeSource spikes, IReadOnlyList<ITraceSource> traces)
    {
        var files = new List<string>();
        string title = $"{summary.Model}, seed {summary.Seed}";
        if (spikes.Populations.Count > 0)
        {
            RasterPlot.Save(Path.Combine(dir, RasterPlot.FileName), title, spikes, summary.StartMs, summary.EndMs);
            files.Add(RasterPlot.FileName);
        }
        if (traces.Count > 0)
        {
            TracePlot.Save(Path.Combine(dir, TracePlot.FileName), title, traces);
            files.Add(TracePlot.FileName);
        }
        return files;
    }
}
