using System.Runtime.Intrinsics.X86;
using NeuroActors.Kernel.Neurons;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// The vectorized iaf_psc_exp, iaf_psc_delta and Izhikevich updates against scalar references kept here (the kernel's loops
/// before vectorization), bit for bit, on random states and inputs with refractory neurons, threshold crossings,
/// scalar tails, and a negative counter (a checkpoint could hold one; the scalar else branch steps it down and
/// leaves V where it is, so a V left exactly at threshold shows whether the comparison is ≥). Every path must also
/// consume its input, leaving +0 in every element (what the ring buffer held when the kernel cleared it itself).
/// </summary>
public class NeuronVectorTests
{
    private const double Dt = 0.1;

    public static TheoryData<int, int> PathsAndCounts() => IafCondExpVectorTests.PathsAndCounts();

    [Theory]
    [MemberData(nameof(PathsAndCounts))]
    public void IafPscExpEqualsTheScalarReferenceBitForBit(int path, int count)
    {
        const double tauM = 10, cM = 250, eL = -65, vTh = -50, vReset = -65, tRef = 2, iE = 600, tauEx = 2, tauIn = 5;
        var group = new IafPscExp(count, Dt, tauM, cM, eL, vTh, vReset, tRef, iE, tauEx, tauIn);
        double p22 = Math.Exp(-Dt / tauM), p20 = tauM / cM * -double.ExpM1(-Dt / tauM);
        double p11Ex = Math.Exp(-Dt / tauEx), p11In = Math.Exp(-Dt / tauIn);
        double p21Ex = IafPscExp.CurrentToVoltage(tauEx, tauM, cM, Dt), p21In = IafPscExp.CurrentToVoltage(tauIn, tauM, cM, Dt);
        int refSteps = (int)Math.Round(tRef / Dt);
        var random = new System.Random(count * 17 + path);
        double[] v = group.Variable(0), iEx = group.Variable(1), iIn = group.Variable(2);
        int[] r = group.Counters!;
        for (int i = 0; i < count; i++)
        {
            v[i] = -70 + 22 * random.NextDouble();
            iEx[i] = 300 * random.NextDouble();
            iIn[i] = -300 * random.NextDouble();
            r[i] = random.Next(4) == 0 ? random.Next(1, 21) : 0;
        }
        if (count >= 2) { r[count - 1] = -3; v[count - 1] = vTh; }
        double[] rv = (double[])v.Clone(), rEx = (double[])iEx.Clone(), rIn = (double[])iIn.Clone();
        int[] rr = (int[])r.Clone();

        int Reference(double[] ex, double[] inh, double[] current, int[] spiked)
        {
            int n = 0;
            for (int i = 0; i < count; i++)
            {
                if (rr[i] == 0)
                    rv[i] = eL + p22 * (rv[i] - eL) + p21Ex * rEx[i] + p21In * rIn[i] + p20 * (iE + current[i]);
                else
                    rr[i]--;
                rEx[i] = p11Ex * rEx[i] + ex[i];
                rIn[i] = p11In * rIn[i] + inh[i];
                if (rv[i] >= vTh)
                {
                    rr[i] = refSteps;
                    rv[i] = vReset;
                    spiked[n++] = i;
                }
            }
            return n;
        }

        Compare(count, random, (ex, inh, cur, sp) => group.Update(ex, inh, cur, sp, (SimdPath)path), Reference,
            ex: 100, inh: -200, current: 1000, [(v, rv), (iEx, rEx), (iIn, rIn)], r, rr);
    }

    [Theory]
    [MemberData(nameof(PathsAndCounts))]
    public void IafPscDeltaEqualsTheScalarReferenceBitForBit(int path, int count)
    {
        const double tauM = 20, cM = 1, eL = 0, vTh = 20, vReset = 10, tRef = 2, iE = 0.9;
        var group = new IafPscDelta(count, Dt, tauM, cM, eL, vTh, vReset, tRef, iE);
        double p33 = Math.Exp(-Dt / tauM), p30 = tauM / cM * -double.ExpM1(-Dt / tauM);
        int refSteps = (int)Math.Round(tRef / Dt);
        var random = new System.Random(count * 13 + path);
        double[] v = group.Variable(0);
        int[] r = group.Counters!;
        for (int i = 0; i < count; i++)
        {
            v[i] = 22 * random.NextDouble();
            r[i] = random.Next(4) == 0 ? random.Next(1, 21) : 0;
        }
        if (count >= 2) { r[count - 1] = -3; v[count - 1] = vTh; }
        double[] rv = (double[])v.Clone();
        int[] rr = (int[])r.Clone();

        int Reference(double[] ex, double[] inh, double[] current, int[] spiked)
        {
            int n = 0;
            for (int i = 0; i < count; i++)
            {
                if (rr[i] == 0)
                    rv[i] = eL + p33 * (rv[i] - eL) + p30 * (iE + current[i]) + (ex[i] + inh[i]);
                else
                    rr[i]--;
                if (rv[i] >= vTh)
                {
                    rr[i] = refSteps;
                    rv[i] = vReset;
                    spiked[n++] = i;
                }
            }
            return n;
        }

        Compare(count, random, (ex, inh, cur, sp) => group.Update(ex, inh, cur, sp, (SimdPath)path), Reference,
            ex: 1.5, inh: -1, current: 0.5, [(v, rv)], r, rr);
    }

    [Theory]
    [MemberData(nameof(PathsAndCounts))]
    public void IzhikevichEqualsTheScalarReferenceBitForBit(int path, int count)
    {
        const double a = 0.02, b = 0.2, c = -65, d = 8, vTh = 30, iE = 4;
        var group = new Izhikevich(count, Dt, a, b, c, d, vTh, iE);
        var random = new System.Random(count * 11 + path);
        double[] v = group.Variable(0), u = group.Variable(1);
        for (int i = 0; i < count; i++)
        {
            v[i] = -70 + 100 * random.NextDouble(); // some start above threshold
            u[i] = b * v[i];
        }
        double[] rv = (double[])v.Clone(), ru = (double[])u.Clone();

        int Reference(double[] ex, double[] inh, double[] current, int[] spiked)
        {
            int n = 0;
            for (int i = 0; i < count; i++)
            {
                double v0 = rv[i], u0 = ru[i];
                rv[i] = v0 + Dt * (0.04 * v0 * v0 + 5.0 * v0 + 140.0 - u0 + iE + current[i]) + ex[i] + inh[i];
                ru[i] = u0 + Dt * a * (b * v0 - u0);
                if (rv[i] >= vTh)
                {
                    rv[i] = c;
                    ru[i] += d;
                    spiked[n++] = i;
                }
            }
            return n;
        }

        Compare(count, random, (ex, inh, cur, sp) => group.Update(ex, inh, cur, sp, (SimdPath)path), Reference,
            ex: 4, inh: -3, current: 10, [(v, rv), (u, ru)], new int[count], new int[count], minRefractorySteps: 0);
    }

    /// <summary>
    /// Runs both for 400 steps of random sparse input and compares state and spikes exactly after each, and checks that
    /// the update left its synaptic input +0.
    /// </summary>
    private static void Compare(int count, System.Random random, Func<double[], double[], double[], int[], int> update,
        Func<double[], double[], double[], int[], int> reference, double ex, double inh, double current,
        (double[] Actual, double[] Expected)[] variables, int[] counters, int[] expectedCounters, int minRefractorySteps = 10)
    {
        var exIn = new double[count];
        var inhIn = new double[count];
        var cur = new double[count];
        var spiked = new int[count];
        var expectedSpiked = new int[count];
        int spikes = 0, refractorySteps = 0;
        for (int step = 0; step < 400; step++)
        {
            for (int i = 0; i < count; i++)
            {
                exIn[i] = random.Next(4) == 0 ? ex * random.NextDouble() : 0;
                inhIn[i] = random.Next(8) == 0 ? inh * random.NextDouble() : 0;
                cur[i] = random.Next(2) == 0 ? current * random.NextDouble() : 0;
            }
            refractorySteps += counters.Count(c => c > 0);
            // The reference first: the update under test consumes the input.
            int expected = reference(exIn, inhIn, cur, expectedSpiked);
            int n = update(exIn, inhIn, cur, spiked);
            AssertConsumed(exIn, inhIn);
            Assert.Equal(expectedSpiked.AsSpan(0, expected).ToArray(), spiked.AsSpan(0, n).ToArray());
            foreach (var (actual, wanted) in variables)
                for (int i = 0; i < count; i++)
                    Assert.Equal(BitConverter.DoubleToInt64Bits(wanted[i]), BitConverter.DoubleToInt64Bits(actual[i]));
            Assert.Equal(expectedCounters, counters);
            spikes += n;
        }
        Assert.True(spikes >= count, $"only {spikes} spikes");
        Assert.True(refractorySteps >= minRefractorySteps * count, $"only {refractorySteps} refractory neuron-steps");
    }

    /// <summary>Every element +0 bit for bit: a −0 left behind would turn a later −0 arrival into −0 instead of +0.</summary>
    internal static void AssertConsumed(double[] excitatory, double[] inhibitory)
    {
        for (int i = 0; i < excitatory.Length; i++)
        {
            Assert.Equal(0L, BitConverter.DoubleToInt64Bits(excitatory[i]));
            Assert.Equal(0L, BitConverter.DoubleToInt64Bits(inhibitory[i]));
        }
    }
}
