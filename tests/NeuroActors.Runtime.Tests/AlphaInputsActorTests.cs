using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Tests;

namespace NeuroActors.Runtime.Tests;

/// <summary>iaf_psc_alpha neurons with homogeneous and inhomogeneous Poisson drive through the actor runtime.</summary>
public class AlphaInputsActorTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public async Task ActorRunsMatchTheSequentialReferenceBitForBit(int shards)
    {
        var spec = AlphaAndInputsPartitionTests.Network();
        var reference = TestNetworks.Spikes(TestNetworks.Run(spec, 1));

        var result = await SimulationRunner.RunAsync(new RunRequest(spec, shards));

        Assert.Equal(reference, ActorRuntimeTests.Packed(result, new NetworkPlan(spec, 1)));
        Assert.Equal(shards, result.Stats.Shards);
    }
}
