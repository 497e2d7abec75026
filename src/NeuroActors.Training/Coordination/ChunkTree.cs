namespace NeuroActors.Training;

/// <summary>
/// The fixed order in which a batch's chunk gradients (and statistics) are summed: a binary tree over the chunk indices
/// 0..C−1, each node the sum of its left half and its right half (the left half holds the middle chunk when the count is
/// odd). Floating-point addition is not associative, so the order is part of the result; this one lets a worker that
/// owns a contiguous range of chunks (<see cref="Owned"/>) sum its range into a few subtrees (<see cref="Cover"/>) and
/// send only those, while every replica still adds exactly the same numbers in exactly the same order, for any number
/// of workers.
/// </summary>
public static class ChunkTree
{
    /// <summary>Where node [<paramref name="first"/>, <paramref name="end"/>) splits: its right half starts here.</summary>
    public static int Middle(int first, int end) => first + (end - first + 1) / 2;

    /// <summary>
    /// The chunks worker <paramref name="worker"/> of <paramref name="workers"/> computes in a batch of
    /// <paramref name="chunks"/> chunks: a contiguous range, the ranges of consecutive workers adjoining, their lengths
    /// differing by at most one. A worker's range is empty when the batch has fewer chunks than there are workers.
    /// </summary>
    public static (int First, int End) Owned(int chunks, int worker, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunks);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(worker);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(worker, workers);
        return ((int)((long)chunks * worker / workers), (int)((long)chunks * (worker + 1) / workers));
    }

    /// <summary>
    /// The largest nodes of the tree over [0, <paramref name="chunks"/>) that lie inside [<paramref name="first"/>,
    /// <paramref name="end"/>), left to right: together they hold every chunk of the range exactly once (at most about
    /// 2·log₂ C nodes; one when the range is itself a node).
    /// </summary>
    public static List<(int First, int End)> Cover(int chunks, int first, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, chunks);
        var nodes = new List<(int, int)>();
        if (first < end) Collect(0, chunks, first, end, nodes);
        return nodes;
    }

    private static void Collect(int lo, int hi, int first, int end, List<(int, int)> nodes)
    {
        if (end <= lo || hi <= first) return;
        if (first <= lo && hi <= end)
        {
            nodes.Add((lo, hi));
            return;
        }
        int mid = Middle(lo, hi);
        Collect(lo, mid, first, end, nodes);
        Collect(mid, hi, first, end, nodes);
    }

    /// <summary>Whether [<paramref name="first"/>, <paramref name="end"/>) is a node of the tree over [0, <paramref name="chunks"/>).</summary>
    public static bool IsNode(int chunks, int first, int end)
    {
        if (first < 0 || end > chunks || first >= end) return false;
        int lo = 0, hi = chunks;
        while (true)
        {
            if (lo == first && hi == end) return true;
            if (hi - lo == 1) return false;
            int mid = Middle(lo, hi);
            if (end <= mid) hi = mid;
            else if (first >= mid) lo = mid;
            else return false;
        }
    }
}
