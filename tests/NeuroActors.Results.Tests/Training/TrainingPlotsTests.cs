using NeuroActors.Results.Training;
using SkiaSharp;

namespace NeuroActors.Results.Tests.Training;

public class TrainingPlotsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(30)]
    public void Learning_curve_is_a_png_of_the_stated_size_for_any_number_of_epochs(int epochs)
    {
        var path = Path.Combine(SampleResults.TempDir(), TrainingPlots.LearningCurveFileName);
        var run = Enumerable.Range(1, epochs).Select(n => TrainingMetricsTests.Epoch(n)).ToList();

        TrainingPlots.LearningCurve(run, path);

        AssertPng(path, TrainingPlots.LearningCurveWidth, TrainingPlots.LearningCurveHeight);
    }

    [Fact]
    public void Learning_curve_leaves_out_a_diverged_loss_and_a_missing_test_set()
    {
        var path = Path.Combine(SampleResults.TempDir(), TrainingPlots.LearningCurveFileName);
        var run = new[]
        {
            TrainingMetricsTests.Epoch(1, testLoss: null),
            TrainingMetricsTests.Epoch(2, testLoss: null, trainLoss: double.NaN),
            TrainingMetricsTests.Epoch(3, testLoss: null, trainLoss: double.PositiveInfinity),
        };

        TrainingPlots.LearningCurve(run, path, "diverged");

        AssertPng(path, TrainingPlots.LearningCurveWidth, TrainingPlots.LearningCurveHeight);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(50)]
    public void Confusion_is_a_png_of_the_stated_size_with_or_without_counts_in_the_cells(int classes)
    {
        var path = Path.Combine(SampleResults.TempDir(), TrainingPlots.ConfusionFileName);
        var labels = Enumerable.Range(0, 20 * classes).Select(i => i % classes).ToArray();
        var predictions = labels.Select((l, i) => i % 7 == 0 ? (l + 1) % classes : l).ToArray();

        TrainingPlots.Confusion(ConfusionMatrix.From(labels, predictions, classes).Counts, path);

        AssertPng(path, TrainingPlots.ConfusionWidth, TrainingPlots.ConfusionHeight);
    }

    [Fact]
    public void Confusion_puts_true_class_0_at_the_top_and_the_last_prediction_at_the_right()
    {
        // A coarse check of orientation, not of pixels: the one non-zero cell (true 0, predicted 3) is the top-right one.
        var path = Path.Combine(SampleResults.TempDir(), TrainingPlots.ConfusionFileName);
        var counts = new int[4, 4];
        counts[0, 3] = 9;

        TrainingPlots.Confusion(new ConfusionMatrix(counts), path, ["a", "b", "c", "d"]);

        using var bitmap = SKBitmap.Decode(path);
        // The data area lies inside the margins (left 90, right 140, top 45, bottom 60); sample each cell's quarter point.
        double left = 90, top = 45, width = TrainingPlots.ConfusionWidth - 90 - 140, height = TrainingPlots.ConfusionHeight - 45 - 60;
        var bright = new List<(int Row, int Column)>();
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
            {
                var px = bitmap.GetPixel((int)(left + (c + 0.25) * width / 4), (int)(top + (r + 0.25) * height / 4));
                if (px.Red > 200 && px.Green > 200 && px.Blue < 100) bright.Add((r, c)); // viridis' top end is yellow
            }
        Assert.Equal([(0, 3)], bright);
    }

    [Fact]
    public void Hidden_raster_is_a_png_of_the_stated_size_and_checks_its_spikes()
    {
        var dir = SampleResults.TempDir();
        IReadOnlyList<(int, int)> spikes = [(0, 0), (5, 127), (99, 64)];
        var layers = new List<(string, int, IReadOnlyList<(int, int)>)> { ("layer1", 128, spikes), ("layer2", 64, []) };

        TrainingPlots.HiddenRaster(layers, 100, Path.Combine(dir, "a.png"));
        TrainingPlots.HiddenRaster([], 1, Path.Combine(dir, "b.png"));

        AssertPng(Path.Combine(dir, "a.png"), TrainingPlots.HiddenRasterWidth, TrainingPlots.HiddenRasterHeight);
        AssertPng(Path.Combine(dir, "b.png"), TrainingPlots.HiddenRasterWidth, TrainingPlots.HiddenRasterHeight);
        var outside = Assert.Throws<ArgumentException>(() => TrainingPlots.HiddenRaster([("layer1", 128, [(100, 0)])], 100, Path.Combine(dir, "c.png")));
        Assert.Contains("layer 'layer1'", outside.Message);
        Assert.Throws<ArgumentException>(() => TrainingPlots.HiddenRaster([("layer1", 128, [(0, 128)])], 100, Path.Combine(dir, "c.png")));
        Assert.False(File.Exists(Path.Combine(dir, "c.png")));
    }

    private static void AssertPng(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        // IHDR, the first chunk, gives the size big-endian at bytes 16..23.
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.True(PlotTests.DarkPixels(bitmap, 0, width, 0, height) > 1000, "the plot has no axes or text");
    }
}
