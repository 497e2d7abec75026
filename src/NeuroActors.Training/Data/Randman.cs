using NeuroActors.Kernel.Random;

namespace NeuroActors.Training;

/// <summary>
/// Randman (Zenke &amp; Vogels 2021), the procedural spike-timing benchmark of shared/reference/training.md, generated
/// from a seed with Philox streams so that every machine makes the same samples:
/// <list type="bullet">
/// <item>Class c's manifold: for each unit u, dimension d, parameter row r ∈ {0, 1, 2} and frequency i &lt; F, one uniform
/// θ_r,i in [0, 1), drawn in that (u, d, r, i) row-major order from stream <see cref="TrainingStreams.RandmanManifold"/>(c)
/// (the layout of randman's parameter tensor); θ0 of frequency 0 is then set to 0 (randman's <c>use_bias=False</c>).
/// F = min(ceil(0.001^(−1/α)), 1000).</item>
/// <item>g(x) = Σ_{i&lt;F} θ0_i·s_i·sin(2π(i·x·θ1_i + θ2_i)), s_i = 1/((i+1)^α + 1) (torch_randman's spectrum), summed in
/// increasing i; a unit's value is the product over d of g_{u,d}(x_d).</item>
/// <item>Class c's samples: x ~ U(0,1)^D, drawn sample by sample, dimension by dimension, from stream
/// <see cref="TrainingStreams.RandmanSamples"/>(c).</item>
/// <item>Each unit is standardised over its class's samples, (y − min)/(max − min + 10⁻⁷), as randman's example does,
/// which gives [0, 1); the unit fires once, at step floor(value·Steps·StepFraction) (at most Steps − 1).</item>
/// <item>Samples come class by class (class 0's first), in the order drawn; the split and the per-epoch shuffle
/// reorder them, so the generator does not shuffle.</item>
/// </list>
/// Everything is computed in double.
/// </summary>
public static class Randman
{
    /// <summary>The standardisation's ε (randman's example uses 1e-7), which keeps values below 1.</summary>
    public const double StandardiseEpsilon = 1e-7;

    /// <summary>The number of frequencies F for smoothness α: min(ceil(0.001^(−1/α)), 1000).</summary>
    public static int Frequencies(double alpha) => (int)Math.Min(Math.Ceiling(Math.Pow(1e-3, -1 / alpha)), 1000);

    /// <summary>Generates the dataset of <paramref name="spec"/> from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">A parameter out of range (the config loader reports these per field first).</exception>
    public static SampleSet Generate(RandmanSpec spec, ulong seed)
    {
        Check(spec);
        int units = spec.Units, steps = spec.Steps, n = spec.SamplesPerClass;
        int total = checked(spec.Classes * n);
        // One spike per unit per sample: each (sample, step) holds the units firing then, in increasing order.
        var spikeStep = new int[total * units];
        Parallel.For(0, spec.Classes, c =>
        {
            double[,] values = ClassValues(spec, seed, c);
            for (int u = 0; u < units; u++)
            {
                double min = double.PositiveInfinity, max = double.NegativeInfinity;
                for (int s = 0; s < n; s++) { min = Math.Min(min, values[s, u]); max = Math.Max(max, values[s, u]); }
                for (int s = 0; s < n; s++)
                {
                    double standard = (values[s, u] - min) / (max - min + StandardiseEpsilon);
                    int step = (int)Math.Floor(standard * steps * spec.StepFraction);
                    spikeStep[(c * n + s) * units + u] = Math.Clamp(step, 0, steps - 1);
                }
            }
        });
        var labels = new int[total];
        var offsets = new int[total * steps + 1];
        var unitOf = new int[total * units];
        var count = new int[steps];
        for (int s = 0; s < total; s++)
        {
            labels[s] = s / n;
            Array.Clear(count);
            for (int u = 0; u < units; u++) count[spikeStep[s * units + u]]++;
            int at = s * units;
            for (int t = 0; t < steps; t++) { offsets[s * steps + t] = at; at += count[t]; }
            offsets[(s + 1) * steps] = at;
            // Counting sort by step; units are visited in increasing order, so each step's units stay sorted.
            for (int t = 0; t < steps; t++) count[t] = offsets[s * steps + t];
            for (int u = 0; u < units; u++) unitOf[count[spikeStep[s * units + u]]++] = u;
        }
        return new SampleSet(steps, units, spec.Classes, labels, offsets, unitOf, values: null);
    }

    /// <summary>The unstandardised values y[sample, unit] of class <paramref name="cls"/>'s samples.</summary>
    internal static double[,] ClassValues(RandmanSpec spec, ulong seed, int cls)
    {
        int f = Frequencies(spec.Alpha), dims = spec.Dimensions, units = spec.Units, n = spec.SamplesPerClass;
        // θ in randman's [unit, dimension, row, frequency] layout, flat.
        var theta = new double[units * dims * 3 * f];
        var manifold = new RandomStream(seed, TrainingStreams.RandmanManifold(cls), 0);
        for (int k = 0; k < theta.Length; k++) theta[k] = manifold.NextDouble();
        for (int ud = 0; ud < units * dims; ud++) theta[ud * 3 * f] = 0;
        var spectrum = new double[f];
        for (int i = 0; i < f; i++) spectrum[i] = 1 / (Math.Pow(i + 1, spec.Alpha) + 1);

        var x = new double[n * dims];
        var points = new RandomStream(seed, TrainingStreams.RandmanSamples(cls), 0);
        for (int k = 0; k < x.Length; k++) x[k] = points.NextDouble();

        var y = new double[n, units];
        for (int u = 0; u < units; u++)
            for (int s = 0; s < n; s++)
            {
                double product = 1;
                for (int d = 0; d < dims; d++)
                {
                    int row = (u * dims + d) * 3 * f;
                    var amplitude = theta.AsSpan(row, f);
                    var frequency = theta.AsSpan(row + f, f);
                    var phase = theta.AsSpan(row + 2 * f, f);
                    double xd = x[s * dims + d], g = 0;
                    for (int i = 0; i < f; i++)
                        g += amplitude[i] * spectrum[i] * Math.Sin(2 * Math.PI * (i * xd * frequency[i] + phase[i]));
                    product *= g;
                }
                y[s, u] = product;
            }
        return y;
    }

    private static void Check(RandmanSpec spec)
    {
        if (spec.Classes < 2) throw new ArgumentException($"randman classes {spec.Classes}: must be at least 2");
        if (spec.Units < 1) throw new ArgumentException($"randman units {spec.Units}: must be at least 1");
        if (spec.Steps < 1) throw new ArgumentException($"randman steps {spec.Steps}: must be at least 1");
        if (spec.Dimensions < 1) throw new ArgumentException($"randman dimensions {spec.Dimensions}: must be at least 1");
        if (!(spec.Alpha > 0) || double.IsInfinity(spec.Alpha)) throw new ArgumentException($"randman alpha {spec.Alpha}: must be a finite number > 0");
        if (!(spec.StepFraction > 0 && spec.StepFraction <= 1)) throw new ArgumentException($"randman step_fraction {spec.StepFraction}: must be in (0, 1]");
        if (spec.SamplesPerClass < 2) throw new ArgumentException($"randman samples_per_class {spec.SamplesPerClass}: must be at least 2");
        if ((long)spec.Classes * spec.SamplesPerClass * spec.Units > int.MaxValue)
            throw new ArgumentException($"randman classes·samples_per_class·units = {(long)spec.Classes * spec.SamplesPerClass * spec.Units} spikes: must be at most {int.MaxValue}");
    }
}
