using SkiaSharp;

namespace NeuroActors.Results.Tests;

public class PlotTests
{
    [Fact]
    public void Raster_draws_its_title_and_axis_labels_with_the_embedded_font()
    {
        // SkiaSharp here has no fontconfig: without the embedded font these regions stay blank.
        var result = SampleResults.Make();
        var path = Path.Combine(SampleResults.TempDir(), "raster.png");

        RasterPlot.Save(path, "a title", result.Spikes, 0, 100);

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal((1200, 800), (bitmap.Width, bitmap.Height));
        Assert.True(DarkPixels(bitmap, x0: 400, x1: 800, y0: 0, y1: 40) > 100, "title is not drawn");
        Assert.True(DarkPixels(bitmap, x0: 0, x1: 60, y0: 100, y1: 500) > 100, "y label 'neuron' is not drawn");
        Assert.True(DarkPixels(bitmap, x0: 400, x1: 800, y0: 770, y1: 800) > 100, "x label 'time (ms)' is not drawn");
    }

    [Fact]
    public void Fonts_come_from_the_assembly_not_the_machine()
    {
        // Machines with fonts installed would pass the pixel tests without the embedded font; this one would not.
        PlotFonts.EnsureRegistered();
        var resolver = ScottPlot.Fonts.FontResolvers.First();

        using var regular = resolver.CreateTypeface(PlotFonts.Family, bold: false, italic: false);
        using var bold = resolver.CreateTypeface(PlotFonts.Family, bold: true, italic: false);

        Assert.Equal(PlotFonts.Family, ScottPlot.Fonts.Default);
        Assert.Equal(PlotFonts.Family, regular!.FamilyName);
        Assert.True(regular.GlyphCount > 1000);
        Assert.True(bold!.IsBold);
        Assert.Null(resolver.CreateTypeface("Comic Sans MS", bold: false, italic: false));
    }

    [Fact]
    public void Trace_plot_has_one_panel_per_trace_with_labels()
    {
        var result = SampleResults.Make();
        var traces = result.Traces.Append(result.Traces[0] with { Variable = "w", Unit = "pA" }).ToList();
        var path = Path.Combine(SampleResults.TempDir(), "traces.png");

        TracePlot.Save(path, "t", traces);

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal((1200, 520), (bitmap.Width, bitmap.Height));
        Assert.True(DarkPixels(bitmap, x0: 0, x1: 60, y0: 30, y1: 230) > 50, "first panel's y label is not drawn");
        Assert.True(DarkPixels(bitmap, x0: 0, x1: 60, y0: 290, y1: 490) > 50, "second panel's y label is not drawn");
    }

    [Fact]
    public void Population_rate_counts_spikes_per_bin_per_neuron()
    {
        // Spikes are stamped at the end of their step: 5.0 belongs to (0, 5], 100 to the last bin.
        var pop = new PopulationSpikes("p", 4, 4, [0, 1, 2, 3], [0.1, 5.0, 5.1, 100.0]);

        var (centres, hz) = RasterPlot.PopulationRate(pop, 0, 100, 5);

        Assert.Equal(20, centres.Length);
        Assert.Equal(2.5, centres[0]);
        Assert.Equal(2 * 1000.0 / (5 * 4), hz[0]);
        Assert.Equal(1000.0 / (5 * 4), hz[1]);
        Assert.Equal(1000.0 / (5 * 4), hz[19]);
        Assert.Equal(4, hz.Sum() * 5 * 4 / 1000.0, 12);
    }

    [Theory]
    [InlineData(1000, 5)]
    [InlineData(500, 5)]
    [InlineData(100, 0.5)]
    [InlineData(10, 0.1)]
    [InlineData(3000, 20)]
    public void Rate_bins_are_about_a_two_hundredth_of_the_run(double durationMs, double binMs)
    {
        Assert.Equal(binMs, RasterPlot.RateBinMs(durationMs), 12);
    }

    internal static int DarkPixels(SKBitmap bitmap, int x0, int x1, int y0, int y1)
    {
        int count = 0;
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red < 100 && c.Green < 100 && c.Blue < 100) count++;
            }
        return count;
    }
}
