namespace NeuroActors.Routing;

/// <summary>
/// One node's router: an ordered list of entries searched first match wins, as a SpiNNaker router searches its
/// TCAM. Order only matters after compression, which may leave later entries that overlap earlier ones.
/// </summary>
public sealed class RoutingTable
{
    private readonly RoutingEntry[] _entries;

    /// <summary>A table for node <paramref name="node"/> with the given entries in search order.</summary>
    public RoutingTable(int node, IEnumerable<RoutingEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (node < 0) throw new ArgumentOutOfRangeException(nameof(node), node, "node ids are 0 or more");
        Node = node;
        _entries = entries.ToArray();
    }

    /// <summary>The node whose router this is, named in capacity errors.</summary>
    public int Node { get; }

    /// <summary>The entries in search order.</summary>
    public IReadOnlyList<RoutingEntry> Entries => _entries;

    /// <summary>Number of entries: what the router capacity limits.</summary>
    public int Count => _entries.Length;

    /// <summary>The route of the first entry matching <paramref name="key"/>, or null when none does.</summary>
    public Route? Lookup(uint key)
    {
        foreach (var e in _entries)
            if ((key & e.Mask) == e.Key) return e.Route;
        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => $"node {Node}: {Count} entries";
}
