using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// inhomogeneous_poisson_generator against the process it implements: in every step each targeted neuron receives an
/// independent Poisson(rate·dt/1000) count, the rate being 0 before the first rate time and rate_values[i] from
/// rate_times[i] on. The sum over N neurons of a segment of T ms is therefore Poisson with mean N·rate·T/1000.
/// </summary>
public class InhomogeneousPoissonTests
{
    private const double Dt = 0.1;
    private const int Neurons = 500;

    private static NetworkSpec Spec(Func<NetworkBuilder, NetworkBuilder> stimuli, double durationMs = 500, ulong seed = 3) =>
        stimuli(new NetworkBuilder("inhomogeneous", dtMs: Dt, durationMs: durationMs, seed: seed)
                .Population("p", Neurons, NeuronModel.IafPscDelta))
            .Build();

    /// <summary>The event count per (step, neuron) that the stimuli give the neurons [lo, hi) of the shard holding them.</summary>
    private static int[,] Counts(NetworkSpec spec, int shards = 1)
    {
        var plan = new NetworkPlan(spec, shards);
        long steps = spec.Simulation.Steps;
        var counts = new int[steps, Neurons];
        for (int k = 0; k < shards; k++)
        {
            var slice = plan.Slice(0, k);
            var stimuli = new ShardStimuli(plan, (p, i) => i >= slice.Start && i < slice.Start + slice.Count ? i - slice.Start : -1);
            var ex = new double[slice.Count];
            var inh = new double[slice.Count];
            var current = new double[slice.Count];
            for (long s = 0; s < steps; s++)
            {
                Array.Clear(ex);
                long events = stimuli.Apply(s, ex, inh, current);
                for (int i = 0; i < slice.Count; i++) counts[s, slice.Start + i] = (int)ex[i]; // weight 1: the count
                Assert.Equal(events, (long)ex.Sum());
            }
        }
        return counts;
    }

    private static long Sum(int[,] counts, double fromMs, double toMs)
    {
        long sum = 0;
        for (long s = (long)Math.Round(fromMs / Dt); s < (long)Math.Round(toMs / Dt); s++)
            for (int i = 0; i < Neurons; i++) sum += counts[s, i];
        return sum;
    }

    // Each segment's total within 5 standard deviations sqrt(mean) of N·rate·T/1000 (a fixed seed: the draws never
    // change, and 5 sigma is what the test asserts of them); segments of rate 0, and the time before the first rate
    // time, get no event at all. Per neuron, the counts of the busiest segment have the Poisson Fano factor 1 within 5
    // standard errors sqrt(2/M + 1/(λM)).
    [Theory]
    [InlineData(3UL)]
    [InlineData(20261204UL)]
    public void CountsPerSegmentMatchRateTimesDuration(ulong seed)
    {
        double[] times = [20, 100, 250, 400], rates = [5, 0, 80, 20];
        var spec = Spec(b => b.InhomogeneousPoisson("p", times, rates, weight: 1), seed: seed);
        var counts = Counts(spec);

        Assert.Equal(0, Sum(counts, 0, 20));
        for (int k = 0; k < times.Length; k++)
        {
            double end = k + 1 < times.Length ? times[k + 1] : 500;
            double mean = Neurons * rates[k] * (end - times[k]) / 1000;
            long sum = Sum(counts, times[k], end);
            if (rates[k] == 0) Assert.Equal(0, sum);
            else Assert.True(Math.Abs(sum - mean) <= 5 * Math.Sqrt(mean), $"segment {k}: {sum} events, expected {mean} ± {5 * Math.Sqrt(mean):F0}");
        }

        var perNeuron = Enumerable.Range(0, Neurons).Select(i =>
        {
            int c = 0;
            for (int s = 2500; s < 4000; s++) c += counts[s, i];
            return c;
        }).ToArray();
        double lambda = perNeuron.Average(), variance = perNeuron.Sum(c => (c - lambda) * (c - lambda)) / (Neurons - 1);
        double se = Math.Sqrt(2.0 / Neurons + 1 / (lambda * Neurons));
        Assert.InRange(variance / lambda, 1 - 5 * se, 1 + 5 * se);
    }

    // The same stream, words and sampler as poisson_generator: with the rates of a homogeneous generator on each segment
    // (same stimulus index) the counts are the same, step by step and neuron by neuron.
    [Fact]
    public void EachSegmentDrawsWhatAHomogeneousGeneratorOfItsRateDraws()
    {
        var inhomogeneous = Counts(Spec(b => b.InhomogeneousPoisson("p", [0, 60], [30, 400], weight: 1), durationMs: 100));
        var slow = Counts(Spec(b => b.Poisson("p", 30, weight: 1), durationMs: 100));
        var fast = Counts(Spec(b => b.Poisson("p", 400, weight: 1), durationMs: 100));
        for (int s = 0; s < 1000; s++)
            for (int i = 0; i < Neurons; i++)
                Assert.Equal(s < 600 ? slow[s, i] : fast[s, i], inhomogeneous[s, i]);
    }

    [Fact]
    public void StartAndStopBoundTheTrainAndTheReceptorIsKept()
    {
        var spec = Spec(b => b.Stimulus(new StimulusSpec(StimulusKind.InhomogeneousPoissonGenerator, "p", Weight: -2,
            Receptor: Receptor.Inhibitory, StartMs: 30, StopMs: 70, RateTimesMs: [0, 50], RateValuesHz: [500, 2000])), durationMs: 100);
        var plan = new NetworkPlan(spec, 1);
        var stimuli = new ShardStimuli(plan, (p, i) => i);
        var ex = new double[Neurons];
        var inh = new double[Neurons];
        var current = new double[Neurons];
        for (long s = 0; s < 1000; s++)
        {
            Array.Clear(inh);
            long events = stimuli.Apply(s, ex, inh, current);
            Assert.Equal(-2 * events, inh.Sum());
            if (s < 300 || s >= 700) Assert.Equal(0, events);
            else Assert.True(events > 0, $"no event in step {s}");
        }
        Assert.All(ex, x => Assert.Equal(0, x));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void EveryNeuronsTrainIsTheSameForAnyCut(int shards)
    {
        var spec = Spec(b => b.InhomogeneousPoisson("p", [10, 40], [200, 50], weight: 1), durationMs: 60);
        Assert.Equal(Counts(spec), Counts(spec, shards));
    }
}
