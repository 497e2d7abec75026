using NeuroActors.Storage.Checkpoints;
using Akka.Actor;
using MessagePack;
using NeuroActors.Kernel.Shard;
using NeuroActors.Runtime.Wire;
using Xunit.Abstractions;

namespace NeuroActors.Runtime.Tests.Wire;

public class RoundTripTests(WireFixture wire, ITestOutputHelper output) : IClassFixture<WireFixture>
{
    public static TheoryData<string> Manifests => new(WireManifests.All.Select(t => t.Manifest));

    [Fact]
    public void EveryMessageTypeHasOneManifestAndSamples()
    {
        Assert.Equal(WireManifests.All.Count, WireManifests.All.Select(t => t.Manifest).Distinct().Count());
        var samples = WireSamples.All(wire.Shards).ToList();
        foreach (var (type, manifest) in WireManifests.All)
        {
            Assert.Contains(samples, s => s.Manifest == manifest && s.Message.GetType() == type);
            Assert.IsType<NeuroActorsSerializer>(wire.System.Serialization.FindSerializerForType(type));
        }
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void EveryMessageRoundTripsBitForBit(string manifest)
    {
        foreach (var (m, message) in WireSamples.All(wire.Shards).Where(s => s.Manifest == manifest))
        {
            Assert.Equal(m, wire.Serializer.Manifest(message));
            var bytes = wire.Serializer.ToBinary(message);
            Assert.Equal(m[^1] - '0', bytes[0]); // every message starts with its format version, the manifest's digit
            var back = wire.Serializer.FromBinary(bytes, m);
            WireSamples.AssertSame(message, back);
            Assert.Equal(bytes, wire.Serializer.ToBinary(back)); // and encodes to the same bytes again
        }
    }

    [Fact]
    public void ACheckpointPartSentInPiecesArrivesByteForByteWithItsEntry()
    {
        // A part of a real snapshot, cut where the shard cuts it, through the serializer and put back together.
        var (part, _) = WireSamples.RealPart;
        var received = new List<byte>();
        PartEntry? entry = null;
        int piece = 64;
        for (int offset = 0; offset < part.Bytes.Length; offset += piece)
        {
            int end = Math.Min(part.Bytes.Length, offset + piece);
            var back = (CheckpointPart)wire.RoundTrip(new CheckpointPart(1, offset, part.Bytes[offset..end], end == part.Bytes.Length ? part.Entry : null));
            Assert.Equal(offset, back.Offset);
            received.AddRange(back.Bytes);
            entry = back.Entry;
        }
        Assert.Equal(part.Bytes, received.ToArray());
        Assert.Equal(part.Entry, entry);
        Assert.True(part.Bytes.Length > 4 * piece);
    }

    [Fact]
    public void RunSegmentResolvesToTheSameLiveActors()
    {
        var back = (RunSegment)wire.RoundTrip(new RunSegment(100, wire.Shards));
        Assert.Equal(wire.Shards, back.Shards);
        Assert.All(back.Shards, s => Assert.False(s.IsNobody()));
    }

    [Fact]
    public void ExactSizeMatchesTheEncoderForEveryIntegerWidth()
    {
        int[] edges = { 0, 1, 127, 128, 255, 256, 65535, 65536, int.MaxValue };
        var random = new Random(3);
        foreach (int spikes in new[] { 0, 1, 15, 16, 17, 65535, 65536, 70_000 })
        {
            var keys = Enumerable.Range(0, spikes).Select(_ => (uint)edges[random.Next(edges.Length)] * 2).ToArray();
            var offsets = Enumerable.Range(0, spikes).Select(_ => edges[random.Next(edges.Length)]).ToArray();
            foreach (long number in new[] { 0L, 127, 128, 70_000, 5_000_000_000 })
            {
                var packet = new SpikePacket(number, spikes % 300, keys, offsets);
                Assert.Equal(wire.Serializer.ToBinary(packet).Length, SpikePacketChunker.EncodedSize(packet));
            }
        }
    }

    [Fact]
    public void BytesPerSpikeAreMeasured()
    {
        foreach (var (maxGid, window) in new[] { (100, 10), (60_000, 10), (1_000_000, 10), (1_000_000, 200) })
        {
            var packet = WireSamples.Packet(10_000, maxGid: maxGid, window: window);
            long bytes = wire.Serializer.ToBinary(packet).Length;
            long empty = wire.Serializer.ToBinary(packet with { Keys = Array.Empty<uint>(), Offsets = Array.Empty<int>() }).Length;
            double perSpike = (bytes - empty) / 10_000.0;
            output.WriteLine($"gids < {maxGid}, window {window} steps: {bytes} bytes for 10000 spikes = {perSpike:F3} bytes/spike (+{empty} bytes empty packet)");
            Assert.True(perSpike <= 7.0, $"{perSpike} bytes per spike");
        }
        Assert.True(wire.Serializer.ToBinary(new SpikePacket(12, 3, Array.Empty<uint>(), Array.Empty<int>())).Length <= 6);
    }

    [Fact]
    public void IdentifierAndBindingsAreTheConfiguredOnes()
    {
        Assert.Equal(NeuroActorsSerializer.SerializerId, wire.Serializer.Identifier);
        Assert.True(NeuroActorsSerializer.SerializerId > 100);
        Assert.Equal(NeuroActorsSerializer.SerializerId,
            WireConfig.Hocon.GetInt("akka.actor.serialization-identifiers.\"NeuroActors.Runtime.Wire.NeuroActorsSerializer, NeuroActors.Runtime\""));
        Assert.Equal("NeuroActors.Runtime.Wire.NeuroActorsSerializer, NeuroActors.Runtime", WireConfig.Hocon.GetString("akka.actor.serializers.neuroactors"));
        Assert.Equal("neuroactors", WireConfig.Hocon.GetString("akka.actor.serialization-bindings.\"NeuroActors.Kernel.Shard.SpikePacket, NeuroActors.Kernel\""));
        Assert.False(WireConfig.Hocon.GetBoolean("akka.actor.serialization-settings.allow-unregistered-types", true));
    }

    [Fact]
    public void AnUnregisteredTypeIsRefused()
    {
        var ex = Assert.ThrowsAny<Exception>(() => wire.System.Serialization.FindSerializerFor(new NotAWireMessage(1)));
        Assert.IsAssignableFrom<System.Runtime.Serialization.SerializationException>(ex);
        Assert.Throws<WireFormatException>(() => wire.Serializer.ToBinary(new NotAWireMessage(1)));
        Assert.Throws<WireFormatException>(() => wire.Serializer.Manifest(new NotAWireMessage(1)));
    }

    [Fact]
    public void WhatTheReaderWouldRefuseIsNotWritten()
    {
        Assert.Throws<WireFormatException>(() => wire.Serializer.ToBinary(new SpikePacket(1, 0, new[] { 1u, 2u }, new[] { 0 })));
        Assert.Throws<WireFormatException>(() => wire.Serializer.ToBinary(new SpikePacket(1, 0, new[] { 1u }, new[] { -1 })));
        Assert.Throws<WireFormatException>(() => wire.Serializer.ToBinary(new SpikePacket(-1, 0, new[] { 1u }, new[] { 0 })));
        Assert.Throws<WireFormatException>(() => wire.Serializer.ToBinary(new SpikePacketChunk(1, 0, 3, 3, new[] { 1u }, new[] { 0 })));
        Assert.Throws<WireFormatException>(() => wire.Serializer.ToBinary(new ShardProgress(-1, 0)));
        Assert.Throws<WireFormatException>(() => wire.Serializer.ToBinary(new RunSegment(1, new Akka.Actor.IActorRef[] { null! })));
        Assert.Throws<WireFormatException>(() => wire.Serializer.ToBinary(new RunSegment(1, wire.Shards, PacketsPerWindow: 0)));
        var bad = WireSamples.AwkwardState with { Steps = new long[] { 1 } };
        Assert.Throws<WireFormatException>(() => wire.Serializer.ToBinary(new ShardRecordings(0, Array.Empty<long>(), new[] { bad })));
    }

    [Fact]
    public void TheFormatIsPlainMessagePack()
    {
        // Any MessagePack tool can inspect a packet: version, packet number, shard, then arrays of keys and offsets.
        var bytes = wire.Serializer.ToBinary(new SpikePacket(300, 2, new[] { 7u, 0xFFFF_FFFFu }, new[] { 0, 9 }));
        var reader = new MessagePackReader(bytes);
        Assert.Equal(2, reader.ReadInt32());
        Assert.Equal(300, reader.ReadInt64());
        Assert.Equal(2, reader.ReadInt32());
        Assert.Equal(2, reader.ReadArrayHeader());
        Assert.Equal(7u, reader.ReadUInt32());
        Assert.Equal(0xFFFF_FFFFu, reader.ReadUInt32());
        Assert.Equal(2, reader.ReadArrayHeader());
        Assert.Equal(0, reader.ReadInt32());
        Assert.Equal(9, reader.ReadInt32());
        Assert.True(reader.End);
    }

    private sealed record NotAWireMessage(int Value);
}
