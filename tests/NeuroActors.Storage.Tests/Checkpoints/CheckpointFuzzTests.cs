using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Storage.Tests.Checkpoints;

/// <summary>
/// Mutations of a real checkpoint (its manifest's text, its parts' bytes, and sections changed with their checksums
/// recomputed so that only the decoders can refuse them), read whole and restored into a cut of three shards: each
/// loads or is refused with a one-line <see cref="CheckpointException"/>; never another exception, a crash or a hang.
/// The suite runs a fast seeded subset; the long run sets the number of cases (docs/reliability.md, "Input limits"):
/// <c>NEUROACTORS_FUZZ_CASES=10000 dotnet test tests/NeuroActors.Storage.Tests -c Release --filter FullyQualifiedName~Fuzz</c>.
/// </summary>
public sealed class CheckpointFuzzTests : IDisposable
{
    private const int SuiteCases = 200;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lazy<IReadOnlyList<IShardBackend>> Kernels = new(() =>
    {
        var plan = new NetworkPlan(Fixture.Spec, 4);
        var kernels = Enumerable.Range(0, 4).Select(k => ShardBackends.Build(plan, k)).ToArray();
        foreach (int j in new[] { 5, 6 }) TestNetworks.SetWeightsScaled(kernels, j, 1.25f);
        return SequentialRunner.Run(kernels, 1999);
    });
    private static readonly long[] Interesting = [0, 1, -1, 2, 7, 255, 65535, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue];
    private readonly string _dir;

    public CheckpointFuzzTests() => _dir = Fixture.Save(Kernels.Value);

    public void Dispose() => Fixture.Delete(Path.GetDirectoryName(_dir)!);

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int v) ? v : fallback;

    [Fact]
    public async Task Mutated_checkpoints_load_or_are_refused_with_one_line()
    {
        int cases = EnvInt("NEUROACTORS_FUZZ_CASES", SuiteCases);
        int seed = EnvInt("NEUROACTORS_FUZZ_SEED", 16);
        int refused = 0;
        for (int i = 0; i < cases; i++)
            if (await Case(seed, i)) refused++;
        Assert.True(refused > cases / 2, $"{refused} of {cases} refused");
    }

    // What the fuzzer found, each written out as a case of its own.

    [Fact]
    public void Pending_input_beyond_the_restoring_shards_ring_buffer_is_refused_naming_the_part()
    {
        // The decoder checks that input arrives after the checkpoint's step; how far ahead a shard can hold it depends
        // on its longest delay, which only the shard knows: its refusal was the kernel's InvalidOperationException.
        string part = MutateSectionWith(0, CheckpointSections.Pending, content =>
        {
            int n = BinaryPrimitives.ReadInt32LittleEndian(content);
            Assert.True(n > 0, "part 0 holds pending input");
            int lastStep = 4 + 5 * n + 8 * (n - 1);
            BinaryPrimitives.WriteInt64LittleEndian(content.AsSpan(lastStep), 1999 + 100_000);
            return content;
        });
        var ex = Fixture.Refused(Read);
        Assert.Contains($"{part} section 'pending': checkpoint holds input for step 101999, outside this shard's ring buffer", ex.Message);
    }

    [Fact]
    public void A_damaged_fingerprint_is_quoted_without_control_characters()
    {
        MutateSectionWith(0, "header", content =>
        {
            BinaryPrimitives.WriteInt32LittleEndian(content.AsSpan(32), int.MaxValue);
            return content;
        });
        var ex = Fixture.Refused(Read);
        Assert.Contains("fingerprint", ex.Message);
        Assert.DoesNotContain(ex.Message, char.IsControl);
    }

    [Fact]
    public void A_population_size_that_overflows_the_gids_is_refused_not_an_overflow()
    {
        string path = Path.Combine(_dir, CheckpointManifest.FileName);
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var populations = root["populations"]!.AsArray();
        populations[^1]!["size"] = int.MaxValue; // its first gid is past 0, so the sum of the two overflows
        File.WriteAllText(path, root.ToJsonString());
        var ex = Fixture.Refused(Read);
        Assert.Contains($"populations[{populations.Count - 1}].size", ex.Message);
    }

    /// <summary>Changes section <paramref name="name"/> of part <paramref name="shard"/> and recomputes the checksums and offsets; returns the part's file name.</summary>
    private string MutateSectionWith(int shard, string name, Func<byte[], byte[]> change)
    {
        string manifestPath = Path.Combine(_dir, CheckpointManifest.FileName);
        var root = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        var part = root["parts"]!.AsArray().Single(p => (int)p!["shard"]! == shard)!;
        string file = (string)part["file"]!;
        var bytes = File.ReadAllBytes(Path.Combine(_dir, file));
        var output = new List<byte>();
        long offset = 0;
        foreach (var section in part["sections"]!.AsArray())
        {
            var content = bytes.AsSpan((int)(long)section!["offset"]!, (int)(long)section["length"]!).ToArray();
            if ((string)section["name"]! == name) content = change(content);
            section["offset"] = offset;
            section["length"] = content.Length;
            section["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content));
            output.AddRange(content);
            offset += content.Length;
        }
        File.WriteAllBytes(Path.Combine(_dir, file), output.ToArray());
        File.WriteAllText(manifestPath, root.ToJsonString());
        return file;
    }

    /// <summary>Runs case <paramref name="i"/> of <paramref name="seed"/>; true when the checkpoint was refused (with one line).</summary>
    private async Task<bool> Case(int seed, int i)
    {
        var files = Directory.GetFiles(_dir).Order(StringComparer.Ordinal).ToArray();
        _originals ??= files.ToDictionary(f => f, File.ReadAllBytes);
        string manifestPath = Path.Combine(_dir, CheckpointManifest.FileName);
        foreach (var (path, bytes) in _originals) File.WriteAllBytes(path, bytes);
        // Not HashCode.Combine, whose seed changes with every process: a case number names the same input everywhere.
        var random = new Random(unchecked(seed * 1_000_003 + i));
        string what = random.Next(3) switch
        {
            0 => MutateManifest(manifestPath, random),
            1 => MutatePart(files.Where(f => f != manifestPath).ToArray(), random),
            _ => MutateSection(manifestPath, random),
        };
        string where = $"case {i} (seed {seed}): {what}";
        try
        {
            await Task.Run(Read).WaitAsync(CaseTimeout);
            return false;
        }
        catch (CheckpointException ex)
        {
            Assert.False(ex.Message.Any(char.IsControl), $"{where}: a refusal spans lines: {ex.Message}");
            return true;
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{where}: no answer within {CaseTimeout.TotalSeconds} s");
            throw;
        }
        catch (Exception ex)
        {
            Assert.Fail($"{where}: {ex.GetType().Name}: {ex.Message}\n{ex}");
            throw;
        }
    }

    private Dictionary<string, byte[]>? _originals;

    /// <summary>Reads the checkpoint whole, then restores it into three shards, as a resumed run does.</summary>
    private void Read()
    {
        CheckpointStore.Load(_dir, Fixture.Layout);
        var manifest = CheckpointDirectory.ReadManifest(_dir, Fixture.Layout);
        var plan = new NetworkPlan(Fixture.Spec, 3);
        for (int k = 0; k < plan.Shards; k++)
            CheckpointDirectory.ReadForShard(_dir, manifest, Fixture.Layout, GidRange.HeldBy(plan, k)).RestoreInto(ShardBackends.Build(plan, k));
    }

    private static string MutateManifest(string path, Random random)
    {
        var text = new StringBuilder(File.ReadAllText(path));
        string[] tokens = ["0", "-1", "1e400", "null", "true", "\"\"", "[]", "{}", "\"x\"", "2147483648", "9223372036854775808", "\"../x\"", "\n", "\"", "}", "]", ","];
        int at = random.Next(text.Length);
        switch (random.Next(4))
        {
            case 0: text.Insert(at, tokens[random.Next(tokens.Length)]); break;
            case 1: text.Remove(at, Math.Min(text.Length - at, 1 + random.Next(20))); break;
            case 2: text[at] = (char)random.Next(32, 127); break;
            default:
            {
                // A number of the manifest replaced: offsets, lengths, steps, shard numbers, gid ranges.
                int start = at, end = at;
                while (start > 0 && char.IsDigit(text[start - 1])) start--;
                while (end < text.Length && char.IsDigit(text[end])) end++;
                text.Remove(start, end - start).Insert(start, Interesting[random.Next(Interesting.Length)]);
                break;
            }
        }
        File.WriteAllText(path, text.ToString());
        return $"manifest edited at {at}";
    }

    private static string MutatePart(string[] parts, Random random)
    {
        var path = parts[random.Next(parts.Length)];
        var bytes = File.ReadAllBytes(path);
        int at = random.Next(bytes.Length);
        if (random.Next(2) == 0) bytes[at] ^= (byte)(1 + random.Next(255));
        else bytes = bytes[..at];
        File.WriteAllBytes(path, bytes);
        return $"{Path.GetFileName(path)} changed at byte {at}";
    }

    /// <summary>A section changed and its checksum (and the offsets after it) recomputed, so that only its decoder can refuse it.</summary>
    private string MutateSection(string manifestPath, Random random)
    {
        var root = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        var parts = root["parts"]!.AsArray();
        var part = parts[random.Next(parts.Count)]!;
        var sections = part["sections"]!.AsArray();
        int chosen = random.Next(sections.Count);
        string file = Path.Combine(_dir, (string)part["file"]!);
        var bytes = File.ReadAllBytes(file);
        var output = new List<byte>();
        string what = "";
        long offset = 0;
        for (int s = 0; s < sections.Count; s++)
        {
            var section = sections[s]!;
            var content = bytes.AsSpan((int)(long)section["offset"]!, (int)(long)section["length"]!).ToArray();
            if (s == chosen)
            {
                (content, what) = Change(content, random);
                what = $"{Path.GetFileName(file)} section '{(string)section["name"]!}': {what}";
            }
            section["offset"] = offset;
            section["length"] = content.Length;
            section["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content));
            output.AddRange(content);
            offset += content.Length;
        }
        File.WriteAllBytes(file, output.ToArray());
        File.WriteAllText(manifestPath, root.ToJsonString());
        return what;
    }

    private static (byte[] Content, string What) Change(byte[] content, Random random)
    {
        if (content.Length == 0 || random.Next(6) == 0)
        {
            var grown = content.Concat(Enumerable.Range(0, 1 + random.Next(16)).Select(_ => (byte)random.Next(256))).ToArray();
            return (grown, "bytes appended");
        }
        int at = random.Next(content.Length);
        switch (random.Next(4))
        {
            case 0:
                return (content[..at], $"cut at {at}");
            case 1:
                content[at] ^= (byte)(1 + random.Next(255));
                return (content, $"byte {at} flipped");
            default:
                // A count, index or step set to an extreme: the values decoders must not trust.
                at &= ~3;
                long value = Interesting[random.Next(Interesting.Length)];
                if (at + 8 <= content.Length && random.Next(2) == 0) BinaryPrimitives.WriteInt64LittleEndian(content.AsSpan(at), value);
                else if (at + 4 <= content.Length) BinaryPrimitives.WriteInt32LittleEndian(content.AsSpan(at), (int)value);
                return (content, $"value {value} written at {at}");
        }
    }
}
