using System.Buffers;
using MessagePack;
using NeuroActors.Runtime.Wire;

namespace NeuroActors.Runtime.Tests.Wire;

/// <summary>
/// Hostile bytes: each input either decodes or throws <see cref="WireFormatException"/>, within bounded work. Any
/// other exception (index out of range, out of memory, overflow...) or a decode that allocates out of proportion to
/// its input fails the test.
/// </summary>
public class FuzzTests(WireFixture wire) : IClassFixture<WireFixture>
{
    /// <summary>
    /// What decoding an input may allocate: a message expands its bytes at most a few times over (a one-byte varint
    /// becomes an eight-byte long), plus the decoder's fixed buffers. A decoder that trusts a count read off the wire
    /// allocates far more, and does so whatever the machine's load, unlike a wall-clock limit.
    /// </summary>
    private static long MostAllocated(int inputBytes) => 64L * inputBytes + (4 << 20);

    /// <summary>NEUROACTORS_FUZZ_SCALE=n runs n times as many inputs with other seeds (a longer campaign by hand).</summary>
    private static readonly int Scale = int.TryParse(Environment.GetEnvironmentVariable("NEUROACTORS_FUZZ_SCALE"), out int s) && s > 0 ? s : 1;

    public static TheoryData<string> Manifests => new(WireManifests.All.Select(t => t.Manifest));

    private (int Decoded, int Refused) Feed(string manifest, IEnumerable<byte[]> inputs)
    {
        int decoded = 0, refused = 0;
        foreach (var bytes in inputs)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                wire.Serializer.FromBinary(bytes, manifest);
                decoded++;
            }
            catch (WireFormatException)
            {
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{manifest}: {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 64)))} threw {e}");
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated <= MostAllocated(bytes.Length), $"{manifest}: a {bytes.Length}-byte input allocated {allocated} bytes");
        }
        return (decoded, refused);
    }

    private byte[][] Valid(string manifest) => WireSamples.All(wire.Shards)
        .Where(s => s.Manifest == manifest)
        .Select(s => wire.Serializer.ToBinary(s.Message))
        .ToArray();

    [Fact]
    public void Refusals_are_counted_by_the_actor_system_that_refused_them()
    {
        // Several nodes share a process in tests: one node's refusals must not show in another's report.
        using var other = new WireFixture();
        Assert.Same(wire.Serializer, NeuroActorsSerializer.For(wire.System));
        Assert.Same(other.Serializer, NeuroActorsSerializer.For(other.System));
        long mine = wire.Serializer.Malformed, theirs = other.Serializer.Malformed;
        Assert.Throws<WireFormatException>(() => other.Serializer.FromBinary([0xC1, 0xC1], WireManifests.SpikePacket));
        Assert.Equal(theirs + 1, other.Serializer.Malformed);
        Assert.Equal(mine, wire.Serializer.Malformed);
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void RandomBuffersAreRefusedOrDecoded(string manifest)
    {
        var random = new Random(manifest.Length * 31 + manifest[0] + 12345 * Scale);
        int total = 3000 * Scale;
        var inputs = Enumerable.Range(0, total).Select(i =>
        {
            var bytes = new byte[random.Next(i % 10 == 0 ? 2000 : 40)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && i % 2 == 0) bytes[0] = 1; // get past the version now and then
            return bytes;
        });
        long before = wire.Serializer.Malformed;
        var (decoded, refused) = Feed(manifest, inputs);
        Assert.True(refused > 0);
        Assert.True(wire.Serializer.Malformed - before >= refused, "refused messages must be counted");
        Assert.Equal(total, decoded + refused);
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void MutatedValidEncodingsAreRefusedOrDecoded(string manifest)
    {
        var random = new Random(manifest.Length * 7919 + manifest[0] + Scale);
        var valid = Valid(manifest).Where(v => v.Length < 20_000).ToArray();
        var inputs = new List<byte[]>();
        foreach (var original in valid)
        {
            for (int k = 0; k < 1500 * Scale / valid.Length; k++)
            {
                var bytes = (byte[])original.Clone();
                int flips = 1 + random.Next(4);
                for (int f = 0; f < flips && bytes.Length > 0; f++)
                {
                    int at = random.Next(bytes.Length);
                    bytes[at] = random.Next(4) switch
                    {
                        0 => (byte)random.Next(256),
                        1 => 0xFF,
                        2 => (byte)(bytes[at] ^ (1 << random.Next(8))),
                        _ => (byte)random.Next(0xc0, 0xe0), // a MessagePack type code
                    };
                }
                inputs.Add(bytes);
            }
            // Every truncation (a stride through long ones), and trailing garbage.
            int stride = Math.Max(1, original.Length / 400);
            for (int length = 0; length < original.Length; length += stride) inputs.Add(original[..length]);
            inputs.Add([.. original, 0x00]);
            inputs.Add([.. original, .. original]);
        }
        var (decoded, refused) = Feed(manifest, inputs);
        Assert.True(refused > inputs.Count / 10, $"{refused} of {inputs.Count} refused");
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void TruncatedAndPaddedEncodingsAreAlwaysRefused(string manifest)
    {
        foreach (var original in Valid(manifest).Where(v => v.Length < 5_000))
        {
            for (int length = 0; length < original.Length; length++)
                Assert.Throws<WireFormatException>(() => wire.Serializer.FromBinary(original[..length], manifest));
            var ex = Assert.Throws<WireFormatException>(() => wire.Serializer.FromBinary([.. original, 0xC0], manifest));
            Assert.Contains("trailing", ex.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void UnknownVersionsAreRefused(string manifest)
    {
        foreach (var version in new byte[] { 0, 1, 2, 3, 0x7F, 0xFF, 0xC0 })
        {
            if (version == manifest[^1] - '0') continue; // the one version this build reads
            var bytes = (byte[])Valid(manifest)[0].Clone();
            bytes[0] = version;
            var ex = Assert.Throws<WireFormatException>(() => wire.Serializer.FromBinary(bytes, manifest));
            Assert.Contains("format version", ex.Message);
        }
    }

    [Fact]
    public void UnknownManifestsAreRefused()
    {
        var bytes = wire.Serializer.ToBinary(new ShardProgress(1, 2));
        foreach (var manifest in new[] { "", "SP3", "SP1", "sp2", "SP2 ", "NeuroActors.Runtime.ShardProgress" })
            Assert.Contains("unknown manifest", Assert.Throws<WireFormatException>(() => wire.Serializer.FromBinary(bytes, manifest)).Message);
    }

    private delegate void WriteAction(ref MessagePackWriter writer);

    private static byte[] Craft(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        write(ref w);
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static TheoryData<string, string, string> Crafted => new()
    {
        // manifest, hex bytes, what the message must mention
        { "SP2", "02 0A 02 92 01 02 91 00", "2 keys" },                      // 2 keys, 1 offset
        { "SP2", "02 0A 02 91 FF 91 00", "" },                              // negative key (-1)
        { "SP2", "02 0A 02 91 01 91 D2 FFFFFFFF", "must be at least 0" },   // negative offset (int32 -1)
        { "SP2", "02 0A 02 DD FFFFFFFF", "" },                              // array32 of 4 294 967 295 elements
        { "SP2", "02 0A 02 DD 7FFFFFFF 00", "" },                           // 2^31-1 elements, one byte left
        { "SP2", "02 0A 02 DC FFFF 01", "" },                               // 65535 elements, one byte left
        { "SP2", "02 D3 FFFFFFFFFFFFFFFF 02 90 90", "must not be negative" }, // packet number -1
        { "SP2", "02 CF FFFFFFFFFFFFFFFF 02 90 90", "" },                   // packet number 2^64-1: overflow
        { "SP2", "02 0A CE FFFFFFFF 90 90", "" },                           // shard 2^32-1: overflow
        { "SP2", "02 0A 02 C4 00 90", "" },                                 // bin where an array belongs
        { "SP2", "02 0A 02 90 90 00", "trailing" },
        { "SPC2", "02 0A 02 03 03 90 90", "slice position" },               // index == count
        { "SPC2", "02 0A 02 FF 03 90 90", "slice position" },               // index -1
        { "SPC2", "02 0A 02 00 00 90 90", "slice position" },               // count 0
        { "RS2", "02 0A 01 91 A3 616263", "not an actor path" },            // "abc"
        { "RS2", "02 0A 01 DC 1000 A1 61", "" },                            // 4096 paths, one present
        { "RS2", "02 0A 00 90", "packets per window is 0" },                // no packets per window
        { "RS2", "02 0A 01 91 B0 616B6B613A2F2F772F75736572236139", "actor path" }, // "akka://w/user#a9": a uid that is not a number
        { "RC1", "01 00 C4 00 91 00 93 00 01 02 C4 10 00000000000000000000000000000000 91 C4 08 0000000000000000", "3 neurons" },
        { "RC1", "01 00 C4 00 DC FFFF", "" },                               // 65535 states, none present
        { "RE3", "03 FF 00 00 90", "shard" },                               // a negative shard number
        { "RE3", "02 00 00 00", "version" },                                // layout 2 (no backend counters) under the layout-3 manifest
        { "RE3", "03 00 00 00 92 A1 61 01 A1 61 02", "twice" },             // a counter named twice
        { "RE3", "03 00 00 00 91 A1 61 FF", "counter" },                    // a negative counter
        { "BS2", "02 C3 DB FFFFFFF0 41", "claims" },                         // str32 manifest claiming 4 GB
        { "BS2", "02 C3 C0", "nil" },                                       // a resume with a nil manifest
        { "BS2", "02 02", "" },                                             // an int where a bool belongs
        { "CB1", "01 00 00 C6 7FFFFFFF 00", "claims" },                     // bin32 piece claiming 2 GB
        { "CP1", "01 00 00 C4 00 C3 A1 61 00 00 91 00 90", "pairs" },        // an odd number of gid bounds
        { "CP1", "01 00 00 C4 00 C3 A1 61 00 00 90 DD 7FFFFFFF", "truncated" }, // 2^31 sections in a few bytes
        { "SV2", "02 A1 78 C3 C0", "nil" },                                 // a nil directory
    };

    [Theory]
    [MemberData(nameof(Crafted))]
    public void CraftedAttacksAreRefusedWithOneExceptionType(string manifest, string hex, string mention)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", ""));
        var ex = Assert.Throws<WireFormatException>(() => wire.Serializer.FromBinary(bytes, manifest));
        Assert.Contains(manifest, ex.Message);
        if (mention.Length > 0) Assert.Contains(mention, ex.Message);
    }

    [Fact]
    public void ManyEmptyRowsCannotMakeTheReaderAllocateWithoutBound()
    {
        // RE1 with 20 000 neurons, no samples and 20 000 variables would ask for 400 million empty rows from 60 kB.
        var bytes = Craft((ref MessagePackWriter w) =>
        {
            w.Write(1); w.Write(0); w.Write(ReadOnlySpan<byte>.Empty);
            w.WriteArrayHeader(1);
            w.Write(0);
            w.WriteArrayHeader(20_000); for (int i = 0; i < 20_000; i++) w.Write(1);
            w.Write(ReadOnlySpan<byte>.Empty);
            w.WriteArrayHeader(20_000); for (int i = 0; i < 20_000; i++) w.Write(ReadOnlySpan<byte>.Empty);
        });
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<WireFormatException>(() => wire.Serializer.FromBinary(bytes, WireManifests.ShardRecordings));
        Assert.Contains("allocate", ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before <= MostAllocated(bytes.Length));
    }
}
