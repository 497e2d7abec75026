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

    /// <summary>Renders <paramref name="traces"/> to a PNG (nothing is written when there are none).</summary>
    public static void Save(string path, string title, IReadOnlyList<StateTrace> traces)
    {
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
}
