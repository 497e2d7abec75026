using NeuroActors.Model;

namespace NeuroActors.Results.Tests;

/// <summary>Hand-made results with known content, and scratch directories.</summary>
internal static class SampleResults
{
    public static RunResult Make()
    {
        var spec = new NetworkBuilder("sample", dtMs: 0.1, durationMs: 100, seed: 3)
            .Population("exc", 4, NeuronModel.IafPscDelta)
            .Population("inh", 2, NeuronModel.IafPscDelta)
            .Population("silent", 3, NeuronModel.IafPscDelta)
            .RecordSpikes("exc").RecordSpikes("inh").RecordSpikes("silent")
            .RecordState("exc", ["v"], [0, 2])
            .Build();
        var spikes = new List<PopulationSpikes>
        {
            new("exc", 4, 4, [3, 0, 1, 3, 2], [0.1, 5.0, 5.0, 20.3, 99.9]),
            new("inh", 2, 2, [1, 0, 1], [5.0, 7.7, 100.0]),
            new("silent", 3, 3, [], []),
        };
        var times = Enumerable.Range(1, 5).Select(k => k * 0.1).ToArray();
        var traces = new List<StateTrace>
        {
            new("exc", "v", "mV", [0, 2], times, [[-70.0, -69.5, -69.25, -1.0 / 3, 20.0], [1e-300, 0, -0.0, 12.5, 3.14159]]),
        };
        var stats = new RunStats(Shards: 2, Synapses: 40, SynapseBytes: 400, Spikes: 8, SynapticEvents: 123,
            BuildSeconds: 0.5, SimulationSeconds: 2.0, BiologicalMs: 100, PeakMemoryBytes: 64L << 20);
        return new RunResult(spec, spikes, traces, stats);
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "neuroactors-results-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
