using System.Globalization;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;
using NeuroActors.Kernel.Tests.Plasticity;
using NeuroActors.Model;
using NeuroActors.Results;
using NeuroActors.Runtime.Sessions;
using NeuroActors.Runtime.Tests.Wire;

namespace NeuroActors.Runtime.Tests.Sessions;

// Weight records through sessions (every message serialized): streamed to the session's store, written as
// weights-recorded.csv, the same bytes for any number of shards, cut back by a restore, and equal to the records of the
// sequential kernels formatted here line by line.
public sealed class WeightRecorderSessionTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"weight-recorder-{Guid.NewGuid():N}");

    /// <summary>The learning network of the plasticity tests, recording part of ee-stdp (multapses) and all of noise-pl.</summary>
    public static readonly NetworkSpec Spec = Recorded(PlasticNetworks.Recurrent(durationMs: 150));

    private static NetworkSpec Recorded(NetworkSpec spec) => spec with
    {
        Recorders = [.. spec.Recorders,
            new RecorderSpec(RecorderKind.Weights, "", Projection: "ee-stdp", Sources: [.. Enumerable.Range(0, 60)], Targets: [.. Enumerable.Range(30, 70)]),
            new RecorderSpec(RecorderKind.Weights, "", Projection: "noise-pl")],
    };

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>The CSV lines the sequential kernels' records make, sorted and formatted independently of the store.</summary>
    public static string[] Reference(NetworkSpec spec, IReadOnlyList<IShardBackend> kernels)
    {
        var plan = new NetworkPlan(spec, 1);
        var rows = kernels.SelectMany(k =>
        {
            var w = k.Recordings.Weights;
            return Enumerable.Range(0, w.Count).Select(i => (Step: w.Steps[i], Projection: w.Projections[i], Source: w.Sources[i], Target: w.Targets[i], Weight: w.Weights[i])).ToArray();
        }).OrderBy(r => r.Step).ThenBy(r => r.Projection).ThenBy(r => r.Source).ThenBy(r => r.Target);
        return ["projection,source,target,time_ms,weight", .. rows.Select(r =>
        {
            var pr = spec.Projections[r.Projection];
            int source = r.Source - plan.PopulationOffset(spec.PopulationIndex(pr.Source));
            int target = r.Target - plan.PopulationOffset(spec.PopulationIndex(pr.Target));
            return string.Create(CultureInfo.InvariantCulture, $"{pr.Label},{source},{target},{Math.Round((r.Step + 1) * spec.Simulation.DtMs, 6)},{r.Weight:R}");
        })];
    }

    private static readonly Lazy<string[]> Straight = new(() => Reference(Spec, TestNetworks.Run(Spec, 1)));

    private async Task<string[]> WriteAsync(Session session, string name)
    {
        string dir = Path.Combine(_root, name);
        await session.WriteResultsAsync(new ResultsOutput(dir, SpikeFormat.Csv, Plots: false));
        return File.ReadAllLines(Path.Combine(dir, WeightRecordsCsv.FileName));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task Records_stream_to_the_results_the_same_for_any_number_of_shards_and_a_restore_cuts_them(int shards)
    {
        Assert.True(Straight.Value.Length > 5000, $"{Straight.Value.Length} lines");
        await using var session = await Session.BuildAsync(Spec, new SessionOptions { Shards = shards, Config = SerializeMessagesRunTests.Strict }).WaitAsync(Guard);
        await session.RunAsync(60.3);
        await session.SnapshotAsync("mid");
        await session.RunAsync(89.7);
        Assert.Equal(Straight.Value, await WriteAsync(session, $"straight-{shards}"));
        // Back to 60.3 ms and on again: the records of the steps since are cut, those of the spikes in flight included,
        // and made again.
        await session.RestoreAsync("mid");
        var cut = await WriteAsync(session, $"cut-{shards}");
        Assert.True(cut.Length > 1000 && cut.Length < Straight.Value.Length / 2, $"{cut.Length} lines at the snapshot");
        Assert.Equal(Straight.Value.Take(cut.Length), cut);
        await session.RunAsync(89.7);
        Assert.Equal(Straight.Value, await WriteAsync(session, $"again-{shards}"));
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(2, 7)]
    public async Task A_checkpoint_carries_the_records_and_the_resumed_session_continues_them(int before, int after)
    {
        string checkpoint = Path.Combine(_root, "t");
        await using (var session = await Session.BuildAsync(Spec, new SessionOptions { Shards = before, Config = SerializeMessagesRunTests.Strict }).WaitAsync(Guard))
        {
            await session.RunAsync(60.3);
            await session.SnapshotAsync("t");
            // The session runs on before it saves: only the records of spikes the snapshot had delivered are carried.
            await session.RunAsync(20);
            await session.SaveAsync("t", checkpoint);
        }
        var resume = CheckpointFiles.Load(checkpoint, Spec);
        var weights = resume.Recordings!.Weights!;
        Assert.InRange(weights.UntilStep, 603 - new NetworkPlan(Spec, 1).WindowSteps, 603);
        // A record of a spike at step s is at (s + 1)·dt: those carried are at most UntilStep·dt.
        Assert.Equal(Straight.Value.Skip(1).Count(l => double.Parse(l.Split(',')[3], CultureInfo.InvariantCulture) <= weights.UntilStep * Spec.Simulation.DtMs + 1e-9), weights.Count);
        Assert.True(weights.Count > 1000, $"{weights.Count} records carried");

        await using var resumed = await Session.BuildAsync(Spec, new SessionOptions { Shards = after, Config = SerializeMessagesRunTests.Strict, Resume = resume.Checkpoint, ResumeSettings = resume.Settings }).WaitAsync(Guard);
        await resumed.RunAsync(89.7);
        Assert.Equal(Straight.Value, await WriteAsync(resumed, $"resumed-{before}-{after}"));
    }
}
