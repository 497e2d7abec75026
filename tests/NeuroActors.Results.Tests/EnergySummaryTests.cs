using NeuroActors.Model;

namespace NeuroActors.Results.Tests;

public class EnergySummaryTests
{
    [Fact]
    public void The_SpiNNaker_estimate_is_events_times_the_real_time_figure_with_the_routers_share_beside_it()
    {
        var e = SpinnakerEnergy.Estimate(["E"], packets: 2_000, events: 300_000, biologicalSeconds: 0.5);
        // 300,000 · 0.6 µJ = 0.18 J; routers 2,000 · 1 nJ = 2 µJ; at a 20× slowdown 300,000 · 5.9 µJ = 1.77 J.
        Assert.Equal(0.18, e.Joules, 1e-12);
        Assert.Equal(2e-6, e.RouterJoules, 1e-15);
        Assert.Equal(1.77, e.JoulesSlowed, 1e-12);
        Assert.Equal(0.36, e.JoulesPerBiologicalSecond!.Value, 1e-12);
        Assert.Equal(9e-5, e.JoulesPerSpike!.Value, 1e-15);
        var idle = SpinnakerEnergy.Estimate(["E"], 0, 0, 0);
        Assert.Equal((0.0, (double?)null, (double?)null), (idle.Joules, idle.JoulesPerSpike, idle.JoulesPerBiologicalSecond));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpinnakerEnergy.Estimate([], -1, 0, 1));
    }

    private static NetworkSpec Spec() => new NetworkBuilder("energy")
        .Population("E", 10, NeuronModel.IafPscExp, new())
        .Population("L", 5, NeuronModel.IafPscExp, new())
        .Backend("L", "loihi")
        .Build();

    [Fact]
    public void The_summary_estimates_the_float_populations_from_their_backend_s_counts()
    {
        var stats = new RunStats(2, 0, 0, Spikes: 150, SynapticEvents: 7000, 0, 0, BiologicalMs: 1000, 0,
            Backends: [new BackendActivity("cpu", 10, 100, 5000, 500), new BackendActivity("loihi", 5, 50, 2000, 500)]);
        var energy = EnergySummary.Of(Spec(), stats)!.Spinnaker!;
        Assert.Equal(["E"], energy.Populations);
        Assert.Equal((100L, 5000L, 0.5), (energy.Packets, energy.SynapticEvents, energy.BiologicalSeconds));
        Assert.Equal(5000 * 0.6e-6, energy.Joules, 1e-15);
        Assert.Null(EnergySummary.Of(Spec(), stats with { Backends = null }));
        var allLoihi = Spec() with { Populations = [.. Spec().Populations.Select(p => p with { Backend = "loihi" })] };
        Assert.Null(EnergySummary.Of(allLoihi, stats)!.Spinnaker);
    }

    [Fact]
    public void The_energy_section_is_written_to_summary_json_and_read_back()
    {
        var stats = new RunStats(1, 0, 0, 100, 5000, 0, 0, 1000, 0, Backends: [new BackendActivity("cpu", 15, 100, 5000, 1000)]);
        var summary = Summary.Of(Spec() with { Populations = [.. Spec().Populations.Select(p => p with { Backend = null })] }, stats, [], "spikes.csv", null);
        var dir = Directory.CreateTempSubdirectory().FullName;
        string path = Path.Combine(dir, Summary.FileName);
        summary.Write(path);
        string json = File.ReadAllText(path);
        Assert.Contains("\"energy\": {", json);
        Assert.Contains("\"joules_per_biological_second\": 0.003", json);
        var back = Summary.Read(path);
        Assert.Equal(summary.Energy!.Spinnaker!.Joules, back.Energy!.Spinnaker!.Joules);
        Assert.Equal(["E", "L"], back.Energy.Spinnaker.Populations);
        Directory.Delete(dir, true);
    }
}
