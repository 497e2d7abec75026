using NeuroActors.Kernel.Neurons;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// poisson_source against the statistics of the process it implements: every neuron fires independently in every step
/// with probability p = r·dt (at most once per step), so the count of one neuron in a window of m steps is Binomial(m, p)
/// (mean m·p, Fano factor 1 − p ≈ 1 — a Poisson count in the limit dt → 0), and the population count in one step is
/// Binomial(N, p) (Fano factor 1 − p; correlated neurons would make it much larger).
/// </summary>
public class PoissonSourceReferenceTests
{
    private const double Dt = 0.1;
    private const int Neurons = 600, Steps = 20_000; // 2 s

    /// <summary>Spike counts per neuron and window (window of <paramref name="windowSteps"/> steps) and per step.</summary>
    private static (int[,] PerWindow, int[] PerStep) Run(NeuronGroup group, int windowSteps)
    {
        var drv = SingleGroupDriver.For(group);
        var perWindow = new int[group.Count, Steps / windowSteps];
        var perStep = new int[Steps];
        for (int s = 0; s < Steps; s++)
        {
            var spiked = drv.StepAll();
            perStep[s] = spiked.Length;
            foreach (int i in spiked) perWindow[i, s / windowSteps]++;
        }
        return (perWindow, perStep);
    }

    private static NeuronGroup Create(ulong seed, double[] rates)
    {
        var spec = new NetworkBuilder("poisson", dtMs: Dt, durationMs: Steps * Dt, seed: seed)
            .PoissonSource("src", rates.Length, 0, rates)
            .Build();
        return NeuronGroupFactory.Create(spec, 0, 0, rates.Length, 0);
    }

    /// <summary>Fano factor of <paramref name="counts"/> and its standard error sqrt(2/M + 1/(λM)) (sample variance of M
    /// near-Poisson counts of mean λ: var(s²) ≈ σ⁴(2/(M−1) + κ/M), excess kurtosis κ = 1/λ).</summary>
    private static (double Fano, double Se) Fano(IReadOnlyList<int> counts)
    {
        int m = counts.Count;
        double mean = counts.Average();
        double variance = counts.Sum(c => (c - mean) * (c - mean)) / (m - 1);
        return (variance / mean, Math.Sqrt(2.0 / m + 1.0 / (mean * m)));
    }

    // Mean rate: the total count of n neuron-steps is Binomial(n, p); it must lie within 5 standard errors
    // sqrt(n p (1 − p)) of n·p. Checked separately for two rates mixed in one group (per-neuron rates).
    // Fano factor of the counts in 20 ms windows (Binomial(200, p)): 1 − p within 5 standard errors.
    [Theory]
    [InlineData(1UL, 10.0, 50.0)]
    [InlineData(987654321UL, 5.0, 200.0)]
    public void RateAndFanoFactorMatchABernoulliProcess(ulong seed, double rateA, double rateB)
    {
        const int window = 200; // 20 ms
        var rates = Enumerable.Range(0, Neurons).Select(i => i % 2 == 0 ? rateA : rateB).ToArray();
        var (perWindow, _) = Run(Create(seed, rates), window);
        int windows = perWindow.GetLength(1);
        foreach (var (rate, parity) in new[] { (rateA, 0), (rateB, 1) })
        {
            double p = rate * Dt / 1000;
            var counts = new List<int>();
            for (int i = parity; i < Neurons; i += 2)
                for (int w = 0; w < windows; w++) counts.Add(perWindow[i, w]);
            double n = (double)counts.Count * window;
            double total = counts.Sum();
            double se = Math.Sqrt(n * p * (1 - p));
            Assert.True(Math.Abs(total - n * p) <= 5 * se, $"rate {rate} Hz: measured {total / n / Dt * 1000} Hz ({(total - n * p) / se:F2} SE)");

            var (fano, fanoSe) = Fano(counts);
            Assert.True(Math.Abs(fano - (1 - p)) <= 5 * fanoSe, $"rate {rate} Hz: Fano {fano}, expected {1 - p} ± {fanoSe}");
        }
    }

    // Independence across neurons: the number of neurons firing in one step is Binomial(N, p), Fano factor 1 − p.
    // Counts over long windows (200 ms) test independence across steps at a larger scale: Fano 1 − p as well.
    [Fact]
    public void NeuronsAndStepsAreIndependent()
    {
        const double rate = 40;
        double p = rate * Dt / 1000;
        var (perWindow, perStep) = Run(Create(42, Enumerable.Repeat(rate, Neurons).ToArray()), 2000);

        var (fanoStep, seStep) = Fano(perStep);
        Assert.True(Math.Abs(fanoStep - (1 - p)) <= 5 * seStep, $"population Fano {fanoStep} ± {seStep}");

        var counts = new List<int>();
        for (int i = 0; i < Neurons; i++)
            for (int w = 0; w < perWindow.GetLength(1); w++) counts.Add(perWindow[i, w]);
        var (fanoLong, seLong) = Fano(counts);
        Assert.True(Math.Abs(fanoLong - (1 - p)) <= 5 * seLong, $"200 ms window Fano {fanoLong} ± {seLong}");
    }

    // Same seed → same spikes; another seed → different spikes (the counter-based stream depends on the seed).
    [Fact]
    public void SpikeTrainsAreDeterminedBySeed()
    {
        var rates = Enumerable.Repeat(30.0, 50).ToArray();
        int[] Trains(ulong seed)
        {
            var drv = SingleGroupDriver.For(Create(seed, rates));
            var all = new List<int>();
            for (int s = 0; s < 2000; s++) foreach (int i in drv.StepAll()) all.Add(s * 1000 + i);
            return all.ToArray();
        }
        var a = Trains(5);
        Assert.NotEmpty(a);
        Assert.Equal(a, Trains(5));
        Assert.NotEqual(a, Trains(6));
    }

    // Sources ignore synaptic input but must still leave it +0: the kernel relies on the update to empty the ring slot.
    [Fact]
    public void UpdateConsumesItsInput()
    {
        var group = Create(3, Enumerable.Repeat(30.0, 5).ToArray());
        double[] ex = [1, 2, -0.0, 4, 5], inh = [-1, -2, -3, -0.0, 0];
        group.Update(0, ex, inh, new double[5], new int[5]);
        NeuronVectorTests.AssertConsumed(ex, inh);
    }
}
