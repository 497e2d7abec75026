using NeuroActors.Model;

namespace NeuroActors.Kernel.Random;

/// <summary>Draws from the model's distributions using a <see cref="RandomStream"/>.</summary>
public static class Sampling
{
    /// <summary>One draw from <paramref name="d"/>. Constants consume no randomness.</summary>
    public static double Draw(this Distribution d, ref RandomStream rng)
    {
        switch (d.Kind)
        {
            case DistributionKind.Constant: return d.Value;
            case DistributionKind.Uniform: return d.Low + (d.High - d.Low) * rng.NextDouble();
            case DistributionKind.Normal: return d.Mean + d.Std * rng.NextNormal();
            case DistributionKind.Lognormal: return Math.Exp(d.Mu + d.Sigma * rng.NextNormal());
            case DistributionKind.NormalClipped:
                for (int attempt = 0; attempt < 1_000_000; attempt++)
                {
                    double x = d.Mean + d.Std * rng.NextNormal();
                    if (x >= d.Low && x <= d.High) return x;
                }
                throw new InvalidOperationException($"normal_clipped({d.Mean}, {d.Std}, {d.Low}, {d.High}) rejected a million draws: the bounds are too far in the tail");
            default: throw new ArgumentOutOfRangeException(nameof(d), d.Kind, "unknown distribution");
        }
    }
}

/// <summary>
/// Poisson counts by inversion of a precomputed cumulative table: one uniform per draw, so the count for
/// (neuron, step) is a function of a single counter-based word.
/// </summary>
public sealed class PoissonTable
{
    private readonly double[] _cdf;

    /// <summary>Builds the table for mean <paramref name="lambda"/> (events per step).</summary>
    public PoissonTable(double lambda)
    {
        if (lambda < 0 || double.IsNaN(lambda)) throw new ArgumentOutOfRangeException(nameof(lambda));
        Lambda = lambda;
        var cdf = new List<double>();
        // Recurrence in log space keeps large means finite; stop when the tail is below double resolution.
        double logP = -lambda, sum = 0;
        for (int k = 0; ; k++)
        {
            if (k > 0) logP += Math.Log(lambda / k);
            sum += Math.Exp(logP);
            cdf.Add(sum);
            if (k > lambda && (1 - sum < 1e-17 || Math.Exp(logP) < 1e-300)) break;
        }
        _cdf = cdf.ToArray();
    }

    /// <summary>Mean events per draw.</summary>
    public double Lambda { get; }

    /// <summary>The count whose cumulative probability first exceeds <paramref name="u"/> (u in [0,1)).</summary>
    public int Sample(double u)
    {
        var cdf = _cdf;
        if (cdf.Length <= 32)
        {
            for (int k = 0; k < cdf.Length; k++)
                if (u < cdf[k]) return k;
            return cdf.Length - 1;
        }
        int lo = 0, hi = cdf.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (u < cdf[mid]) hi = mid; else lo = mid + 1;
        }
        return lo;
    }
}
