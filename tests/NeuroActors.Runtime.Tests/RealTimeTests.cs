using NeuroActors.Results;
using NeuroActors.Kernel.Tests;

namespace NeuroActors.Runtime.Tests;

/// <summary>Wall-clock tests run alone, so that other tests' load cannot make a clock that has time to spare miss.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WallClockCollection
{
    public const string Name = "wall clock";
}

/// <summary>Best-effort real time (as SpiNNaker): shards follow a wall clock and never wait; late spikes are dropped and counted.</summary>
[Collection(WallClockCollection.Name)]
public class RealTimeTests
{
    [Fact]
    public async Task With_time_to_spare_nothing_is_late_and_the_spikes_are_the_deterministic_ones()
    {
        var spec = TestNetworks.Mixed(durationMs: 20);
        var deterministic = await SimulationRunner.RunAsync(new RunRequest(spec, 3));
        Assert.True(deterministic.Spikes.Sum(p => p.TimesMs.Count()) > 0, "the network is silent: nothing to compare");

        // Whether a clock leaves time to spare depends on the machine's load, which a test cannot control: slow the
        // clock until a run has nothing late (a loaded machine needs a slower one), then check what that promises.
        RunResult? realTime = null;
        foreach (double scale in new[] { 40.0, 200.0, 1000.0 })
        {
            realTime = await SimulationRunner.RunAsync(new RunRequest(spec.With(timeScale: scale), 3));
            var traffic = realTime.Stats.Communication!;
            Assert.Equal(scale, traffic.TimeScale);
            // A clock never runs ahead of itself: the run lasts at least as long as the scaled biological time.
            Assert.True(realTime.Stats.SimulationSeconds >= 20 * scale / 1000.0 * 0.9,
                $"the run took {realTime.Stats.SimulationSeconds} s; the clock says {20 * scale / 1000.0} s");
            if (traffic.Shards.Sum(s => s.LatePackets) == 0) break;
        }

        var spared = realTime!.Stats.Communication!;
        Assert.Equal(0, spared.Shards.Sum(s => s.LatePackets));
        Assert.Null(spared.Advice);
        Assert.Equal(deterministic.Spikes.Select(p => p.TimesMs), realTime.Spikes.Select(p => p.TimesMs));
        Assert.Equal(deterministic.Spikes.Select(p => p.NeuronIds), realTime.Spikes.Select(p => p.NeuronIds));
    }

    [Fact]
    public async Task An_impossible_clock_drops_late_spikes_counts_them_per_projection_and_advises()
    {
        // A thousand times faster than real time: no shard can keep up, none waits, and packets arrive too late.
        var spec = TestNetworks.Mixed(durationMs: 300).With(timeScale: 0.001);

        var result = await SimulationRunner.RunAsync(new RunRequest(spec, 7));

        var traffic = result.Stats.Communication!;
        long late = traffic.Shards.Sum(s => s.LatePackets);
        Assert.True(late > 0, "no packet was late");
        Assert.True(traffic.Shards.Sum(s => s.Overruns) > 0);
        Assert.True(traffic.Shards.Sum(s => s.PacketsReceived) <= traffic.Shards.Sum(s => s.PacketsSent));
        Assert.NotEmpty(traffic.LateByProjection!);
        Assert.All(traffic.LateByProjection!, p => Assert.Contains(p.Projection, spec.Projections.Select(x => x.Label)));
        Assert.Contains("larger time scale", traffic.Advice);
    }
}
