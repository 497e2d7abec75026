using Akka.Actor;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Tests;
using NeuroActors.Results;
using NeuroActors.Runtime.Sessions;
using NeuroActors.Runtime.Tests.Wire;

namespace NeuroActors.Runtime.Tests.Sessions;

public class SessionTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    private static SessionOptions Options(int shards) => new() { Shards = shards, Config = SerializeMessagesRunTests.Strict };

    private static long[] Packed(RunResult result) => ActorRuntimeTests.Packed(result, new NetworkPlan(result.Spec, 1));

    /// <summary>The spikes of a straight run of the model for <paramref name="durationMs"/>, from the sequential reference.</summary>
    private static long[] Reference(Model.NetworkSpec spec, double durationMs) =>
        TestNetworks.Spikes(TestNetworks.Run(spec.With(durationMs: durationMs), 1));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ASnapshotRestoreRunLoopEqualsAStraightRun(int shards)
    {
        // Run 30 ms, snapshot, run on 20 ms, go back and run the same 20 ms again: the recordings are those of a 50 ms run.
        var spec = TestNetworks.Mixed();
        await using var session = await Session.BuildAsync(spec, Options(shards)).WaitAsync(Guard);
        await session.RunAsync(30.3);
        Assert.Equal(303, await session.SnapshotAsync("a"));
        await session.RunAsync(19.7);
        var first = Packed(await session.CollectAsync());
        await session.RestoreAsync("a");
        Assert.Equal(303, session.Step);
        await session.RunAsync(19.7);
        var again = Packed(await session.CollectAsync());

        var straight = Reference(spec, 50);
        Assert.NotEmpty(straight);
        Assert.Equal(straight, first);
        Assert.Equal(straight, again);
    }

    [Fact]
    public async Task TrialsFromOneBuildRepeatBitForBitAndRecordOnlyTheirOwnSpikes()
    {
        // NEST's Simulate-in-a-loop with a reset between trials, Brian2's store()/restore(): one build, many trials.
        var spec = TestNetworks.Mixed();
        await using var session = await Session.BuildAsync(spec, Options(2)).WaitAsync(Guard);
        await session.SnapshotAsync("start");
        var trials = new List<long[]>();
        for (int trial = 0; trial < 3; trial++)
        {
            await session.RestoreAsync("start");
            await session.RunAsync(25);
            trials.Add(Packed(await session.CollectAsync()));
        }
        var expected = Reference(spec, 25);
        Assert.All(trials, t => Assert.Equal(expected, t));
        var result = await session.CollectAsync();
        Assert.Equal(0, result.Stats.StartMs);
        Assert.Equal(25, result.Stats.BiologicalMs, 9);
        // The figures describe the steps that led to the state, not the discarded trials: every neuron is recorded
        // here, so the spike count is the recorded spikes of one trial, and the packets are one trial's.
        Assert.Equal(expected.Length, result.Stats.Spikes);
        var plan = new NetworkPlan(spec, 2);
        long windows = 250 / plan.WindowSteps;
        Assert.Equal(Enumerable.Range(0, 2).Sum(k => (long)plan.Downstream[k].Length) * (windows - 1),
            result.Stats.Communication!.Shards.Sum(x => x.PacketsSent));
    }

    [Fact]
    public async Task AnUnknownSnapshotFailsThatCommandAloneAndTheSessionGoesOn()
    {
        var spec = TestNetworks.Mixed(durationMs: 20);
        await using var session = await Session.BuildAsync(spec, Options(2)).WaitAsync(Guard);
        await session.RunAsync(10);
        await session.SnapshotAsync("ten");
        var ex = await Assert.ThrowsAsync<SessionCommandException>(() => session.RestoreAsync("nine"));
        Assert.Equal("snapshot 'nine': no such snapshot in this session; it holds 'ten'", ex.Message);
        await session.DropSnapshotAsync("ten");
        await Assert.ThrowsAsync<SessionCommandException>(() => session.RestoreAsync("ten"));
        await session.RunAsync(10);
        Assert.Equal(Reference(spec, 20), Packed(await session.CollectAsync()));
    }

    [Fact]
    public async Task BadArgumentsAreRefusedWithTheirName()
    {
        var spec = TestNetworks.Mixed(durationMs: 20);
        await using var session = await Session.BuildAsync(spec, Options(1)).WaitAsync(Guard);
        Assert.Contains("duration: got -1 ms", (await Assert.ThrowsAsync<ArgumentException>(() => session.RunAsync(-1))).Message);
        Assert.Contains("less than half a step", (await Assert.ThrowsAsync<ArgumentException>(() => session.RunAsync(0.01))).Message);
        Assert.Contains("snapshot name", (await Assert.ThrowsAsync<ArgumentException>(() => session.SnapshotAsync(" "))).Message);
        var shards = await Assert.ThrowsAsync<ArgumentException>(() => Session.BuildAsync(spec, Options(0)));
        Assert.StartsWith("shards: got 0", shards.Message);
    }

    [Fact]
    public async Task ASessionWhoseDriverStopsIsReleased()
    {
        // A driver that goes away must not leave the shards held: the session watches it and releases itself.
        var spec = TestNetworks.Mixed(durationMs: 20);
        // Not serialize-messages here: the test itself sends plain strings and an ActorSelection.
        using var system = ActorSystem.Create("driver-lost", SimulationRunner.DefaultConfig);
        try
        {
            var spawned = new List<IActorRef>();
            var session = await Session.StartAsync(system, new RunRequest(spec, 2),
                props => { var a = system.ActorOf(props, "session"); spawned.Add(a); return Task.FromResult(a); },
                progress: null, CancellationToken.None).WaitAsync(Guard);
            await session.RunAsync(5);
            var watcher = system.ActorOf(Props.Create(() => new Watcher(spawned[0])));
            // The driver's process "dies": its lifeline actor stops without the session being told anything.
            system.ActorSelection("/user/driver-*").Tell(Kill.Instance);
            var terminated = await watcher.Ask<string>("terminated?", Guard);
            Assert.Equal("terminated", terminated);
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => session.RunAsync(5).WaitAsync(Guard));
            Assert.IsType<SessionReleasedException>(ex);
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>Answers "terminated" once the watched actor has stopped.</summary>
    private sealed class Watcher : ReceiveActor
    {
        private IActorRef? _asker;
        private bool _terminated;

        public Watcher(IActorRef watched)
        {
            Context.Watch(watched);
            Receive<Terminated>(_ =>
            {
                _terminated = true;
                _asker?.Tell("terminated");
            });
            Receive<string>(_ =>
            {
                _asker = Sender;
                if (_terminated) Sender.Tell("terminated");
            });
        }
    }
}

public class SessionChangeTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    private static SessionOptions Options(int shards) => new() { Shards = shards, Config = SerializeMessagesRunTests.Strict };

    private static long[] Packed(RunResult result) => ActorRuntimeTests.Packed(result, new NetworkPlan(result.Spec, 1));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ResetStateRepeatsTrialZeroAndDrawsOtherTrialsAfreshTheSameForAnyCut(int shards)
    {
        var spec = TestNetworks.Mixed();
        await using var session = await Session.BuildAsync(spec, Options(shards)).WaitAsync(Guard);
        await session.RunAsync(20);
        var first = Packed(await session.CollectAsync());
        await session.ResetStateAsync(1);
        Assert.Equal(0, session.Step);
        await session.RunAsync(20);
        var trial1 = Packed(await session.CollectAsync());
        await session.ResetStateAsync(0);
        await session.RunAsync(20);
        var again = Packed(await session.CollectAsync());

        // The kernel reference: trial 1 on one shard, run sequentially.
        var kernels = Enumerable.Range(0, 1).Select(k => new Kernel.Shard.ShardKernel(new NetworkPlan(spec, 1), k)).ToArray();
        kernels[0].ResetState(1);
        Kernel.Shard.SequentialRunner.Run(kernels, 200);
        Assert.Equal(TestNetworks.Spikes(TestNetworks.Run(spec.With(durationMs: 20), 1)), first);
        Assert.Equal(first, again);
        Assert.Equal(TestNetworks.Spikes(kernels), trial1);
        Assert.NotEqual(first, trial1);
    }

    [Fact]
    public async Task ParametersRatesAndWeightsReachEveryShardAndBadOnesFailAlone()
    {
        var spec = TestNetworks.Mixed(durationMs: 20);
        await using var session = await Session.BuildAsync(spec, Options(3)).WaitAsync(Guard);
        var projection = spec.Projections[0].Label;
        var weights = await session.GetWeightsAsync(projection);
        var reference = new Kernel.Shard.ShardKernel(new NetworkPlan(spec, 1), 0).GetWeights(0);
        Assert.Equal(reference.Source, weights.Source);
        Assert.Equal(reference.Target, weights.Target);
        Assert.Equal(reference.Weight, weights.Weight);
        Assert.Equal(reference.DelaySteps, weights.DelaySteps);

        // Zero every weight of every projection and every Poisson rate: nothing but the constant currents can drive a spike.
        foreach (var pr in spec.Projections)
        {
            var w = await session.GetWeightsAsync(pr.Label);
            await session.SetWeightsAsync(pr.Label, w.Source, w.Target, new float[w.Count]);
            Assert.All((await session.GetWeightsAsync(pr.Label)).Weight, x => Assert.Equal(0f, x));
        }
        var bad = await Assert.ThrowsAsync<SessionCommandException>(() => session.SetParametersAsync(spec.Populations[0].Name, "no_such_parameter", [1.0]));
        Assert.Contains("no_such_parameter", bad.Message);
        Assert.Throws<ArgumentException>(() => { _ = session.SetParametersAsync("nobody", "i_e", [1.0]); });
        await session.RunAsync(10);
        Assert.Equal(100, session.Step);
    }

    [Fact]
    public async Task ACheckpointCarriesTheTrialParametersAndRatesItsSessionHadSet()
    {
        var spec = TestNetworks.Mixed();
        var dir = Path.Combine(Path.GetTempPath(), $"session-settings-{Guid.NewGuid():N}");
        try
        {
            long[] expected;
            await using (var session = await Session.BuildAsync(spec, Options(2)).WaitAsync(Guard))
            {
                await session.ResetStateAsync(3);
                await session.SetParametersAsync("cond", "i_e", [450.0]);
                await session.SetStimulusAsync("#0", [20000.0]);
                await session.RunAsync(10);
                await session.CheckpointAsync(dir);
                await session.RunAsync(10);
                // The resumed session continues the recordings: they are the whole run's.
                expected = Packed(await session.CollectAsync());
            }
            var resume = CheckpointFiles.Load(dir, spec);
            Assert.Equal(3, resume.Settings.Trial);
            Assert.Equal(["cond/i_e"], resume.Settings.Parameters.Select(p => $"{p.Population}/{p.Parameter}"));
            Assert.Equal([20000.0], resume.Settings.Rates.Single(r => r.Stimulus == 0).RatesHz);

            await using var resumed = await Session.BuildAsync(spec, Options(3) with { Resume = resume.Checkpoint, ResumeSettings = resume.Settings });
            await resumed.RunAsync(10);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, Packed(await resumed.CollectAsync()));

            // The settings matter: the same state resumed without them goes on differently.
            await using var bare = await Session.BuildAsync(spec, Options(3) with { Resume = resume.Checkpoint });
            await bare.RunAsync(10);
            Assert.NotEqual(expected, Packed(await bare.CollectAsync()));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void SessionSettingsRoundTripThroughJsonAndBadOnesAreRefusedWithTheirPath()
    {
        var spec = TestNetworks.Mixed();
        var settings = new SessionSettings(2, [new ParameterSetting("exc", "i_e", [1.5, -0.0, 1e-300])], [new RateSetting(1, [0.1])],
            [new SpikeTimesSetting("noise", [[0.1, 2.5], []])]);
        var back = SessionSettings.FromJson(settings.ToJson(), spec, "ck");
        Assert.Equal(2, back.Trial);
        Assert.Equal(settings.Parameters[0].Values.Select(BitConverter.DoubleToInt64Bits), back.Parameters[0].Values.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal((1, 0.1), (back.Rates[0].Stimulus, back.Rates[0].RatesHz[0]));
        Assert.Equal(settings.SpikeTimes[0].TimesMs, back.SpikeTimes[0].TimesMs);
        Assert.Same(SessionSettings.None, SessionSettings.FromJson(new System.Text.Json.Nodes.JsonObject(), spec, "ck"));

        var bad = settings.ToJson();
        bad["parameters"]![0]!["population"] = "nobody";
        var ex = Assert.Throws<Storage.Checkpoints.CheckpointException>(() => SessionSettings.FromJson(bad, spec, "ck"));
        Assert.Equal("ck: session: parameters[0].population is 'nobody', which the model does not have", ex.Message);
        var noTrial = settings.ToJson();
        noTrial.Remove("trial");
        Assert.StartsWith("ck: session: ", Assert.Throws<Storage.Checkpoints.CheckpointException>(() => SessionSettings.FromJson(noTrial, spec, "ck")).Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task RecordingsLeaveTheShardsInChunksAndComeBackWhole(int shards)
    {
        // Every exc neuron's v at every step. One shard records 1 + 160 values per step for it (and 1 + 3 × 2 for the
        // inh recorder): over the 700 ms after the snapshot, more than ShardRecordings.Bound, so it sends a chunk while
        // running, which the restore must then cut from the session's store. A third of the network per shard stays
        // under the bound, so with 3 shards the restore cuts what the shards still hold.
        var mixed = TestNetworks.Mixed(durationMs: 800);
        var spec = mixed with { Recorders = [.. mixed.Recorders, new Model.RecorderSpec(Model.RecorderKind.State, "exc", Variables: ["v"])] };
        Assert.True((1 + 160 + 1 + 6) * 7000L > ShardRecordings.Bound);
        Assert.True((1 + 160 + 1 + 6) * 8000L / 3 < ShardRecordings.Bound);
        var reference = TestNetworks.Run(spec, 1);
        var expected = reference[0].Recordings.Probes.Single(p => p.Population == 0);

        await using var session = await Session.BuildAsync(spec, Options(shards)).WaitAsync(Guard);
        await session.RunAsync(100);
        await session.SnapshotAsync("early");
        await session.RunAsync(700);
        await session.RestoreAsync("early");
        await session.RunAsync(700);
        var result = await session.CollectAsync();

        Assert.Equal(TestNetworks.Spikes(reference), Packed(result));
        var v = result.Traces.Single(t => t.Population == "exc");
        Assert.Equal(expected.Neurons, v.NeuronIds);
        Assert.Equal(expected.Steps.Select(step => (step + 1) * 0.1), v.TimesMs);
        for (int i = 0; i < expected.Neurons.Length; i++)
            Assert.Equal(expected.Values[0][i].Select(BitConverter.DoubleToInt64Bits), v.Values[i].Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public async Task ResultsAreWrittenFromTheStoreAsTheyWouldBeFromMemory()
    {
        var spec = TestNetworks.Mixed(durationMs: 60);
        var dir = Path.Combine(Path.GetTempPath(), $"session-results-{Guid.NewGuid():N}");
        try
        {
            await using var session = await Session.BuildAsync(spec, Options(3)).WaitAsync(Guard);
            await session.RunAsync(60);
            var stats = await session.WriteResultsAsync(new ResultsOutput(Path.Combine(dir, "store"), Results.SpikeFormat.Csv, Plots: false));
            var result = await session.CollectAsync();
            Results.ResultsWriter.Write(result with { Stats = stats }, Path.Combine(dir, "memory"), Results.SpikeFormat.Csv, plots: false);
            foreach (var file in new[] { "spikes.csv", "traces.csv", "summary.json" })
                Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "memory", file)), File.ReadAllBytes(Path.Combine(dir, "store", file)));
            Assert.Equal(result.Stats.Spikes, stats.Spikes);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
