using NeuroActors.Kernel.Shard;
using NeuroActors.Runtime.Wire;

namespace NeuroActors.Runtime.Tests.Wire;

public class ChunkingTests(WireFixture wire) : IClassFixture<WireFixture>
{
    /// <summary>
    /// A packet whose SP2 encoding is exactly <paramref name="size"/> bytes: 3-byte keys and 1-byte offsets, then
    /// the last few bytes made up by widening offsets to 2 bytes.
    /// </summary>
    public static SpikePacket PacketOfExactSize(long size, long number = 9, int source = 1)
    {
        var empty = new SpikePacket(number, source, Array.Empty<uint>(), Array.Empty<int>());
        int n = (int)((size - SpikePacketChunker.EncodedSize(empty)) / 4);
        SpikePacket Build(int spikes, int widened) => new(number, source,
            Enumerable.Range(0, spikes).Select(i => (uint)(1000 + i % 60_000)).ToArray(),
            Enumerable.Range(0, spikes).Select(i => i < widened ? 200 : i % 10).ToArray());
        while (n > 0 && SpikePacketChunker.EncodedSize(Build(n, 0)) > size) n--;
        long missing = size - SpikePacketChunker.EncodedSize(Build(n, 0));
        var packet = Build(n, (int)missing);
        Assert.Equal(size, SpikePacketChunker.EncodedSize(packet));
        return packet;
    }

    private static SpikePacket WithOneMoreSpike(SpikePacket p) =>
        p with { Keys = [.. p.Keys, 1u], Offsets = [.. p.Offsets, 0] };

    private static void AssertSamePacket(SpikePacket expected, SpikePacket? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal((expected.Number, expected.SourceShard), (actual.Number, actual.SourceShard));
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.Equal(expected.Offsets, actual.Offsets);
    }

    [Theory]
    [InlineData(SpikePacketChunker.DefaultFrameBudget)]
    [InlineData(SpikePacketChunker.MaximumFrameSize)]
    [InlineData(1000)]
    [InlineData(SpikePacketChunker.MinimumFrameBudget)]
    public void APacketExactlyAtTheBudgetIsNotSplitAndOneSpikeMoreIs(int budget)
    {
        // The shard actor sends a packet whole when its computed size is within the budget: the size must be the
        // serializer's, to the byte.
        var atLimit = PacketOfExactSize(budget);
        Assert.Equal(budget, wire.Serializer.ToBinary(atLimit).Length);
        Assert.Equal(budget, SpikePacketChunker.EncodedSize(atLimit));

        var over = WithOneMoreSpike(atLimit);
        Assert.True(wire.Serializer.ToBinary(over).Length > budget);
        Assert.Equal(wire.Serializer.ToBinary(over).Length, SpikePacketChunker.EncodedSize(over));
        var parts = SpikePacketChunker.Split(over, budget);
        Assert.True(parts.Length >= 2);
        Assert.All(parts, p => Assert.True(wire.Serializer.ToBinary(p).Length <= budget));

        var assembler = new ChunkAssembler();
        SpikePacket? rebuilt = null;
        foreach (SpikePacketChunk chunk in parts)
            if (assembler.Add(chunk, out var done) == ChunkStatus.Completed) rebuilt = done;
        AssertSamePacket(over, rebuilt);
    }

    [Fact]
    public void TheDefaultBudgetLeavesHeadroomUnderAkkasDefaultFrame()
    {
        Assert.Equal(128_000, SpikePacketChunker.MaximumFrameSize);
        Assert.True(SpikePacketChunker.DefaultFrameBudget < SpikePacketChunker.MaximumFrameSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => SpikePacketChunker.Split(WireSamples.Packet(10), SpikePacketChunker.MinimumFrameBudget - 1));
    }

    [Fact]
    public void RandomPacketsAndBudgetsGiveChunksThatFitAndReassembleInAnyOrder()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            int spikes = random.Next(trial % 5 == 0 ? 20_000 : 300);
            var packet = WireSamples.Packet(spikes, seed: trial, maxGid: random.Next(1, int.MaxValue), window: random.Next(1, 1000));
            int budget = random.Next(SpikePacketChunker.MinimumFrameBudget, 5_000);
            var chunks = SpikePacketChunker.Split(packet, budget);
            Assert.All(chunks, c =>
            {
                Assert.Equal(chunks.Length, c.Count);
                var bytes = wire.Serializer.ToBinary(c);
                Assert.True(bytes.Length <= budget, $"a chunk of {bytes.Length} bytes for a budget of {budget}");
                WireSamples.AssertSame(c, wire.Serializer.FromBinary(bytes, WireManifests.SpikePacketChunk));
            });
            Assert.Equal(Enumerable.Range(0, chunks.Length), chunks.Select(c => c.Index));

            var assembler = new ChunkAssembler();
            var shuffled = chunks.OrderBy(_ => random.Next()).ToArray();
            for (int i = 0; i < shuffled.Length; i++)
            {
                var status = assembler.Add(shuffled[i], out var rebuilt);
                if (i < shuffled.Length - 1)
                {
                    Assert.Equal(ChunkStatus.Pending, status);
                    Assert.Null(rebuilt);
                }
                else
                {
                    Assert.Equal(ChunkStatus.Completed, status);
                    AssertSamePacket(packet, rebuilt);
                }
            }
            Assert.Equal(0, assembler.PendingPackets);
            Assert.Equal(0, assembler.Rejected);
        }
    }

    [Fact]
    public void AnEmptyPacketIsOneEmptyChunk()
    {
        var empty = new SpikePacket(3, 2, Array.Empty<uint>(), Array.Empty<int>());
        var chunk = Assert.Single(SpikePacketChunker.Split(empty));
        Assert.Equal((0, 1, 0), (chunk.Index, chunk.Count, chunk.Keys.Length));
        Assert.Equal(ChunkStatus.Completed, new ChunkAssembler().Add(chunk, out var rebuilt));
        AssertSamePacket(empty, rebuilt);
    }

    [Fact]
    public void InterleavedPacketsDuplicatesAndContradictionsAreKeptApart()
    {
        var a = WireSamples.Packet(3000, seed: 1);
        var b = WireSamples.Packet(3000, seed: 2) with { Number = a.Number, SourceShard = a.SourceShard + 1 };
        var c = WireSamples.Packet(3000, seed: 3) with { Number = a.Number + 1, SourceShard = a.SourceShard };
        var chunks = new[] { a, b, c }.Select(p => SpikePacketChunker.Split(p, 2000)).ToArray();
        var assembler = new ChunkAssembler();
        var completed = new List<SpikePacket>();
        int longest = chunks.Max(x => x.Length);
        for (int i = longest - 1; i >= 0; i--) // backwards, interleaved
            foreach (var list in chunks)
                if (i < list.Length && assembler.Add(list[i], out var p) == ChunkStatus.Completed) completed.Add(p!);
        Assert.Equal(3, completed.Count);
        AssertSamePacket(a, completed.Single(p => p.SourceShard == a.SourceShard && p.Number == a.Number));
        AssertSamePacket(b, completed.Single(p => p.SourceShard == b.SourceShard));
        AssertSamePacket(c, completed.Single(p => p.Number == c.Number));

        // After completion, a replayed chunk is a duplicate, not the start of a new packet.
        Assert.Equal(ChunkStatus.Duplicate, assembler.Add(chunks[0][1], out var none));
        Assert.Null(none);

        var d = SpikePacketChunker.Split(WireSamples.Packet(3000, seed: 4) with { Number = 99 }, 2000);
        Assert.Equal(ChunkStatus.Pending, assembler.Add(d[0], out _));
        Assert.Equal(ChunkStatus.Duplicate, assembler.Add(d[0], out _));
        Assert.Equal(ChunkStatus.Inconsistent, assembler.Add(d[1] with { Count = d.Length + 1 }, out _));
        Assert.Equal(ChunkStatus.Inconsistent, assembler.Add(d[1] with { Offsets = Array.Empty<int>() }, out _));
        Assert.Equal(ChunkStatus.Inconsistent, assembler.Add(d[1] with { Index = -1 }, out _));
        Assert.Equal(5, assembler.Rejected);
        Assert.Equal(1, assembler.PendingPackets);

        // Forgetting old packet numbers drops the incomplete packet (reported, to be counted) and the completed keys.
        Assert.Equal(1, assembler.DiscardBefore(100));
        Assert.Equal(0, assembler.PendingPackets);
        Assert.Equal(ChunkStatus.Pending, assembler.Add(chunks[0][1], out _));
    }
}
