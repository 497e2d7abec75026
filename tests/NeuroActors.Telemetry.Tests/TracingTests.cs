using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace NeuroActors.Telemetry.Tests;

public sealed class TracingTests : IDisposable
{
    private readonly List<Activity> _exported = [];
    private readonly TracerProvider _provider;
    private readonly int _savedEvery = NeuroActorsTelemetry.WindowTraceEvery;

    public TracingTests()
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(TelemetryNames.Source)
            .AddInMemoryExporter(_exported)
            .Build();
    }

    public void Dispose()
    {
        _provider.Dispose();
        NeuroActorsTelemetry.WindowTraceEvery = _savedEvery;
    }

    [Fact]
    public void StartRun_produces_a_run_activity_tagged_with_model_shards_and_nodes()
    {
        using (var run = NeuroActorsTelemetry.StartRun("brunel", shards: 64, nodes: 4))
        {
            Assert.NotNull(run);
        }

        _provider.ForceFlush();
        var a = Assert.Single(_exported);
        Assert.Equal("neuroactors.run", a.OperationName);
        Assert.Equal("NeuroActors.Runtime", a.Source.Name);
        Assert.Equal(ActivityKind.Internal, a.Kind);
        Assert.Equal("brunel", a.GetTagItem("model"));
        Assert.Equal(64, a.GetTagItem("shards"));
        Assert.Equal(4, a.GetTagItem("nodes"));
    }

    [Fact]
    public void StartWindow_traces_only_every_nth_window()
    {
        NeuroActorsTelemetry.WindowTraceEvery = 1000;
        using (NeuroActorsTelemetry.StartRun("brunel", 2, 1))
        {
            for (long w = 0; w < 3500; w++)
            {
                using var window = NeuroActorsTelemetry.StartWindow(shard: 1, window: w);
                Assert.Equal(w % 1000 == 0, window is not null);
                Assert.Equal(w % 1000 == 0, NeuroActorsTelemetry.IsWindowSampled(w));
            }
        }

        _provider.ForceFlush();
        var run = Assert.Single(_exported, a => a.OperationName == "neuroactors.run");
        var windows = _exported.Where(a => a.OperationName == "neuroactors.window").ToList();
        Assert.Equal([0L, 1000L, 2000L, 3000L], windows.Select(a => (long)a.GetTagItem("window")!));
        Assert.All(windows, a => Assert.Equal(1, a.GetTagItem("shard")));
        Assert.All(windows, a => Assert.Equal(run.SpanId, a.ParentSpanId));
    }

    [Fact]
    public void WindowTraceEvery_changes_the_sampling()
    {
        NeuroActorsTelemetry.WindowTraceEvery = 3;
        for (long w = 0; w < 10; w++)
        {
            using var _ = NeuroActorsTelemetry.StartWindow(0, w);
        }

        _provider.ForceFlush();
        Assert.Equal([0L, 3L, 6L, 9L], _exported.Select(a => (long)a.GetTagItem("window")!));
    }

    [Fact]
    public void StartWindow_with_a_caller_decision_follows_it_and_takes_a_parent_context()
    {
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        Assert.Null(NeuroActorsTelemetry.StartWindow(9, 1, sampled: false, parent));
        using (var a = NeuroActorsTelemetry.StartWindow(9, 7, sampled: true, parent))
        {
            Assert.NotNull(a);
        }

        _provider.ForceFlush();
        var window = Assert.Single(_exported);
        Assert.Equal(parent.TraceId, window.TraceId);
        Assert.Equal(parent.SpanId, window.ParentSpanId);
        Assert.Equal(9, window.GetTagItem("shard"));
        Assert.Equal(7L, window.GetTagItem("window"));
    }

    [Fact]
    public void Without_a_tracer_provider_no_activity_is_created()
    {
        _provider.Dispose();
        Assert.Null(NeuroActorsTelemetry.StartRun("m", 1, 1));
        Assert.Null(NeuroActorsTelemetry.StartWindow(0, 0));
    }
}
