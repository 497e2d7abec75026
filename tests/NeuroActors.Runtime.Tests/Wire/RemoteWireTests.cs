using System.Threading.Channels;
using Akka.Actor;
using Akka.Configuration;
using NeuroActors.Kernel.Shard;
using NeuroActors.Runtime.Wire;

namespace NeuroActors.Runtime.Tests.Wire;

/// <summary>
/// Two ActorSystems joined by Akka.Remote over TCP on 127.0.0.1 (port 0, default maximum-frame-size): the messages
/// really cross a socket, with the serializer bound on both ends and unregistered types refused.
/// </summary>
public sealed class RemoteWireTests : IAsyncLifetime
{
    private static readonly Config Remote = ConfigurationFactory.ParseString("""
        akka {
          loglevel = ERROR
          stdout-loglevel = ERROR
          log-dead-letters = off
          actor.provider = remote
          remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        }
        """).WithFallback(WireConfig.Hocon);

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private ActorSystem _a = null!, _b = null!;
    private readonly Channel<(string Actor, object Message)> _atA = Channel.CreateUnbounded<(string, object)>();
    private readonly Channel<object> _atB = Channel.CreateUnbounded<object>();
    private IActorRef[] _shardsOnA = null!;
    private IActorRef _inboxOnB = null!;

    public async Task InitializeAsync()
    {
        _a = ActorSystem.Create("nodeA", Remote);
        _b = ActorSystem.Create("nodeB", Remote);
        _shardsOnA = Enumerable.Range(0, 3).Select(i => _a.ActorOf(Props.Create(() => new Forward(_atA.Writer)), $"shard-{i}")).ToArray();
        _b.ActorOf(Props.Create(() => new Inbox(_atB.Writer)), "inbox");
        var bAddress = ((ExtendedActorSystem)_b).Provider.DefaultAddress;
        _inboxOnB = await _a.ActorSelection($"{bAddress}/user/inbox").ResolveOne(Wait);
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_a.Terminate(), _b.Terminate());
    }

    private async Task<object> NextAtB()
    {
        using var timeout = new CancellationTokenSource(Wait);
        return await _atB.Reader.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task ASpikePacketAndARunSegmentWithActorRefsCrossTheWire()
    {
        Assert.Contains("akka.tcp://nodeB@127.0.0.1:", _inboxOnB.Path.ToString());
        var packet = WireSamples.Packet(1000, seed: 5);
        _inboxOnB.Tell(packet);
        WireSamples.AssertSame(packet, await NextAtB());

        _inboxOnB.Tell(new RunSegment(4321, _shardsOnA));
        var segment = Assert.IsType<RunSegment>(await NextAtB());
        Assert.Equal(4321, segment.EndStep);
        var aAddress = ((ExtendedActorSystem)_a).Provider.DefaultAddress;
        for (int i = 0; i < _shardsOnA.Length; i++)
        {
            Assert.Equal(_shardsOnA[i].Path.ToStringWithAddress(aAddress), segment.Shards[i].Path.ToString());
            Assert.Equal(_shardsOnA[i].Path.Uid, segment.Shards[i].Path.Uid);
        }

        // B uses the refs it received: each shard on A hears from B, by its own name.
        var heard = new List<(string Actor, object Message)>();
        using var timeout = new CancellationTokenSource(Wait);
        while (heard.Count < _shardsOnA.Length) heard.Add(await _atA.Reader.ReadAsync(timeout.Token));
        Assert.Equal(Enumerable.Range(0, 3).Select(i => ($"shard-{i}", (object)new ShardProgress(i, 4321))),
            heard.OrderBy(h => h.Actor));
    }

    [Fact]
    public async Task AnOversizedPacketIsDroppedByTheTransportButItsChunksArriveAndReassemble()
    {
        // 40 000 spikes with keys above 65 535: about 240 kB, twice the default frame.
        var big = WireSamples.Packet(40_000, seed: 9, maxGid: 5_000_000);
        big = big with { Keys = big.Keys.Select(k => k + 70_000).ToArray() };
        Assert.True(SpikePacketChunker.EncodedSize(big) > SpikePacketChunker.MaximumFrameSize);

        // Unsplit, Akka.Remote discards it and says so (the association survives): the marker sent after it
        // arrives first.
        var errors = Channel.CreateUnbounded<string>();
        var listener = _a.ActorOf(Props.Create(() => new ErrorListener(errors.Writer)));
        _a.EventStream.Subscribe(listener, typeof(Akka.Event.Error));
        _inboxOnB.Tell(big);
        _inboxOnB.Tell(new ShardProgress(99, 99));
        Assert.Equal(new ShardProgress(99, 99), await NextAtB());
        using (var timeout = new CancellationTokenSource(Wait))
            Assert.Contains("oversized", await errors.Reader.ReadAsync(timeout.Token), StringComparison.OrdinalIgnoreCase);

        // A packet exactly at the default budget still fits in a frame with its envelope.
        var atBudget = ChunkingTests.PacketOfExactSize(SpikePacketChunker.DefaultFrameBudget);
        _inboxOnB.Tell(atBudget);
        WireSamples.AssertSame(atBudget, await NextAtB());

        // Split, it arrives and is put back together bit for bit.
        var parts = SpikePacketChunker.Split(big);
        Assert.True(parts.Length >= 2);
        foreach (var part in Enumerable.Reverse(parts)) _inboxOnB.Tell(part);
        var assembler = new ChunkAssembler();
        SpikePacket? rebuilt = null;
        for (int i = 0; i < parts.Length; i++)
        {
            var status = assembler.Add(Assert.IsType<SpikePacketChunk>(await NextAtB()), out var done);
            if (status == ChunkStatus.Completed) rebuilt = done;
        }
        Assert.NotNull(rebuilt);
        WireSamples.AssertSame(big, rebuilt);
    }

    /// <summary>On B: passes every message to the test, and answers a RunSegment through the refs it carries.</summary>
    private sealed class Inbox : ReceiveActor
    {
        public Inbox(ChannelWriter<object> received)
        {
            Receive<RunSegment>(m =>
            {
                received.TryWrite(m);
                for (int i = 0; i < m.Shards.Length; i++) m.Shards[i].Tell(new ShardProgress(i, m.EndStep));
            });
            ReceiveAny(m => received.TryWrite(m));
        }
    }

    private sealed class ErrorListener : ReceiveActor
    {
        public ErrorListener(ChannelWriter<string> errors) => Receive<Akka.Event.Error>(e => errors.TryWrite($"{e.Message} {e.Cause}"));
    }

    /// <summary>On A: a stand-in shard that reports what it hears under its own name.</summary>
    private sealed class Forward : ReceiveActor
    {
        public Forward(ChannelWriter<(string, object)> received) => ReceiveAny(m => received.TryWrite((Self.Path.Name, m)));
    }
}
