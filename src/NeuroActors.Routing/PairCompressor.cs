namespace NeuroActors.Routing;

/// <summary>
/// The SpiNNaker toolchain's default routing-table compressor ("pair" compressor, PACMAN's <c>PairCompressor</c>
/// in its ordered mode): entries with the same route are merged pairwise into
/// <c>mask = m1 &amp; m2 &amp; ~(k1 ^ k2)</c>, <c>key = k1 &amp; k2 &amp; mask</c>, unless the merged entry would
/// intersect an entry with a different route that comes later in the table.
/// </summary>
/// <remarks>
/// <para>
/// Ordering (as PACMAN): routes are counted and the output is grouped by route, groups in increasing order of
/// frequency, so the most frequent route comes last. Ties between equally frequent routes are broken by
/// <see cref="Route.CompareTo"/> (PACMAN's tie-break is arbitrary; ours is fixed so results are reproducible).
/// Within a group, entries keep their input order. Because lookup is first-match, a merged entry only has to
/// avoid entries of <em>later</em> groups: keys of earlier groups are caught by those earlier entries first. The
/// last, most frequent group therefore merges without constraint, which is why it is put last.
/// </para>
/// <para>
/// Fixed point: within a group, every pair is tried again after each merge until no pair can merge (PACMAN moves
/// an entry out of consideration once it fails to merge; iterating finds the merges that later merges enable).
/// </para>
/// <para>
/// Contract: the input must be order-independent, that is no two entries with different routes may share a key
/// (tables from <see cref="RoutingTableBuilder"/> always are, since the keys of different slices are disjoint).
/// Then, for every key matched by an input entry, the first matching output entry has the same route (the
/// oracle), and the output never has more entries than the input. Keys no input entry matches may match an
/// output entry; the toolchain never relies on default routing for them either. Cost: O(g²·L) merge checks per
/// pass for a group of g entries and L later entries.
/// </para>
/// </remarks>
public static class PairCompressor
{
    /// <summary>True when some key matches both (ka, ma) and (kb, mb); keys must have no bits outside their masks.</summary>
    public static bool Intersect(uint ka, uint ma, uint kb, uint mb) => (ka & mb) == (kb & ma);

    /// <summary>The smallest single entry covering both entries: common care bits where the keys agree.</summary>
    public static (uint Key, uint Mask) Merge(uint k1, uint m1, uint k2, uint m2)
    {
        uint mask = m1 & m2 & ~(k1 ^ k2);
        return (k1 & k2 & mask, mask);
    }

    /// <summary>
    /// The route groups of <paramref name="entries"/> in the order the compressor emits them: increasing
    /// frequency, ties by <see cref="Route.CompareTo"/>.
    /// </summary>
    public static IReadOnlyList<Route> RouteOrder(IEnumerable<RoutingEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.GroupBy(e => e.Route)
            .Select(g => (Route: g.Key, Count: g.Count()))
            .OrderBy(x => x.Count).ThenBy(x => x.Route)
            .Select(x => x.Route).ToList();
    }

    /// <summary>Compresses one table; see the type's remarks for the ordering and the guarantee.</summary>
    /// <exception cref="ArgumentException">Two entries with different routes share a key, so the table's meaning depends on its order.</exception>
    public static RoutingTable Compress(RoutingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var all = table.Entries;
        for (int i = 0; i < all.Count; i++)
            for (int j = i + 1; j < all.Count; j++)
                if (all[i].Route != all[j].Route && all[i].Intersects(all[j]))
                    throw new ArgumentException(
                        $"node {table.Node}: entries {i} ({all[i]}) and {j} ({all[j]}) share keys but route differently; "
                        + "the pair compressor needs a table whose entries with different routes are disjoint", nameof(table));

        var routes = RouteOrder(all);
        var groups = routes
            .Select(r => all.Where(e => e.Route == r).Select(e => (e.Key, e.Mask)).ToList())
            .ToList();
        var output = new List<RoutingEntry>(all.Count);
        for (int g = 0; g < groups.Count; g++)
        {
            var later = groups.Skip(g + 1).SelectMany(x => x).ToArray();
            var cur = groups[g];
            bool merged = true;
            while (merged)
            {
                merged = false;
                for (int i = 0; i < cur.Count; i++)
                {
                    for (int j = i + 1; j < cur.Count; j++)
                    {
                        var m = Merge(cur[i].Key, cur[i].Mask, cur[j].Key, cur[j].Mask);
                        if (m != cur[i] && ClashesWith(m, later)) continue;
                        cur[i] = m;
                        cur.RemoveAt(j);
                        merged = true;
                        j = i; // retry every remaining partner against the widened entry
                    }
                }
            }
            output.AddRange(cur.Select(e => new RoutingEntry(e.Key, e.Mask, routes[g])));
        }
        return new RoutingTable(table.Node, output);
    }

    private static bool ClashesWith((uint Key, uint Mask) m, (uint Key, uint Mask)[] later)
    {
        foreach (var e in later)
            if (Intersect(m.Key, m.Mask, e.Key, e.Mask)) return true;
        return false;
    }
}
