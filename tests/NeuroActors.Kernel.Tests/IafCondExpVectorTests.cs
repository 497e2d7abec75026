using System.Runtime.Intrinsics.X86;
using NeuroActors.Kernel.Neurons;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// The vectorized iaf_cond_exp update against a scalar reference kept here (the kernel's loop before it was
/// vectorized), compared bit for bit on random states and inputs that include refractory neurons, threshold
/// crossings, counts that leave a scalar tail, and counters a checkpoint could hold but a run never makes. Every
/// path must also consume its input, leaving +0 in every element.
/// </summary>
public class IafCondExpVectorTests
{
    private const double Dt = 0.1, CM = 200, GL = 10, EL = -60, EIn = -80, VTh = -50, VReset = -60, TRef = 5,
        TauEx = 5, TauIn = 10;

    /// <summary>The paths this machine can run; the best one is always among them.</summary>
    /// <summary>Paths and counts with E_ex = +0 (which the AVX-512 path specialises), −0 and 5 mV.</summary>
    public static TheoryData<int, int, double> PathsCountsAndReversals()
    {
        var data = new TheoryData<int, int, double>();
        foreach (var row in PathsAndCounts())
            foreach (double eEx in new[] { 0.0, -0.0, 5.0 })
                data.Add((int)row[0], (int)row[1], eEx);
        return data;
    }

    /// <summary>The paths this machine can run with group sizes that leave each loop and tail work.</summary>
    public static TheoryData<int, int> PathsAndCounts()
    {
        var data = new TheoryData<int, int>();
        var paths = new List<SimdPath> { SimdPath.Scalar };
        if (Avx.IsSupported) paths.Add(SimdPath.Vector256);
        if (Avx512F.IsSupported) paths.Add(SimdPath.Vector512);
        foreach (var path in paths)
            foreach (int count in new[] { 1, 3, 4, 8, 13, 64, 1003 })
                data.Add((int)path, count);
        return data;
    }

    [Fact]
    public void TheBestPathIsOneThisMachineRuns()
    {
        var best = NeuronSimd.BestPath;
        Assert.True(best == SimdPath.Scalar || (best == SimdPath.Vector256 && Avx.IsSupported) || (best == SimdPath.Vector512 && Avx512F.IsSupported));
    }

    [Theory]
    [MemberData(nameof(PathsCountsAndReversals))]
    public void UpdateEqualsTheScalarReferenceBitForBit(int path, int count, double eEx)
    {
        var random = new System.Random(count * 31 + path);
        var group = new IafCondExp(count, Dt, CM, GL, EL, eEx, EIn, VTh, VReset, TRef, TauEx, TauIn, iE: 600);
        var reference = new ScalarReference(count, iE: 600, eEx);
        double[] v = group.Variable(0), gEx = group.Variable(1), gIn = group.Variable(2);
        int[] r = group.Counters!;
        for (int i = 0; i < count; i++)
        {
            v[i] = -65 + 16 * random.NextDouble(); // some start above threshold
            gEx[i] = 40 + 15 * Normal(random);
            gIn[i] = 200 + 120 * Normal(random);
            r[i] = random.Next(4) == 0 ? random.Next(1, 51) : 0;
        }
        // Counters a run never makes but a checkpoint could hold: negative ones freeze V without refractoriness, so a
        // V left exactly at threshold shows whether the comparison is ≥.
        if (count >= 3)
        {
            r[count - 1] = -3;
            v[count - 1] = VTh;
            r[count - 2] = int.MinValue;
            v[count - 2] = VTh - 1e-12;
        }
        reference.Load(v, gEx, gIn, r);

        var ex = new double[count];
        var inh = new double[count];
        var current = new double[count];
        var spiked = new int[count];
        var expectedSpiked = new int[count];
        int spikes = 0, refractorySteps = 0;
        for (int step = 0; step < 400; step++)
        {
            for (int i = 0; i < count; i++)
            {
                ex[i] = random.Next(8) == 0 ? 6 * random.Next(1, 4) : 0;
                inh[i] = random.Next(32) == 0 ? 67 : 0;
                current[i] = random.Next(3) == 0 ? 1500 * random.NextDouble() : 0;
            }
            refractorySteps += r.Count(c => c > 0);
            // The reference first: the update under test consumes the input.
            int expected = reference.Update(ex, inh, current, expectedSpiked);
            int n = group.Update(ex, inh, current, spiked, (SimdPath)path);
            NeuronVectorTests.AssertConsumed(ex, inh);
            Assert.Equal(expectedSpiked.AsSpan(0, expected).ToArray(), spiked.AsSpan(0, n).ToArray());
            for (int i = 0; i < count; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(reference.V[i]), BitConverter.DoubleToInt64Bits(v[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(reference.GEx[i]), BitConverter.DoubleToInt64Bits(gEx[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(reference.GIn[i]), BitConverter.DoubleToInt64Bits(gIn[i]));
                Assert.Equal(reference.R[i], r[i]);
            }
            spikes += n;
        }
        // The comparison means something only if both branches were taken often.
        Assert.True(spikes >= count, $"only {spikes} spikes");
        Assert.True(refractorySteps >= 10 * count, $"only {refractorySteps} refractory neuron-steps");
    }

    private static double Normal(System.Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>The scalar loop, as the kernel had it before vectorization.</summary>
    private sealed class ScalarReference(int count, double iE, double eEx)
    {
        public double[] V { get; } = new double[count];
        public double[] GEx { get; } = new double[count];
        public double[] GIn { get; } = new double[count];
        public int[] R { get; } = new int[count];
        private readonly double _decayExHalf = Math.Exp(-0.5 * Dt / TauEx), _decayInHalf = Math.Exp(-0.5 * Dt / TauIn);
        private readonly int _refSteps = (int)Math.Round(TRef / Dt);

        public void Load(double[] v, double[] gEx, double[] gIn, int[] r)
        {
            v.CopyTo(V, 0);
            gEx.CopyTo(GEx, 0);
            gIn.CopyTo(GIn, 0);
            r.CopyTo(R, 0);
        }

        private double Derivative(double v, double gEx, double gIn, double i) =>
            (-GL * (v - EL) - gEx * (v - eEx) - gIn * (v - EIn) + i) / CM;

        public int Update(double[] excitatory, double[] inhibitory, double[] current, int[] spiked)
        {
            double h = Dt;
            int n = 0;
            for (int i = 0; i < V.Length; i++)
            {
                double ge0 = GEx[i], gi0 = GIn[i];
                double geMid = ge0 * _decayExHalf, giMid = gi0 * _decayInHalf;
                double ge1 = geMid * _decayExHalf, gi1 = giMid * _decayInHalf;
                if (R[i] == 0)
                {
                    double iTotal = iE + current[i];
                    double y = V[i];
                    double k1 = Derivative(y, ge0, gi0, iTotal);
                    double k2 = Derivative(y + 0.5 * h * k1, geMid, giMid, iTotal);
                    double k3 = Derivative(y + 0.5 * h * k2, geMid, giMid, iTotal);
                    double k4 = Derivative(y + h * k3, ge1, gi1, iTotal);
                    V[i] = y + h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
                }
                GEx[i] = ge1 + excitatory[i];
                GIn[i] = gi1 + inhibitory[i];
                if (R[i] > 0)
                {
                    R[i]--;
                    V[i] = VReset;
                }
                else if (V[i] >= VTh)
                {
                    R[i] = _refSteps;
                    V[i] = VReset;
                    spiked[n++] = i;
                }
            }
            return n;
        }
    }
}
