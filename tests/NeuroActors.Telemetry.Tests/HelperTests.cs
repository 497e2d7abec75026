using System.Diagnostics.Metrics;

namespace NeuroActors.Telemetry.Tests;

public sealed class HelperTests : IDisposable
{
    private readonly MeasurementRecorder _recorder = new();

    public void Dispose() => _recorder.Dispose();

    [Fact]
    public void RecordWindow_records_times_spikes_and_events_tagged_with_node_and_shard()
    {
        const string node = "akka.tcp://neuroactors@10.0.0.1:4053";
        NeuroActorsTelemetry.RecordWindow(node, 7, computeSeconds: 0.002, waitSeconds: 0.0005, spikes: 12, events: 3400);

        var seen = _recorder.ForNode(node);
        Assert.Equal(4, seen.Count);
        Assert.Equal(0.002, Single(seen, TelemetryNames.WindowCompute).Value);
        Assert.Equal(0.0005, Single(seen, TelemetryNames.WindowWait).Value);
        Assert.Equal(12, Single(seen, TelemetryNames.Spikes).Value);
        Assert.Equal(3400, Single(seen, TelemetryNames.SynapticEvents).Value);
        Assert.All(seen, r => AssertTags(r, node, 7));
    }

    [Fact]
    public void RecordPacketSent_counts_one_packet_and_its_bytes()
    {
        NeuroActorsTelemetry.RecordPacketSent("send-node", 3, 1234);
        NeuroActorsTelemetry.RecordPacketSent("send-node", 3, 66);

        var seen = _recorder.ForNode("send-node");
        Assert.Equal([1, 1], seen.Where(r => r.Instrument == TelemetryNames.PacketsSent).Select(r => r.Value));
        Assert.Equal([1234, 66], seen.Where(r => r.Instrument == TelemetryNames.BytesSent).Select(r => r.Value));
        Assert.Equal(4, seen.Count);
        Assert.All(seen, r => AssertTags(r, "send-node", 3));
    }

    [Fact]
    public void RecordPacketReceived_counts_one_packet_and_its_bytes()
    {
        NeuroActorsTelemetry.RecordPacketReceived("recv-node", 4096, 500);

        var seen = _recorder.ForNode("recv-node");
        Assert.Equal(2, seen.Count);
        Assert.Equal(1, Single(seen, TelemetryNames.PacketsReceived).Value);
        Assert.Equal(500, Single(seen, TelemetryNames.BytesReceived).Value);
        Assert.All(seen, r => AssertTags(r, "recv-node", 4096));
    }

    [Fact]
    public void RecordLate_and_RecordDropped_count_packets_with_node_and_shard()
    {
        NeuroActorsTelemetry.RecordLate("loss-node", 5);
        NeuroActorsTelemetry.RecordLate("loss-node", 5, packets: 3);
        NeuroActorsTelemetry.RecordDropped("loss-node", 6, packets: 2);

        var seen = _recorder.ForNode("loss-node");
        Assert.Equal([1, 3], seen.Where(r => r.Instrument == TelemetryNames.PacketsLate).Select(r => r.Value));
        var dropped = Single(seen, TelemetryNames.PacketsDropped);
        Assert.Equal(2, dropped.Value);
        AssertTags(dropped, "loss-node", 6);
        Assert.All(seen.Where(r => r.Instrument == TelemetryNames.PacketsLate), r => AssertTags(r, "loss-node", 5));
    }

    [Fact]
    public void RecordMalformed_counts_one_packet_tagged_with_node_only()
    {
        NeuroActorsTelemetry.RecordMalformed("bad-node");

        var r = Assert.Single(_recorder.ForNode("bad-node"));
        Assert.Equal(TelemetryNames.PacketsMalformed, r.Instrument);
        Assert.Equal(1, r.Value);
        Assert.Equal(["node"], r.Tags.Keys);
    }

    [Fact]
    public void RecordSerialization_records_seconds_without_tags()
    {
        NeuroActorsTelemetry.RecordSerialization(0.000123);

        var r = Assert.Single(_recorder.ForInstrument(TelemetryNames.Serialization));
        Assert.Equal(0.000123, r.Value);
        Assert.Empty(r.Tags);
    }

    [Fact]
    public void Helpers_do_not_allocate_while_listened_to()
    {
        _recorder.Dispose(); // it copies tags into dictionaries; listen with a non-allocating callback instead
        using var listener = new MeterListener
        {
            InstrumentPublished = static (instrument, l) =>
            {
                if (instrument.Meter.Name == TelemetryNames.Source)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        long longs = 0;
        listener.SetMeasurementEventCallback<long>(static (_, v, _, _) => Sink.Longs += v);
        listener.SetMeasurementEventCallback<double>(static (_, v, _, _) => Sink.Doubles += v);
        listener.Start();

        RecordAll(10);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RecordAll(1000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        longs = Sink.Longs;

        Assert.Equal(0, allocated);
        Assert.True(longs > 0);
    }

    [Fact]
    public void Helpers_do_nothing_and_allocate_nothing_without_listeners()
    {
        _recorder.Dispose();
        RecordAll(10);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RecordAll(1000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.False(NeuroActorsTelemetry.Spikes.Enabled);
    }

    private static void RecordAll(int times)
    {
        for (var i = 0; i < times; i++)
        {
            var shard = i % NeuroActorsTelemetry.BoxedShardCacheSize;
            NeuroActorsTelemetry.RecordWindow("alloc-node", shard, 0.001, 0.0001, 3, 30);
            NeuroActorsTelemetry.RecordPacketSent("alloc-node", shard, 100);
            NeuroActorsTelemetry.RecordPacketReceived("alloc-node", shard, 100);
            NeuroActorsTelemetry.RecordLate("alloc-node", shard);
            NeuroActorsTelemetry.RecordDropped("alloc-node", shard);
            NeuroActorsTelemetry.RecordMalformed("alloc-node");
            NeuroActorsTelemetry.RecordSerialization(0.00001);
        }
    }

    private static Recorded Single(List<Recorded> seen, string instrument) =>
        Assert.Single(seen, r => r.Instrument == instrument);

    private static void AssertTags(Recorded r, string node, int shard)
    {
        Assert.Equal(2, r.Tags.Count);
        Assert.Equal(node, r.Tags[TelemetryNames.TagNode]);
        Assert.Equal(shard, Assert.IsType<int>(r.Tags[TelemetryNames.TagShard]));
    }

    private static class Sink
    {
        public static long Longs;
        public static double Doubles;
    }
}
