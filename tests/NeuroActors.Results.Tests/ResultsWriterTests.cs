namespace NeuroActors.Results.Tests;

public class ResultsWriterTests
{
    [Theory]
    [InlineData(SpikeFormat.Hdf5, "spikes.h5", "traces.h5")]
    [InlineData(SpikeFormat.Csv, "spikes.csv", "traces.csv")]
    public void A_results_directory_holds_every_file_and_reads_back(SpikeFormat format, string spikeFile, string traceFile)
    {
        var result = SampleResults.Make();
        var dir = Path.Combine(SampleResults.TempDir(), "out");

        var files = ResultsWriter.Write(result, dir, format);

        Assert.Equal(new[] { spikeFile, traceFile, "raster.png", "traces.png", "summary.json" }, files);
        Assert.Equal(files.Order(), Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        var back = ResultsReader.Read(dir);
        Assert.Equal(result.Spikes.Select(s => s.Population), back.Spikes.Select(s => s.Population));
        Assert.Equal(result.Spikes.Select(s => s.TimesMs.Length), back.Spikes.Select(s => s.TimesMs.Length));
        Assert.Equal(result.Traces[0].Values[1], back.Traces[0].Values[1]);
    }

    [Fact]
    public void An_unwritable_directory_gives_a_results_error_and_leaves_nothing_behind()
    {
        var parent = SampleResults.TempDir();
        var blocker = Path.Combine(parent, "a-file");
        File.WriteAllText(blocker, "");

        var error = Assert.Throws<ResultsException>(() => ResultsWriter.Write(SampleResults.Make(), Path.Combine(blocker, "out"), SpikeFormat.Hdf5));

        Assert.StartsWith("cannot write results to", error.Message);
        Assert.Equal(new[] { blocker }, Directory.GetFileSystemEntries(parent));
    }

    [Fact]
    public void Writing_again_replaces_the_files_and_removes_the_staging_directory()
    {
        var parent = SampleResults.TempDir();
        var dir = Path.Combine(parent, "out");
        var keep = Path.Combine(dir, "notes.txt");
        Directory.CreateDirectory(dir);
        File.WriteAllText(keep, "mine");
        File.WriteAllText(Path.Combine(dir, "summary.json"), "stale");

        ResultsWriter.Write(SampleResults.Make(), dir, SpikeFormat.Csv, plots: false);

        Assert.Equal("mine", File.ReadAllText(keep));
        Assert.Equal("sample", ResultsReader.Read(dir).Summary.Model);
        Assert.Equal(new[] { dir }, Directory.GetDirectories(parent));
    }

    [Fact]
    public void A_directory_without_a_summary_is_not_a_results_directory()
    {
        var dir = SampleResults.TempDir();
        File.WriteAllText(Path.Combine(dir, "spikes.csv"), "population,neuron,time_ms\n");

        var error = Assert.Throws<ResultsException>(() => ResultsReader.Read(dir));

        Assert.Contains("holds no summary.json", error.Message);
    }

    [Fact]
    public void Plots_are_redrawn_from_the_files_alone()
    {
        var dir = Path.Combine(SampleResults.TempDir(), "out");
        ResultsWriter.Write(SampleResults.Make(), dir, SpikeFormat.Hdf5, plots: false);
        Assert.False(File.Exists(Path.Combine(dir, RasterPlot.FileName)));

        var plots = ResultsWriter.WritePlots(dir);

        Assert.Equal(new[] { RasterPlot.FileName, TracePlot.FileName }, plots);
        Assert.All(plots, p => Assert.True(new FileInfo(Path.Combine(dir, p)).Length > 1000));
    }
}
