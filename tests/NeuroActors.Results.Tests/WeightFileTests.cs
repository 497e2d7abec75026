using PureHDF;
using SkiaSharp;

namespace NeuroActors.Results.Tests;

public class WeightFileTests
{
    private static EdgePopulation Sample(string name = "ee", int n = 5) => new(name, "exc", "inh",
        Enumerable.Range(0, n).Select(i => (long)(i % 3)).ToArray(), Enumerable.Range(0, n).Select(i => (long)(n - i)).ToArray(),
        Enumerable.Range(0, n).Select(i => 0.25 * i).ToArray(), Enumerable.Range(0, n).Select(i => 1.5 + i).ToArray());

    [Fact]
    public void Edges_file_has_the_sonata_layout_and_reads_back_exactly()
    {
        var path = Path.Combine(SampleResults.TempDir(), SonataEdges.WeightsFileName);
        var ee = Sample();
        SonataEdges.Write(path, [ee, Sample("empty", 0) with { SourcePopulation = "inh" }]);

        // The layout SONATA readers (libsonata, bmtk) look for, read with the HDF5 library directly.
        using (var file = H5File.OpenRead(path))
        {
            var g = file.Group("edges").Group("ee");
            Assert.Equal(new ulong[] { 0, 1, 2, 0, 1 }, g.Dataset("source_node_id").Read<ulong[]>());
            Assert.Equal("exc", g.Dataset("source_node_id").Attribute("node_population").Read<string>());
            Assert.Equal(new ulong[] { 5, 4, 3, 2, 1 }, g.Dataset("target_node_id").Read<ulong[]>());
            Assert.Equal("inh", g.Dataset("target_node_id").Attribute("node_population").Read<string>());
            Assert.Equal(new long[5], g.Dataset("edge_type_id").Read<long[]>());
            Assert.Equal(new long[5], g.Dataset("edge_group_id").Read<long[]>());
            Assert.Equal(new ulong[] { 0, 1, 2, 3, 4 }, g.Dataset("edge_group_index").Read<ulong[]>());
            Assert.Equal(new[] { 0, 0.25, 0.5, 0.75, 1.0 }, g.Group("0").Dataset("syn_weight").Read<double[]>());
            Assert.Equal(new[] { 1.5, 2.5, 3.5, 4.5, 5.5 }, g.Group("0").Dataset("delay").Read<double[]>());
            Assert.Equal("ms", g.Group("0").Dataset("delay").Attribute("units").Read<string>());
        }

        var back = SonataEdges.Read(path).ToDictionary(e => e.Name);
        Assert.Equal(ee.Source, back["ee"].Source);
        Assert.Equal(ee.Target, back["ee"].Target);
        Assert.Equal(ee.Weight, back["ee"].Weight);
        Assert.Equal(ee.DelayMs, back["ee"].DelayMs);
        Assert.Equal(("exc", "inh"), (back["ee"].SourcePopulation, back["ee"].TargetPopulation));
        Assert.Equal(0, back["empty"].Count);
        Assert.Equal("inh", back["empty"].SourcePopulation);
    }

    [Fact]
    public void Edges_of_unequal_lengths_or_a_repeated_name_are_refused()
    {
        var path = Path.Combine(SampleResults.TempDir(), "w.h5");
        var e = Assert.Throws<ArgumentException>(() => SonataEdges.Write(path, [Sample() with { Weight = [1.0] }]));
        Assert.Contains("edge population 'ee': 5 sources, 5 targets, 1 weights and 5 delays", e.Message);
        e = Assert.Throws<ArgumentException>(() => SonataEdges.Write(path, [Sample(), Sample()]));
        Assert.Contains("'ee' appears twice", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_edges_file_is_a_results_error_naming_it()
    {
        var path = Path.Combine(SampleResults.TempDir(), "spikes.h5");
        SonataSpikes.Write(path, SampleResults.Make().Spikes);
        var e = Assert.Throws<ResultsException>(() => SonataEdges.Read(path));
        Assert.Contains(path, e.Message);
        e = Assert.Throws<ResultsException>(() => SonataEdges.Read(Path.Combine(SampleResults.TempDir(), "missing.h5")));
        Assert.Contains("cannot read", e.Message);
    }

    [Fact]
    public void Histogram_bins_are_half_open_except_the_last()
    {
        // Bins of width 0.25 over [0, 1]: 0.25 starts bin 1; 1.0 belongs to the last bin; -0.1 and 1.1 are outside.
        var (edges, counts) = WeightHistogramPlot.Histogram([0, 0.1, 0.25, 0.5, 0.74, 0.75, 1.0, -0.1, 1.1], 0, 1, 4);
        Assert.Equal(new[] { 0, 0.25, 0.5, 0.75, 1.0 }, edges);
        Assert.Equal(new long[] { 2, 1, 2, 2 }, counts);
        Assert.Equal(new long[] { 3 }, WeightHistogramPlot.Histogram([2.0, 2.0, 2.0], 2, 2, 1).Counts);
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightHistogramPlot.Histogram([1.0], 1, 0, 4));
    }

    [Fact]
    public void Weight_plots_have_a_panel_per_projection_or_per_time()
    {
        var dir = SampleResults.TempDir();
        var perProjection = Path.Combine(dir, "weights.png");
        WeightHistogramPlot.Save(perProjection, "t", [Sample(n: 100), Sample("ie", 50)]);
        using (var bitmap = SKBitmap.Decode(perProjection))
        {
            Assert.Equal((1000, 600), (bitmap.Width, bitmap.Height));
            Assert.True(PlotTests.DarkPixels(bitmap, x0: 0, x1: 60, y0: 30, y1: 270) > 50, "first panel's y label is not drawn");
            Assert.True(PlotTests.DarkPixels(bitmap, x0: 0, x1: 60, y0: 330, y1: 570) > 50, "second panel's y label is not drawn");
        }

        var overTime = Path.Combine(dir, "weights-over-time.png");
        WeightHistogramPlot.SaveOverTime(overTime, "t", [(0, [0.5, 0.5, 0.5]), (1000, [0.0, 0.1, 1.0]), (2000, [0.0, 0.0, 1.0])]);
        using (var bitmap = SKBitmap.Decode(overTime))
            Assert.Equal((1000, 600), (bitmap.Width, bitmap.Height));

        string none = Path.Combine(dir, "none.png");
        WeightHistogramPlot.Save(none, "t", []);
        Assert.False(File.Exists(none));
    }
}
