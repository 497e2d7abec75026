using NeuroActors.Kernel.Random;

namespace NeuroActors.Kernel.Network;

/// <summary>
/// The in-degrees of a fixed_total_number projection: how its N synapses fall on the targets, computed so that any
/// shard gets the in-degrees of its own slice without knowing how the rest of the population is cut.
/// </summary>
/// <remarks>
/// <para>
/// NEST's rule draws each of N synapses with a uniform source and a uniform target. Equivalently, the in-degree
/// vector is multinomial(N; 1/T, …, 1/T) over the T targets, and given it each target draws its sources uniformly
/// on its own. NEST itself splits N over its virtual processes by a multinomial, which ties the synapses to the
/// number of processes; here the split must not depend on the cut.
/// </para>
/// <para>
/// So the multinomial is drawn as a fixed binary tree over the target indices: the root holds N synapses on
/// [0, T); a node holding n synapses on [lo, hi) sends Binomial(n, (mid − lo)/(hi − lo)) of them to [lo, mid) and
/// the rest to [mid, hi), mid = lo + (hi − lo)/2; a leaf's count is its target's in-degree. Each node's binomial
/// comes from the stream (seed, <see cref="Streams.Split"/>(projection), node number in heap order), so a node
/// always splits the same way, whoever evaluates it. A shard visits only the nodes whose range meets its slice:
/// about 2·slice + 2·log₂T draws, and the in-degrees it gets are those of the whole vector.
/// </para>
/// </remarks>
public static class TotalNumberSplit
{
    /// <summary>
    /// In-degrees of targets [<paramref name="start"/>, start + <paramref name="count"/>) when
    /// <paramref name="total"/> synapses fall uniformly on <paramref name="targets"/> targets.
    /// </summary>
    /// <param name="seed">The model seed.</param>
    /// <param name="stream">The projection's split stream, <see cref="Streams.Split"/>.</param>
    /// <param name="targets">Size of the target population.</param>
    /// <param name="total">Synapses of the projection.</param>
    /// <param name="start">First target of the slice (index within the population).</param>
    /// <param name="count">Targets in the slice.</param>
    /// <exception cref="ArgumentOutOfRangeException">The slice lies outside the population or a count is negative.</exception>
    /// <exception cref="OverflowException">One target would receive more than <see cref="int.MaxValue"/> synapses.</exception>
    public static int[] InDegrees(ulong seed, uint stream, int targets, long total, int start, int count)
    {
        if (targets < 1) throw new ArgumentOutOfRangeException(nameof(targets), targets, "a population has at least one neuron");
        if (total < 0) throw new ArgumentOutOfRangeException(nameof(total), total, "the number of synapses must be >= 0");
        if (start < 0 || count < 0 || start > targets - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"slice [{start}, {start + count}) is not within [0, {targets})");
        var degrees = new int[count];
        if (count > 0) Split(seed, stream, 1, 0, targets, total, start, start + count, degrees);
        return degrees;
    }

    private static void Split(ulong seed, uint stream, uint node, int lo, int hi, long synapses, int from, int to, int[] degrees)
    {
        if (synapses == 0) return; // every target below already has in-degree 0
        if (hi - lo == 1)
        {
            degrees[lo - from] = checked((int)synapses);
            return;
        }
        int mid = lo + (hi - lo) / 2;
        var rng = new RandomStream(seed, stream, node);
        long left = Binomial.Sample(ref rng, synapses, (double)(mid - lo) / (hi - lo));
        // Heap numbering: children of node k are 2k and 2k+1. The depth is at most 31 (T < 2³¹), so numbers fit a uint.
        if (from < mid) Split(seed, stream, 2 * node, lo, mid, left, from, to, degrees);
        if (to > mid) Split(seed, stream, 2 * node + 1, mid, hi, synapses - left, from, to, degrees);
    }
}
