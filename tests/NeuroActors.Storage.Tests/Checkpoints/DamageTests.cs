using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Storage.Tests.Checkpoints;

/// <summary>
/// Damaged checkpoints are refused with one line. Byte flips and truncations of a part always fail a checksum; the
/// structural checks are exercised by changing a section and recomputing its checksum in the manifest.
/// </summary>
public sealed class DamageTests : IDisposable
{
    // Step 1999 is the last of its window: parts hold pending input and the spikes of nine steps not yet delivered.
    // Four shards keep parts small. The weights of two small projections were set (exc -> exc one to one, exc -> izh),
    // so parts hold a plastic section too.
    private const int Step = 1999;
    private static readonly int[] SetProjections = [5, 6];
    private static readonly Lazy<IReadOnlyList<IShardBackend>> Kernels = new(() =>
    {
        var plan = new NetworkPlan(Fixture.Spec, 4);
        var kernels = Enumerable.Range(0, 4).Select(k => ShardBackends.Build(plan, k)).ToArray();
        foreach (int j in SetProjections) TestNetworks.SetWeightsScaled(kernels, j, 1.25f);
        return SequentialRunner.Run(kernels, Step);
    });
    private readonly string _dir;

    public DamageTests() => _dir = Fixture.Save(Kernels.Value);

    public void Dispose() => Fixture.Delete(Path.GetDirectoryName(_dir)!);

    private string PartPath(int shard) => Path.Combine(_dir, PartCodec.FileName(shard));
    private string ManifestPath => Path.Combine(_dir, CheckpointManifest.FileName);

    private CheckpointException Load() => Fixture.Refused(() => CheckpointStore.Load(_dir, Fixture.Layout));

    // The control for every refusal below: the same checkpoint undamaged loads, whole.
    [Fact]
    public void TheUndamagedCheckpointLoads()
    {
        var loaded = CheckpointStore.Load(_dir, Fixture.Layout);
        Assert.Equal(Kernels.Value[0].Step, loaded.Step);
        Assert.Equal(Fixture.Spec.Populations.Sum(p => p.Size), loaded.Neurons.Length);
        Assert.NotEmpty(loaded.Pending);
        Assert.NotEmpty(loaded.Outbox);
        foreach (int j in SetProjections)
            Assert.Equal(TestNetworks.Weights(Kernels.Value, j).Weight, loaded.Weights.Where(b => b.Projection == j).SelectMany(b => b.Weight));
    }

    [Fact]
    public void EveryByteOfAPartFlippedIsRefused()
    {
        var path = PartPath(1);
        var original = File.ReadAllBytes(path);
        var entry = CheckpointDirectory.ReadManifest(_dir, Fixture.Layout).Parts[1];
        Assert.True(entry.Section(CheckpointSections.Plastic).Length > 4, "the part holds weights");
        for (int i = 0; i < original.Length; i++)
        {
            var bytes = (byte[])original.Clone();
            bytes[i] ^= 0xFF;
            File.WriteAllBytes(path, bytes);
            var section = entry.Sections.Single(s => i >= s.Offset && i < s.Offset + s.Length);
            var ex = Load();
            Assert.Contains($"section '{section.Name}': checksum mismatch", ex.Message);
        }
        File.WriteAllBytes(path, original);
        CheckpointStore.Load(_dir, Fixture.Layout);
    }

    [Fact]
    public void APartTruncatedAtEveryLengthOrWithTrailingBytesIsRefused()
    {
        var path = PartPath(2);
        var original = File.ReadAllBytes(path);
        for (int n = 0; n < original.Length; n++)
        {
            File.WriteAllBytes(path, original[..n]);
            Assert.Contains("truncated", Load().Message);
        }
        File.WriteAllBytes(path, [.. original, 0]);
        Assert.Contains("trailing bytes", Load().Message);
    }

    [Fact]
    public void AMissingPartIsRefused()
    {
        File.Delete(PartPath(3));
        Assert.Contains("part-3.bin is missing", Load().Message);
    }

    [Fact]
    public void ADirectoryWithoutAManifestIsAnIncompleteCheckpoint()
    {
        File.Delete(ManifestPath);
        Assert.Contains("incomplete checkpoint", Fixture.Refused(() => CheckpointStore.Detect(_dir)).Message);
        Assert.Contains("incomplete checkpoint", Load().Message);
        Assert.Contains("incomplete checkpoint", Fixture.Refused(() => CheckpointDirectory.ReadManifest(_dir, Fixture.Layout)).Message);
    }

    [Fact]
    public void RewritingAPartRemovesTheOldManifestUntilTheNewOneIsCommitted()
    {
        var part = PartCodec.Encode(Fixture.Layout, 0, Kernels.Value[0].Snapshot());
        CheckpointDirectory.WritePart(_dir, part);
        Assert.Contains("incomplete checkpoint", Load().Message);
    }

    [Fact]
    public void CommittingAManifestWhosePartIsMissingIsRefused()
    {
        var manifest = CheckpointDirectory.ReadManifest(_dir, Fixture.Layout);
        File.Delete(ManifestPath);
        File.Delete(PartPath(0));
        Fixture.Refused(() => CheckpointDirectory.Commit(_dir, manifest));
        Assert.False(File.Exists(ManifestPath));
    }

    [Fact]
    public void ACheckpointOfAnotherModelIsRefused()
    {
        var other = CheckpointLayout.Of(TestNetworks.Mixed(durationMs: 200, seed: 8));
        Assert.Contains("different model or seed", Fixture.Refused(() => CheckpointStore.Load(_dir, other)).Message);
    }

    /// <summary>Every field removed, given the wrong type, or given another value: refused each time.</summary>
    [Fact]
    public void EveryManifestFieldRemovedRetypedOrChangedIsRefused()
    {
        var text = File.ReadAllText(ManifestPath);
        int edits = 0;
        foreach (var edit in Edits(JsonNode.Parse(text)!))
        {
            var root = JsonNode.Parse(text)!;
            var description = edit(root);
            File.WriteAllText(ManifestPath, root.ToJsonString());
            var ex = Assert.Throws<CheckpointException>(() => CheckpointStore.Load(_dir, Fixture.Layout));
            Assert.DoesNotContain('\n', ex.Message);
            Assert.False(string.IsNullOrWhiteSpace(ex.Message), description);
            edits++;
        }
        Assert.True(edits > 100, $"only {edits} edits");
        File.WriteAllText(ManifestPath, "{ not json");
        Assert.Contains("not valid JSON", Load().Message);
        File.WriteAllText(ManifestPath, text);
        CheckpointStore.Load(_dir, Fixture.Layout);
    }

    /// <summary>
    /// A checkpoint that carries recordings: every field of their description in the session object removed, retyped or
    /// changed is refused by the session's checksum, before anything reads the files.
    /// </summary>
    [Fact]
    public void EveryRecordingsFieldRemovedRetypedOrChangedIsRefused()
    {
        string root = Fixture.TempDir();
        try
        {
            using (var store = new Recording.RecordingStore(Fixture.Spec, 2, root))
            {
                store.AppendSpikes(0, [SpikeEvent.Pack(3, 1), SpikeEvent.Pack(9, 2)]);
                store.AppendState(4, 1, new Recording.StateChunk([0, 17, 39], [0, 1], [[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]));
                var manifest = CheckpointDirectory.ReadManifest(_dir, Fixture.Layout);
                // Writing the recordings removes the manifest: the checkpoint is incomplete until it is committed again.
                var recordings = CheckpointRecordings.Write(store, _dir, 0, Step, new RecordingTotals(10, 20, 0.5));
                Assert.Contains("incomplete checkpoint", Load().Message);
                CheckpointDirectory.Commit(_dir, CheckpointManifest.Create(Fixture.Layout, Step, manifest.Parts,
                    new JsonObject { ["trial"] = 0, [CheckpointRecordings.Key] = recordings.ToJson() }));
            }
            var text = File.ReadAllText(ManifestPath);
            Assert.Equal(2, CheckpointRecordings.FromJson(CheckpointDirectory.ReadManifest(_dir, Fixture.Layout).Session, Fixture.Spec, Step, "ck")!.SpikeCount);
            int edits = 0;
            foreach (var edit in Edits(JsonNode.Parse(text)!["session"]![CheckpointRecordings.Key]!, $"/session/{CheckpointRecordings.Key}"))
            {
                var root2 = JsonNode.Parse(text)!;
                var description = edit(root2);
                File.WriteAllText(ManifestPath, root2.ToJsonString());
                var ex = Assert.Throws<CheckpointException>(() => CheckpointStore.Load(_dir, Fixture.Layout));
                Assert.Contains("session: checksum mismatch", ex.Message);
                edits++;
            }
            Assert.True(edits > 40, $"only {edits} edits");
        }
        finally
        {
            Fixture.Delete(root);
        }
    }

    /// <summary>Edits of a manifest addressed by path, so each applies to a fresh copy.</summary>
    private static IEnumerable<Func<JsonNode, string>> Edits(JsonNode node, string path = "")
    {
        JsonNode At(JsonNode root)
        {
            var n = root;
            foreach (var step in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
                n = int.TryParse(step, out int i) && n is JsonArray ? n[i]! : n[step]!;
            return n;
        }
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    string p = $"{path}/{name}";
                    yield return root => { ((JsonObject)At(root)).Remove(name); return $"remove {p}"; };
                    yield return root => { ((JsonObject)At(root))[name] = child is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? (JsonNode)1 : (JsonNode)"x"; return $"retype {p}"; };
                    foreach (var e in Edits(child!, p)) yield return e;
                }
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    int k = i;
                    yield return root => { ((JsonArray)At(root))[k] = new JsonObject(); return $"retype {path}/{k}"; };
                    foreach (var e in Edits(a[i]!, $"{path}/{i}")) yield return e;
                }
                break;
            case JsonValue v:
                string where = path;
                string parent = path[..path.LastIndexOf('/')], leaf = path[(path.LastIndexOf('/') + 1)..];
                yield return root =>
                {
                    var holder = At(root).Parent!;
                    JsonNode changed = v.GetValueKind() switch
                    {
                        System.Text.Json.JsonValueKind.String => JsonValue.Create(v.GetValue<string>() == "" ? "x" : v.GetValue<string>()[..^1] + (v.GetValue<string>()[^1] == '0' ? '1' : '0'))!,
                        System.Text.Json.JsonValueKind.Number => JsonValue.Create(v.GetValue<double>() + 1)!,
                        _ => JsonValue.Create(v.GetValue<bool>() ? false : true)!,
                    };
                    if (holder is JsonArray arr) arr[int.Parse(leaf)] = changed;
                    else holder[leaf] = changed;
                    return $"change {where}";
                };
                break;
        }
    }

    [Fact]
    public void AnEmptyManifestPartListOrOverlappingPartsAreRefused()
    {
        var text = File.ReadAllText(ManifestPath);
        var root = JsonNode.Parse(text)!;
        root["parts"] = new JsonArray();
        File.WriteAllText(ManifestPath, root.ToJsonString());
        Assert.Contains("no parts", Load().Message);

        root = JsonNode.Parse(text)!;
        root["parts"]![1]!["gids"] = JsonNode.Parse(root["parts"]![0]!["gids"]!.ToJsonString());
        File.WriteAllText(ManifestPath, root.ToJsonString());
        Assert.Contains("also in another part", Load().Message);

        root = JsonNode.Parse(text)!;
        root["parts"]![1]!["file"] = "../part-1.bin";
        File.WriteAllText(ManifestPath, root.ToJsonString());
        Assert.Contains("not a plain part file name", Load().Message);
    }

    // Structural checks: the section is changed and its checksum recomputed, so only the decoder can refuse it.

    private CheckpointException RefusedAfter(int shard, string section, Func<byte[], byte[]> change, Func<CheckpointException>? load = null)
    {
        var manifestText = File.ReadAllText(ManifestPath);
        var bytes = File.ReadAllBytes(PartPath(shard));
        try { return Rewrite(shard, section, change, load, manifestText, bytes); }
        finally
        {
            // Each case starts from the undamaged checkpoint.
            File.WriteAllText(ManifestPath, manifestText);
            File.WriteAllBytes(PartPath(shard), bytes);
        }
    }

    private CheckpointException Rewrite(int shard, string section, Func<byte[], byte[]> change, Func<CheckpointException>? load, string manifestText, byte[] bytes)
    {
        var root = JsonNode.Parse(manifestText)!;
        var part = root["parts"]!.AsArray().Single(p => (int)p!["shard"]! == shard)!;
        var output = new List<byte>();
        long offset = 0;
        foreach (var s in part["sections"]!.AsArray())
        {
            var content = bytes.AsSpan((int)(long)s!["offset"]!, (int)(long)s["length"]!).ToArray();
            if ((string)s["name"]! == section) content = change(content);
            s["offset"] = offset;
            s["length"] = content.Length;
            s["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content));
            output.AddRange(content);
            offset += content.Length;
        }
        File.WriteAllBytes(PartPath(shard), output.ToArray());
        File.WriteAllText(ManifestPath, root.ToJsonString());
        var ex = (load ?? Load)();
        Assert.Contains($"section '{section}'", ex.Message);
        Assert.DoesNotContain("checksum", ex.Message);
        return ex;
    }

    private static byte[] SetInt32(byte[] b, int at, int value) { BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(at), value); return b; }
    private static byte[] SetInt64(byte[] b, int at, long value) { BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(at), value); return b; }
    private static byte[] SetDouble(byte[] b, int at, double value) { BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(at), value); return b; }

    // neurons: int32 blocks; block: int32 population, int32 width, int32 count, int32[count] gids, doubles.
    private const int FirstBlockCount = 12, FirstGid = 16;
    private static int FirstValue(byte[] b) => FirstGid + 4 * BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(FirstBlockCount));

    [Fact]
    public void NeuronsSectionsThatAreWrongAreRefused()
    {
        Assert.Contains("not a finite number", RefusedAfter(1, "neurons", b => SetDouble(b, FirstValue(b), double.NaN)).Message);
        Assert.Contains("not a finite number", RefusedAfter(1, "neurons", b => SetDouble(b, FirstValue(b) + 8, double.PositiveInfinity)).Message);
        Assert.Contains("appears twice", RefusedAfter(1, "neurons", b => SetInt32(b, FirstGid + 4, BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(FirstGid)))).Message);
        Assert.Contains("is outside population", RefusedAfter(1, "neurons", b => SetInt32(b, FirstGid, Fixture.Layout.TotalNeurons + 5)).Message);
        Assert.Contains("rows of 7 values", RefusedAfter(1, "neurons", b => SetInt32(b, 8, 7)).Message);
        Assert.Contains("negative", RefusedAfter(1, "neurons", b => SetInt32(b, 0, -1)).Message);
        Assert.Contains("bytes left", RefusedAfter(1, "neurons", b => SetInt32(b, FirstBlockCount, 1_000_000)).Message);
        Assert.Contains("bytes left", RefusedAfter(1, "neurons", b => SetInt32(b, 0, int.MaxValue)).Message);
        Assert.Contains("trailing bytes", RefusedAfter(1, "neurons", b => [.. b, 0, 0]).Message);
        Assert.Contains("left", RefusedAfter(1, "neurons", b => b[..^3]).Message);
        Assert.Contains("population 99", RefusedAfter(1, "neurons", b => SetInt32(b, 4, 99)).Message);
        // Population 0 (iaf_psc_delta) keeps v, then the refractory countdown: half a step is no countdown.
        Assert.Contains("not a whole number of steps", RefusedAfter(1, "neurons", b => SetDouble(b, FirstValue(b) + 8 * BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(FirstBlockCount)), 0.5)).Message);
        // A block that drops its last neuron leaves one of the part's gids without a row.
        Assert.Contains("gid ranges hold", RefusedAfter(1, "neurons", b =>
        {
            int count = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(FirstBlockCount));
            var rows = b.ToList();
            // width 2: remove the second column's last value, the first column's last value, then the last gid.
            int values = FirstValue(b);
            rows.RemoveRange(values + 8 * (2 * count - 1), 8);
            rows.RemoveRange(values + 8 * (count - 1), 8);
            rows.RemoveRange(FirstGid + 4 * (count - 1), 4);
            return SetInt32([.. rows], FirstBlockCount, count - 1);
        }).Message);
    }

    // pending: int32 n, int32[n] gid, byte[n] receptor, int64[n] step, double[n] value.
    private static int PendingCount(byte[] b) => BinaryPrimitives.ReadInt32LittleEndian(b);

    [Fact]
    public void PendingSectionsThatAreWrongAreRefused()
    {
        Assert.Contains("not a finite number", RefusedAfter(1, "pending", b => SetDouble(b, 4 + 13 * PendingCount(b), double.NaN)).Message);
        Assert.Contains("not a finite number", RefusedAfter(1, "pending", b => SetDouble(b, 4 + 13 * PendingCount(b), double.NegativeInfinity)).Message);
        Assert.Contains("receptor 2; its population's receptors are 0..1", RefusedAfter(1, "pending", b => { b[4 + 4 * PendingCount(b)] = 2; return b; }).Message);
        Assert.Contains("before the checkpoint", RefusedAfter(1, "pending", b => SetInt64(b, 4 + 5 * PendingCount(b), Step - 1)).Message);
        Assert.Contains("outside the part's gid ranges", RefusedAfter(1, "pending", b => SetInt32(b, 4, 0)).Message);
        Assert.Contains("repeated or out of order", RefusedAfter(1, "pending", b =>
        {
            int n = PendingCount(b);
            SetInt32(b, 8, BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(4)));
            b[4 + 4 * n + 1] = b[4 + 4 * n];
            return SetInt64(b, 4 + 5 * n + 8, BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(4 + 5 * n)));
        }).Message);
        Assert.Contains("negative", RefusedAfter(1, "pending", b => SetInt32(b, 0, -3)).Message);
        Assert.Contains("bytes left", RefusedAfter(1, "pending", b => SetInt32(b, 0, PendingCount(b) + 1)).Message);
        Assert.Contains("trailing bytes", RefusedAfter(1, "pending", b => [.. b, 1]).Message);
    }

    /// <summary>The shard whose part holds the most undelivered spikes (the cases below need two).</summary>
    private int Busiest()
    {
        var manifest = CheckpointDirectory.ReadManifest(_dir, Fixture.Layout);
        int Count(PartEntry p) => BinaryPrimitives.ReadInt32LittleEndian(File.ReadAllBytes(Path.Combine(_dir, p.File)).AsSpan((int)p.Section("inflight").Offset));
        var busiest = manifest.Parts.MaxBy(Count)!;
        Assert.True(Count(busiest) >= 2);
        return busiest.Shard;
    }

    [Fact]
    public void InflightSectionsThatAreWrongAreRefused()
    {
        long First(byte[] b) => BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(4));
        var window = Fixture.Layout.WindowSteps;
        int busiest = Busiest();
        Assert.Contains("outside the last window", RefusedAfter(busiest, "inflight", b => SetInt64(b, 4, SpikeEvent.Pack(Step - window - 1, SpikeEvent.Gid(First(b))))).Message);
        Assert.Contains("outside the last window", RefusedAfter(busiest, "inflight", b => SetInt64(b, 4, SpikeEvent.Pack(Step, SpikeEvent.Gid(First(b))))).Message);
        Assert.Contains("outside the part's gid ranges", RefusedAfter(busiest, "inflight", b => SetInt64(b, 4, SpikeEvent.Pack(SpikeEvent.Step(First(b)), 0))).Message);
        Assert.Contains("repeated or out of order", RefusedAfter(busiest, "inflight", b => SetInt64(b, 12, First(b))).Message);
        Assert.Contains("bytes left", RefusedAfter(busiest, "inflight", b => SetInt32(b, 0, 1 << 30)).Message);
    }

    [Fact]
    public void ANonEmptySectionThisBuildCannotInterpretIsRefused()
    {
        Assert.Contains("holds 1 entries", RefusedAfter(0, "backend", _ => [1, 0, 0, 0, 42, 42, 42, 42]).Message);
        Assert.Contains("trailing bytes", RefusedAfter(0, "backend", b => [.. b, 0]).Message);
    }

    // plastic: int32 blocks; block: int32 projection, int32 n, int32[n] targets, int32[n] sources, int32[n] multapses,
    // float[n] weights. Shard 1's first block is projection 5 (exc -> exc one to one: entry i is t_i -> t_i, multapse 0).
    private static int Entries(byte[] b) => BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(8));
    private static int Int32At(byte[] b, int at) => BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(at));
    private static int Targets(byte[] b) => 12;
    private static int Sources(byte[] b) => 12 + 4 * Entries(b);
    private static int Multapses(byte[] b) => 12 + 8 * Entries(b);
    private static int Weights(byte[] b) => 12 + 12 * Entries(b);
    private static byte[] SetSingle(byte[] b, int at, float value) { BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(at), value); return b; }

    /// <summary>The first block's entries changed as a list, the section rewritten around them.</summary>
    private static byte[] EditFirstBlock(byte[] b, Action<List<(int Target, int Source, int Multapse, float Weight)>> edit)
    {
        int n = Entries(b);
        var entries = Enumerable.Range(0, n).Select(i => (Int32At(b, Targets(b) + 4 * i), Int32At(b, Sources(b) + 4 * i), Int32At(b, Multapses(b) + 4 * i),
            BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(Weights(b) + 4 * i)))).ToList();
        edit(entries);
        var head = b[..12];
        SetInt32(head, 8, entries.Count);
        var columns = entries.SelectMany(e => BitConverter.GetBytes(e.Item1)).Concat(entries.SelectMany(e => BitConverter.GetBytes(e.Item2)))
            .Concat(entries.SelectMany(e => BitConverter.GetBytes(e.Item3))).Concat(entries.SelectMany(e => BitConverter.GetBytes(e.Item4)));
        return [.. head, .. columns, .. b[(12 + 16 * n)..]];
    }

    [Fact]
    public void PlasticSectionsThatAreWrongAreRefused()
    {
        var exc = Fixture.Layout.Populations[0];
        Assert.True(Int32At(File.ReadAllBytes(PartPath(1)), (int)CheckpointDirectory.ReadManifest(_dir, Fixture.Layout).Parts[1].Section("plastic").Offset) == 2);
        Assert.Contains("block 0 names projection 99; the model has 10", RefusedAfter(1, "plastic", b => SetInt32(b, 4, 99)).Message);
        Assert.Contains("names projection -1", RefusedAfter(1, "plastic", b => SetInt32(b, 4, -1)).Message);
        Assert.Contains("projection 5 (exc->exc) has a second block", RefusedAfter(1, "plastic", b => SetInt32(b, 12 + 16 * Entries(b), 5)).Message);
        Assert.Contains("has weight NaN, not a finite number", RefusedAfter(1, "plastic", b => SetSingle(b, Weights(b), float.NaN)).Message);
        Assert.Contains("not a finite number", RefusedAfter(1, "plastic", b => SetSingle(b, Weights(b) + 4, float.NegativeInfinity)).Message);
        Assert.Contains("gid 170 is not a target of the projection; its targets are exc, gids 0..159", RefusedAfter(1, "plastic", b => SetInt32(b, Targets(b), 170)).Message);
        Assert.Contains("is not a target", RefusedAfter(1, "plastic", b => SetInt32(b, Targets(b), -1)).Message);
        Assert.Contains("target gid 0 is outside the part's gid ranges", RefusedAfter(1, "plastic", b => SetInt32(b, Targets(b), exc.FirstGid)).Message);
        Assert.Contains("gid 170 is not a source of the projection", RefusedAfter(1, "plastic", b => SetInt32(b, Sources(b), 170)).Message);
        Assert.Contains("appears twice", RefusedAfter(1, "plastic", b =>
            SetInt32(SetInt32(b, Targets(b) + 4, Int32At(b, Targets(b))), Sources(b) + 4, Int32At(b, Sources(b)))).Message);
        Assert.Contains("is out of (target, source, multapse) order", RefusedAfter(1, "plastic", b => EditFirstBlock(b, e => (e[0], e[1]) = (e[1], e[0]))).Message);
        Assert.Contains("should be multapse 0", RefusedAfter(1, "plastic", b => SetInt32(b, Multapses(b), 1)).Message);
        Assert.Contains("should be multapse 0", RefusedAfter(1, "plastic", b => SetInt32(b, Multapses(b), -1)).Message);
        Assert.Contains("should be multapse 1", RefusedAfter(1, "plastic", b => EditFirstBlock(b, e => e.Insert(1, e[0] with { Multapse = 2 }))).Message);
        Assert.Contains("negative", RefusedAfter(1, "plastic", b => SetInt32(b, 0, -1)).Message);
        Assert.Contains("negative", RefusedAfter(1, "plastic", b => SetInt32(b, 8, -5)).Message);
        Assert.Contains("bytes left", RefusedAfter(1, "plastic", b => SetInt32(b, 8, 1 << 28)).Message);
        Assert.Contains("bytes left", RefusedAfter(1, "plastic", b => SetInt32(b, 0, 1 << 29)).Message);
        Assert.Contains("trailing bytes", RefusedAfter(1, "plastic", b => [.. b, 0]).Message);
        Assert.Contains("trailing bytes", RefusedAfter(1, "plastic", b => SetInt32(b, 0, 1)).Message); // one block said, two written
        Assert.Contains("left", RefusedAfter(1, "plastic", b => b[..^2]).Message);
    }

    /// <summary>Restores every shard of a three-shard cut from the directory, as resuming does.</summary>
    private CheckpointException Restored()
    {
        var manifest = CheckpointDirectory.ReadManifest(_dir, Fixture.Layout);
        var plan = new NetworkPlan(Fixture.Spec, 3);
        return Fixture.Refused(() =>
        {
            for (int k = 0; k < plan.Shards; k++)
                CheckpointDirectory.ReadForShard(_dir, manifest, Fixture.Layout, GidRange.HeldBy(plan, k)).RestoreInto(ShardBackends.Build(plan, k));
        });
    }

    [Fact]
    public void WeightsOfSynapsesTheRestoringShardDoesNotHaveAreRefusedNamingThePartAndSection()
    {
        // Whether a synapse exists only the shard holding its target can tell: it refuses on restore, one line.
        int t = 0;
        string Message(Func<byte[], byte[]> change) => RefusedAfter(1, "plastic", b => { t = Int32At(b, Targets(b)); return change(b); }, Restored).Message;

        var unknown = Message(b => SetInt32(b, Sources(b), Int32At(b, Targets(b)) - 1));
        Assert.StartsWith("part-1.bin section 'plastic': projection 5 (exc->exc): has no synapse", unknown);
        Assert.EndsWith($"has no synapse {t - 1} -> {t} (multapse 0)", unknown);
        Assert.EndsWith($"has no synapse {t} -> {t} (multapse 1)", Message(b => EditFirstBlock(b, e => e.Insert(1, e[0] with { Multapse = 1 }))));
        Assert.Contains("is not given", Message(b => EditFirstBlock(b, e => e.RemoveAt(e.Count - 1))));
        Assert.Contains("the receptor is excitatory, so weights must be >= 0", Message(b => SetSingle(b, Weights(b), -1f)));
        // The same checkpoint undamaged restores.
        var manifest = CheckpointDirectory.ReadManifest(_dir, Fixture.Layout);
        var plan = new NetworkPlan(Fixture.Spec, 3);
        for (int k = 0; k < plan.Shards; k++)
            CheckpointDirectory.ReadForShard(_dir, manifest, Fixture.Layout, GidRange.HeldBy(plan, k)).RestoreInto(ShardBackends.Build(plan, k));
    }

    [Fact]
    public void AHeaderThatDisagreesWithTheManifestIsRefused()
    {
        Assert.Contains("not a NeuroActors checkpoint part", RefusedAfter(2, "header", b => { b[0] = (byte)'X'; return b; }).Message);
        Assert.Contains("format 3", RefusedAfter(2, "header", b => SetInt32(b, 8, 3)).Message);
        Assert.Contains("written by shard 5", RefusedAfter(2, "header", b => SetInt32(b, 12, 5)).Message);
        Assert.Contains("disagrees with the manifest's step", RefusedAfter(2, "header", b => SetInt64(b, 16, Step + 1)).Message);
        Assert.Contains("fingerprint", RefusedAfter(2, "header", b => { b[^1] ^= 1; return b; }).Message);
    }

    [Fact]
    public void SectionBytesDecodedFromMemoryAreCheckedToo()
    {
        var manifest = CheckpointDirectory.ReadManifest(_dir, Fixture.Layout);
        var files = manifest.Parts.ToDictionary(p => p.File, p => File.ReadAllBytes(Path.Combine(_dir, p.File)));
        var held = GidRange.HeldBy(new NetworkPlan(Fixture.Spec, 1), 0);
        ReadOnlyMemory<byte> Slice(SectionRef s) => files[s.Part.File].AsMemory((int)s.Section.Offset, (int)s.Section.Length);
        files["part-0.bin"][(int)manifest.Parts[0].Section("pending").Offset + 5] ^= 1;
        Assert.Contains("part-0.bin section 'pending': checksum mismatch",
            Fixture.Refused(() => CheckpointRestore.Decode(manifest, Fixture.Layout, held, Slice)).Message);
        Assert.Contains("bytes, the manifest says",
            Fixture.Refused(() => CheckpointRestore.Decode(manifest, Fixture.Layout, held, s => Slice(s)[..^1])).Message);
        // A structural check on the remote path: the checksum is recomputed in the manifest.
        RefusedAfter(Busiest(), "inflight", b => SetInt64(b, 12, BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(4))), () =>
        {
            var changed = CheckpointDirectory.ReadManifest(_dir, Fixture.Layout);
            var bytes = changed.Parts.ToDictionary(p => p.File, p => File.ReadAllBytes(Path.Combine(_dir, p.File)));
            return Fixture.Refused(() => CheckpointRestore.Decode(changed, Fixture.Layout, held,
                s => bytes[s.Part.File].AsMemory((int)s.Section.Offset, (int)s.Section.Length)));
        });
    }
}
