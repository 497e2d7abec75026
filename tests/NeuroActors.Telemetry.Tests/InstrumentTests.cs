using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace NeuroActors.Telemetry.Tests;

public sealed class InstrumentTests
{
    private static readonly double[] ExpectedBounds =
    [
        1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3,
        0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ];

    public static TheoryData<string, string, string> Documented => new()
    {
        { "neuroactors.spikes", "{spike}", "counter" },
        { "neuroactors.synaptic_events", "{event}", "counter" },
        { "neuroactors.packets.sent", "{packet}", "counter" },
        { "neuroactors.packets.received", "{packet}", "counter" },
        { "neuroactors.bytes.sent", "By", "counter" },
        { "neuroactors.bytes.received", "By", "counter" },
        { "neuroactors.packets.late", "{packet}", "counter" },
        { "neuroactors.packets.dropped", "{packet}", "counter" },
        { "neuroactors.packets.malformed", "{packet}", "counter" },
        { "neuroactors.window.compute", "s", "histogram" },
        { "neuroactors.window.wait", "s", "histogram" },
        { "neuroactors.serialization", "s", "histogram" },
        { "neuroactors.training.loss", "1", "values histogram" },
        { "neuroactors.training.samples", "{sample}", "counter" },
        { "neuroactors.training.batch.duration", "s", "histogram" },
        { "neuroactors.training.throughput", "{sample}/s", "values histogram" },
    };

    [Fact]
    public void Meter_and_activity_source_are_named_NeuroActors_Runtime_with_the_assembly_version()
    {
        var version = typeof(NeuroActorsTelemetry).Assembly.GetName().Version!.ToString();
        Assert.Equal("NeuroActors.Runtime", NeuroActorsTelemetry.Meter.Name);
        Assert.Equal("NeuroActors.Runtime", NeuroActorsTelemetry.ActivitySource.Name);
        Assert.Equal(version, NeuroActorsTelemetry.Meter.Version);
        Assert.Equal(version, NeuroActorsTelemetry.ActivitySource.Version);
    }

    [Fact]
    public void Meter_publishes_exactly_the_documented_instruments()
    {
        var published = PublishedInstruments();
        Assert.Equal(
            Documented.Select(row => (string)row[0]).Order(),
            published.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Documented))]
    public void Instrument_has_documented_name_unit_and_kind(string name, string unit, string kind)
    {
        var instrument = PublishedInstruments()[name];
        Assert.Equal(unit, instrument.Unit);
        Assert.False(string.IsNullOrWhiteSpace(instrument.Description));
        switch (kind)
        {
            case "counter":
                Assert.IsType<Counter<long>>(instrument);
                break;
            case "histogram":
                var histogram = Assert.IsType<Histogram<double>>(instrument);
                Assert.Equal(ExpectedBounds, histogram.Advice?.HistogramBucketBoundaries);
                break;
            case "values histogram":
                // Not a time: the SDK's default buckets.
                Assert.Null(Assert.IsType<Histogram<double>>(instrument).Advice);
                break;
            default:
                Assert.Fail(kind);
                break;
        }
    }

    [Fact]
    public void Bucket_boundaries_span_ten_microseconds_to_ten_seconds()
    {
        var bounds = NeuroActorsTelemetry.SecondsBucketBoundaries;
        Assert.Equal(ExpectedBounds, bounds);
        Assert.Equal(1e-5, bounds[0]);
        Assert.Equal(10, bounds[^1]);
        bounds[0] = 42;
        Assert.Equal(1e-5, NeuroActorsTelemetry.SecondsBucketBoundaries[0]);
    }

    [Fact]
    public void Sdk_exports_histograms_with_the_explicit_boundaries()
    {
        var exported = new List<Metric>();
        using (var provider = Sdk.CreateMeterProviderBuilder()
                   .AddMeter(TelemetryNames.Source)
                   .AddInMemoryExporter(exported)
                   .Build())
        {
            NeuroActorsTelemetry.RecordWindow("sdk-node", 1, computeSeconds: 0.003, waitSeconds: 0.00002, spikes: 5, events: 50);
            NeuroActorsTelemetry.RecordSerialization(7);
            provider.ForceFlush();
        }

        foreach (var name in new[] { TelemetryNames.WindowCompute, TelemetryNames.WindowWait, TelemetryNames.Serialization })
        {
            var metric = exported.Last(m => m.Name == name);
            Assert.Equal(MetricType.Histogram, metric.MetricType);
            Assert.Equal("s", metric.Unit);
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var bounds = new List<double>();
                foreach (var bucket in point.GetHistogramBuckets())
                {
                    bounds.Add(bucket.ExplicitBound);
                }

                Assert.Equal(ExpectedBounds.Append(double.PositiveInfinity), bounds);
            }
        }

        // 3 ms falls in (2.5 ms, 5 ms]; 20 µs in (10 µs, 25 µs]; 7 s in (5 s, 10 s].
        Assert.Equal(0.005, UpperBoundOfOnlyValue(exported.Last(m => m.Name == TelemetryNames.WindowCompute)));
        Assert.Equal(0.000025, UpperBoundOfOnlyValue(exported.Last(m => m.Name == TelemetryNames.WindowWait)));
        Assert.Equal(10, UpperBoundOfOnlyValue(exported.Last(m => m.Name == TelemetryNames.Serialization)));
    }

    private static double UpperBoundOfOnlyValue(Metric metric)
    {
        var found = new List<double>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            foreach (var bucket in point.GetHistogramBuckets())
            {
                if (bucket.BucketCount > 0)
                {
                    found.Add(bucket.ExplicitBound);
                }
            }
        }

        return Assert.Single(found);
    }

    private static Dictionary<string, Instrument> PublishedInstruments()
    {
        _ = NeuroActorsTelemetry.Meter;
        var found = new Dictionary<string, Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == TelemetryNames.Source)
                {
                    found[instrument.Name] = instrument;
                }
            },
        };
        listener.Start();
        return found;
    }
}
