using System.Numerics;

namespace NeuroActors.Training;

/// <summary>
/// Activity regularisers of one spiking layer for one sample, from its spike counts c_n = Σ_t S[t, n]
/// (N neurons): L1·Σ_n c_n + L2·mean_n c_n² + Lower·mean_n max(0, LowerCount − c_n)² + Upper·mean_n max(0, c_n − UpperCount)².
/// The engine sums this over every spiking layer and adds it to the sample's loss for the gradient (not to the reported loss).
/// </summary>
internal static class Regularizers
{
    /// <summary>The value; adds dR/dc_n into <paramref name="gradCounts"/>.</summary>
    public static T Compute<T>(RegularizerSpec spec, ReadOnlySpan<T> counts, Span<T> gradCounts)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T l1 = T.CreateChecked(spec.L1), l2 = T.CreateChecked(spec.L2);
        T lower = T.CreateChecked(spec.Lower), lowerCount = T.CreateChecked(spec.LowerCount);
        T upper = T.CreateChecked(spec.Upper), upperCount = T.CreateChecked(spec.UpperCount);
        T n = T.CreateChecked(counts.Length), two = T.CreateChecked(2);
        T sum = T.Zero, squares = T.Zero, below = T.Zero, above = T.Zero;
        for (int i = 0; i < counts.Length; i++)
        {
            T c = counts[i];
            T lo = T.Max(T.Zero, lowerCount - c), hi = T.Max(T.Zero, c - upperCount);
            sum += c; squares += c * c; below += lo * lo; above += hi * hi;
            gradCounts[i] += l1 + l2 * two * c / n - lower * two * lo / n + upper * two * hi / n;
        }
        return l1 * sum + l2 * (squares / n) + lower * (below / n) + upper * (above / n);
    }
}
