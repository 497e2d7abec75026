using ScottPlot;

namespace NeuroActors.Results;

/// <summary>
/// The raster plot: spikes of the recorded neurons (populations stacked, each in its colour) with
/// the population rate underneath on the same time axis.
/// </summary>
public static class RasterPlot
{
    /// <summary>File name inside a results directory.</summary>
    public const string FileName = "raster.png";

    /// <summary>At most this many neurons are drawn in total, shared among populations by size; a denser raster is a solid block.</summary>
    public const int MaxNeuronsShown = 500;

    private const int Width = 1200, Height = 800, RasterHeight = 560;
    // Same left and right margins in both panels, so their time axes line up.
    private static readonly PixelPadding RasterMargins = new(left: 90, right: 160, bottom: 12, top: 45);
    private static readonly PixelPadding RateMargins = new(left: 90, right: 160, bottom: 60, top: 12);

    /// <summary>Renders the raster of <paramref name="spikes"/> between <paramref name="startMs"/> and <paramref name="endMs"/> to a PNG.</summary>
    public static void Save(string path, string title, IReadOnlyList<PopulationSpikes> spikes, double startMs, double endMs)
    {
        PlotFonts.EnsureRegistered();
        var palette = new ScottPlot.Palettes.Category10();
        var raster = new Plot();
        var rate = new Plot();
        double binMs = RateBinMs(endMs - startMs);
        int totalRecorded = Math.Max(1, spikes.Sum(s => s.RecordedNeurons));
        int row = 0;
        var subsets = new List<string>();
        for (int p = 0; p < spikes.Count; p++)
        {
            var pop = spikes[p];
            var color = palette.GetColor(p);
            int shown = Math.Min(pop.RecordedNeurons, Math.Max(1, MaxNeuronsShown * pop.RecordedNeurons / totalRecorded));
            var rows = ShownNeurons(pop, shown);
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < pop.NeuronIds.Length; i++)
            {
                if (!rows.TryGetValue(pop.NeuronIds[i], out int r)) continue;
                xs.Add(pop.TimesMs[i]);
                ys.Add(row + r);
            }
            var markers = raster.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledSquare, 2.5f, color);
            markers.LegendText = pop.Population;
            if (shown < pop.RecordedNeurons) subsets.Add($"{shown:N0} of {pop.RecordedNeurons:N0} {pop.Population}");
            row += shown;

            var (centres, hz) = PopulationRate(pop, startMs, endMs, binMs);
            var line = rate.Add.ScatterLine(centres, hz, color);
            line.LineWidth = 1.5f;
            line.LegendText = pop.Population;
        }

        raster.Title(subsets.Count == 0 ? title : $"{title} (shown: {string.Join(", ", subsets)})");
        raster.YLabel("neuron");
        raster.Axes.SetLimits(startMs, endMs, -0.5, Math.Max(row, 1) - 0.5);
        raster.ShowLegend(Edge.Right);
        raster.Axes.Bottom.TickLabelStyle.IsVisible = false;
        rate.XLabel("time (ms)");
        rate.YLabel($"rate (Hz, {binMs:0.#} ms bins)");
        rate.Axes.SetLimitsX(startMs, endMs);
        rate.Axes.AutoScaleY();
        rate.Axes.SetLimitsY(0, Math.Max(1, rate.Axes.GetLimits().Top));
        rate.ShowLegend(Edge.Right);

        raster.Layout.Fixed(RasterMargins);
        rate.Layout.Fixed(RateMargins);
        PngFile.SaveStacked(path, Width, [(raster, RasterHeight), (rate, Height - RasterHeight)]);
    }

    /// <summary>Bins of about 1/200 of the run, rounded to 1, 2 or 5 × 10^k ms, at least 0.1 ms.</summary>
    public static double RateBinMs(double durationMs)
    {
        double target = Math.Max(durationMs / 200, 0.1);
        double decade = Math.Pow(10, Math.Floor(Math.Log10(target)));
        foreach (double m in new[] { 1.0, 2.0, 5.0 })
            if (m * decade >= target) return m * decade;
        return 10 * decade;
    }

    /// <summary>Spike count per bin divided by recorded neurons and bin width: the population rate in Hz.</summary>
    public static (double[] CentresMs, double[] RateHz) PopulationRate(PopulationSpikes pop, double startMs, double endMs, double binMs)
    {
        int bins = Math.Max(1, (int)Math.Ceiling((endMs - startMs) / binMs - 1e-9));
        var counts = new double[bins];
        foreach (double t in pop.TimesMs)
        {
            // Spikes are stamped at the end of their step, so a spike at exactly endMs belongs to the last bin.
            int b = Math.Clamp((int)Math.Ceiling((t - startMs) / binMs) - 1, 0, bins - 1);
            counts[b]++;
        }
        double scale = 1000.0 / (binMs * Math.Max(1, pop.RecordedNeurons));
        var centres = new double[bins];
        for (int b = 0; b < bins; b++)
        {
            centres[b] = startMs + (b + 0.5) * binMs;
            counts[b] *= scale;
        }
        return (centres, counts);
    }

    /// <summary>
    /// Row of each shown neuron: with the whole population recorded, neuron i on row i; with a
    /// subset (whose ids the spike file does not list), the lowest-numbered neurons that spiked.
    /// </summary>
    private static Dictionary<int, int> ShownNeurons(PopulationSpikes pop, int shown)
    {
        var ids = pop.RecordedNeurons == pop.Size
            ? Enumerable.Range(0, shown).ToArray()
            : pop.NeuronIds.Distinct().Order().Take(shown).ToArray();
        var rows = new Dictionary<int, int>(ids.Length);
        for (int r = 0; r < ids.Length; r++) rows[ids[r]] = r;
        return rows;
    }
}
