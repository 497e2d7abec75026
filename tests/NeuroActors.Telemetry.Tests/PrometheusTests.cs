using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace NeuroActors.Telemetry.Tests;

public sealed class PrometheusTests
{
    /// <summary>The OpenTelemetry names and what a Prometheus scrape calls them (dots → underscores, unit suffix, <c>_total</c> on counters).</summary>
    public static TheoryData<string, string, string> ExportedNames => new()
    {
        { "neuroactors.spikes", "neuroactors_spikes_total", "counter" },
        { "neuroactors.synaptic_events", "neuroactors_synaptic_events_total", "counter" },
        { "neuroactors.packets.sent", "neuroactors_packets_sent_total", "counter" },
        { "neuroactors.packets.received", "neuroactors_packets_received_total", "counter" },
        { "neuroactors.bytes.sent", "neuroactors_bytes_sent_bytes_total", "counter" },
        { "neuroactors.bytes.received", "neuroactors_bytes_received_bytes_total", "counter" },
        { "neuroactors.packets.late", "neuroactors_packets_late_total", "counter" },
        { "neuroactors.packets.dropped", "neuroactors_packets_dropped_total", "counter" },
        { "neuroactors.packets.malformed", "neuroactors_packets_malformed_total", "counter" },
        { "neuroactors.window.compute", "neuroactors_window_compute_seconds", "histogram" },
        { "neuroactors.window.wait", "neuroactors_window_wait_seconds", "histogram" },
        { "neuroactors.serialization", "neuroactors_serialization_seconds", "histogram" },
        { "neuroactors.training.loss", "neuroactors_training_loss", "histogram" },
        { "neuroactors.training.samples", "neuroactors_training_samples_total", "counter" },
        { "neuroactors.training.batch.duration", "neuroactors_training_batch_duration_seconds", "histogram" },
        { "neuroactors.training.throughput", "neuroactors_training_throughput_per_second", "histogram" },
    };

    [Fact]
    public async Task Scrape_on_loopback_shows_every_metric_under_its_prometheus_name()
    {
        var port = FreePort();
        var options = TelemetryOptions.Parse("prometheus") with { PrometheusPort = port, PrometheusHost = "127.0.0.1" };
        using var session = TelemetrySetup.Start(options, "neuroactors-test");
        Assert.Equal(new Uri($"http://127.0.0.1:{port}/metrics"), session.PrometheusScrapeUri);
        Assert.NotNull(session.MeterProvider);
        Assert.Null(session.TracerProvider);

        RecordOneOfEach("prom-node", 3);
        var text = await Scrape($"http://127.0.0.1:{port}/metrics");

        foreach (var row in ExportedNames)
        {
            Assert.Contains($"# TYPE {row[1]} {row[2]}", text);
        }

        Assert.Matches(@"(?m)^neuroactors_spikes_total\{[^}]*node=""prom-node"",shard=""3""\} 17$", text);
        Assert.Matches(@"(?m)^neuroactors_bytes_sent_bytes_total\{[^}]*node=""prom-node"",shard=""3""\} 256$", text);
        Assert.Matches(@"(?m)^neuroactors_packets_malformed_total\{[^}]*node=""prom-node""\} 1$", text);
        // 4.2 ms lands in the 5 ms bucket; the explicit boundaries reach the scrape.
        Assert.Matches(@"(?m)^neuroactors_window_compute_seconds_bucket\{[^}]*shard=""3"",le=""0.0025""\} 0$", text);
        Assert.Matches(@"(?m)^neuroactors_window_compute_seconds_bucket\{[^}]*shard=""3"",le=""0.005""\} 1$", text);
        Assert.Matches(@"(?m)^neuroactors_window_compute_seconds_bucket\{[^}]*shard=""3"",le=""1E-05""\} 0$", text);
        Assert.Equal(20, Regex.Matches(text, @"(?m)^neuroactors_window_wait_seconds_bucket\{[^}]*node=""prom-node""").Count);
        // The .NET runtime instrumentation is exported too.
        Assert.Contains("dotnet_gc_collections_total", text);
    }

    [Fact]
    public async Task Default_host_listens_on_every_interface_and_answers_on_loopback()
    {
        var port = FreePort();
        using var session = TelemetrySetup.Start(new TelemetryOptions { Exporters = TelemetryExporters.Prometheus, PrometheusPort = port }, "neuroactors-test");
        Assert.Equal(new Uri($"http://localhost:{port}/metrics"), session.PrometheusScrapeUri);

        RecordOneOfEach("any-host-node", 1);
        var text = await Scrape($"http://127.0.0.1:{port}/metrics");
        Assert.Matches(@"neuroactors_spikes_total\{[^}]*node=""any-host-node""", text);
    }

    [Fact]
    public void Port_in_use_fails_with_a_message_naming_the_port()
    {
        var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        try
        {
            var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
            var options = new TelemetryOptions { Exporters = TelemetryExporters.Prometheus, PrometheusPort = port, PrometheusHost = "127.0.0.1" };
            var e = Assert.Throws<InvalidOperationException>(() => TelemetrySetup.Start(options, "neuroactors-test"));
            Assert.Contains($":{port}/metrics", e.Message);
        }
        finally
        {
            blocker.Stop();
        }
    }

    private static void RecordOneOfEach(string node, int shard)
    {
        NeuroActorsTelemetry.RecordWindow(node, shard, 0.0042, 0.0001, spikes: 17, events: 170);
        NeuroActorsTelemetry.RecordPacketSent(node, shard, 256);
        NeuroActorsTelemetry.RecordPacketReceived(node, shard, 256);
        NeuroActorsTelemetry.RecordLate(node, shard);
        NeuroActorsTelemetry.RecordDropped(node, shard);
        NeuroActorsTelemetry.RecordMalformed(node);
        NeuroActorsTelemetry.RecordTrainingBatch(0.75, 128, 0.03);
        NeuroActorsTelemetry.RecordTrainingEpoch(2500);
        NeuroActorsTelemetry.RecordSerialization(0.00003);
    }

    private static async Task<string> Scrape(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
