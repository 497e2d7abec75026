namespace NeuroActors.Kernel.Random;

/// <summary>
/// Exact binomial draws from a <see cref="RandomStream"/>, so a count is a pure function of the stream's key like
/// every other draw. Small means use inversion (one uniform, a short search); larger ones use Hörmann's BTRS,
/// transformed rejection with squeeze (Hörmann 1993, "The generation of binomial random variates"), whose cost does
/// not grow with n: it splits totals of tens of millions of synapses in a handful of uniforms.
/// </summary>
public static class Binomial
{
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);
    private static readonly double[] SmallLogFactorials = Enumerable.Range(0, 10)
        .Select(k => Enumerable.Range(1, k).Sum(i => Math.Log(i))).ToArray();

    /// <summary>A draw from Binomial(<paramref name="n"/>, <paramref name="p"/>): successes in n independent trials.</summary>
    /// <exception cref="ArgumentOutOfRangeException">n is negative or p lies outside [0, 1].</exception>
    public static long Sample(ref RandomStream rng, long n, double p)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "the number of trials must be >= 0");
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "a probability must lie in [0, 1]");
        if (n == 0 || p == 0) return 0;
        if (p == 1) return n;
        // Both methods assume p <= 1/2; the count of failures is binomial with 1 - p.
        if (p > 0.5) return n - Sample(ref rng, n, 1 - p);
        return n * p < 10 ? Inversion(ref rng, n, p) : Btrs(ref rng, n, p);
    }

    /// <summary>Walks the probabilities P(0), P(1), … until they exceed one uniform (mean cost n·p + 1 steps).</summary>
    private static long Inversion(ref RandomStream rng, long n, double p)
    {
        double q = 1 - p, odds = p / q;
        double p0 = Math.Exp(n * Math.Log(q));
        // Rounding can leave u above the summed probabilities far in the tail; the bound catches that and redraws.
        double bound = Math.Min(n, n * p + 10 * Math.Sqrt(n * p * q + 1));
        while (true)
        {
            double u = rng.NextDouble(), r = p0;
            long x = 0;
            while (u > r && x <= bound)
            {
                u -= r;
                x++;
                r *= (n - x + 1) / (double)x * odds; // P(x) / P(x−1)
            }
            if (x <= bound) return x;
        }
    }

    /// <summary>BTRS: a hat built from a transformed uniform, an inner squeeze that accepts most draws outright.</summary>
    private static long Btrs(ref RandomStream rng, long n, double p)
    {
        double q = 1 - p;
        double spq = Math.Sqrt(n * p * q);
        double b = 1.15 + 2.53 * spq;
        double a = -0.0873 + 0.0248 * b + 0.01 * p;
        double c = n * p + 0.5;
        double vr = 0.92 - 4.2 / b;
        double alpha = (2.83 + 5.1 / b) * spq;
        double logOdds = Math.Log(p / q);
        double m = Math.Floor((n + 1) * p);
        double h = LogFactorial(m) + LogFactorial(n - m);
        while (true)
        {
            double u = rng.NextDouble() - 0.5;
            double v = rng.NextDouble();
            double us = 0.5 - Math.Abs(u);
            double k = Math.Floor((2 * a / us + b) * u + c);
            if (k < 0 || k > n) continue;
            if (us >= 0.07 && v <= vr) return (long)k;
            // Exact test against the probability ratio P(k)/P(m), in logs.
            double logV = Math.Log(v * alpha / (a / (us * us) + b));
            if (logV <= h - LogFactorial(k) - LogFactorial(n - k) + (k - m) * logOdds) return (long)k;
        }
    }

    /// <summary>ln(k!) for whole k ≥ 0: exact sums below 10, Stirling's series (error below 1e-12) above.</summary>
    private static double LogFactorial(double k)
    {
        if (k < SmallLogFactorials.Length) return SmallLogFactorials[(int)k];
        double k1 = k + 1, k1Squared = k1 * k1;
        double correction = (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / k1Squared) / k1Squared) / k1;
        return (k + 0.5) * Math.Log(k1) - k1 + HalfLogTwoPi + correction;
    }
}
