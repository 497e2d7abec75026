using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// Izhikevich (2003, IEEE Trans. Neural Netw. 14:1569, Fig. 2): the five cortical firing patterns under constant input
/// I = 10, classified from the spike trains. The kernel's i_e is the paper's I (added directly to dv/dt, paper units);
/// dt = 0.1 ms (the spike trains agree with dt = 0.01 ms to within ~0.3 ms per ISI). Initial state as in the paper's
/// code: v = −65, u = b·v.
/// </summary>
public class IzhikevichReferenceTests
{
    private const double Dt = 0.1, DurationMs = 1000, TransientMs = 200;

    public static TheoryData<string, double, double, double, double> Patterns => new()
    {
        { "RS", 0.02, 0.2, -65, 8 },
        { "IB", 0.02, 0.2, -55, 4 },
        { "CH", 0.02, 0.2, -50, 2 },
        { "FS", 0.1, 0.2, -65, 2 },
        { "LTS", 0.02, 0.25, -65, 2 },
    };

    private static double[] SpikeTimes(double a, double b, double c, double d, double input = 10, double durationMs = DurationMs)
    {
        var drv = SingleGroupDriver.Create(NeuronModel.Izhikevich,
            new() { ["a"] = a, ["b"] = b, ["c"] = c, ["d"] = d, ["i_e"] = input }, dtMs: Dt,
            initial: new() { ["v"] = Distribution.Constant(-65), ["u"] = Distribution.Constant(b * -65) });
        return drv.SpikeSteps((long)Math.Round(durationMs / Dt)).Select(s => (s + 1) * Dt).ToArray();
    }

    private sealed record Train(double[] Times)
    {
        public double[] Isi { get; } = Times.Zip(Times.Skip(1), (x, y) => y - x).ToArray();

        /// <summary>ISIs that start after the initial transient.</summary>
        public double[] Steady => Times.Zip(Times.Skip(1), (x, y) => (x, y)).Where(p => p.x >= TransientMs).Select(p => p.y - p.x).ToArray();

        public double SteadyRateHz => 1000.0 * Times.Count(t => t >= TransientMs) / (DurationMs - TransientMs);

        public double SteadyMeanIsi => Steady.Average();

        public double SteadyCv => Math.Sqrt(Steady.Select(x => (x - SteadyMeanIsi) * (x - SteadyMeanIsi)).Average()) / SteadyMeanIsi;

        /// <summary>Runs of ≥ 2 consecutive ISIs below 10 ms (bursts of ≥ 3 spikes).</summary>
        public int Bursts
        {
            get
            {
                int bursts = 0, run = 0;
                foreach (double isi in Isi.Append(double.MaxValue))
                {
                    if (isi < 10) { run++; continue; }
                    if (run >= 2) bursts++;
                    run = 0;
                }
                return bursts;
            }
        }
    }

    // Signatures (thresholds chosen from the trains at I = 10 with wide margins; measured values in brackets):
    //  RS : no ISI < 10 ms; first ISI < 0.7 × steady ISI (adaptation) [23.7 vs 45.1]; tonic (CV < 0.05); < 40 Hz [22].
    //  IB : the first ISIs (≥ 1) < 10 ms, i.e. an initial burst [2.5, 4.6], then only ISIs ≥ 20 ms [40.3, 31.5 …], tonic.
    //  CH : every ISI either < 10 ms or > 30 ms (bimodal) and ≥ 5 bursts of ≥ 3 spikes [~20 bursts of 5–7 spikes].
    //  FS : steady rate > 100 Hz [130]; every ISI after the first 20 ms within 5 % of the steady ISI (no adaptation).
    //  LTS: steady rate ≥ 50 Hz [73]; first ISI < 0.4 × steady ISI (strong adaptation) [3.1 vs 13.6]; tonic; no ISI > 30 ms.
    private static bool IsRegularSpiking(Train t) =>
        t.Isi.Length > 5 && t.Isi.All(x => x >= 10) && t.Isi[0] < 0.7 * t.SteadyMeanIsi && t.SteadyCv < 0.05 && t.SteadyRateHz < 40;

    private static bool IsIntrinsicallyBursting(Train t)
    {
        int burst = t.Isi.TakeWhile(x => x < 10).Count();
        var rest = t.Isi.Skip(burst).ToArray();
        return burst >= 1 && rest.Length > 5 && rest.All(x => x >= 20) && t.SteadyCv < 0.05;
    }

    private static bool IsChattering(Train t) =>
        t.Isi.All(x => x < 10 || x > 30) && t.Bursts >= 5 && t.Isi.Count(x => x > 30) >= 5;

    private static bool IsFastSpiking(Train t) =>
        t.SteadyRateHz > 100 && t.Times.Zip(t.Isi, (start, isi) => (start, isi)).Where(p => p.start >= 20)
            .All(p => Math.Abs(p.isi - t.SteadyMeanIsi) <= 0.05 * t.SteadyMeanIsi);

    private static bool IsLowThresholdSpiking(Train t) =>
        t.Isi.Length > 5 && t.SteadyRateHz >= 50 && t.Isi[0] < 0.4 * t.SteadyMeanIsi && t.SteadyCv < 0.05 && t.Isi.All(x => x <= 30);

    private static string[] Classify(Train t)
    {
        var matched = new List<string>();
        if (IsRegularSpiking(t)) matched.Add("RS");
        if (IsIntrinsicallyBursting(t)) matched.Add("IB");
        if (IsChattering(t)) matched.Add("CH");
        if (IsFastSpiking(t)) matched.Add("FS");
        if (IsLowThresholdSpiking(t)) matched.Add("LTS");
        return matched.ToArray();
    }

    // Each parameter set must show its own pattern and none of the others.
    [Theory]
    [MemberData(nameof(Patterns))]
    public void ParameterSetShowsItsFiringPatternAndNoOther(string pattern, double a, double b, double c, double d)
    {
        var train = new Train(SpikeTimes(a, b, c, d));
        string isis = string.Join(" ", train.Isi.Take(30).Select(x => x.ToString("F1")));
        Assert.True(new[] { pattern }.SequenceEqual(Classify(train)), $"{pattern} classified as [{string.Join(",", Classify(train))}]; ISIs: {isis}");
    }

    // Paper, Fig. 2: FS fires much faster than RS; LTS faster than RS but slower than FS.
    [Fact]
    public void SteadyRatesAreOrderedAsInThePaper()
    {
        double rs = new Train(SpikeTimes(0.02, 0.2, -65, 8)).SteadyRateHz;
        double fs = new Train(SpikeTimes(0.1, 0.2, -65, 2)).SteadyRateHz;
        double lts = new Train(SpikeTimes(0.02, 0.25, -65, 2)).SteadyRateHz;
        Assert.True(fs > 4 * rs && lts > 2 * rs && lts < fs, $"RS {rs} Hz, LTS {lts} Hz, FS {fs} Hz");
    }

    // Reference: with I = 0 the system has its resting state at the stable fixed point of dv/dt = du/dt = 0, i.e.
    // u* = b·v* and 0.04 v*² + (5 − b) v* + 140 = 0 (lower root): v* = −70 for b = 0.2, v* ≈ −64.41 for b = 0.25.
    // Euler has the same fixed points as the ODE, so a neuron started next to it must settle there without spiking.
    [Theory]
    [InlineData(0.02, 0.2, -65.0, 8.0)]
    [InlineData(0.02, 0.25, -65.0, 2.0)]
    [InlineData(0.1, 0.2, -65.0, 2.0)]
    public void WithoutInputSettlesAtTheRestingFixedPoint(double a, double b, double c, double d)
    {
        double vStar = (-(5 - b) - Math.Sqrt((5 - b) * (5 - b) - 4 * 0.04 * 140)) / (2 * 0.04);
        var drv = SingleGroupDriver.Create(NeuronModel.Izhikevich,
            new() { ["a"] = a, ["b"] = b, ["c"] = c, ["d"] = d, ["i_e"] = 0 }, dtMs: Dt,
            initial: new() { ["v"] = Distribution.Constant(-66), ["u"] = Distribution.Constant(b * -66) });
        Assert.Empty(drv.SpikeSteps(20000));
        Assert.Equal(vStar, drv.Get("v"), 1e-6);
        Assert.Equal(b * vStar, drv.Get("u"), 1e-6);
    }
}
