using System.Diagnostics.Metrics;
using NeuroActors.Kernel.Tests;

namespace NeuroActors.Runtime.Tests;

/// <summary>What a run reports through OpenTelemetry agrees with what it reports in its summary.</summary>
[Collection(WallClockCollection.Name)] // alone: the meter is process-wide
public class TelemetryRunTests
{
    [Fact]
    public async Task Metrics_count_the_same_spikes_events_and_packets_as_the_run()
    {
        var totals = new Dictionary<string, long>();
        var windows = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == "NeuroActors.Runtime") l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => { lock (totals) totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value; });
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => { if (instrument.Name == "neuroactors.window.compute") Interlocked.Increment(ref windows); });
        listener.Start();

        var result = await SimulationRunner.RunAsync(new RunRequest(TestNetworks.Mixed(durationMs: 50), 3));
        listener.Dispose();

        Assert.Equal(result.Stats.Spikes, totals["neuroactors.spikes"]);
        Assert.Equal(result.Stats.SynapticEvents, totals["neuroactors.synaptic_events"]);
        Assert.Equal(result.Stats.Communication!.Shards.Sum(s => s.PacketsSent), totals["neuroactors.packets.sent"]);
        Assert.Equal(result.Stats.Communication!.Shards.Sum(s => s.PacketsReceived), totals["neuroactors.packets.received"]);
        Assert.Equal(3 * result.Stats.Communication!.Windows, windows);
    }
}
