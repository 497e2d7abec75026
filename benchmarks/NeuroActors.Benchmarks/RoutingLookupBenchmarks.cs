using BenchmarkDotNet.Attributes;
using NeuroActors.Model;
using NeuroActors.Routing;

namespace NeuroActors.Benchmarks;

/// <summary>
/// Key → route: <see cref="RoutingTable.Lookup"/> on a node's table as <see cref="RoutingTableBuilder"/> builds it
/// (one entry per slice) and after <see cref="PairCompressor"/>. Reported per lookup.
/// </summary>
public class RoutingLookupBenchmarks
{
    /// <summary>Keys looked up per invocation.</summary>
    public const int Keys = 4_096;

    private RoutingTable _table = null!;
    private uint[] _keys = null!;

    /// <summary>Network shape, which decides how far a table compresses.</summary>
    public enum Topology
    {
        /// <summary>Brunel's two populations, 12,500 neurons, every slice sending to every slice: 50 entries, one route.</summary>
        Brunel,

        /// <summary>A ring of 16 populations of 2,048 neurons, each projecting to the next: 128 entries, 16 routes.</summary>
        Chain,
    }

    /// <summary>The network.</summary>
    [Params(Topology.Brunel, Topology.Chain)]
    public Topology Network { get; set; }

    /// <summary>Whether the table is pair-compressed.</summary>
    [Params(false, true)]
    public bool Compressed { get; set; }

    /// <summary>Maps the network onto one node (slices of 256 neurons) and draws keys of random neurons.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var mapping = Inspector.Inspect(Network == Topology.Brunel ? Brunel() : Chain(), new InspectOptions(Nodes: 1));
        _table = (Compressed ? mapping.CompressedTables : mapping.Tables)[0];
        var random = new System.Random(1);
        _keys = new uint[Keys];
        for (int i = 0; i < Keys; i++)
        {
            var slice = mapping.Slices[random.Next(mapping.Slices.Count)];
            _keys[i] = slice.Key | (uint)random.Next(slice.Slice.Count);
        }
    }

    /// <summary>Looks every key up; returns the total fan-out so that nothing is optimised away.</summary>
    [Benchmark(OperationsPerInvoke = Keys)]
    public int Lookup()
    {
        int destinations = 0;
        foreach (uint key in _keys) destinations += _table.Lookup(key)?.Count ?? 0;
        return destinations;
    }

    private static NetworkSpec Brunel()
    {
        var synapse = new SynapseSpec(Receptor.Excitatory, Distribution.Constant(0.1), Distribution.Constant(1.5));
        var builder = new NetworkBuilder("brunel")
            .Population("excitatory", 10_000, NeuronModel.IafPscDelta)
            .Population("inhibitory", 2_500, NeuronModel.IafPscDelta);
        foreach (var source in new[] { "excitatory", "inhibitory" })
            foreach (var (target, degree) in new[] { ("excitatory", 1_000), ("inhibitory", 250) })
                builder.Projection(source, target, new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: degree), synapse);
        return builder.Build();
    }

    private static NetworkSpec Chain()
    {
        const int populations = 16;
        var synapse = new SynapseSpec(Receptor.Excitatory, Distribution.Constant(0.1), Distribution.Constant(1));
        var builder = new NetworkBuilder("chain");
        for (int p = 0; p < populations; p++) builder.Population($"p{p}", 2_048, NeuronModel.IafPscDelta);
        for (int p = 0; p < populations; p++)
            builder.Projection($"p{p}", $"p{(p + 1) % populations}", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 100), synapse);
        return builder.Build();
    }
}
