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

    /// <summary>
    /// At most this many spike markers are drawn. When the shown neurons fired more, each shown neuron's spikes are
    /// thinned alike (every k-th spike of its train, k the same for all), which the title says; the rate panel
    /// always counts every spike.
    /// </summary>
    public const int MaxSpikesDrawn = 250_000;

    /// <summary>Renders the raster of <paramref name="spikes"/> between <paramref name="startMs"/> and <paramref name="endMs"/> to a PNG.</summary>
    public static void Save(string path, string title, IReadOnlyList<PopulationSpikes> spikes, double startMs, double endMs) =>
        Save(path, title, new PopulationSpikesSource(spikes), startMs, endMs);

    /// <summary>
    /// Renders the raster of the spikes of <paramref name="source"/>, read twice in blocks: once to count each neuron's
    /// spikes (which neurons are shown, how much to thin), once to draw. Memory is bounded by the population sizes,
    /// <see cref="MaxNeuronsShown"/> and <see cref="MaxSpikesDrawn"/>, not by the run's length.
    /// </summary>
    public static void Save(string path, string title, ISpikeSource source, double startMs, double endMs)
    {
        var pops = source.Populations;
        var perNeuron = pops.Select(p => new int[p.Size]).ToArray();
        source.ReadOrdered((ps, ns, _) => { for (int i = 0; i < ps.Length; i++) perNeuron[ps[i]][ns[i]]++; });

        int totalRecorded = Math.Max(1, pops.Sum(s => s.RecordedNeurons));
        var rowsOf = new Dictionary<int, int>[pops.Count];
        var shownCounts = new int[pops.Count];
        long shownSpikes = 0;
        for (int p = 0; p < pops.Count; p++)
        {
            var pop = pops[p];
            shownCounts[p] = Math.Min(pop.RecordedNeurons, Math.Max(1, MaxNeuronsShown * pop.RecordedNeurons / totalRecorded));
            rowsOf[p] = ShownNeurons(pop, perNeuron[p], shownCounts[p]);
            foreach (int n in rowsOf[p].Keys) shownSpikes += perNeuron[p][n];
        }
        int thin = (int)Math.Max(1, (shownSpikes + MaxSpikesDrawn - 1) / MaxSpikesDrawn);

        double binMs = RateBinMs(endMs - startMs);
        var xs = pops.Select(_ => new List<double>()).ToArray();
        var ys = pops.Select(_ => new List<double>()).ToArray();
        var bins = pops.Select(_ => new RateBins(startMs, endMs, binMs)).ToArray();
        foreach (var counts in perNeuron) Array.Clear(counts); // reused as each neuron's spikes seen so far, for thinning
        source.ReadOrdered((ps, ns, ts) =>
        {
            for (int i = 0; i < ps.Length; i++)
            {
                int p = ps[i];
                bins[p].Add(ts[i]);
                if (!rowsOf[p].TryGetValue(ns[i], out int r) || perNeuron[p][ns[i]]++ % thin != 0) continue;
                xs[p].Add(ts[i]);
                ys[p].Add(r);
            }
        });

        PlotFonts.EnsureRegistered();
        var palette = new ScottPlot.Palettes.Category10();
        var raster = new Plot();
        var rate = new Plot();
        int row = 0;
        var subsets = new List<string>();
        for (int p = 0; p < pops.Count; p++)
        {
            var pop = pops[p];
            var color = palette.GetColor(p);
            var markers = raster.Add.Markers(xs[p].ToArray(), ys[p].Select(y => y + row).ToArray(), MarkerShape.FilledSquare, 2.5f, color);
            markers.LegendText = pop.Name;
            if (shownCounts[p] < pop.RecordedNeurons) subsets.Add($"{shownCounts[p]:N0} of {pop.RecordedNeurons:N0} {pop.Name}");
            row += shownCounts[p];

            var (centres, hz) = bins[p].RatesHz(pop.RecordedNeurons);
            var line = rate.Add.ScatterLine(centres, hz, color);
            line.LineWidth = 1.5f;
            line.LegendText = pop.Name;
        }

        string shown = subsets.Count == 0 ? title : $"{title} (shown: {string.Join(", ", subsets)})";
        raster.Title(thin == 1 ? shown : $"{shown}, every {thin}th spike drawn");
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
        var bins = new RateBins(startMs, endMs, binMs);
        foreach (double t in pop.TimesMs) bins.Add(t);
        return bins.RatesHz(pop.RecordedNeurons);
    }

    /// <summary>Spike counts per time bin, filled one spike at a time.</summary>
    private sealed class RateBins(double startMs, double endMs, double binMs)
    {
        private readonly double[] _counts = new double[Math.Max(1, (int)Math.Ceiling((endMs - startMs) / binMs - 1e-9))];

        public void Add(double t)
        {
            // Spikes are stamped at the end of their step, so a spike at exactly endMs belongs to the last bin.
            int b = Math.Clamp((int)Math.Ceiling((t - startMs) / binMs) - 1, 0, _counts.Length - 1);
            _counts[b]++;
        }

        public (double[] CentresMs, double[] RateHz) RatesHz(int recordedNeurons)
        {
            double scale = 1000.0 / (binMs * Math.Max(1, recordedNeurons));
            var centres = new double[_counts.Length];
            var rates = new double[_counts.Length];
            for (int b = 0; b < _counts.Length; b++)
            {
                centres[b] = startMs + (b + 0.5) * binMs;
                rates[b] = _counts[b] * scale;
            }
            return (centres, rates);
        }
    }

    /// <summary>
    /// Row of each shown neuron: with the whole population recorded, neuron i on row i; with a
    /// subset (whose ids the spike file does not list), the lowest-numbered neurons that spiked.
    /// </summary>
    private static Dictionary<int, int> ShownNeurons(SpikePopulation pop, int[] spikesPerNeuron, int shown)
    {
        var ids = pop.RecordedNeurons == pop.Size
            ? Enumerable.Range(0, shown).ToArray()
            : Enumerable.Range(0, pop.Size).Where(n => spikesPerNeuron[n] > 0).Take(shown).ToArray();
        var rows = new Dictionary<int, int>(ids.Length);
        for (int r = 0; r < ids.Length; r++) rows[ids[r]] = r;
        return rows;
    }
}
