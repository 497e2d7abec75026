using NeuroActors.Runtime.Training;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Tests.Training;

/// <summary>Training runs in one process, every message serialized through the wire serializer.</summary>
public class TrainingRunTests
{
    // Against hangs only: a fresh token per run.
    private static CancellationToken NoHang => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;

    internal static async Task<(TrainingResult<T> Result, List<ulong> Steps, RecordingListener Listener)> Train<T>(TrainingSpec spec, TrainingRunOptions options)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var steps = new List<ulong>();
        var listener = options.Listener as RecordingListener ?? new RecordingListener();
        var result = await TrainingRun.RunAsync(spec, options with { Listener = listener, Config = options.Config ?? TestTraining.Strict },
            TestTraining.Components<T>((_, fingerprint) => steps.Add(fingerprint)), NoHang);
        return (result, steps, listener);
    }

    [Theory]
    [InlineData(Precision.Float32)]
    [InlineData(Precision.Float64)]
    public async Task One_two_and_three_workers_give_the_parameters_of_the_plain_loop_after_every_step(Precision precision)
    {
        var spec = TestTraining.Spec(epochs: 2, precision: precision);
        List<ulong> reference = precision == Precision.Float32 ? TestTraining.Reference<float>(spec, 2) : TestTraining.Reference<double>(spec, 2);
        Assert.Equal(2 * 5, reference.Count); // 68 samples, batch 16: 5 steps an epoch
        Assert.Equal(reference.Count, reference.Distinct().Count());
        foreach (int workers in new[] { 1, 2, 3 })
        {
            var steps = precision == Precision.Float32
                ? (await Train<float>(spec, new TrainingRunOptions { Workers = workers })).Steps
                : (await Train<double>(spec, new TrainingRunOptions { Workers = workers })).Steps;
            Assert.Equal(reference, steps);
        }
    }

    [Fact]
    public async Task Replicas_that_step_differently_stop_the_run()
    {
        // Every other optimizer made has another momentum: the two workers' replicas agree on the first step (no
        // momentum yet) and part at the second, which their fingerprints show.
        int made = 0;
        var components = TestTraining.Components<float>() with
        {
            Optimizer = (spec, p) => new MomentumSgd<float>(p, Interlocked.Increment(ref made) % 2 == 0 ? 0.9 : 0.5),
        };
        var ex = await Assert.ThrowsAsync<TrainingRunException>(() => TrainingRun.RunAsync(TestTraining.Spec(epochs: 1),
            new TrainingRunOptions { Workers = 2, Config = TestTraining.Strict }, components, NoHang));
        Assert.Contains("the replicas diverged: after step 1 of epoch 0", ex.Message);
    }

    [Fact]
    public async Task Another_chunk_size_sums_in_another_order_and_gives_other_bits()
    {
        // The chunking is part of the arithmetic (documented): the workers are not.
        var a = await Train<float>(TestTraining.Spec(epochs: 1, chunk: 5), new TrainingRunOptions { Workers = 2 });
        var b = await Train<float>(TestTraining.Spec(epochs: 1, chunk: 3), new TrainingRunOptions { Workers = 2 });
        Assert.Equal(TestTraining.Reference<float>(TestTraining.Spec(epochs: 1, chunk: 3), 1), b.Steps);
        Assert.NotEqual(a.Steps[^1], b.Steps[^1]);
    }

    [Fact]
    public async Task Reports_give_losses_accuracies_spikes_and_progress()
    {
        var spec = TestTraining.Spec(epochs: 3);
        var (result, steps, listener) = await Train<float>(spec, new TrainingRunOptions { Workers = 2 });
        Assert.Equal(15, result.Steps);
        Assert.Equal(15, listener.Batches.Count);
        Assert.Equal(Enumerable.Range(0, 3).SelectMany(e => Enumerable.Range(0, 5).Select(b => (e, b))),
            listener.Batches.Select(p => (p.Epoch, p.Batch)));
        Assert.All(listener.Batches, p => Assert.Equal((3, 5), (p.Epochs, p.Batches)));
        Assert.Equal(3, result.Epochs.Count);
        Assert.Equal(result.Epochs.Select(r => r.Epoch), listener.Epochs.Select(r => r.Epoch));
        var (train, test) = TestTraining.Data(spec);
        var (lastParameters, computer) = (result.Parameters, new SoftmaxComputer<float>());
        // The last epoch's test figures are those of the final parameters, computed here without actors.
        var predictions = new int[test.Count];
        var stats = computer.Evaluate(lastParameters, test, Enumerable.Range(0, test.Count).ToArray(), predictions);
        var last = result.Epochs[^1];
        Assert.Equal(predictions, result.TestPredictions);
        Assert.Equal(predictions, last.TestPredictions);
        Assert.Equal(test.Labels, result.TestLabels);
        Assert.Equal((double)stats.Correct / test.Count, last.TestAccuracy);
        Assert.Equal(stats.LossSum / test.Count, last.TestLoss, 12);
        Assert.Equal((double)stats.SpikesPerLayer[0] / test.Count, last.TestSpikesPerSample[0], 12);
        // Every training sample counted once per epoch: its events are the layer's "spikes".
        long events = train.Offsets[^1];
        Assert.All(result.Epochs, r => Assert.Equal((double)events / train.Count, r.SpikesPerSample[0], 12));
        Assert.Equal([0.5, 0.25, 0.125], result.Epochs.Select(r => r.LearningRate));
        Assert.Equal([5L, 10, 15], result.Epochs.Select(r => r.Steps));
        // It learns: the classes are separable.
        Assert.True(last.TestAccuracy > 0.8, $"test accuracy {last.TestAccuracy}");
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss);
        Assert.Empty(result.Restarts);
    }

    [Fact]
    public async Task A_worker_that_fails_stops_the_run_with_its_reason()
    {
        var spec = TestTraining.Spec(epochs: 1);
        var components = TestTraining.Components<float>() with { Computer = _ => new FailingComputer() };
        var ex = await Assert.ThrowsAsync<TrainingRunException>(() =>
            TrainingRun.RunAsync(spec, new TrainingRunOptions { Workers = 2, Config = TestTraining.Strict }, components, NoHang));
        Assert.Contains("a worker failed", ex.Message);
        Assert.Contains("the engine broke", ex.Message);
    }

    [Fact]
    public async Task Invalid_options_are_refused_with_the_field()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            TrainingRun.RunAsync(TestTraining.Spec(), new TrainingRunOptions { Workers = 0 }, TestTraining.Components<float>()));
        Assert.Contains("workers: got 0", ex.Message);
        ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            TrainingRun.RunAsync(TestTraining.Spec(chunk: 0), new TrainingRunOptions(), TestTraining.Components<float>()));
        Assert.Contains("chunk_size: got 0", ex.Message);
    }

    [Fact]
    public async Task Cancelling_stops_the_run()
    {
        using var cancel = new CancellationTokenSource();
        var listener = new RecordingListener(p => { if (p.Batch == 1) cancel.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TrainingRun.RunAsync(TestTraining.Spec(epochs: 50),
            new TrainingRunOptions { Workers = 2, Listener = listener, Config = TestTraining.Strict }, TestTraining.Components<float>(), cancel.Token));
        Assert.True(listener.Batches.Count < 250);
    }

    private sealed class FailingComputer : IChunkComputer<float>
    {
        public ChunkStats Accumulate(ParameterSet<float> parameters, SampleSet data, ReadOnlySpan<int> samples, ParameterSet<float> gradient) =>
            throw new InvalidOperationException("the engine broke");

        public ChunkStats Evaluate(ParameterSet<float> parameters, SampleSet data, ReadOnlySpan<int> samples, Span<int> predictions) =>
            throw new InvalidOperationException("the engine broke");
    }
}
