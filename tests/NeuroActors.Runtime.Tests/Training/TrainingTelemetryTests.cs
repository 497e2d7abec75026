using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using NeuroActors.Runtime.Training;
using NeuroActors.Telemetry;

namespace NeuroActors.Runtime.Tests.Training;

public class TrainingTelemetryTests
{
    [Fact]
    public async Task Each_epoch_and_each_batch_is_a_span_and_loss_and_samples_are_measured()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == TelemetryNames.Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var losses = new ConcurrentBag<double>();
        long samples = 0;
        using var meters = new MeterListener
        {
            InstrumentPublished = (i, l) => { if (i.Meter.Name == TelemetryNames.Source && i.Name.StartsWith("neuroactors.training.")) l.EnableMeasurementEvents(i); },
        };
        meters.SetMeasurementEventCallback<double>((i, v, _, _) => { if (i.Name == TelemetryNames.TrainingLoss) losses.Add(v); });
        meters.SetMeasurementEventCallback<long>((i, v, _, _) => { if (i.Name == TelemetryNames.TrainingSamples) Interlocked.Add(ref samples, v); });
        meters.Start();

        string name = $"telemetry-{Guid.NewGuid():N}";
        var spec = TestTraining.Spec(epochs: 2) with { Name = name };
        var (result, _, recorded) = await TrainingRunTests.Train<float>(spec, new TrainingRunOptions { Workers = 2 });

        var epochs = spans.Where(s => s.OperationName == TelemetryNames.TrainingEpochActivity && (string?)s.GetTagItem(TelemetryNames.TagTraining) == name)
            .OrderBy(s => (int)s.GetTagItem(TelemetryNames.TagEpoch)!).ToList();
        Assert.Equal([0, 1], epochs.Select(s => (int)s.GetTagItem(TelemetryNames.TagEpoch)!));
        Assert.All(epochs, s => Assert.Equal(2, (int)s.GetTagItem(TelemetryNames.TagWorkers)!));
        var ids = epochs.Select(s => s.SpanId).ToHashSet();
        var batches = spans.Where(s => s.OperationName == TelemetryNames.TrainingBatchActivity && ids.Contains(s.ParentSpanId)).ToList();
        Assert.Equal(10, batches.Count);
        foreach (var e in epochs)
            Assert.Equal(Enumerable.Range(0, 5), batches.Where(b => b.ParentSpanId == e.SpanId).Select(b => (int)b.GetTagItem(TelemetryNames.TagBatch)!).Order());
        // Other tests may train at the same time: this run's batch losses are among those measured.
        meters.RecordObservableInstruments();
        Assert.Subset(losses.ToHashSet(), recorded.Batches.Select(b => b.Loss).ToHashSet());
        Assert.True(Interlocked.Read(ref samples) >= 2 * 68);
        Assert.Equal(10, result.Steps);
    }
}
