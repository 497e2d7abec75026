using NeuroActors.Kernel.Random;

namespace NeuroActors.Kernel.Tests;

public class PhiloxTests
{
    // Known-answer vectors of Philox4x32-10 from the Random123 distribution (kat_vectors).
    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void MatchesRandom123KnownAnswers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint r0, uint r1, uint r2, uint r3)
    {
        Assert.Equal((r0, r1, r2, r3), Philox.Generate(c0, c1, c2, c3, k0, k1));
    }

    [Fact]
    public void StreamsAreAddressableAndUniform()
    {
        var a = new RandomStream(42, 3, 1000);
        var b = new RandomStream(42, 3, 1000);
        double sum = 0;
        for (int i = 0; i < 100_000; i++)
        {
            double x = a.NextDouble();
            Assert.Equal(x, b.NextDouble());
            Assert.InRange(x, 0.0, 1.0 - double.Epsilon);
            sum += x;
        }
        Assert.InRange(sum / 100_000, 0.497, 0.503);
        var other = new RandomStream(42, 3, 1001);
        Assert.NotEqual(new RandomStream(42, 3, 1000).NextDouble(), other.NextDouble());
    }

    [Fact]
    public void PoissonTableHasPoissonMeanAndVariance()
    {
        foreach (double lambda in new[] { 0.002, 2.0, 45.0 })
        {
            var table = new PoissonTable(lambda);
            const int n = 200_000;
            double sum = 0, sumSq = 0;
            for (int i = 0; i < n; i++)
            {
                int k = table.Sample(Philox.Uniform32(1, 2, 3, (ulong)i));
                sum += k; sumSq += (double)k * k;
            }
            double mean = sum / n, variance = sumSq / n - mean * mean;
            double se = Math.Sqrt(lambda / n);
            Assert.InRange(mean, lambda - 5 * se, lambda + 5 * se);
            Assert.InRange(variance / lambda, 0.97, 1.03); // Fano factor of a Poisson count is 1
        }
    }

    [Fact]
    public void Normals_are_standard_and_consecutive_draws_uncorrelated()
    {
        // As a synapse draws its weight and delay: a fresh stream, two normals.
        const int n = 200_000;
        double s1 = 0, s2 = 0, q1 = 0, q2 = 0, cross = 0, fourth = 0, within = 0;
        for (int i = 0; i < n; i++)
        {
            var rng = new RandomStream(7, 11, (uint)(i % 977), (ulong)i << 20);
            double a = rng.NextNormal(), b = rng.NextNormal();
            s1 += a; s2 += b; q1 += a * a; q2 += b * b; cross += a * b; fourth += a * a * a * a;
            if (Math.Abs(b) <= 1) within++;
        }
        double se = 1 / Math.Sqrt(n);
        Assert.InRange(s1 / n, -5 * se, 5 * se);
        Assert.InRange(s2 / n, -5 * se, 5 * se);
        Assert.InRange(q1 / n, 1 - 5 * Math.Sqrt(2.0 / n), 1 + 5 * Math.Sqrt(2.0 / n));
        Assert.InRange(q2 / n, 1 - 5 * Math.Sqrt(2.0 / n), 1 + 5 * Math.Sqrt(2.0 / n));
        Assert.InRange(cross / n, -5 * se, 5 * se);           // independent consecutive draws
        Assert.InRange(fourth / n, 2.9, 3.1);                 // kurtosis of a normal
        Assert.InRange(within / n, 0.6827 - 0.005, 0.6827 + 0.005); // P(|Z| <= 1)
    }

    [Fact]
    public void Clipped_normal_has_the_truncated_normal_mean()
    {
        // The microcircuit's excitatory delay: normal(1.5, 0.75) clipped to [0.1, 100] ms.
        var d = NeuroActors.Model.Distribution.NormalClipped(1.5, 0.75, 0.1, 100);
        const int n = 200_000;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            var rng = new RandomStream(3, 5, 0, (ulong)i << 20);
            double x = d.Draw(ref rng);
            Assert.InRange(x, 0.1, 100);
            sum += x;
        }
        // Reference: E[X | X >= 0.1] by numerical integration of the normal density (Simpson, step 1e-4 ms).
        double num = 0, den = 0, h = 1e-4;
        for (int k = 0; k <= 100_000; k++)
        {
            double x = 0.1 + k * h, w = k == 0 || k == 100_000 ? 1 : k % 2 == 1 ? 4 : 2;
            double p = Math.Exp(-0.5 * Math.Pow((x - 1.5) / 0.75, 2));
            num += w * x * p; den += w * p;
        }
        double expected = num / den, se = 0.75 / Math.Sqrt(n);
        Assert.InRange(sum / n, expected - 5 * se, expected + 5 * se);
    }

    [Fact]
    public void Ziggurat_normals_follow_the_normal_distribution_function_into_the_tail()
    {
        // Reference: Phi(z) by Simpson integration of the density; checked at points inside the strips, at the
        // start of the tail strip (R = 3.4426) and beyond it, where the tail method alone produces the draws.
        const int n = 1_000_000;
        var points = new[] { -4.0, -Ziggurat.TailStart, -2.5, -1.0, -0.3, 0.0, 0.7, 1.5, 2.0, Ziggurat.TailStart, 3.8 };
        var below = new int[points.Length];
        var rng = new RandomStream(99, 1, 2);
        for (int i = 0; i < n; i++)
        {
            double z = rng.NextNormal();
            for (int k = 0; k < points.Length; k++) if (z <= points[k]) below[k]++;
        }
        for (int k = 0; k < points.Length; k++)
        {
            double p = Phi(points[k]), se = Math.Sqrt(p * (1 - p) / n);
            Assert.InRange((double)below[k] / n, p - 5 * se - 1e-6, p + 5 * se + 1e-6);
        }
    }

    private static double Phi(double z)
    {
        // Integral of the standard normal density from -10 to z.
        const int steps = 200_000;
        double a = -10, h = (z - a) / steps, sum = 0;
        for (int k = 0; k <= steps; k++)
        {
            double x = a + k * h, w = k == 0 || k == steps ? 1 : k % 2 == 1 ? 4 : 2;
            sum += w * Math.Exp(-0.5 * x * x);
        }
        return sum * h / 3 / Math.Sqrt(2 * Math.PI);
    }
}
