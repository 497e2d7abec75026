using ScottPlot;

namespace NeuroActors.Results;

/// <summary>A few named series against one x axis, in one panel (e.g. a rate or a hit rate over training).</summary>
public static class LinePlot
{
    private const int Width = 1000, Height = 400;
    private static readonly PixelPadding Margins = new(left: 90, right: 230, bottom: 50, top: 35);

    /// <summary>Renders <paramref name="series"/> (name, x, y) as lines with markers; nothing is written when there are none.</summary>
    /// <exception cref="ArgumentException">A series whose x and y differ in length.</exception>
    public static void Save(string path, string title, string xLabel, string yLabel, IReadOnlyList<(string Name, double[] X, double[] Y)> series)
    {
        if (series.Count == 0) return;
        PlotFonts.EnsureRegistered();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < series.Count; i++)
        {
            var (name, x, y) = series[i];
            if (x.Length != y.Length) throw new ArgumentException($"series '{name}': {x.Length} x values but {y.Length} y values", nameof(series));
            var line = plot.Add.Scatter(x, y, palette.GetColor(i % 10));
            line.LegendText = name;
            line.MarkerSize = 5;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Right);
        plot.Layout.Fixed(Margins);
        PngFile.SaveStacked(path, Width, [(plot, Height)]);
    }
}
