using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;
using NeuroActors.Results;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Runtime.Tests;

public class ActorRuntimeTests
{
    /// <summary>Recorded spikes as packed (step, gid) events, sorted: the kernel's form, for exact comparison.</summary>
    internal static long[] Packed(RunResult result, NetworkPlan plan)
    {
        var all = new List<long>();
        foreach (var pop in result.Spikes)
        {
            int p = plan.Spec.PopulationIndex(pop.Population);
            for (int i = 0; i < pop.NeuronIds.Length; i++)
                all.Add(SpikeEvent.Pack((long)Math.Round(pop.TimesMs[i] / plan.DtMs) - 1, plan.PopulationOffset(p) + pop.NeuronIds[i]));
        }
        var arr = all.ToArray();
        Array.Sort(arr);
        return arr;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task ActorRunsMatchTheSequentialReferenceBitForBit(int shards)
    {
        var spec = TestNetworks.Mixed();
        var reference = TestNetworks.Spikes(TestNetworks.Run(spec, 1));
        var result = await SimulationRunner.RunAsync(new RunRequest(spec, shards));
        Assert.Equal(reference, Packed(result, new NetworkPlan(spec, 1)));
        Assert.Equal(shards, result.Stats.Shards);
        Assert.True(result.Stats.SynapticEvents > 0);
        // One packet per upstream shard per window, every one received: nothing lost.
        var traffic = result.Stats.Communication!;
        var plan = new NetworkPlan(spec, shards);
        long windows = spec.Simulation.Steps / plan.WindowSteps;
        Assert.Equal(Enumerable.Range(0, shards).Sum(k => (long)plan.Downstream[k].Length) * (windows - 1), traffic.Shards.Sum(x => x.PacketsSent));
        Assert.Equal(traffic.Shards.Sum(x => x.PacketsSent), traffic.Shards.Sum(x => x.PacketsReceived));
        Assert.Equal(0, traffic.Shards.Sum(x => x.RemotePacketsSent));
    }

    // One-step windows: shards run windows back to back, take their own packets without the mailbox and start a
    // window from the packet that completes it. None of that may change a spike or lose a packet.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task CobaActorRunsMatchTheSequentialReferenceBitForBit(int shards)
    {
        var spec = TestNetworks.Coba();
        var reference = TestNetworks.Spikes(TestNetworks.Run(spec, 1));
        var result = await SimulationRunner.RunAsync(new RunRequest(spec, shards));
        Assert.Equal(reference, Packed(result, new NetworkPlan(spec, 1)));
        var traffic = result.Stats.Communication!;
        var plan = new NetworkPlan(spec, shards);
        long windows = spec.Simulation.Steps / plan.WindowSteps;
        Assert.Equal(Enumerable.Range(0, shards).Sum(k => (long)plan.Downstream[k].Length) * (windows - 1), traffic.Shards.Sum(x => x.PacketsSent));
        Assert.Equal(traffic.Shards.Sum(x => x.PacketsSent), traffic.Shards.Sum(x => x.PacketsReceived));
    }

    // Windows sent in three parts, with a checkpoint in the middle of a part: the segment after the checkpoint
    // starts by sending the parts its neighbours have not delivered yet. Spikes unchanged, three packets per window.
    [Fact]
    public async Task WindowsSentInPartsAcrossACheckpointMatchTheReference()
    {
        var spec = TestNetworks.Mixed(durationMs: 100);
        var reference = TestNetworks.Spikes(TestNetworks.Run(spec, 1));
        var path = Path.Combine(Path.GetTempPath(), $"ckpt-{Guid.NewGuid():N}");
        try
        {
            var result = await SimulationRunner.RunAsync(new RunRequest(spec, 3, CheckpointAtMs: 50.8, CheckpointPath: path, PacketsPerWindow: 3));
            Assert.Equal(reference, Packed(result, new NetworkPlan(spec, 1)));
            var traffic = result.Stats.Communication!;
            var plan = new NetworkPlan(spec, 3);
            long windows = spec.Simulation.Steps / plan.WindowSteps;
            Assert.Equal(Enumerable.Range(0, 3).Sum(k => (long)plan.Downstream[k].Length) * 3 * (windows - 1), traffic.Shards.Sum(x => x.PacketsSent));
            Assert.Equal(traffic.Shards.Sum(x => x.PacketsSent), traffic.Shards.Sum(x => x.PacketsReceived));
        }
        finally
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public async Task APacketsPerWindowBelowOneIsRefused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => SimulationRunner.RunAsync(new RunRequest(TestNetworks.Mixed(), 2, PacketsPerWindow: 0)));
        Assert.Contains("packets-per-window: got 0", error.Message);
    }

    [Fact]
    public async Task CheckpointedAndResumedRunEqualsOneRun()
    {
        var spec = TestNetworks.Mixed(durationMs: 200);
        var plan = new NetworkPlan(spec, 1);
        var full = Packed(await SimulationRunner.RunAsync(new RunRequest(spec, 3)), plan);
        var path = Path.Combine(Path.GetTempPath(), $"ckpt-{Guid.NewGuid():N}");
        try
        {
            var half = spec.With(durationMs: 100.3);
            var first = await SimulationRunner.RunAsync(new RunRequest(half, 2, CheckpointAtMs: 100.3, CheckpointPath: path));
            // Each of the three shards reads its own gids from the directory the two wrote.
            var second = await SimulationRunner.RunAsync(new RunRequest(spec.With(durationMs: 99.7), 3, Resume: CheckpointSource.FromDirectory(path)));
            // The checkpoint carried the first run's recordings: the resumed run's are those of the whole run.
            Assert.Equal((0.0, 200.0), (second.Stats.StartMs, second.Stats.BiologicalMs));
            Assert.Equal(full, Packed(second, plan));
            Assert.Equal(full, Packed(first, plan).Concat(Packed(second, plan).Where(e => SpikeEvent.Step(e) >= 1003)).ToArray());
        }
        finally
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public async Task ACheckpointInTheMiddleOfARunLeavesTheRunUnchanged()
    {
        var spec = TestNetworks.Mixed(durationMs: 100);
        var plan = new NetworkPlan(spec, 1);
        var path = Path.Combine(Path.GetTempPath(), $"ckpt-{Guid.NewGuid():N}");
        try
        {
            var plain = Packed(await SimulationRunner.RunAsync(new RunRequest(spec, 2)), plan);
            var withCheckpoint = Packed(await SimulationRunner.RunAsync(new RunRequest(spec, 2, CheckpointAtMs: 50, CheckpointPath: path)), plan);
            Assert.Equal(plain, withCheckpoint);
            Assert.Equal(500, CheckpointStore.Load(path, CheckpointLayout.Of(spec)).Step);
        }
        finally
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public async Task ProgressIsReported()
    {
        var reports = new List<RunProgress>();
        var progress = new SynchronousProgress(reports);
        await SimulationRunner.RunAsync(new RunRequest(TestNetworks.Mixed(durationMs: 50), 2), progress);
        Assert.Contains(reports, r => r.Phase == "build");
        Assert.Contains(reports, r => r.Phase == "simulate" && r.Step == 500);
    }

    [Fact]
    public async Task BadRequestsAreRefusedBeforeAnythingRuns()
    {
        var spec = TestNetworks.Mixed(durationMs: 10);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => SimulationRunner.RunAsync(new RunRequest(spec, 0)));
        Assert.Contains("shards", ex.Message);
        ex = await Assert.ThrowsAsync<ArgumentException>(() => SimulationRunner.RunAsync(new RunRequest(spec, 1, CheckpointAtMs: 50, CheckpointPath: "x")));
        Assert.Contains("checkpoint-at", ex.Message);
    }

    private sealed class SynchronousProgress(List<RunProgress> reports) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
