using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NeuroActors.Kernel.Shard;
using NeuroActors.Results;
using NeuroActors.Storage.Checkpoints;
using NeuroActors.Storage.Recording;

namespace NeuroActors.Storage.Tests;

/// <summary>
/// A checkpoint's recordings written from one store and imported into another (of any number of shards), which then
/// takes the rest of the run: the reference is a store fed the whole run.
/// </summary>
public sealed class CarriedRecordingsTests : IDisposable
{
    private static readonly RecordingTotals Totals = new(123_456, 7_890_123, 4.25);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "neuroactors-carried-tests", Guid.NewGuid().ToString("N"));

    public CarriedRecordingsTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Writes the recordings of <paramref name="store"/> before <paramref name="step"/> into a new checkpoint directory.</summary>
    private (string Dir, CheckpointRecordings Recordings) Save(RecordingStore store, long step, long fromStep = 0)
    {
        string dir = Path.Combine(_root, $"checkpoint-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return (dir, CheckpointRecordings.Write(store, dir, fromStep, step, Totals));
    }

    /// <summary>The description as a resumed session reads it: through the manifest's session object.</summary>
    private static CheckpointRecordings Reload(CheckpointRecordings recordings) =>
        CheckpointRecordings.FromJson(JsonNode.Parse(new JsonObject { ["trial"] = 0, [CheckpointRecordings.Key] = recordings.ToJson() }.ToJsonString())!.AsObject(),
            SampleRun.MakeSpec(), recordings.Step, "ck")!;

    private void AssertSameFiles(IReadOnlyList<string> names, string a, string b)
    {
        foreach (var name in names)
            Assert.True(File.ReadAllBytes(Path.Combine(_root, a, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_root, b, name))), name);
    }

    [Theory]
    [InlineData(1500, 3, 5, SpikeFormat.Hdf5)]
    [InlineData(1500, 3, 1, SpikeFormat.Csv)]
    [InlineData(1, 2, 4, SpikeFormat.Csv)]
    [InlineData(2999, 4, 2, SpikeFormat.Hdf5)]
    [InlineData(0, 2, 3, SpikeFormat.Csv)]
    public void A_store_seeded_with_a_checkpoints_recordings_writes_the_files_of_the_whole_run(long step, int before, int after, SpikeFormat format)
    {
        var run = SampleRun.Make(shards: before, steps: 3000, seed: 71);
        // The first store has recorded past the checkpoint, as a session that ran on before saving: only what precedes its step travels.
        using var first = run.Feed(_root, new Random(72), bufferLimit: 500);
        var (dir, recordings) = Save(first, step);
        var later = run.WithShards(after);
        using var resumed = new RecordingStore(run.Spec, after, _root, bufferLimit: 300);
        Reload(recordings).ImportInto(resumed, dir);
        later.From(step).FeedInto(resumed, new Random(73));
        using var whole = later.Feed(_root, new Random(74), bufferLimit: 700);

        var names = whole.WriteResults(run.Stats, Path.Combine(_root, "whole"), format, plots: false);
        Assert.Equal(names, resumed.WriteResults(run.Stats, Path.Combine(_root, "resumed"), format, plots: false));
        AssertSameFiles(names, "whole", "resumed");
        Assert.Equal(whole.Positions().SamplesPerRecorder, resumed.Positions().SamplesPerRecorder);
        Assert.Equal(step, resumed.CarriedUntilStep);
    }

    [Fact]
    public void The_checkpoint_holds_the_recorded_spikes_before_its_step_in_global_order_and_one_series_per_recorder()
    {
        var run = SampleRun.Make(shards: 4, steps: 2000, seed: 81);
        using var store = run.Feed(_root, new Random(82), bufferLimit: 400);
        var (dir, recordings) = Save(store, 1234);

        var bytes = File.ReadAllBytes(Path.Combine(dir, CheckpointRecordings.DirectoryName, CheckpointRecordings.SpikeFileName));
        var spikes = MemoryMarshal.Cast<byte, long>(bytes).ToArray();
        var expected = run.Before(1234).ExpectedResult();
        // The hidden population's spikes, which no recorder asked for, stay behind.
        Assert.Equal(expected.Spikes.Sum(p => p.NeuronIds.Length), spikes.Length);
        Assert.True(run.Spikes.SelectMany(s => s).Count(e => SpikeEvent.Step(e) < 1234) > spikes.Length);
        Assert.Equal(spikes.Order(), spikes);
        Assert.Equal(spikes.Distinct().Count(), spikes.Length);
        Assert.All(spikes, e => Assert.InRange(SpikeEvent.Step(e), 0, 1233));
        Assert.Equal((long)spikes.Length, recordings.SpikeCount);
        Assert.Equal((long)bytes.Length, recordings.Spikes.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), recordings.Spikes.Sha256);

        Assert.Equal(expected.Traces.Select(t => t.Population).Distinct().Count(), recordings.State.Count);
        foreach (var series in recordings.State)
        {
            var trace = expected.Traces.First(t => t.Population == run.Spec.Recorders[series.Recorder].Population);
            Assert.Equal(trace.NeuronIds, series.Neurons);
            Assert.Equal(trace.TimesMs.Length, series.Samples);
            var file = File.ReadAllBytes(Path.Combine(dir, CheckpointRecordings.DirectoryName, series.File.File));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), series.File.Sha256);
        }
        Assert.Equal(Totals, recordings.Totals);
    }

    [Fact]
    public void A_chain_of_checkpoints_carries_forward_what_the_first_carried()
    {
        var run = SampleRun.Make(shards: 2, steps: 3000, seed: 85);
        using var first = run.Feed(_root, new Random(86), bufferLimit: 300);
        var (dir1, one) = Save(first, 1000);
        using var second = new RecordingStore(run.Spec, 3, _root, bufferLimit: 250);
        Reload(one).ImportInto(second, dir1);
        run.WithShards(3).From(1000).FeedInto(second, new Random(87));
        var (dir2, two) = Save(second, 2100);
        using var third = new RecordingStore(run.Spec, 1, _root, bufferLimit: 250);
        Reload(two).ImportInto(third, dir2);
        run.WithShards(1).From(2100).FeedInto(third, new Random(88));
        using var whole = run.Feed(_root, new Random(89), bufferLimit: 600);

        var names = whole.WriteResults(run.Stats, Path.Combine(_root, "whole"), SpikeFormat.Csv, plots: false);
        third.WriteResults(run.Stats, Path.Combine(_root, "third"), SpikeFormat.Csv, plots: false);
        AssertSameFiles(names, "whole", "third");
    }

    [Fact]
    public void Truncating_inside_the_carried_recordings_cuts_them_and_the_run_goes_on_from_there()
    {
        var run = SampleRun.Make(shards: 3, steps: 3000, seed: 91);
        using var first = run.Feed(_root, new Random(92), bufferLimit: 500);
        var (dir, recordings) = Save(first, 2000);
        using var resumed = new RecordingStore(run.Spec, 3, _root, bufferLimit: 300);
        recordings.ImportInto(resumed, dir);
        run.From(2000).FeedInto(resumed, new Random(93));

        resumed.TruncateTo(1200);
        Assert.Equal(1200, resumed.CarriedUntilStep);
        using var early = run.Before(1200).Feed(_root, new Random(94), bufferLimit: 300);
        var names = early.WriteResults(run.Stats, Path.Combine(_root, "early"), SpikeFormat.Csv, plots: false);
        resumed.WriteResults(run.Stats, Path.Combine(_root, "cut"), SpikeFormat.Csv, plots: false);
        AssertSameFiles(names, "early", "cut");

        run.From(1200).FeedInto(resumed, new Random(95));
        using var whole = run.Feed(_root, new Random(96), bufferLimit: 300);
        whole.WriteResults(run.Stats, Path.Combine(_root, "whole"), SpikeFormat.Csv, plots: false);
        resumed.WriteResults(run.Stats, Path.Combine(_root, "again"), SpikeFormat.Csv, plots: false);
        AssertSameFiles(names, "whole", "again");
    }

    [Fact]
    public void Truncating_after_the_carried_recordings_keeps_them()
    {
        var run = SampleRun.Make(shards: 2, steps: 2000, seed: 97);
        using var first = run.Feed(_root, new Random(98), bufferLimit: 500);
        var (dir, recordings) = Save(first, 800);
        using var resumed = new RecordingStore(run.Spec, 2, _root, bufferLimit: 300);
        recordings.ImportInto(resumed, dir);
        run.From(800).FeedInto(resumed, new Random(99));
        resumed.TruncateTo(800);
        Assert.Equal(800, resumed.CarriedUntilStep);
        Assert.Equal(recordings.SpikeCount, resumed.CarriedSpikeCount);
        Assert.All(Enumerable.Range(0, 2), s => Assert.Equal(0, resumed.SpikeCount(s)));
    }

    [Fact]
    public void Clear_drops_the_carried_recordings()
    {
        var run = SampleRun.Make(shards: 2, steps: 1500, seed: 61);
        using var first = run.Feed(_root, new Random(62), bufferLimit: 100);
        var (dir, recordings) = Save(first, 900);
        using var store = new RecordingStore(run.Spec, 2, _root, bufferLimit: 100);
        recordings.ImportInto(store, dir);
        Assert.NotEmpty(Directory.EnumerateFiles(store.Directory));

        store.Clear();

        Assert.Null(store.CarriedUntilStep);
        Assert.Equal(0, store.CarriedSpikeCount);
        Assert.Empty(Directory.EnumerateFiles(store.Directory));
        var result = store.ToRunResult(run.Stats);
        Assert.All(result.Spikes, p => Assert.Empty(p.NeuronIds));
        Assert.Empty(result.Traces);
        // The store takes a run from step 0 again, as after a reset.
        run.FeedInto(store, new Random(63));
        Assert.Equal(run.ExpectedResult().Spikes.Sum(p => p.NeuronIds.Length), store.ToRunResult(run.Stats).Spikes.Sum(p => p.NeuronIds.Length));
    }

    [Fact]
    public void Spikes_and_samples_before_the_carried_step_are_refused()
    {
        var run = SampleRun.Make(shards: 2, steps: 2000, seed: 65);
        using var first = run.Feed(_root, new Random(66), bufferLimit: 300);
        var (dir, recordings) = Save(first, 1500);
        using var store = new RecordingStore(run.Spec, 2, _root);
        recordings.ImportInto(store, dir);

        var ex = Assert.Throws<ArgumentException>(() => store.AppendSpikes(0, [SpikeEvent.Pack(1499, 0)]));
        Assert.Contains("carried up to step 1500", ex.Message);
        store.AppendSpikes(0, [SpikeEvent.Pack(1500, 0)]);
        int recorder = run.Spec.Recorders.ToList().FindIndex(r => r.Kind == Model.RecorderKind.State && r.IntervalSteps == 1);
        var chunk = run.State[recorder, 0];
        Assert.Throws<ArgumentException>(() => store.AppendState(recorder, 0,
            new StateChunk(chunk.Neurons, [1499], chunk.Values.Select(v => v.Select(_ => new[] { 1.0 }).ToArray()).ToArray())));
        store.AppendState(recorder, 0, new StateChunk(chunk.Neurons, [1500], chunk.Values.Select(v => v.Select(_ => new[] { 1.0 }).ToArray()).ToArray()));
    }

    [Fact]
    public void Only_an_empty_store_takes_carried_recordings_and_a_refusal_leaves_nothing_behind()
    {
        var run = SampleRun.Make(shards: 2, steps: 1000, seed: 67);
        using var first = run.Feed(_root, new Random(68), bufferLimit: 300);
        var (dir, recordings) = Save(first, 500);
        using var store = new RecordingStore(run.Spec, 2, _root);
        store.AppendSpikes(1, [SpikeEvent.Pack(600, 0)]);
        store.Flush();

        Assert.Throws<InvalidOperationException>(() => recordings.ImportInto(store, dir));

        Assert.Null(store.CarriedUntilStep);
        Assert.Equal(["spikes-1.bin"], Directory.EnumerateFiles(store.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_checkpoint_written_again_into_the_same_directory_replaces_its_recordings()
    {
        var run = SampleRun.Make(shards: 2, steps: 1000, seed: 69);
        using var store = run.Feed(_root, new Random(70), bufferLimit: 300);
        var (dir, _) = Save(store, 900);
        File.WriteAllText(Path.Combine(dir, CheckpointManifest.FileName), "{}");
        var again = CheckpointRecordings.Write(store, dir, 0, 400, Totals);

        Assert.False(File.Exists(Path.Combine(dir, CheckpointManifest.FileName)));
        Assert.Equal(again.Spikes.Length, new FileInfo(Path.Combine(dir, CheckpointRecordings.DirectoryName, CheckpointRecordings.SpikeFileName)).Length);
        using var resumed = new RecordingStore(run.Spec, 2, _root);
        again.ImportInto(resumed, dir);
        Assert.Equal(400, resumed.CarriedUntilStep);
    }

    [Fact]
    public void The_description_round_trips_through_json_and_bad_fields_are_refused_with_their_path()
    {
        var run = SampleRun.Make(shards: 2, steps: 1000, seed: 75);
        using var store = run.Feed(_root, new Random(76), bufferLimit: 300);
        var (_, recordings) = Save(store, 700, fromStep: 0);
        var back = Reload(recordings);
        Assert.Equal((recordings.FromStep, recordings.Step, recordings.Totals, recordings.SpikeCount, recordings.Spikes),
            (back.FromStep, back.Step, back.Totals, back.SpikeCount, back.Spikes));
        Assert.Equal(recordings.State.Select(s => (s.Recorder, s.Samples, s.File)), back.State.Select(s => (s.Recorder, s.Samples, s.File)));
        Assert.Equal(recordings.State.Select(s => s.Neurons.ToArray()), back.State.Select(s => s.Neurons.ToArray()));
        Assert.Null(CheckpointRecordings.FromJson(new JsonObject { ["trial"] = 0 }, run.Spec, 700, "ck"));

        int state = recordings.State[0].Recorder;
        string Refused(Action<JsonObject> change)
        {
            var json = recordings.ToJson();
            change(json);
            // Through text, as a manifest is read.
            var session = JsonNode.Parse(new JsonObject { [CheckpointRecordings.Key] = json }.ToJsonString())!.AsObject();
            var ex = Assert.Throws<CheckpointException>(() => CheckpointRecordings.FromJson(session, run.Spec, 700, "ck"));
            Assert.DoesNotContain('\n', ex.Message);
            Assert.StartsWith("ck: session: recordings", ex.Message);
            return ex.Message;
        }
        Assert.Contains("recordings.from_step is 701, after the checkpoint's step 700", Refused(j => j["from_step"] = 701));
        Assert.Contains("recordings.spikes_emitted is -1, negative", Refused(j => j["spikes_emitted"] = -1));
        Assert.Contains("recordings.simulation_seconds is -1.5, not a time", Refused(j => j["simulation_seconds"] = -1.5));
        Assert.Contains("recordings.synaptic_events is missing", Refused(j => j.Remove("synaptic_events")));
        Assert.Contains("recordings.spikes.length is", Refused(j => j["spikes"]!["length"] = (long)j["spikes"]!["length"]! + 1));
        Assert.Contains("more than the", Refused(j => j["spikes_emitted"] = 1));
        Assert.Contains("recordings.spikes.file is '../x'; it must be 'spikes.bin'", Refused(j => j["spikes"]!["file"] = "../x"));
        Assert.Contains("not 64 lowercase hex digits", Refused(j => j["spikes"]!["sha256"] = "ABC"));
        Assert.Contains("recordings: ", Refused(j => j["spikes"]!["count"] = "many"));
        Assert.Contains("recordings.state[0].recorder is 0, not a state recorder", Refused(j => j["state"]![0]!["recorder"] = 0));
        Assert.Contains("listed twice", Refused(j => j["state"]!.AsArray().Add(JsonNode.Parse(j["state"]![0]!.ToJsonString()))));
        Assert.Contains($"recordings.state[0].neurons are not the", Refused(j => j["state"]![0]!["neurons"]!.AsArray().RemoveAt(0)));
        Assert.Contains($"recordings.state[0].neurons are not the", Refused(j => j["state"]![0]!["neurons"] = new JsonArray(39, 30, 17, 5, 0)));
        Assert.Contains("recordings.state[0].samples is 0", Refused(j => j["state"]![0]!["samples"] = 0));
        Assert.Contains("recordings.state[0].length is", Refused(j => j["state"]![0]!["length"] = 5));
        Assert.Contains($"it must be 'state-{state}.bin'", Refused(j => j["state"]![0]!["file"] = "state-99.bin"));
        Assert.Contains("recordings.from_step is missing", Refused(j => j.Clear()));
        Assert.Equal("ck: session: recordings is not an object",
            Assert.Throws<CheckpointException>(() => CheckpointRecordings.FromJson(new JsonObject { [CheckpointRecordings.Key] = 3 }, run.Spec, 700, "ck")).Message);
    }
}
