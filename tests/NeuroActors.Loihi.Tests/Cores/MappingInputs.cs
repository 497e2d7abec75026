using NeuroActors.Loihi.Cores;

namespace NeuroActors.Loihi.Tests.Cores;

/// <summary>Small hand-made mapping inputs.</summary>
internal static class MappingInputs
{
    /// <summary>Synapses from (source gid, target within the slice) pairs, all with delay 1.</summary>
    public static LoihiIncoming Pairs(string name, SynapseConfig config, IEnumerable<(int Source, int Target)> pairs, int delay = 1)
    {
        var list = pairs.ToArray();
        return new LoihiIncoming(name, config, [.. list.Select(p => p.Source)], [.. list.Select(p => p.Target)], [.. list.Select(_ => delay)]);
    }

    /// <summary>One population of one slice receiving <paramref name="incoming"/>.</summary>
    public static LoihiMappingInput One(string name, int firstGid, int size, int[]? compartmentKeys = null, int[]? thresholdKeys = null,
        params LoihiIncoming[] incoming) =>
        new([new LoihiPopulationInput(name, firstGid, [size])], [new LoihiSliceInput(0, 0, compartmentKeys, thresholdKeys, incoming)]);

    public static IEnumerable<(int, int)> AllToAll(int firstSource, int sources, int targets) =>
        from s in Enumerable.Range(firstSource, sources) from t in Enumerable.Range(0, targets) select (s, t);
}
