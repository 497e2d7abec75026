namespace NeuroActors.Routing.Tests;

public class PairCompressorTests
{
    private const uint M = 0xFFFFFF00; // slice mask with 8 neuron bits

    private static RoutingEntry E(uint key, uint mask, params int[] route) => new(key, mask, Route.Of(route));

    [Fact]
    public void HandComputedExampleMergesTheMostFrequentRouteLast()
    {
        // Route {1} is used 3 times, {2} once: {2} comes first, {1} last and merges freely:
        // 0x000 + 0x100 -> (0x000, 0xFFFFFE00); + 0x300 -> (0x000, 0xFFFFFC00), which also covers 0x200,
        // but 0x200's own entry comes first and wins.
        var table = new RoutingTable(7, new[] { E(0x000, M, 1), E(0x100, M, 1), E(0x200, M, 2), E(0x300, M, 1) });
        var c = PairCompressor.Compress(table);
        Assert.Equal(new[] { E(0x200, M, 2), E(0x000, 0xFFFFFC00, 1) }, c.Entries);
        Assert.Equal(7, c.Node);
        Assert.Equal(Route.Of(2), c.Lookup(0x2AB));
        Assert.Equal(Route.Of(1), c.Lookup(0x3FF));
        Assert.Equal(new[] { Route.Of(2), Route.Of(1) }, PairCompressor.RouteOrder(table.Entries));
    }

    [Fact]
    public void AMergeThatWouldCatchALaterEntrysKeysIsRefused()
    {
        // {1} (2 entries) comes before {2} (3 entries). Merging 0x000 and 0x300 would give (0x000, 0xFFFFFC00),
        // which covers 0x100 and 0x200 of the later route {2}: refused. {2} merges 0x100 + 0x200 -> (0, 0xFFFFFC00),
        // then + 0x400 -> (0, 0xFFFFF800); it may cover the earlier {1} keys, which match first.
        var table = new RoutingTable(0, new[] { E(0x000, M, 1), E(0x100, M, 2), E(0x200, M, 2), E(0x300, M, 1), E(0x400, M, 2) });
        var c = PairCompressor.Compress(table);
        Assert.Equal(new[] { E(0x000, M, 1), E(0x300, M, 1), E(0x000, 0xFFFFF800, 2) }, c.Entries);
        foreach (var e in table.Entries)
            for (uint n = 0; n < 256; n += 17)
                Assert.Equal(e.Route, c.Lookup(e.Key | n));
    }

    [Fact]
    public void EqualFrequenciesBreakTiesByRouteOrder()
    {
        var table = new RoutingTable(0, new[] { E(0x000, M, 5), E(0x100, M, 2, 3), E(0x200, M, 2) });
        Assert.Equal(new[] { Route.Of(2), Route.Of(2, 3), Route.Of(5) }, PairCompressor.RouteOrder(table.Entries));
        Assert.Equal(new[] { Route.Of(2), Route.Of(2, 3), Route.Of(5) }, PairCompressor.Compress(table).Entries.Select(e => e.Route));
    }

    [Fact]
    public void AWholePopulationWithOneRouteBecomesOneEntry()
    {
        // 8 slices of population 0 (keys 0x000..0x700), all to the same shards: one aligned block.
        var table = new RoutingTable(0, Enumerable.Range(0, 8).Select(i => E((uint)i << 8, M, 9, 10)));
        Assert.Equal(new[] { E(0x000, 0xFFFFF800, 9, 10) }, PairCompressor.Compress(table).Entries);
    }

    [Fact]
    public void AnOrderDependentTableIsRefused()
    {
        var table = new RoutingTable(3, new[] { E(0x000, 0xFFFFFC00, 1), E(0x100, M, 2) });
        var ex = Assert.Throws<ArgumentException>(() => PairCompressor.Compress(table));
        Assert.Contains("node 3", ex.Message);
        Assert.Contains("route differently", ex.Message);
    }

    [Fact]
    public void EmptyTablesStayEmpty() => Assert.Equal(0, PairCompressor.Compress(new RoutingTable(0, Array.Empty<RoutingEntry>())).Count);

    /// <summary>
    /// The oracle, on ~200 seeded random tables: every key of every original entry finds the same route first in the
    /// compressed table; the compressed table is no larger; groups come in increasing frequency; and the fixed point
    /// holds: no two entries of a group can still merge without catching a later group's keys.
    /// </summary>
    [Fact]
    public void OracleHoldsOnRandomTables()
    {
        var rng = new Random(20240611);
        int compressedSomething = 0;
        for (int c = 0; c < 200; c++)
        {
            var table = c % 2 == 0 ? SliceTable(rng) : MaskTable(rng);
            var compressed = PairCompressor.Compress(table);
            Assert.True(compressed.Count <= table.Count, $"case {c}: {compressed.Count} > {table.Count}");
            if (compressed.Count < table.Count) compressedSomething++;

            foreach (var e in table.Entries)
                foreach (uint key in KeysOf(e, rng))
                {
                    var got = compressed.Lookup(key);
                    Assert.True(e.Route == got, $"case {c}: key 0x{key:X8} of {e} routed to {got?.ToString() ?? "nothing"}");
                }

            var order = PairCompressor.RouteOrder(table.Entries).ToList();
            var groups = compressed.Entries.Select(e => e.Route).Distinct().ToList();
            Assert.Equal(order, groups);
            var counts = order.Select(r => table.Entries.Count(e => e.Route == r)).ToList();
            Assert.Equal(counts.Order(), counts);

            for (int i = 0; i < compressed.Count; i++)
                for (int j = i + 1; j < compressed.Count; j++)
                {
                    var (a, b) = (compressed.Entries[i], compressed.Entries[j]);
                    if (a.Route != b.Route) continue;
                    var (k, m) = PairCompressor.Merge(a.Key, a.Mask, b.Key, b.Mask);
                    bool clash = table.Entries.Where(x => order.IndexOf(x.Route) > order.IndexOf(a.Route))
                        .Any(x => PairCompressor.Intersect(k, m, x.Key, x.Mask));
                    Assert.True(clash, $"case {c}: {a} and {b} could still merge");
                }
        }
        Assert.True(compressedSomething > 100, $"only {compressedSomething} of 200 tables compressed at all");
    }

    /// <summary>A table shaped like the builder's: random key widths and slice counts, one entry per chosen slice.</summary>
    private static RoutingTable SliceTable(Random rng)
    {
        var layout = new KeyLayout(rng.Next(0, 4), rng.Next(0, 5), rng.Next(0, 9));
        var routes = RandomRoutes(rng);
        var entries = new List<RoutingEntry>();
        for (int p = 0; p < 1 << layout.PopulationBits; p++)
        {
            int slices = rng.Next(1, (1 << layout.SliceBits) + 1);
            for (int s = 0; s < slices; s++)
                if (rng.NextDouble() < 0.8)
                    entries.Add(new RoutingEntry(layout.SliceKey(p, s), layout.SliceMask, routes[rng.Next(routes.Length)]));
        }
        return new RoutingTable(0, entries.OrderBy(_ => rng.Next()).ToList());
    }

    /// <summary>Arbitrary (also non-contiguous) masks over 12 low bits; entries of different routes never overlap.</summary>
    private static RoutingTable MaskTable(Random rng)
    {
        var routes = RandomRoutes(rng);
        var entries = new List<RoutingEntry>();
        int target = rng.Next(1, 40);
        for (int attempt = 0; attempt < 400 && entries.Count < target; attempt++)
        {
            uint mask = uint.MaxValue;
            int free = rng.Next(0, 7);
            for (int i = 0; i < free; i++) mask &= ~(1u << rng.Next(0, 12));
            uint key = (uint)rng.Next(0, 1 << 12) & mask;
            var route = routes[rng.Next(routes.Length)];
            var candidate = new RoutingEntry(key, mask, route);
            if (entries.All(e => e.Route == route || !e.Intersects(candidate))) entries.Add(candidate);
        }
        return new RoutingTable(0, entries);
    }

    private static Route[] RandomRoutes(Random rng) =>
        Enumerable.Range(0, rng.Next(1, 6))
            .Select(_ => new Route(Enumerable.Range(0, rng.Next(1, 4)).Select(__ => rng.Next(0, 8))))
            .ToArray();

    /// <summary>All keys of the entry when it has at most 10 free bits, else 512 random ones plus the extremes.</summary>
    private static IEnumerable<uint> KeysOf(RoutingEntry e, Random rng)
    {
        uint free = ~e.Mask;
        if (System.Numerics.BitOperations.PopCount(free) <= 10)
        {
            for (uint sub = free; ; sub = (sub - 1) & free)
            {
                yield return e.Key | sub;
                if (sub == 0) yield break;
            }
        }
        yield return e.Key;
        yield return e.Key | free;
        for (int i = 0; i < 512; i++) yield return e.Key | ((uint)rng.NextInt64(0, 1L << 32) & free);
    }
}
