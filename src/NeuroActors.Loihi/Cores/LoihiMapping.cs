namespace NeuroActors.Loihi.Cores;

/// <summary>A checked mapping: every core with what it uses, the chips, and where each neuron's spikes go.</summary>
public sealed class LoihiMapping
{
    private readonly Dictionary<int, SpikeRoute> _routes;

    internal LoihiMapping(LoihiProfile profile, IReadOnlyList<CoreUsage> cores, int chips, Dictionary<int, SpikeRoute> routes)
    {
        Profile = profile;
        Cores = cores;
        Chips = chips;
        _routes = routes;
    }

    /// <summary>The profile it was checked against.</summary>
    public LoihiProfile Profile { get; }

    /// <summary>Every core, in core order.</summary>
    public IReadOnlyList<CoreUsage> Cores { get; }

    /// <summary>Chips used.</summary>
    public int Chips { get; }

    /// <summary>
    /// Where the spikes of neuron <paramref name="gid"/> go: its output axons, by where their destination cores lie.
    /// A neuron with no synapse on a Loihi core (or not on one itself) has the empty route.
    /// </summary>
    public SpikeRoute RouteOf(int gid) => _routes.GetValueOrDefault(gid);

    /// <summary>
    /// The routes of neurons [<paramref name="firstGid"/>, <paramref name="firstGid"/> + <paramref name="count"/>) as an
    /// array a shard can index by local neuron in its spike loop (a dictionary look-up per spike would not do there).
    /// </summary>
    public SpikeRoute[] RoutesOf(int firstGid, int count)
    {
        var routes = new SpikeRoute[count];
        for (int i = 0; i < count; i++) routes[i] = RouteOf(firstGid + i);
        return routes;
    }

    /// <summary>
    /// How full a core is: the largest of its modelled per-core uses as a fraction of the profile's limit
    /// (compartments always, axons and synapse memory where the profile models them).
    /// </summary>
    public double Fullness(CoreUsage core)
    {
        double f = (double)core.Compartments / Profile.CompartmentsPerCore;
        if (Profile.InputAxonsPerCore is { } ia) f = Math.Max(f, (double)core.InputAxons / ia);
        if (Profile.OutputAxonsPerCore is { } oa) f = Math.Max(f, (double)core.OutputAxons / oa);
        if (Profile.SynapseMemoryBitsPerCore is { } mem) f = Math.Max(f, (double)core.SynapseBits / mem);
        return f;
    }

    /// <summary>The <paramref name="count"/> fullest cores (<see cref="Fullness"/>), fullest first, ties in core order.</summary>
    public IReadOnlyList<CoreUsage> Fullest(int count) =>
        [.. Cores.OrderByDescending(Fullness).ThenBy(c => c.Core).Take(count)];
}
