using NeuroActors.Model;

namespace NeuroActors.Routing.Tests;

/// <summary>Small models shared by the tests.</summary>
internal static class Models
{
    public static SynapseSpec Syn(double delayMs = 1.0) =>
        new(Receptor.Excitatory, Distribution.Constant(0.1), Distribution.Constant(delayMs));

    public static ConnectorSpec AllToAll(bool autapses = true) => new(ConnectorKind.AllToAll, AllowAutapses: autapses);
    public static ConnectorSpec OneToOne() => new(ConnectorKind.OneToOne);
    public static ConnectorSpec Probability(double p, bool autapses = true) => new(ConnectorKind.FixedProbability, Probability: p, AllowAutapses: autapses);
    public static ConnectorSpec InDegree(int k) => new(ConnectorKind.FixedInDegree, Degree: k);
    public static ConnectorSpec OutDegree(int k) => new(ConnectorKind.FixedOutDegree, Degree: k);
    public static ConnectorSpec TotalNumber(long n) => new(ConnectorKind.FixedTotalNumber, TotalNumber: n);
    public static ConnectorSpec Explicit(params (int, int)[] pairs) => new(ConnectorKind.Explicit, Pairs: pairs);

    /// <summary>Populations of the given sizes named by their (name, size); projections added by the callback.</summary>
    public static NetworkSpec Build(IEnumerable<(string Name, int Size)> populations, Action<NetworkBuilder>? projections = null, double dtMs = 0.1)
    {
        var b = new NetworkBuilder("test", dtMs: dtMs, durationMs: 10);
        foreach (var (name, size) in populations) b.Population(name, size, NeuronModel.IafPscDelta);
        projections?.Invoke(b);
        return b.Build();
    }

    /// <summary>A spec built without validation, for sizes the validator or memory would not like.</summary>
    public static NetworkSpec Raw(params (string Name, int Size)[] populations) => new(
        new SimulationSpec(),
        populations.Select(p => new PopulationSpec(p.Name, p.Size, NeuronModel.IafPscDelta,
            new Dictionary<string, double>(), new Dictionary<string, Distribution>())).ToList(),
        new List<ProjectionSpec>(), new List<StimulusSpec>(), new List<RecorderSpec>());

    /// <summary>
    /// Two clusters of two populations each (512 neurons, 4 slices of 128), densely connected inside, joined by
    /// a single one_to_one projection a1 → b1.
    /// </summary>
    public static NetworkSpec TwoClusters() => Build(
        new[] { ("a1", 512), ("b1", 512), ("a2", 512), ("b2", 512) },
        b =>
        {
            foreach (var c in new[] { "1", "2" })
            {
                b.Projection("a" + c, "a" + c, Probability(0.1), Syn());
                b.Projection("a" + c, "b" + c, Probability(0.1), Syn());
                b.Projection("b" + c, "a" + c, Probability(0.1), Syn());
            }
            b.Projection("a1", "a2", OneToOne(), Syn());
        });
}
