using ScottPlot;

namespace NeuroActors.Results;

/// <summary>
/// Weight distributions: one panel per projection, or one projection's distribution at several times (how STDP
/// papers show learning, e.g. the bimodal distribution of Song, Miller and Abbott 2000).
/// </summary>
public static class WeightHistogramPlot
{
    /// <summary>File name inside a results directory.</summary>
    public const string FileName = "weights.png";

    /// <summary>Number of bins between the smallest and the largest weight.</summary>
    public const int Bins = 50;

    private const int Width = 1000, PanelHeight = 300;
    private static readonly PixelPadding Margins = new(left: 90, right: 40, bottom: 50, top: 35);

    /// <summary>Renders the weight histogram of each edge population (nothing is written when there are none).</summary>
    public static void Save(string path, string title, IReadOnlyList<EdgePopulation> edges) => Save(path, title, edges.Cast<IEdgeBlocks>().ToList());

    /// <summary>Renders the weight histogram of each edge population, reading its weights a block at a time (twice: for the range, then the counts).</summary>
    public static void Save(string path, string title, IReadOnlyList<IEdgeBlocks> edges)
    {
        if (edges.Count == 0) return;
        PlotFonts.EnsureRegistered();
        var panels = new List<(Plot, int)>();
        for (int i = 0; i < edges.Count; i++)
        {
            var e = edges[i];
            var h = Histogram(e);
            var plot = new Plot();
            AddBars(plot, h, new ScottPlot.Palettes.Category10().GetColor(0));
            plot.Title(i == 0 ? $"{title}: {e.Name} ({e.Count} synapses)" : $"{e.Name} ({e.Count} synapses)");
            plot.XLabel("weight");
            plot.YLabel("synapses");
            plot.Axes.Margins(bottom: 0);
            plot.Layout.Fixed(Margins);
            panels.Add((plot, PanelHeight));
        }
        PngFile.SaveStacked(path, Width, panels);
    }

    /// <summary>
    /// Renders one projection's weight distribution at several times as one panel per time, on common axes, so that
    /// the change of shape reads from top to bottom.
    /// </summary>
    public static void SaveOverTime(string path, string title, IReadOnlyList<(double TimeMs, double[] Weights)> snapshots)
    {
        if (snapshots.Count == 0) return;
        PlotFonts.EnsureRegistered();
        double min = snapshots.Min(s => Range(s.Weights).Min), max = snapshots.Max(s => Range(s.Weights).Max);
        var histograms = snapshots.Select(s => Histogram(s.Weights, min, max, Bins)).ToList();
        long top = histograms.Max(h => h.Counts.Length == 0 ? 0 : h.Counts.Max());
        var palette = new ScottPlot.Palettes.Category10();
        var panels = new List<(Plot, int)>();
        for (int i = 0; i < snapshots.Count; i++)
        {
            var plot = new Plot();
            AddBars(plot, histograms[i], palette.GetColor(i % 10));
            plot.Title(i == 0 ? $"{title}: t = {snapshots[i].TimeMs:0.#} ms" : $"t = {snapshots[i].TimeMs:0.#} ms");
            plot.XLabel("weight");
            plot.YLabel("synapses");
            plot.Axes.SetLimits(min, max, 0, Math.Max(1, top) * 1.05);
            plot.Layout.Fixed(Margins);
            panels.Add((plot, PanelHeight * 2 / 3));
        }
        PngFile.SaveStacked(path, Width, panels);
    }

    /// <summary>
    /// Counts <paramref name="weights"/> in <paramref name="bins"/> equal bins over [<paramref name="min"/>,
    /// <paramref name="max"/>]: bin k holds min + k·w ≤ x &lt; min + (k+1)·w, the last bin also x = max; values outside
    /// the range are not counted. Returns the bin edges (bins + 1) and the counts.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No bins, or max &lt; min.</exception>
    public static (double[] Edges, long[] Counts) Histogram(ReadOnlySpan<double> weights, double min, double max, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!(max >= min)) throw new ArgumentOutOfRangeException(nameof(max), max, $"must be at least min = {min}");
        // A range of one value still gets bins of some width, centred on it.
        if (max == min) { min -= 0.5; max += 0.5; }
        double width = (max - min) / bins;
        var edges = new double[bins + 1];
        for (int k = 0; k <= bins; k++) edges[k] = min + k * width;
        var counts = new long[bins];
        foreach (double x in weights)
        {
            if (!(x >= min && x <= max)) continue;
            int k = Math.Min(bins - 1, (int)((x - min) / width));
            counts[k]++;
        }
        return (edges, counts);
    }

    // The histogram of an edge population's weights over their range, read in blocks.
    private static (double[] Edges, long[] Counts) Histogram(IEdgeBlocks e)
    {
        if (e.Count == 0) return Histogram([], 0, 1, Bins);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        ForEachBlock(e, w => { foreach (double x in w) { min = Math.Min(min, x); max = Math.Max(max, x); } });
        var (edges, counts) = Histogram([], min, max, Bins);
        ForEachBlock(e, w =>
        {
            var part = Histogram(w, min, max, Bins).Counts;
            for (int k = 0; k < Bins; k++) counts[k] += part[k];
        });
        return (edges, counts);
    }

    private static void ForEachBlock(IEdgeBlocks e, Action<double[]> weights)
    {
        int size = (int)Math.Min(SonataEdges.BlockSize, e.Count);
        var (s, t, w, d) = (new long[size], new long[size], new double[size], new double[size]);
        for (long first = 0; first < e.Count; first += size)
        {
            int n = (int)Math.Min(size, e.Count - first);
            e.Read(first, s.AsSpan(0, n), t.AsSpan(0, n), w.AsSpan(0, n), d.AsSpan(0, n));
            weights(n == size ? w : w[..n]);
        }
    }

    private static (double Min, double Max) Range(double[] weights) =>
        weights.Length == 0 ? (0, 1) : (weights.Min(), weights.Max());

    private static void AddBars(Plot plot, (double[] Edges, long[] Counts) h, Color color)
    {
        var bars = new List<Bar>();
        for (int k = 0; k < h.Counts.Length; k++)
            bars.Add(new Bar
            {
                Position = (h.Edges[k] + h.Edges[k + 1]) / 2,
                Value = h.Counts[k],
                Size = h.Edges[k + 1] - h.Edges[k],
                FillColor = color,
                LineWidth = 0,
            });
        plot.Add.Bars(bars);
    }
}
