using System.Diagnostics.Metrics;
using Akka.Actor;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Tests;
using NeuroActors.Runtime.Wire;
using NeuroActors.Telemetry;

namespace NeuroActors.Runtime.Tests;

/// <summary>A packet that reaches a shard only in part is counted as dropped, in the summary and in telemetry.</summary>
public class DroppedPacketTests() : Akka.TestKit.Xunit2.TestKit(SimulationRunner.DefaultConfig, "dropped-packet")
{
    [Fact]
    public void A_chunked_packet_whose_window_is_delivered_without_it_is_dropped_and_counted()
    {
        string node = ((ExtendedActorSystem)Sys).Provider.DefaultAddress.ToString();
        long dropped = 0, late = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == TelemetryNames.Source) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            // The meter is process-wide: count only this test's actor system.
            foreach (var tag in tags)
                if (tag.Key == TelemetryNames.TagNode && (string?)tag.Value == node)
                {
                    if (instrument.Name == TelemetryNames.PacketsDropped) Interlocked.Add(ref dropped, value);
                    if (instrument.Name == TelemetryNames.PacketsLate) Interlocked.Add(ref late, value);
                }
        });
        listener.Start();

        // Best effort on a clock no shard can keep: shard 1 never waits, and delivers every window with what it has.
        var plan = new NetworkPlan(TestNetworks.Mixed(durationMs: 20).With(timeScale: 0.001), 2);
        var coordinator = CreateTestProbe();
        var neighbour = CreateTestProbe(); // stands in for shard 0, which sends nothing
        var shard = Sys.ActorOf(ShardActor.Props(plan, 1, coordinator.Ref));
        shard.Tell(new BuildShard(null));
        coordinator.ExpectMsg<ShardBuilt>(TimeSpan.FromMinutes(1));

        // The first of two chunks of shard 0's packet 0; the second never comes.
        shard.Tell(new SpikePacketChunk(0, 0, 0, 2, [5u], [0]));
        shard.Tell(new RunSegment(plan.Spec.Simulation.Steps, [neighbour.Ref, shard]));
        var done = coordinator.FishForMessage<SegmentDone>(_ => true, TimeSpan.FromMinutes(1));

        Assert.Equal(plan.Spec.Simulation.Steps, done.Step);
        Assert.Equal(1, done.Traffic.ChunksRejected);
        Assert.True(done.Traffic.LatePackets >= 1, "packet 0 was delivered without shard 0's packet, which is late");
        listener.RecordObservableInstruments();
        Assert.Equal(1, Interlocked.Read(ref dropped));
        Assert.Equal(done.Traffic.LatePackets, Interlocked.Read(ref late));
    }
}
