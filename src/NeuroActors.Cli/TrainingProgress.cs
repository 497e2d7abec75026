using NeuroActors.Results.Training;
using Spectre.Console;
using NeuroActors.Runtime.Training;

namespace NeuroActors.Cli;

/// <summary>
/// Hears a training run: a progress line at most every few seconds and one per epoch (loss, accuracy, spikes, time), each
/// epoch's metrics written and its learning curve drawn as soon as it ends, so that a stopped run keeps what it did.
/// </summary>
internal sealed class TrainingProgress : ITrainingListener
{
    private readonly CliContext _cli;
    private readonly TrainingMetricsWriter _metrics;
    private readonly string _outDir;
    private readonly bool _plot;
    private readonly object _gate = new();
    private readonly System.Diagnostics.Stopwatch _sinceLine = System.Diagnostics.Stopwatch.StartNew();
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public TrainingProgress(CliContext cli, TrainingMetricsWriter metrics, string outDir, bool plot)
    {
        _cli = cli; _metrics = metrics; _outDir = outDir; _plot = plot;
    }

    // A line at most every few seconds: a short epoch says nothing until its end, a long one shows it is moving.
    public void OnBatch(BatchProgress p)
    {
        lock (_gate)
        {
            if (_sinceLine.Elapsed < ProgressInterval) return;
            _sinceLine.Restart();
            _cli.Console.WriteLine($"  epoch {p.Epoch + 1}/{p.Epochs}: batch {p.Batch}/{p.Batches} ({100.0 * p.Batch / Math.Max(1, p.Batches):0} %), loss {p.Loss:0.0000}");
        }
    }

    public void OnEpoch(EpochReport r)
    {
        var m = new EpochMetrics(r.Epoch + 1, r.TrainLoss, r.TrainAccuracy, r.TestLoss, r.TestAccuracy, _metrics.Run.Layers.ToArray(), r.SpikesPerSample,
            r.Seconds, r.SamplesPerSecond, r.LearningRate);
        lock (_gate)
        {
            _metrics.Add(m);
            _sinceLine.Restart();
            if (_plot) TrainingPlots.LearningCurve(_metrics.Epochs, Path.Combine(_outDir, TrainingPlots.LearningCurveFileName));
            _cli.Console.WriteLine($"epoch {r.Epoch + 1}: loss {r.TrainLoss:0.0000}, train {r.TrainAccuracy:P1}, test loss {r.TestLoss:0.0000}, test {r.TestAccuracy:P1}, " +
                $"spikes/sample {string.Join(" ", r.SpikesPerSample.Select(s => s.ToString("0.#")))}, {r.Seconds:0.00} s ({r.SamplesPerSecond:0} samples/s)");
        }
    }

    public void OnRestart(TrainingRestart r) =>
        _cli.Console.WriteLine($"  worker {r.Worker} lost in epoch {r.Epoch + 1} ({r.Reason}); the epoch starts again from its checkpoint on {r.WorkersLeft} worker{(r.WorkersLeft == 1 ? "" : "s")}");
}
