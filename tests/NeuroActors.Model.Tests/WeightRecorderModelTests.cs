using NeuroActors.Model;

namespace NeuroActors.Model.Tests;

/// <summary><c>recorders: [{type: weights, …}]</c>: the plastic projection's chosen synapses, each problem one line with its path.</summary>
public class WeightRecorderModelTests
{
    private const string Model = """
        populations:
          - {name: exc, size: 1200, model: iaf_psc_delta}
          - {name: src, size: 1000, model: poisson_source}
        projections:
          - {name: learn, source: src, target: exc, connector: {rule: fixed_indegree, indegree: 5}, synapse: {model: stdp, weight: 1, delay: 1}}
          - {source: src, target: exc, connector: {rule: fixed_indegree, indegree: 2}, synapse: {weight: 1, delay: 1}}
        recorders:
          -
        """;

    private static NetworkSpec Parse(string recorder) =>
        ModelLoader.Parse(Model.TrimEnd('-', ' ', '\n') + "\n  - " + recorder);

    private static ModelError Error(string recorder, string path)
    {
        var ex = Assert.Throws<ModelException>(() => Parse(recorder));
        var match = ex.Errors.FirstOrDefault(e => e.Path == path || e.Path.StartsWith(path + " (line", StringComparison.Ordinal));
        Assert.True(match is not null, $"no error at {path}; got: {ex.Message}");
        Assert.DoesNotContain('\n', match!.ToString());
        return match;
    }

    [Fact]
    public void A_weight_recorder_names_a_projection_and_optionally_sources_and_targets()
    {
        var rec = Parse("{type: weights, projection: learn, sources: [0, 7], targets: [3]}").Recorders[0];
        Assert.Equal((RecorderKind.Weights, "learn"), (rec.Kind, rec.Projection));
        Assert.Equal([0, 7], rec.Sources!);
        Assert.Equal([3], rec.Targets!);
        var all = Parse("{type: weights, projection: learn, targets: [1, 2]}").Recorders[0];
        Assert.Null(all.Sources);
        // Spike and state recorders keep their JSON form, and with it their models' fingerprints.
        string json = SpecJson.Serialize(Parse("{type: spikes, population: exc}"));
        Assert.DoesNotContain("\"Projection\"", json);
        Assert.DoesNotContain("\"Sources\"", json);
        Assert.Contains("\"Projection\"", SpecJson.Serialize(Parse("{type: weights, projection: learn, targets: [1]}")));
    }

    [Fact]
    public void Unknown_and_static_projections_are_refused_with_the_plastic_ones_listed()
    {
        var unknown = Error("{type: weights, projection: nope, sources: [1]}", "recorders[0].projection");
        Assert.Equal("'nope'", unknown.Value);
        Assert.Contains("'learn'", unknown.Expected);
        var isStatic = Error("{type: weights, projection: src->exc, sources: [1]}", "recorders[0].projection");
        Assert.Contains("static", isStatic.Expected);
        Assert.Contains("'learn'", isStatic.Expected);
    }

    [Fact]
    public void Indices_out_of_range_repeated_or_too_many_pairs_are_refused()
    {
        Assert.Contains("[0, 1000)", Error("{type: weights, projection: learn, sources: [1000], targets: [0]}", "recorders[0].sources[0]").Expected);
        Assert.Contains("[0, 1200)", Error("{type: weights, projection: learn, sources: [0], targets: [5, 1200]}", "recorders[0].targets[1]").Expected);
        Assert.Contains("once", Error("{type: weights, projection: learn, sources: [3, 3], targets: [0]}", "recorders[0].sources[1]").Expected);
        // All 1,000 sources onto all 1,200 targets: 1.2 million pairs.
        var many = Error("{type: weights, projection: learn}", "recorders[0].sources");
        Assert.Equal("1000 sources × 1200 targets", many.Value);
        Assert.Contains("1,000,000", many.Expected);
        Parse("{type: weights, projection: learn, targets: [0, 1, 2]}");
    }

    [Fact]
    public void Keys_of_other_recorder_types_and_a_second_recorder_of_a_projection_are_refused()
    {
        Error("{type: weights, projection: learn, targets: [0], population: exc}", "recorders[0].population");
        Error("{type: spikes, population: exc, projection: learn}", "recorders[0].projection");
        Error("{type: weights, sources: [1]}", "recorders[0].projection");
        var ex = Assert.Throws<ModelException>(() => ModelLoader.Parse(Model.TrimEnd('-', ' ', '\n')
            + "\n  - {type: weights, projection: learn, targets: [0]}\n  - {type: weights, projection: learn, targets: [1]}"));
        Assert.Contains(ex.Errors, e => e.Path.StartsWith("recorders[1].projection", StringComparison.Ordinal) && e.Expected.Contains("recorders[0] already records"));
    }
}
