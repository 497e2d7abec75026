using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// Windows sent as several packets (window = 1 ms = 10 steps in the mixed network): the spikes must not change, a
/// shard must compute part j of a window as soon as part j of the previous window is in (and no sooner), and
/// checkpoints must resume under any split.
/// </summary>
public class PacketsPerWindowTests
{
    private static readonly Lazy<long[]> Reference = new(() => TestNetworks.Spikes(TestNetworks.Run(TestNetworks.Mixed(), 1)));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(3, 4)]   // parts of 2, 3, 2 and 3 steps
    [InlineData(7, 10)]  // one step per packet
    [InlineData(2, 25)]  // more packets than steps: one per step
    public void SpikesAreBitwiseIdenticalForAnySplitOfTheWindow(int shards, int packetsPerWindow)
    {
        var spec = TestNetworks.Mixed();
        var kernels = SequentialRunner.Run(new NetworkPlan(spec, shards), spec.Simulation.Steps, scheduleSeed: shards, packetsPerWindow: packetsPerWindow);
        Assert.Equal(Reference.Value, TestNetworks.Spikes(kernels));
    }

    [Fact]
    public void CobaSpikesAreUnchangedWhenOneStepWindowsAskForMorePackets()
    {
        var spec = TestNetworks.Coba(durationMs: 20);
        var reference = TestNetworks.Spikes(TestNetworks.Run(spec, 1));
        var kernels = SequentialRunner.Run(new NetworkPlan(spec, 2), spec.Simulation.Steps, packetsPerWindow: 3);
        Assert.Equal(reference, TestNetworks.Spikes(kernels));
    }

    [Fact]
    public void PartJOfTheNextWindowWaitsForPartJOfThisOne()
    {
        var spec = TestNetworks.Mixed(durationMs: 20);
        var plan = new NetworkPlan(spec, 2);
        Assert.Equal(10, plan.WindowSteps);
        var shard = new WindowedShard(new ShardKernel(plan, 1), plan.StepsFor(20), packetsPerWindow: 2);
        var sent = new List<(int To, SpikePacket Packet)>();
        void Send(int to, SpikePacket p) => sent.Add((to, p));
        // The first window needs nothing: both its parts run, and each goes out as its own packet.
        Assert.True(shard.TryAdvance(Send));
        Assert.Equal(5, shard.Kernel.Step);
        Assert.True(shard.TryAdvance(Send));
        Assert.Equal(10, shard.Kernel.Step);
        Assert.False(shard.Ready);
        Assert.Equal(new long[] { 0, 1 }, sent.Select(s => s.Packet.Number).Distinct().Order());
        Assert.All(sent, s => Assert.All(s.Packet.Offsets, o => Assert.InRange(o, 0, 4)));

        // Part 0 of window 0 from every upstream shard lets part 0 of window 1 (steps 10–14) run, and only that.
        foreach (int upstream in plan.Upstream[1]) shard.Accept(new SpikePacket(0, upstream, [], []));
        Assert.True(shard.TryAdvance(Send));
        Assert.Equal(15, shard.Kernel.Step);
        Assert.False(shard.Ready);
        foreach (int upstream in plan.Upstream[1]) shard.Accept(new SpikePacket(1, upstream, [], []));
        Assert.True(shard.TryAdvance(Send));
        Assert.Equal(20, shard.Kernel.Step);
    }

    [Fact]
    public void ASpikeOutsideItsPartIsRefused()
    {
        var spec = TestNetworks.Mixed(durationMs: 20);
        var plan = new NetworkPlan(spec, 2);
        var shard = new WindowedShard(new ShardKernel(plan, 1), plan.StepsFor(20), packetsPerWindow: 2);
        shard.TryAdvance((_, _) => { });
        shard.TryAdvance((_, _) => { });
        uint key = plan.Keys.KeyOf(0, 0);
        foreach (int upstream in plan.Upstream[1])
            shard.Accept(upstream == plan.Upstream[1][0] ? new SpikePacket(0, upstream, [key], [5]) : new SpikePacket(0, upstream, [], []));
        var error = Assert.Throws<InvalidDataException>(() => shard.TryAdvance((_, _) => { }));
        Assert.Contains("offset 5", error.Message);
    }

    [Theory]
    [InlineData(1000, 2, 3, 3, 1)]   // on a window boundary, written with 3 packets per window, resumed with 1
    [InlineData(1003, 3, 2, 2, 4)]   // mid-window, inside the first of two parts
    [InlineData(1007, 2, 2, 3, 1)]   // mid-window, inside the second part: part 0 was delivered, part 1 not
    [InlineData(1005, 1, 1, 2, 2)]   // written with whole windows mid-window, resumed in halves
    public void ACheckpointResumesUnderAnySplit(int checkpointStep, int shardsBefore, int packetsBefore, int shardsAfter, int packetsAfter)
    {
        var spec = TestNetworks.Mixed(durationMs: 200);
        var first = SequentialRunner.Run(new NetworkPlan(spec, shardsBefore), checkpointStep, packetsPerWindow: packetsBefore);
        var checkpoint = Checkpoint.From(spec, first.Select(k => k.Snapshot()));
        var second = SequentialRunner.Run(new NetworkPlan(spec, shardsAfter), spec.Simulation.Steps, checkpoint, packetsPerWindow: packetsAfter);
        Assert.Equal(Reference.Value, TestNetworks.Spikes(first.Concat(second)));
        // After a restore nothing is undelivered: every spike before the checkpoint is in some shard's input.
        Assert.All(second, k => Assert.True(k.DeliveredBefore > checkpointStep));
    }
}
