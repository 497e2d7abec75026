using System.Text.Json;

namespace NeuroActors.Results.Tests;

public class SummaryTests
{
    [Fact]
    public void Rate_is_spikes_per_recorded_neuron_per_second()
    {
        var pop = new PopulationSpikes("p", Size: 10, RecordedNeurons: 4, [0, 1, 2, 3, 0, 1], [1, 2, 3, 4, 5, 6]);

        Assert.Equal(6 / (4 * 0.5), SummaryStats.ForPopulation(pop, 0.5).RateHz, 12);
    }

    [Fact]
    public void Cv_of_interspike_intervals_matches_hand_computed_values()
    {
        // Neuron 0: regular train, CV 0. Neuron 1: ISIs 1, 3, 1, 3 → mean 2, population std 1, CV 0.5.
        // Neuron 2: two spikes only, one ISI: excluded.
        var times = new (int Neuron, double T)[] { (0, 10), (0, 20), (0, 30), (0, 40), (1, 0), (1, 1), (1, 4), (1, 5), (1, 8), (2, 3), (2, 50) }
            .OrderBy(s => s.T).ToArray();
        var pop = new PopulationSpikes("p", 3, 3, times.Select(s => s.Neuron).ToArray(), times.Select(s => s.T).ToArray());

        Assert.Equal(0.25, SummaryStats.ForPopulation(pop, 1).CvIsi!.Value, 12);
    }

    [Fact]
    public void Cv_is_undefined_without_two_intervals()
    {
        var pop = new PopulationSpikes("p", 3, 3, [0, 1, 0], [1, 2, 3]);

        Assert.Null(SummaryStats.ForPopulation(pop, 1).CvIsi);
    }

    [Fact]
    public void Summary_holds_every_documented_figure_and_reads_back()
    {
        var result = SampleResults.Make();
        var path = Path.Combine(SampleResults.TempDir(), Summary.FileName);
        var summary = Summary.Of(result, SonataSpikes.FileName, TraceFiles.Hdf5FileName);
        summary.Write(path);

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        Assert.Equal("sample", root.GetProperty("model").GetString());
        Assert.Equal(100, root.GetProperty("end_ms").GetDouble());
        var exc = root.GetProperty("populations")[0];
        Assert.Equal(5, exc.GetProperty("spikes").GetInt64());
        Assert.Equal(5 / (4 * 0.1), exc.GetProperty("rate_hz").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("populations")[2].GetProperty("cv_isi").ValueKind);
        var totals = root.GetProperty("totals");
        Assert.Equal(9, totals.GetProperty("neurons").GetInt64());
        Assert.Equal(10, totals.GetProperty("bytes_per_synapse").GetDouble());
        Assert.Equal(123, totals.GetProperty("synaptic_events").GetInt64());
        var timing = root.GetProperty("timing");
        Assert.Equal(20, timing.GetProperty("real_time_factor").GetDouble(), 12);
        Assert.Equal(61.5, timing.GetProperty("synaptic_events_per_second").GetDouble(), 12);
        Assert.Equal(64, timing.GetProperty("peak_memory_mib").GetDouble());

        var back = Summary.Read(path);
        Assert.Equal(summary with { Populations = [] }, back with { Populations = [] });
        Assert.Equal(summary.Populations, back.Populations);
    }

    [Fact]
    public void A_summary_that_is_not_json_gives_a_results_error()
    {
        var path = Path.Combine(SampleResults.TempDir(), Summary.FileName);
        File.WriteAllText(path, "{ not json");

        var error = Assert.Throws<ResultsException>(() => Summary.Read(path));

        Assert.Contains("is not a NeuroActors summary", error.Message);
    }
}
