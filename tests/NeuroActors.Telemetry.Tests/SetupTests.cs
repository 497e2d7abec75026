using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NeuroActors.Telemetry.Tests;

public sealed class SetupTests
{
    [Fact]
    public void None_builds_no_providers_and_costs_nothing()
    {
        using var session = TelemetrySetup.Start(new TelemetryOptions(), "neuroactors-test");
        Assert.False(session.IsActive);
        Assert.Null(session.MeterProvider);
        Assert.Null(session.TracerProvider);
        Assert.Null(session.PrometheusScrapeUri);
        Assert.True(session.ForceFlush());
        Assert.False(NeuroActorsTelemetry.Spikes.Enabled);
        Assert.Null(NeuroActorsTelemetry.StartRun("m", 1, 1));
    }

    [Fact]
    public void Start_sets_window_sampling_from_the_options()
    {
        var saved = NeuroActorsTelemetry.WindowTraceEvery;
        try
        {
            using var session = TelemetrySetup.Start(new TelemetryOptions { WindowTraceEvery = 25 }, "neuroactors-test");
            Assert.Equal(25, NeuroActorsTelemetry.WindowTraceEvery);
        }
        finally
        {
            NeuroActorsTelemetry.WindowTraceEvery = saved;
        }
    }

    [Fact]
    public void Console_and_otlp_build_metric_and_trace_providers_that_stop_quickly()
    {
        // A closed loopback port: the OTLP exporter's final push is refused at once.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var options = TelemetryOptions.Parse("console,otlp") with { OtlpEndpoint = new Uri($"http://127.0.0.1:{port}") };
        var clock = Stopwatch.StartNew();
        var session = TelemetrySetup.Start(options, "neuroactors-test");
        Assert.True(session.IsActive);
        Assert.NotNull(session.MeterProvider);
        Assert.NotNull(session.TracerProvider);
        Assert.Null(session.PrometheusScrapeUri);

        using (var run = NeuroActorsTelemetry.StartRun("setup-model", 1, 1))
        {
            Assert.NotNull(run);
            Assert.True(run.Recorded);
        }

        Assert.True(NeuroActorsTelemetry.Spikes.Enabled);
        session.Dispose();
        session.Dispose();
        Assert.False(NeuroActorsTelemetry.Spikes.Enabled);
        Assert.Null(NeuroActorsTelemetry.StartRun("m", 1, 1));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), clock.Elapsed.ToString());
    }

    [Fact]
    public void Empty_service_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TelemetrySetup.Start(new TelemetryOptions(), " "));
    }
}
