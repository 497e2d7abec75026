using ScottPlot;

namespace NeuroActors.Results;

/// <summary>State traces: one panel per recorded population and variable, one line per neuron.</summary>
public static class TracePlot
{
    /// <summary>File name inside a results directory.</summary>
    public const string FileName = "traces.png";

    /// <summary>At most this many neurons are drawn per panel, to keep the lines distinguishable.</summary>
    public const int MaxNeuronsPerPanel = 10;

    private const int Width = 1200, PanelHeight = 260;
    private static readonly PixelPadding Margins = new(left: 90, right: 160, bottom: 50, top: 35);

    /// <summary>
    /// At most this many points are drawn per line: a longer trace is drawn every k-th sample (k the smallest that
    /// fits), which is what keeps a long run's plot in bounded memory; the trace files keep every sample.
    /// </summary>
    public const int MaxSamplesPerLine = 20_000;

    /// <summary>Renders <paramref name="traces"/> to a PNG (nothing is written when there are none).</summary>
    public static void Save(string path, string title, IReadOnlyList<StateTrace> traces) => Save(path, title, StateTraceSource.Of(traces));

    /// <summary>Renders the traces read from <paramref name="sources"/>: the first <see cref="MaxNeuronsPerPanel"/> rows of each, at most <see cref="MaxSamplesPerLine"/> points per line.</summary>
    public static void Save(string path, string title, IReadOnlyList<ITraceSource> sources)
    {
        var traces = sources.Select(Shown).ToList();
        if (traces.Count == 0) return;
        PlotFonts.EnsureRegistered();
        var palette = new ScottPlot.Palettes.Category10();
        var panels = new List<(Plot, int)>();
        for (int t = 0; t < traces.Count; t++)
        {
            var trace = traces[t];
            var plot = new Plot();
            int shown = trace.TimesMs.Length == 0 ? 0 : Math.Min(trace.NeuronIds.Length, MaxNeuronsPerPanel);
            for (int n = 0; n < shown; n++)
            {
                var line = plot.Add.ScatterLine(trace.TimesMs, trace.Values[n], palette.GetColor(n));
                line.LineWidth = 1.2f;
                line.LegendText = $"{trace.Population}[{trace.NeuronIds[n]}]";
            }
            plot.Title(t == 0 ? $"{title}: {trace.Population}.{trace.Variable}" : $"{trace.Population}.{trace.Variable}");
            plot.YLabel($"{trace.Variable} ({trace.Unit})");
            plot.XLabel("time (ms)");
            plot.ShowLegend(Edge.Right);
            plot.Layout.Fixed(Margins);
            panels.Add((plot, PanelHeight));
        }
        PngFile.SaveStacked(path, Width, panels);
    }

    /// <summary>The part of <paramref name="source"/> that is drawn, read a block at a time.</summary>
    private static StateTrace Shown(ITraceSource source)
    {
        int rows = Math.Min(source.NeuronIds.Count, MaxNeuronsPerPanel);
        long step = Math.Max(1, (source.Samples + MaxSamplesPerLine - 1) / MaxSamplesPerLine);
        int kept = (int)((source.Samples + step - 1) / step);
        var times = new double[kept];
        var values = new double[rows][];
        for (int n = 0; n < rows; n++) values[n] = new double[kept];
        var block = new double[(int)Math.Min(source.Samples, TraceFiles.BlockElements)];
        for (long first = 0; first < source.Samples; first += block.Length)
        {
            int count = (int)Math.Min(block.Length, source.Samples - first);
            // Indices kept are the multiples of step; the first in this block is the next multiple at or after 'first'.
            long from = (first + step - 1) / step * step;
            source.ReadTimes(first, block.AsSpan(0, count));
            for (long k = from; k < first + count; k += step) times[k / step] = block[k - first];
            for (int n = 0; n < rows; n++)
            {
                source.ReadValues(n, first, block.AsSpan(0, count));
                for (long k = from; k < first + count; k += step) values[n][k / step] = block[k - first];
            }
        }
        return new StateTrace(source.Population, source.Variable, source.Unit, source.NeuronIds.Take(rows).ToArray(), times, values);
    }
}
