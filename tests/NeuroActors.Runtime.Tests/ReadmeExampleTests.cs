using NeuroActors.Model;

namespace NeuroActors.Runtime.Tests;

/// <summary>The C# example of README.md, verbatim, must build and run.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public async Task TheBuilderExampleOfTheReadmeRuns()
    {
        var spec = new NetworkBuilder("demo", dtMs: 0.1, durationMs: 500, seed: 1)
            .Population("exc", 800, NeuronModel.IafPscDelta, new() { ["tau_m"] = 20 })
            .Projection("exc", "exc", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 80),
                        new SynapseSpec(Receptor.Excitatory, Distribution.Constant(0.1), Distribution.Constant(1.5)))
            .Poisson("exc", rateHz: 8000, weight: 0.1)
            .RecordSpikes("exc")
            .Build();
        var result = await SimulationRunner.RunAsync(new RunRequest(spec, Shards: 4));

        var exc = Assert.Single(result.Spikes);
        Assert.Equal(800, exc.RecordedNeurons);
        Assert.NotEmpty(exc.TimesMs);
        Assert.Equal(4, result.Stats.Shards);
        Assert.Equal(800L * 80, result.Stats.Synapses);
    }
}
