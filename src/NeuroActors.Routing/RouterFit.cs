using System.Globalization;

namespace NeuroActors.Routing;

/// <summary>
/// Makes a node's table fit its router as the toolchain does: use it as is when it fits, else compress it, and
/// when even the compressed table is too large, refuse the mapping with the numbers needed to change it.
/// </summary>
public static class RouterFit
{
    /// <summary>The table to load on the router: <paramref name="table"/> itself when it fits, else its compression.</summary>
    /// <exception cref="MappingException">The compressed table still exceeds the capacity; the message names the node, the entries before and after compression and the capacity.</exception>
    public static RoutingTable Fit(RoutingTable table, RouterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(profile);
        if (table.Count <= profile.Capacity) return table;
        var compressed = PairCompressor.Compress(table);
        if (compressed.Count <= profile.Capacity) return compressed;
        throw new MappingException(
            $"node {table.Node}: routing table has {N(table.Count)} entries, {N(compressed.Count)} after pair compression, "
            + $"but a {profile.Name} router holds {profile.CapacityText}; use more nodes, more neurons per slice, or a larger router profile");
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
