using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;
using NeuroActors.Results;
using NeuroActors.Runtime.Sessions;
using NeuroActors.Runtime.Tests.Wire;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Runtime.Tests.Sessions;

/// <summary>Results directories compared as a user would: spike and trace files byte for byte, the summary's figures.</summary>
internal static class ResultFiles
{
    public static void AssertSame(string expected, string actual, SpikeFormat format)
    {
        var names = format == SpikeFormat.Hdf5 ? new[] { SonataSpikes.FileName, TraceFiles.Hdf5FileName } : [SpikesCsv.FileName, TraceFiles.CsvFileName];
        foreach (var name in names)
            Assert.True(File.ReadAllBytes(Path.Combine(expected, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, name))), name);
        var a = Summary.Read(Path.Combine(expected, Summary.FileName));
        var b = Summary.Read(Path.Combine(actual, Summary.FileName));
        Assert.Equal(a.Populations, b.Populations);
        Assert.Equal((a.StartMs, a.EndMs), (b.StartMs, b.EndMs));
        Assert.Equal((a.Totals.Spikes, a.Totals.SynapticEvents, a.Totals.Synapses), (b.Totals.Spikes, b.Totals.SynapticEvents, b.Totals.Synapses));
    }
}

public sealed class ResumeRecordingsTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"resume-recordings-{Guid.NewGuid():N}");

    public ResumeRecordingsTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static SessionOptions Options(int shards) => new() { Shards = shards, Config = SerializeMessagesRunTests.Strict };

    private static long[] Packed(RunResult result) => ActorRuntimeTests.Packed(result, new NetworkPlan(result.Spec, 1));

    private string Dir(string name) => Path.Combine(_root, name);

    /// <summary>An uninterrupted session of <paramref name="spec"/> for <paramref name="ms"/>, its results written in <paramref name="format"/>.</summary>
    private async Task<(RunResult Result, RunStats Stats)> StraightAsync(Model.NetworkSpec spec, double ms, string outDir, SpikeFormat format, int shards = 2)
    {
        await using var session = await Session.BuildAsync(spec, Options(shards)).WaitAsync(Guard);
        await session.RunAsync(ms);
        var stats = await session.WriteResultsAsync(new ResultsOutput(outDir, format, Plots: false));
        return (await session.CollectAsync(), stats);
    }

    [Theory]
    [InlineData(2, 3, SpikeFormat.Hdf5)]
    [InlineData(3, 1, SpikeFormat.Csv)]
    public async Task A_resumed_session_gives_the_recordings_and_figures_of_the_uninterrupted_one(int before, int after, SpikeFormat format)
    {
        var spec = TestNetworks.Mixed();
        var (straight, straightStats) = await StraightAsync(spec, 60, Dir("straight"), format);
        string checkpoint = Dir("t30.7");
        await using (var session = await Session.BuildAsync(spec, Options(before)).WaitAsync(Guard))
        {
            await session.RunAsync(30.7);
            await session.SnapshotAsync("t");
            // The session runs on before it saves: only what precedes the snapshot's step goes into the checkpoint.
            await session.RunAsync(11);
            await session.SaveAsync("t", checkpoint);
        }
        var resume = CheckpointFiles.Load(checkpoint, spec);
        Assert.Equal(0, resume.Recordings!.FromStep);
        Assert.Equal(307, resume.Recordings.Step);
        Assert.Equal(Packed(straight).Count(e => SpikeEvent.Step(e) < 307), resume.Recordings.SpikeCount);

        await using var resumed = await Session.BuildAsync(spec, Options(after) with { Resume = resume.Checkpoint, ResumeSettings = resume.Settings }).WaitAsync(Guard);
        Assert.Equal(307, resumed.Step);
        await resumed.RunAsync(29.3);
        var stats = await resumed.WriteResultsAsync(new ResultsOutput(Dir("resumed"), format, Plots: false));
        var result = await resumed.CollectAsync();

        ResultFiles.AssertSame(Dir("straight"), Dir("resumed"), format);
        Assert.Equal(Packed(straight), Packed(result));
        Assert.Equal((0.0, 60.0), (result.Stats.StartMs, result.Stats.BiologicalMs));
        Assert.Equal((straightStats.Spikes, straightStats.SynapticEvents), (stats.Spikes, stats.SynapticEvents));
        // Every neuron's spikes are recorded, so the run's spike total is the recorded spikes of the whole run.
        Assert.Equal(Packed(straight).Length, stats.Spikes);
        // Simulation time is summed over the segments: at least what the first segment had spent.
        Assert.True(stats.SimulationSeconds > resume.Recordings.Totals.SimulationSeconds);
        Assert.Equal(after, stats.Shards);
    }

    [Fact]
    public async Task A_session_resumed_from_a_resumed_one_carries_forward_what_it_was_resumed_with()
    {
        var spec = TestNetworks.Mixed();
        var (straight, straightStats) = await StraightAsync(spec, 60, Dir("straight"), SpikeFormat.Csv);
        await using (var first = await Session.BuildAsync(spec, Options(2)).WaitAsync(Guard))
        {
            await first.RunAsync(20.3);
            await first.CheckpointAsync(Dir("a"));
        }
        var a = CheckpointFiles.Load(Dir("a"), spec);
        await using (var second = await Session.BuildAsync(spec, Options(3) with { Resume = a.Checkpoint, ResumeSettings = a.Settings }).WaitAsync(Guard))
        {
            await second.RunAsync(19.9);
            await second.CheckpointAsync(Dir("b"));
        }
        var b = CheckpointFiles.Load(Dir("b"), spec);
        Assert.Equal((0L, 402L), (b.Recordings!.FromStep, b.Recordings.Step));
        Assert.True(b.Recordings.Totals.Spikes > a.Recordings!.Totals.Spikes);
        await using var third = await Session.BuildAsync(spec, Options(1) with { Resume = b.Checkpoint, ResumeSettings = b.Settings }).WaitAsync(Guard);
        await third.RunAsync(19.8);
        var stats = await third.WriteResultsAsync(new ResultsOutput(Dir("third"), SpikeFormat.Csv, Plots: false));

        ResultFiles.AssertSame(Dir("straight"), Dir("third"), SpikeFormat.Csv);
        Assert.Equal(Packed(straight), Packed(await third.CollectAsync()));
        Assert.Equal(straightStats.SynapticEvents, stats.SynapticEvents);
    }

    [Fact]
    public async Task Restore_keeps_the_carried_recordings_and_ResetState_drops_them()
    {
        var spec = TestNetworks.Mixed();
        await using (var first = await Session.BuildAsync(spec, Options(2)).WaitAsync(Guard))
        {
            await first.RunAsync(25);
            await first.CheckpointAsync(Dir("t25"));
        }
        var resume = CheckpointFiles.Load(Dir("t25"), spec);
        await using var session = await Session.BuildAsync(spec, Options(3) with { Resume = resume.Checkpoint, ResumeSettings = resume.Settings }).WaitAsync(Guard);
        await session.SnapshotAsync("resumed");
        await session.RunAsync(15);
        await session.RestoreAsync("resumed");
        Assert.Equal(250, session.Step);
        await session.RunAsync(15);
        var restored = await session.CollectAsync();
        var reference40 = TestNetworks.Spikes(TestNetworks.Run(spec.With(durationMs: 40), 1));
        Assert.Equal(reference40, Packed(restored));
        Assert.Equal(0, restored.Stats.StartMs);
        Assert.Equal(reference40.Length, restored.Stats.Spikes);

        await session.ResetStateAsync(0);
        var empty = await session.CollectAsync();
        Assert.All(empty.Spikes, p => Assert.Empty(p.NeuronIds));
        Assert.All(empty.Traces, t => Assert.Empty(t.TimesMs));
        Assert.Equal((0.0, 0.0, 0L, 0L), (empty.Stats.StartMs, empty.Stats.BiologicalMs, empty.Stats.Spikes, empty.Stats.SynapticEvents));
        await session.RunAsync(20);
        var again = await session.CollectAsync();
        var reference20 = TestNetworks.Spikes(TestNetworks.Run(spec.With(durationMs: 20), 1));
        Assert.Equal(reference20, Packed(again));
        Assert.Equal(reference20.Length, again.Stats.Spikes);
    }

    [Fact]
    public async Task A_snapshot_whose_recordings_a_restore_cut_is_saved_without_them_and_resumes_from_its_step()
    {
        var spec = TestNetworks.Mixed();
        var reference = TestNetworks.Spikes(TestNetworks.Run(spec.With(durationMs: 40), 1));
        await using (var session = await Session.BuildAsync(spec, Options(2)).WaitAsync(Guard))
        {
            await session.RunAsync(10);
            await session.SnapshotAsync("a");
            await session.RunAsync(10);
            await session.SnapshotAsync("b");
            await session.RestoreAsync("a");
            // The store no longer holds what led to "b" (steps 100 to 200 were cut): its checkpoint carries no recordings.
            await session.SaveAsync("b", Dir("b"));
            await session.SaveAsync("a", Dir("a"));
            // Run the cut steps again and take "c" there: the store holds its whole history again.
            await session.RunAsync(10);
            await session.SnapshotAsync("c");
            await session.SaveAsync("c", Dir("c"));
        }
        var b = CheckpointFiles.Load(Dir("b"), spec);
        Assert.Null(b.Recordings);
        Assert.False(Directory.Exists(Path.Combine(Dir("b"), CheckpointRecordings.DirectoryName)));
        Assert.Equal(100, CheckpointFiles.Load(Dir("a"), spec).Recordings!.Step);
        Assert.Equal(200, CheckpointFiles.Load(Dir("c"), spec).Recordings!.Step);

        await using var fromB = await Session.BuildAsync(spec, Options(3) with { Resume = b.Checkpoint, ResumeSettings = b.Settings }).WaitAsync(Guard);
        await fromB.RunAsync(20);
        var tail = await fromB.CollectAsync();
        Assert.Equal(20, tail.Stats.StartMs, 9);
        Assert.Equal(reference.Where(e => SpikeEvent.Step(e) >= 200), Packed(tail));

        var c = CheckpointFiles.Load(Dir("c"), spec);
        await using var fromC = await Session.BuildAsync(spec, Options(1) with { Resume = c.Checkpoint, ResumeSettings = c.Settings }).WaitAsync(Guard);
        await fromC.RunAsync(20);
        Assert.Equal(reference, Packed(await fromC.CollectAsync()));
    }

    [Fact]
    public async Task A_checkpoint_without_recordings_resumes_as_before_with_results_from_its_step()
    {
        var spec = TestNetworks.Mixed();
        var reference = TestNetworks.Spikes(TestNetworks.Run(spec.With(durationMs: 40), 1));
        await using (var session = await Session.BuildAsync(spec, Options(2)).WaitAsync(Guard))
        {
            await session.RunAsync(20);
            await session.CheckpointAsync(Dir("t20"));
        }
        // As a checkpoint written before recordings were carried: no recordings object, no recordings directory.
        RewriteSession(Dir("t20"), session => session.Remove(CheckpointRecordings.Key));
        Directory.Delete(Path.Combine(Dir("t20"), CheckpointRecordings.DirectoryName), recursive: true);

        var resume = CheckpointFiles.Load(Dir("t20"), spec);
        Assert.Null(resume.Recordings);
        await using var resumed = await Session.BuildAsync(spec, Options(3) with { Resume = resume.Checkpoint }).WaitAsync(Guard);
        await resumed.RunAsync(20);
        var result = await resumed.CollectAsync();
        Assert.Equal((20.0, 20.0), (result.Stats.StartMs, result.Stats.BiologicalMs));
        Assert.Equal(reference.Where(e => SpikeEvent.Step(e) >= 200), Packed(result));
        Assert.Equal(reference.Count(e => SpikeEvent.Step(e) >= 200), result.Stats.Spikes);
    }

    /// <summary>Changes the manifest's session object and gives it its new checksum, as a writer would have.</summary>
    private static void RewriteSession(string dir, Action<JsonObject> change)
    {
        string path = Path.Combine(dir, CheckpointManifest.FileName);
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var session = root["session"]!.AsObject();
        change(session);
        root["sessionSha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(session.ToJsonString())));
        File.WriteAllText(path, root.ToJsonString());
    }

    [Fact]
    public async Task Damaged_recordings_are_refused_with_one_line_naming_the_file_and_never_resumed()
    {
        var spec = TestNetworks.Mixed();
        await using (var session = await Session.BuildAsync(spec, Options(2)).WaitAsync(Guard))
        {
            await session.RunAsync(20);
            await session.CheckpointAsync(Dir("t20"));
        }
        string recordings = Path.Combine(Dir("t20"), CheckpointRecordings.DirectoryName);
        var resume = CheckpointFiles.Load(Dir("t20"), spec);

        async Task<string> Refused(string because)
        {
            var ex = await Assert.ThrowsAsync<CheckpointException>(() =>
                Session.BuildAsync(spec, Options(3) with { Resume = CheckpointSource.FromDirectory(Dir("t20")) }).WaitAsync(Guard));
            Assert.DoesNotContain('\n', ex.Message);
            Assert.Contains(because, ex.Message);
            return ex.Message;
        }

        string spikes = Path.Combine(recordings, CheckpointRecordings.SpikeFileName);
        var original = File.ReadAllBytes(spikes);
        var flipped = (byte[])original.Clone();
        flipped[original.Length / 2] ^= 1;
        File.WriteAllBytes(spikes, flipped);
        Assert.StartsWith(spikes + ": checksum mismatch", await Refused("checksum mismatch"));
        File.WriteAllBytes(spikes, original[..^8]);
        Assert.StartsWith(spikes + ": ", await Refused("(truncated)"));

        // A series whose steps go past the checkpoint, given its new checksum in the manifest: refused by what it holds.
        File.WriteAllBytes(spikes, original);
        var series = resume.Recordings!.State[0];
        string state = Path.Combine(recordings, series.File.File);
        var bytes = File.ReadAllBytes(state);
        BitConverter.TryWriteBytes(bytes.AsSpan(4 + 8 * 5), 200L);
        File.WriteAllBytes(state, bytes);
        RewriteSession(Dir("t20"), s => s[CheckpointRecordings.Key]!["state"]![0]!["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.StartsWith(state + ": sample 5 is at step 200, outside the steps [0, 200)", await Refused("outside the steps"));

        // A description whose neurons are not the recorder's is refused when the checkpoint is loaded, and by the session.
        RewriteSession(Dir("t20"), s => s[CheckpointRecordings.Key]!["state"]![0]!["neurons"] = new JsonArray(0, 17, 38));
        var load = Assert.Throws<CheckpointException>(() => CheckpointFiles.Load(Dir("t20"), spec));
        Assert.Contains("session: recordings.state[0].neurons are not the 3 neurons recorder", load.Message);
        await Refused("recordings.state[0].neurons");
    }

    [Fact]
    public async Task Each_periodic_checkpoint_carries_the_recordings_up_to_its_step_and_an_older_one_resumes_to_the_whole_run()
    {
        var spec = TestNetworks.Mixed(durationMs: 60);
        var straight = await SimulationRunner.RunToDirectoryAsync(new RunRequest(spec, 2), new ResultsOutput(Dir("straight"), SpikeFormat.Hdf5, Plots: false));
        string periodic = Dir("periodic");
        await SimulationRunner.RunAsync(new RunRequest(spec, 3, CheckpointEveryMs: 20, KeepCheckpoints: 2, CheckpointDirectory: periodic));
        Assert.Equal(["checkpoint-40ms", "checkpoint-60ms"], Directory.GetDirectories(periodic).Select(Path.GetFileName).Order());
        Assert.Equal(600, CheckpointFiles.Load(Path.Combine(periodic, "checkpoint-60ms"), spec).Recordings!.Step);

        // The older one, on another number of shards, for the 20 ms that remain.
        var resume = CheckpointFiles.Load(Path.Combine(periodic, "checkpoint-40ms"), spec);
        Assert.Equal((0L, 400L), (resume.Recordings!.FromStep, resume.Recordings.Step));
        var stats = await SimulationRunner.RunToDirectoryAsync(new RunRequest(spec.With(durationMs: 20), 1, resume.Checkpoint, ResumeSettings: resume.Settings),
            new ResultsOutput(Dir("resumed"), SpikeFormat.Hdf5, Plots: false));

        ResultFiles.AssertSame(Dir("straight"), Dir("resumed"), SpikeFormat.Hdf5);
        Assert.Equal((straight.Spikes, straight.SynapticEvents), (stats.Spikes, stats.SynapticEvents));
    }
}
