using NeuroActors.Kernel.Neurons;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

public class SpikeSourceArrayTests
{
    // As NEST's spike_generator: a spike given at time t (on the dt grid) is recorded at t, not one step later.
    [Fact]
    public void Given_spike_times_are_recorded_at_those_times()
    {
        var spec = new NetworkBuilder("replay", dtMs: 0.1, durationMs: 10, seed: 1)
            .SpikeSourceArray("src", [[0.1, 1.0, 2.54], [5.0, 9.96]])
            .RecordSpikes("src")
            .Build();

        var spikes = TestNetworks.Spikes(TestNetworks.Run(spec, shards: 2))
            .Select(e => (Neuron: SpikeEvent.Gid(e), TimeMs: Math.Round((SpikeEvent.Step(e) + 1) * 0.1, 9)))
            .ToArray();

        Assert.Equal(new[] { (0, 0.1), (0, 1.0), (0, 2.5), (1, 5.0), (1, 10.0) }, spikes.OrderBy(s => s.Neuron).ThenBy(s => s.TimeMs));
    }

    [Fact]
    public void A_time_before_the_first_step_ends_is_refused()
    {
        var builder = new NetworkBuilder("replay", dtMs: 0.1, durationMs: 10).SpikeSourceArray("src", [[0.04, 1.0]]);

        var error = Assert.Single(Assert.Throws<ModelException>(builder.Build).Errors);

        Assert.Equal("populations[0].spike_times[0][0]", error.Path);
        Assert.Contains("at least dt (0.1 ms)", error.Expected);
    }

    // Sources ignore synaptic input but must still leave it +0: the kernel relies on the update to empty the ring slot.
    [Fact]
    public void Update_consumes_its_input()
    {
        var group = new SpikeSourceArrayGroup(3, 0.1, [[0.1], [], [0.2]]);
        double[] ex = [1, -0.0, 3], inh = [-1, 2, -0.0];
        Assert.Equal(1, group.Update(0, ex, inh, new double[3], new int[3]));
        NeuronVectorTests.AssertConsumed(ex, inh);
    }
}
