using NeuroActors.Training;

namespace NeuroActors.Training.Tests;

public class ChunkTreeTests
{
    /// <summary>The nodes of the tree over [0, chunks), from its definition: each node split at its middle, the left half
    /// holding the middle chunk when the count is odd.</summary>
    private static HashSet<(int, int)> Nodes(int chunks)
    {
        var nodes = new HashSet<(int, int)>();
        void Walk(int first, int end)
        {
            nodes.Add((first, end));
            if (end - first == 1) return;
            int left = (end - first + 1) / 2;
            Walk(first, first + left);
            Walk(first + left, end);
        }
        if (chunks > 0) Walk(0, chunks);
        return nodes;
    }

    [Fact]
    public void Workers_own_contiguous_ranges_that_cover_the_batch_and_differ_by_at_most_one_chunk()
    {
        for (int chunks = 0; chunks <= 17; chunks++)
            for (int workers = 1; workers <= 6; workers++)
            {
                var ranges = Enumerable.Range(0, workers).Select(w => ChunkTree.Owned(chunks, w, workers)).ToList();
                Assert.Equal(0, ranges[0].First);
                Assert.Equal(chunks, ranges[^1].End);
                for (int w = 1; w < workers; w++) Assert.Equal(ranges[w - 1].End, ranges[w].First);
                var lengths = ranges.Select(r => r.End - r.First).ToList();
                Assert.InRange(lengths.Max() - lengths.Min(), 0, 1);
            }
    }

    [Fact]
    public void A_range_is_covered_by_its_largest_nodes_each_chunk_once()
    {
        for (int chunks = 1; chunks <= 17; chunks++)
        {
            var nodes = Nodes(chunks);
            for (int first = 0; first < chunks; first++)
                for (int end = first + 1; end <= chunks; end++)
                {
                    var cover = ChunkTree.Cover(chunks, first, end);
                    // Left to right, adjoining, exactly the range.
                    Assert.Equal(first, cover[0].First);
                    Assert.Equal(end, cover[^1].End);
                    for (int i = 1; i < cover.Count; i++) Assert.Equal(cover[i - 1].End, cover[i].First);
                    foreach (var node in cover)
                    {
                        Assert.Contains(node, nodes);
                        Assert.True(ChunkTree.IsNode(chunks, node.First, node.End));
                        // Largest: no bigger node inside the range holds it.
                        Assert.DoesNotContain(nodes, n => n != node && n.Item1 <= node.First && node.End <= n.Item2 && first <= n.Item1 && n.Item2 <= end);
                    }
                }
            Assert.All(Enumerable.Range(0, chunks + 1).SelectMany(f => Enumerable.Range(f, chunks + 2 - f).Select(e => (f, e))),
                r => Assert.Equal(nodes.Contains(r), ChunkTree.IsNode(chunks, r.f, r.e)));
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(16)]
    public void Two_workers_of_an_even_batch_each_send_one_subtree(int chunks)
    {
        Assert.Single(ChunkTree.Cover(chunks, 0, chunks / 2));
        Assert.Single(ChunkTree.Cover(chunks, chunks / 2, chunks));
    }
}
