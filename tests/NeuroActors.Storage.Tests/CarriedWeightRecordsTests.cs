using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NeuroActors.Model;
using NeuroActors.Results;
using NeuroActors.Storage.Checkpoints;
using NeuroActors.Storage.Recording;

namespace NeuroActors.Storage.Tests;

/// <summary>
/// Weight records in a checkpoint: written up to the cut, carried into a store of another number of shards, merged before
/// what the shards append after, and refused with one line naming the file when damaged.
/// </summary>
public sealed class CarriedWeightRecordsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "neuroactors-carried-weights", Guid.NewGuid().ToString("N"));

    private const int RecordSize = 24;

    public CarriedWeightRecordsTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly NetworkSpec Spec = new NetworkBuilder("w", dtMs: 0.1, durationMs: 100, seed: 1)
        .PoissonSource("in", 6, 10)
        .Population("out", 4, NeuronModel.IafPscDelta)
        .Projection("in", "out", new ConnectorSpec(ConnectorKind.AllToAll),
            new SynapseSpec(Receptor.Excitatory, Distribution.Constant(1), Distribution.Constant(1),
                PlasticitySpec.Create(PlasticityRule.Stdp, new Dictionary<string, double>())), "learn")
        .RecordWeights("learn")
        .Build();

    // Records as two shards would send them: shard 0 holds targets 6 and 7 (gids), shard 1 targets 8 and 9.
    private static (int Shard, long Step, int Source, int Target, float Weight)[] Records() =>
    [
        .. Enumerable.Range(0, 40).SelectMany(k => new[] { (k % 2, (long)(10 * k), k % 6, 6 + 2 * (k % 2), 1 + k / 100f), (k % 2, (long)(10 * k), k % 6, 7 + 2 * (k % 2), 2 + k / 100f) }),
    ];

    private static void Feed(RecordingStore store, IEnumerable<(int Shard, long Step, int Source, int Target, float Weight)> records, int shards)
    {
        foreach (var r in records)
            store.AppendWeights(r.Target < 8 ? 0 : Math.Min(1, shards - 1), [r.Step], [0], [r.Source], [r.Target], [r.Weight]);
    }

    private string Csv(RecordingStore store, string name)
    {
        string dir = Path.Combine(_root, name);
        store.WriteResults(new RunStats(1, 24, 192, 0, 0, 0, 0, 100, 0), dir, SpikeFormat.Csv, plots: false);
        return File.ReadAllText(Path.Combine(dir, WeightRecordsCsv.FileName));
    }

    private (string Dir, CheckpointRecordings Recordings) Save(RecordingStore store, long step, long until)
    {
        string dir = Path.Combine(_root, $"checkpoint-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var recordings = CheckpointRecordings.Write(store, dir, 0, step, RecordingTotals.None, until);
        // As a resumed session reads it: through the manifest's session object.
        var json = JsonNode.Parse(new JsonObject { [CheckpointRecordings.Key] = recordings.ToJson() }.ToJsonString())!.AsObject();
        return (dir, CheckpointRecordings.FromJson(json, Spec, step, "ck")!);
    }

    [Fact]
    public void Carried_records_and_the_shards_later_ones_give_the_whole_runs_file()
    {
        using var whole = new RecordingStore(Spec, 2, _root);
        Feed(whole, Records(), 2);
        using var first = new RecordingStore(Spec, 2, _root);
        Feed(first, Records(), 2); // ran on past the checkpoint: only records before the cut travel
        var (dir, recordings) = Save(first, step: 200, until: 195);
        Assert.Equal(Records().Count(r => r.Step < 195), recordings.Weights!.Count);
        using var resumed = new RecordingStore(Spec, 1, _root);
        recordings.ImportInto(resumed, dir);
        Feed(resumed, Records().Where(r => r.Step >= 195), 1);
        Assert.Equal(Csv(whole, "whole"), Csv(resumed, "resumed"));
        // A restore before the carried step cuts the carried records too.
        resumed.TruncateWeightsTo(100);
        whole.TruncateWeightsTo(100);
        Assert.Equal(Csv(whole, "whole-cut"), Csv(resumed, "resumed-cut"));
    }

    [Fact]
    public void A_damaged_or_misplaced_weight_file_is_refused_naming_it()
    {
        using var store = new RecordingStore(Spec, 2, _root);
        Feed(store, Records(), 2);
        var (dir, recordings) = Save(store, step: 300, until: 300);
        string file = Path.Combine(dir, CheckpointRecordings.DirectoryName, CheckpointRecordings.WeightFileName);
        var bytes = File.ReadAllBytes(file);

        bytes[30] ^= 1;
        File.WriteAllBytes(file, bytes);
        using (var target = new RecordingStore(Spec, 1, _root))
            Assert.Contains(CheckpointRecordings.WeightFileName, Assert.Throws<CheckpointException>(() => recordings.ImportInto(target, dir)).Message);

        // A record after the cut, with a checksum that fits: refused by its content.
        bytes[30] ^= 1;
        BitConverter.TryWriteBytes(bytes.AsSpan((bytes.Length / RecordSize - 1) * RecordSize), 300L);
        File.WriteAllBytes(file, bytes);
        var forged = recordings with { Weights = recordings.Weights! with { File = recordings.Weights.File with { Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)) } } };
        using (var target = new RecordingStore(Spec, 1, _root))
        {
            var ex = Assert.Throws<CheckpointException>(() => forged.ImportInto(target, dir));
            Assert.Contains("outside the steps", ex.Message);
            Assert.DoesNotContain('\n', ex.Message);
        }
    }
}
