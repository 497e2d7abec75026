using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;
using NeuroActors.Results;
using NeuroActors.Runtime.Sessions;
using NeuroActors.Runtime.Tests.Wire;

namespace NeuroActors.Runtime.Tests.Sessions;

// TestNetworks.MixedBackends: exc and noise on the cpu kernel, inh and cond on the test backend fixed-point.
public class BackendSessionTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    private static SessionOptions Options(int shards) => new() { Shards = shards, Config = SerializeMessagesRunTests.Strict };

    // Any plan of the model numbers its neurons alike; it needs a shard per backend.
    private static long[] Packed(RunResult result) => ActorRuntimeTests.Packed(result, new NetworkPlan(result.Spec, 2));

    private static long[] Reference(Model.NetworkSpec spec, double durationMs) =>
        TestNetworks.Spikes(TestNetworks.Run(spec.With(durationMs: durationMs), 2));

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    public async Task Two_backends_give_the_same_spikes_through_a_session_for_any_number_of_shards(int shards)
    {
        // Run 60 ms, snapshot, run on, go back and run the same 40 ms again: both are the sequential reference's.
        var spec = TestNetworks.MixedBackends(durationMs: 100);
        await using var session = await Session.BuildAsync(spec, Options(shards)).WaitAsync(Guard);
        await session.RunAsync(60.3);
        await session.SnapshotAsync("a");
        await session.RunAsync(39.7);
        var first = await session.CollectAsync();
        await session.RestoreAsync("a");
        await session.RunAsync(39.7);
        var again = Packed(await session.CollectAsync());

        var reference = Reference(spec, 100);
        Assert.Equal(reference, Packed(first));
        Assert.Equal(reference, again);
        Assert.Equal(2, first.Spikes.Count(p => p.Population is "inh" or "cond" && p.NeuronIds.Length > 0));
        // What the backends describe reaches the session: synapses, and the test backend's own figure, summed over shards.
        var plan = new NetworkPlan(spec, 2);
        var built = Enumerable.Range(0, 2).Select(k => ShardBackends.Build(plan, k).Resources).ToArray();
        Assert.Equal(built.Sum(r => r.Synapses), session.Info.Synapses);
        Assert.True(session.Info.BackendFigures["rounded_weights"] > 0);
        Assert.Equal(built[1].Figures["rounded_weights"], session.Info.BackendFigures["rounded_weights"]);
    }

    [Fact]
    public async Task A_checkpoint_of_two_backends_resumes_on_another_number_of_shards()
    {
        var spec = TestNetworks.MixedBackends(durationMs: 60);
        var dir = Path.Combine(Path.GetTempPath(), "backend", $"mixed-{Guid.NewGuid():N}");
        try
        {
            long[] expected;
            await using (var session = await Session.BuildAsync(spec, Options(2)).WaitAsync(Guard))
            {
                await session.RunAsync(30.7);
                await session.CheckpointAsync(dir);
                await session.RunAsync(29.3);
                expected = Packed(await session.CollectAsync());
            }
            var resume = CheckpointFiles.Load(dir, spec);
            await using var resumed = await Session.BuildAsync(spec, Options(5) with { Resume = resume.Checkpoint }).WaitAsync(Guard);
            Assert.Equal(307, resumed.Step);
            await resumed.RunAsync(29.3);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, Packed(await resumed.CollectAsync()));
            Assert.Equal(Reference(spec, 60), expected);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Too_few_shards_are_refused_and_a_backend_refuses_what_it_cannot_do_alone()
    {
        var spec = TestNetworks.MixedBackends(durationMs: 20);
        var few = await Assert.ThrowsAsync<ArgumentException>(() => Session.BuildAsync(spec, Options(1)));
        Assert.StartsWith("shards: got 1; the model computes its populations on 2 shard backends", few.Message);

        await using var session = await Session.BuildAsync(spec, Options(3)).WaitAsync(Guard);
        var parameter = await Assert.ThrowsAsync<SessionCommandException>(() => session.SetParametersAsync("inh", "i_e", [100.0]));
        Assert.Equal("'i_e': population inh runs on shard backend 'fixed-point', which cannot change parameters between runs", parameter.Message);
        var weights = await Assert.ThrowsAsync<SessionCommandException>(() => session.GetWeightsAsync(spec.Projections[1].Label));
        Assert.Contains("population inh runs on shard backend 'fixed-point', which cannot give weights", weights.Message);

        // The cpu populations take them, and the session goes on.
        await session.SetParametersAsync("exc", "i_e", [1.0]);
        var w = await session.GetWeightsAsync(spec.Projections[0].Label);
        Assert.Equal(new ShardKernel(new NetworkPlan(spec, 2), 0).GetWeights(0).Weight, w.Weight);
        await session.ResetStateAsync(1);
        await session.RunAsync(20);
        Assert.Equal(200, session.Step);
    }
}
