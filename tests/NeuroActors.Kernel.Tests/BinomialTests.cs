using NeuroActors.Kernel.Random;

namespace NeuroActors.Kernel.Tests;

public class BinomialTests
{
    private static long[] Draws(long n, double p, int count, uint stream = 1)
    {
        var draws = new long[count];
        for (int i = 0; i < count; i++)
        {
            var rng = new RandomStream(42, stream, (uint)i);
            draws[i] = Binomial.Sample(ref rng, n, p);
        }
        return draws;
    }

    // Inversion (n·p < 10), BTRS (n·p ≥ 10, up to the tens of millions a microcircuit projection splits), and p > 1/2.
    [Theory]
    [InlineData(20, 0.3)]
    [InlineData(100_000, 0.00002)]
    [InlineData(1_000, 0.5)]
    [InlineData(45_499_806, 0.5)]
    [InlineData(3_000, 1.0 / 3)]
    [InlineData(50, 0.9)]
    public void Mean_and_variance_are_binomial(long n, double p)
    {
        const int count = 20_000;
        var x = Draws(n, p, count);
        double mean = x.Average(), variance = x.Sum(v => (v - mean) * (v - mean)) / (count - 1);
        double expectedMean = n * p, expectedVariance = n * p * (1 - p);

        Assert.All(x, v => Assert.InRange(v, 0, n));
        Assert.True(Math.Abs(mean - expectedMean) < 5 * Math.Sqrt(expectedVariance / count), $"mean {mean}, expected {expectedMean}");
        // The sample variance has a relative standard error of about √(2/count) = 1 %.
        Assert.True(Math.Abs(variance / expectedVariance - 1) < 0.05, $"variance {variance}, expected {expectedVariance}");
    }

    [Theory]
    [InlineData(1_000, 0.3)]
    [InlineData(30, 0.2)]
    public void The_distribution_matches_the_binomial_probabilities(int n, double p)
    {
        const int count = 20_000;
        var x = Draws(n, p, count, stream: 2);
        // Exact pmf by the recurrence P(k) = P(k−1)·(n−k+1)/k·p/q from P(0) = qⁿ.
        var pmf = new double[n + 1];
        pmf[0] = Math.Pow(1 - p, n);
        for (int k = 1; k <= n; k++) pmf[k] = pmf[k - 1] * (n - k + 1) / k * p / (1 - p);
        var hits = new int[n + 1];
        foreach (var v in x) hits[v]++;

        double cdf = 0, empirical = 0, largestGap = 0;
        for (int k = 0; k <= n; k++)
        {
            cdf += pmf[k];
            empirical += hits[k] / (double)count;
            largestGap = Math.Max(largestGap, Math.Abs(cdf - empirical));
        }
        // Kolmogorov–Smirnov: 1.63/√count is the 1 % critical value (conservative for a discrete law).
        Assert.True(largestGap < 1.63 / Math.Sqrt(count), $"largest CDF gap {largestGap}");
    }

    [Fact]
    public void Edge_cases_need_no_randomness()
    {
        var rng = new RandomStream(1, 1, 1);
        Assert.Equal(0, Binomial.Sample(ref rng, 0, 0.5));
        Assert.Equal(0, Binomial.Sample(ref rng, 10, 0));
        Assert.Equal(10, Binomial.Sample(ref rng, 10, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => { var r = new RandomStream(1, 1, 1); Binomial.Sample(ref r, -1, 0.5); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { var r = new RandomStream(1, 1, 1); Binomial.Sample(ref r, 5, 1.5); });
    }

    // Small means invert one uniform: the draw is the least k with u ≤ P(X ≤ k). Checked draw by draw against the
    // cumulative probabilities summed from binomial coefficients (not the sampler's recurrence), for p < 1/2 and 1 − p.
    [Theory]
    [InlineData(20, 0.3)]
    [InlineData(7, 0.45)]
    [InlineData(40, 0.05)]
    public void Inversion_returns_the_exact_quantile_of_its_uniform(int n, double p)
    {
        var cdf = new double[n + 1];
        double sum = 0;
        for (int k = 0; k <= n; k++) cdf[k] = sum += Choose(n, k) * Math.Pow(p, k) * Math.Pow(1 - p, n - k);
        int compared = 0;
        for (uint i = 0; i < 2_000; i++)
        {
            double u = new RandomStream(42, 3, i).NextDouble();
            int expected = Array.FindIndex(cdf, c => u <= c);
            if (expected < 0 || Math.Abs(u - cdf[expected]) < 1e-12) continue; // rounding decides a tie
            var rng = new RandomStream(42, 3, i);
            Assert.Equal(expected, Binomial.Sample(ref rng, n, p));
            // Above one half the failures are drawn: the same uniform gives n minus the same quantile.
            rng = new RandomStream(42, 3, i);
            Assert.Equal(n - expected, Binomial.Sample(ref rng, n, 1 - p));
            compared++;
        }
        Assert.True(compared > 1_990, $"only {compared} draws compared");
    }

    private static double Choose(int n, int k)
    {
        double c = 1;
        for (int i = 1; i <= k; i++) c = c * (n - k + i) / i;
        return c;
    }

    [Fact]
    public void A_draw_depends_on_its_stream_key_and_nothing_else()
    {
        const int count = 50;
        var forward = Draws(10_000, 0.4, count);
        // The same keys drawn backwards, each after a draw of another stream: a sampler that kept state between
        // calls would give other values.
        var interleaved = new long[count];
        for (int i = count - 1; i >= 0; i--)
        {
            var other = new RandomStream(7, 9, (uint)i);
            Binomial.Sample(ref other, 123, 0.25);
            var rng = new RandomStream(42, 1, (uint)i);
            interleaved[i] = Binomial.Sample(ref rng, 10_000, 0.4);
        }
        Assert.Equal(forward, interleaved);
        // And the key matters: another stream gives other draws (50 equal draws of a spread of √2400 ≈ 49 would
        // have a probability far below 10⁻⁵⁰).
        Assert.NotEqual(forward, Draws(10_000, 0.4, count, stream: 2));
    }
}
