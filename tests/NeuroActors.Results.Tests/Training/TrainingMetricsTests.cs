using System.Globalization;
using NeuroActors.Results.Training;

namespace NeuroActors.Results.Tests.Training;

public class TrainingMetricsTests
{
    private static readonly string[] Layers = ["layer1", "layer2"];
    private static readonly TrainingRunInfo Run = new("randman", "configs/train-randman.yaml", "float32", 2, 18446744073709551557UL, Layers);

    internal static EpochMetrics Epoch(int n, double? testLoss = 0.5, double trainLoss = 2.302585092994046) =>
        new(n, trainLoss / n, 0.1 + 0.2 * n / 3, testLoss, testLoss is null ? null : 1.0 / 3, Layers, [1e-300 * n, 12.345678901234567 * n],
            0.1 + 0.2, 4096.0 / 3, 2e-3 * Math.Pow(0.95, n));

    [Fact]
    public void Metrics_read_back_equal_what_was_written_to_the_last_bit()
    {
        var dir = SampleResults.TempDir();
        // Values whose shortest text is long, a diverged loss, and an epoch without a test set.
        var epochs = new[] { Epoch(1), Epoch(2, testLoss: null), Epoch(3, trainLoss: double.NaN), Epoch(4, testLoss: double.PositiveInfinity) };
        var writer = new TrainingMetricsWriter(dir, Run);
        foreach (var e in epochs) writer.Add(e);

        var read = TrainingMetrics.Read(Path.Combine(dir, TrainingMetrics.JsonFileName));

        Assert.Equal(Run.Name, read.Run.Name);
        Assert.Equal(Run.ConfigPath, read.Run.ConfigPath);
        Assert.Equal(Run.Precision, read.Run.Precision);
        Assert.Equal(Run.Workers, read.Run.Workers);
        Assert.Equal(Run.Seed, read.Run.Seed);
        Assert.Equal(Layers, read.Run.Layers);
        Assert.Equal(epochs, read.Epochs);
        Assert.True(double.IsNaN(read.Epochs[2].TrainLoss));
        Assert.Null(read.Epochs[1].TestAccuracy);
    }

    [Fact]
    public void A_run_stopped_after_two_epochs_leaves_both_files_complete()
    {
        var dir = SampleResults.TempDir();
        var writer = new TrainingMetricsWriter(dir, Run);
        writer.Add(Epoch(1));
        writer.Add(Epoch(2, testLoss: null));
        // The process ends here: nothing is disposed or flushed after the last epoch.

        Assert.Equal(new[] { TrainingMetrics.CsvFileName, TrainingMetrics.JsonFileName }, Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Order().ToArray());
        Assert.Equal(2, TrainingMetrics.Read(Path.Combine(dir, TrainingMetrics.JsonFileName)).Epochs.Count);

        var lines = File.ReadAllLines(Path.Combine(dir, TrainingMetrics.CsvFileName));
        Assert.Equal("epoch,train_loss,train_accuracy,test_loss,test_accuracy,spikes_per_sample_layer1,spikes_per_sample_layer2,epoch_seconds,samples_per_second,learning_rate", lines[0]);
        Assert.Equal(3, lines.Length);
        for (int row = 1; row <= 2; row++)
        {
            var f = lines[row].Split(',');
            var e = Epoch(row, testLoss: row == 1 ? 0.5 : null);
            Assert.Equal(10, f.Length);
            Assert.Equal(row, int.Parse(f[0], CultureInfo.InvariantCulture));
            Assert.Equal(e.TrainLoss, Parse(f[1]));
            Assert.Equal(e.TrainAccuracy, Parse(f[2]));
            Assert.Equal(e.TestLoss, f[3].Length == 0 ? null : Parse(f[3]));
            Assert.Equal(e.TestAccuracy, f[4].Length == 0 ? null : Parse(f[4]));
            Assert.Equal(e.SpikesPerSample, new[] { Parse(f[5]), Parse(f[6]) });
            Assert.Equal(e.EpochSeconds, Parse(f[7]));
            Assert.Equal(e.SamplesPerSecond, Parse(f[8]));
            Assert.Equal(e.LearningRate, Parse(f[9]));
        }
    }

    [Fact]
    public void A_half_written_file_of_a_killed_run_is_removed_and_one_of_a_live_run_is_not()
    {
        var dir = SampleResults.TempDir();
        using var exited = System.Diagnostics.Process.Start("/bin/true")!;
        exited.WaitForExit();
        string dead = Path.Combine(dir, $".metrics.json.partial-{exited.Id}-0123");
        string live = Path.Combine(dir, $".metrics.json.partial-{Environment.ProcessId}-4567");
        File.WriteAllText(dead, "{ \"name\": ");
        File.WriteAllText(live, "{ \"name\": ");

        new TrainingMetricsWriter(dir, Run).Add(Epoch(1));

        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        Assert.Single(TrainingMetrics.Read(Path.Combine(dir, TrainingMetrics.JsonFileName)).Epochs);
    }

    [Fact]
    public void A_run_stopped_before_its_first_epoch_has_a_header_and_no_epochs()
    {
        var dir = Path.Combine(SampleResults.TempDir(), "not-yet-there");

        _ = new TrainingMetricsWriter(dir, Run);

        Assert.Empty(TrainingMetrics.Read(Path.Combine(dir, TrainingMetrics.JsonFileName)).Epochs);
        Assert.Equal([TrainingMetrics.CsvHeader(Layers)], File.ReadAllLines(Path.Combine(dir, TrainingMetrics.CsvFileName)));
    }

    [Fact]
    public void A_resumed_run_continues_the_curve_from_its_checkpoint_epoch()
    {
        var dir = SampleResults.TempDir();
        var first = new TrainingMetricsWriter(dir, Run);
        for (int n = 1; n <= 3; n++) first.Add(Epoch(n));

        // The checkpoint was taken after epoch 2: epoch 3 is trained again, and its first attempt must not stay.
        var earlier = TrainingMetrics.Read(Path.Combine(dir, TrainingMetrics.JsonFileName)).Through(2);
        var resumed = new TrainingMetricsWriter(dir, Run with { Workers = 1 }, earlier);
        resumed.Add(Epoch(3, testLoss: 0.25));

        var read = TrainingMetrics.Read(Path.Combine(dir, TrainingMetrics.JsonFileName));
        Assert.Equal([Epoch(1), Epoch(2), Epoch(3, testLoss: 0.25)], read.Epochs);
        Assert.Equal(1, read.Run.Workers);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(dir, TrainingMetrics.CsvFileName)).Length);
    }

    [Fact]
    public void Epochs_must_follow_each_other_with_the_run_s_layers()
    {
        var writer = new TrainingMetricsWriter(SampleResults.TempDir(), Run);
        Assert.Contains("epochs start at 1", Assert.Throws<ArgumentException>(() => writer.Add(Epoch(0))).Message);
        writer.Add(Epoch(1));
        Assert.Contains("expected 2", Assert.Throws<ArgumentException>(() => writer.Add(Epoch(3))).Message);
        Assert.Contains("layers", Assert.Throws<ArgumentException>(() => writer.Add(Epoch(2) with { Layers = ["layer1"], SpikesPerSample = [1] })).Message);
        Assert.Contains("2 layers", Assert.Throws<ArgumentException>(() => writer.Add(Epoch(2) with { SpikesPerSample = [1] })).Message);
        Assert.Contains("'a,b'", Assert.Throws<ArgumentException>(() => new TrainingMetricsWriter(SampleResults.TempDir(), Run with { Layers = ["a,b"] })).Message);
        Assert.Single(writer.Epochs);
        Assert.Contains("expected 2", Assert.Throws<ArgumentException>(() => new TrainingMetricsWriter(SampleResults.TempDir(), Run, [Epoch(1), Epoch(3)])).Message);
    }

    [Fact]
    public void A_metrics_file_missing_a_field_is_rejected_naming_the_field()
    {
        var dir = SampleResults.TempDir();
        new TrainingMetricsWriter(dir, Run).Add(Epoch(1));
        var path = Path.Combine(dir, TrainingMetrics.JsonFileName);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"test_accuracy\"", "\"test_acc\""));

        var ex = Assert.Throws<ResultsException>(() => TrainingMetrics.Read(path));
        Assert.Contains("'test_accuracy' is missing", ex.Message);
        Assert.Contains("cannot read", Assert.Throws<ResultsException>(() => TrainingMetrics.Read(Path.Combine(dir, "absent.json"))).Message);
    }

    private static double Parse(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
