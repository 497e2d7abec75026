using NeuroActors.Model;

namespace NeuroActors.Model.Tests;

public class SpecJsonTests
{
    private static string ConfigPath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuroActors.sln"))) return Path.Combine(dir.FullName, "configs", name);
        throw new InvalidOperationException("repository root not found");
    }

    [Theory]
    [InlineData("brunel.yaml")]
    [InlineData("vogels-abbott.yaml")]
    [InlineData("vogels-abbott-brette2007.yaml")]
    [InlineData("intro.yaml")]
    [InlineData("izhikevich.yaml")]
    public void Every_shipped_model_survives_the_trip_to_a_worker(string config)
    {
        var spec = ModelLoader.Load(ConfigPath(config));

        var json = SpecJson.Serialize(spec);
        var back = SpecJson.Deserialize(json);

        Assert.Equal(json, SpecJson.Serialize(back));
        Assert.Equal(spec.Simulation, back.Simulation);
        Assert.Equal(spec.Projections.Select(p => p.Synapse), back.Projections.Select(p => p.Synapse));
    }

    [Fact]
    public void Unbounded_distributions_explicit_pairs_and_spike_times_survive()
    {
        var spec = ModelLoader.Parse("""
            simulation: {dt: 0.1, duration: 10, seed: 9, max_neurons_per_shard: 3}
            populations:
              - {name: src, model: spike_source_array, spike_times: [[1.0, 2.0], [], [5.5]]}
              - {name: a, size: 4, model: iaf_psc_delta, initial: {v: {normal: [0, 2]}}, max_neurons_per_shard: 2}
            projections:
              - {source: src, target: a, connector: {rule: explicit, pairs: [[0, 1], [2, 3]]}, synapse: {weight: {normal: [1, 0.5]}, delay: 1}}
            """);

        var back = SpecJson.Deserialize(SpecJson.Serialize(spec));

        Assert.Equal(double.NegativeInfinity, back.Populations[1].Initial["v"].Low);
        Assert.Equal(new[] { (0, 1), (2, 3) }, back.Projections[0].Connector.Pairs!);
        Assert.Equal(5.5, back.Populations[0].SpikeTimes![2][0]);
        Assert.Equal(2, back.Populations[1].MaxNeuronsPerShard);
    }

    [Fact]
    public void Text_that_is_not_a_model_is_a_model_error()
    {
        var error = Assert.Throws<ModelException>(() => SpecJson.Deserialize("{\"Simulation\": 3"));

        Assert.Equal("malformed model JSON", Assert.Single(error.Errors).Value);
    }
}
