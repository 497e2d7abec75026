using NeuroActors.Kernel.Random;

namespace NeuroActors.Training.Tests;

public class RandmanTests
{
    [Fact]
    public void TheNumberOfFrequenciesIsRandmansCutoff()
    {
        Assert.Equal(32, Randman.Frequencies(2));   // ceil(sqrt(1000)) = 32
        Assert.Equal(1000, Randman.Frequencies(1)); // ceil(1000)
        Assert.Equal(10, Randman.Frequencies(3));   // ceil(1000^(1/3)) = 10
        Assert.Equal(1000, Randman.Frequencies(0.5)); // 1e6, capped
    }

    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(0.5, 2)]
    public void EveryUnitFiresOnceAndEachClassSpansTheSpikingSteps(double fraction, int dims)
    {
        var spec = new RandmanSpec(Classes: 3, Units: 6, Steps: 40, Dimensions: dims, Alpha: 2, StepFraction: fraction, SamplesPerClass: 50);
        var set = Randman.Generate(spec, 3);
        Assert.Equal((150, 40, 6, 3), (set.Count, set.Steps, set.Inputs, set.Classes));
        Assert.Null(set.Values);
        Assert.Equal(Enumerable.Range(0, 150).Select(s => s / 50), set.Labels);
        int last = (int)(40 * fraction) - 1;
        var first = new int[3, 6];
        var latest = new int[3, 6];
        for (int c = 0; c < 3; c++) for (int u = 0; u < 6; u++) { first[c, u] = int.MaxValue; latest[c, u] = -1; }
        for (int s = 0; s < set.Count; s++)
        {
            var seen = new int[6];
            for (int t = 0; t < 40; t++)
            {
                var units = set.UnitsAt(s, t).ToArray();
                Assert.Equal(units.Order(), units);
                foreach (int u in units)
                {
                    seen[u]++;
                    Assert.True(t <= last, $"sample {s} unit {u} fires at {t}, after the spiking steps end at {last}");
                    first[set.Labels[s], u] = Math.Min(first[set.Labels[s], u], t);
                    latest[set.Labels[s], u] = Math.Max(latest[set.Labels[s], u], t);
                }
            }
            Assert.All(seen, n => Assert.Equal(1, n));
        }
        // Min-max standardisation over the class's samples: the earliest sample fires at 0, the latest in the last spiking step.
        for (int c = 0; c < 3; c++)
            for (int u = 0; u < 6; u++)
                Assert.Equal((0, last), (first[c, u], latest[c, u]));
    }

    [Fact]
    public void TheSameSeedGivesTheSameSamplesAndAnotherSeedOthers()
    {
        var spec = new RandmanSpec(Classes: 2, Units: 5, Steps: 20, SamplesPerClass: 20);
        var a = Randman.Generate(spec, 9);
        Assert.Equal(a.Units, Randman.Generate(spec, 9).Units);
        Assert.Equal(a.Offsets, Randman.Generate(spec, 9).Offsets);
        Assert.NotEqual(a.Offsets, Randman.Generate(spec, 10).Offsets);
    }

    [Fact]
    public void AValueIsTheRandomSeriesOfItsClassAtThePointDrawn()
    {
        // Unit 2 of class 1, sample 3, D = 1, α = 2 (F = 32), recomputed from the documented draw order.
        var spec = new RandmanSpec(Classes: 2, Units: 4, Steps: 10, Alpha: 2, SamplesPerClass: 5);
        var values = Randman.ClassValues(spec, 21, 1);
        var manifold = new RandomStream(21, TrainingStreams.RandmanManifold(1), 0);
        double[] theta = new double[4 * 3 * 32];
        for (int k = 0; k < theta.Length; k++) theta[k] = manifold.NextDouble();
        var points = new RandomStream(21, TrainingStreams.RandmanSamples(1), 0);
        double x = 0;
        for (int s = 0; s <= 3; s++) x = points.NextDouble();
        double g = 0;
        for (int i = 1; i < 32; i++) // the amplitude of frequency 0 is 0
        {
            double a = theta[(2 * 3 + 0) * 32 + i], f = theta[(2 * 3 + 1) * 32 + i], phase = theta[(2 * 3 + 2) * 32 + i];
            g += a / ((i + 1.0) * (i + 1.0) + 1) * Math.Sin(2 * Math.PI * (i * x * f + phase));
        }
        Assert.Equal(g, values[3, 2], 1e-12);
    }

    [Fact]
    public void TheEasySettingHasTenThousandSamplesOfAHundredSpikes()
    {
        var set = Randman.Generate(new RandmanSpec(), 1);
        Assert.Equal(10_000, set.Count);
        Assert.Equal(1_000_000, set.Units.Length);
    }

    [Theory]
    [InlineData(100, 2.0, 1.0, 0.98)] // 100 % with seed 1
    [InlineData(20, 1.0, 0.5, 0.85)] // 97.8 % with seed 1
    public void ClassesAreSeparableByTheirSpikeTimes(int units, double alpha, double fraction, double atLeast)
    {
        // The nearest neighbour among each class's first half of samples, scored on the second half: each class is a
        // 1-D curve of its own, so neighbours on the curve share the class; chance (10 %) if generation mixed classes up.
        var spec = new RandmanSpec(Classes: 10, Units: units, Steps: 100, Alpha: alpha, StepFraction: fraction, SamplesPerClass: 100);
        var set = Randman.Generate(spec, 1);
        var times = new double[set.Count, units];
        for (int s = 0; s < set.Count; s++)
            for (int t = 0; t < set.Steps; t++)
                foreach (int u in set.UnitsAt(s, t)) times[s, u] = t;
        int correct = 0;
        for (int s = 0; s < set.Count; s++)
        {
            if (s % 100 < 50) continue;
            int best = -1;
            double bestDistance = double.PositiveInfinity;
            for (int r = 0; r < set.Count; r++)
            {
                if (r % 100 >= 50) continue;
                double d = 0;
                for (int u = 0; u < units; u++) d += (times[s, u] - times[r, u]) * (times[s, u] - times[r, u]);
                if (d < bestDistance) (best, bestDistance) = (set.Labels[r], d);
            }
            if (best == set.Labels[s]) correct++;
        }
        double accuracy = correct / 500.0;
        Assert.True(accuracy >= atLeast, $"nearest-neighbour accuracy {accuracy:P1}, expected at least {atLeast:P0}");
    }
}
