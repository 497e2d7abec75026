using NeuroActors.Loihi;

namespace NeuroActors.Loihi.Tests;

/// <summary>
/// Hand-computed traces of Loihi's CUBA LIF compartment (docs/loihi.md): each expected value is worked out in the
/// comments from the equations of Lava's PyLifModelBitAcc, not from the code under test.
/// </summary>
public class CompartmentTraceTests
{
    private const int M = 1 << 23;

    private static LoihiCompartments One(int du, int dv, int vth, int biasMant = 0, int biasExp = 0, int refractory = 0, LoihiReset? reset = null)
    {
        var c = new LoihiCompartments(1, reset);
        c.SetParameter("du", [du]);
        c.SetParameter("dv", [dv]);
        c.SetParameter("vth", [vth]);
        c.SetParameter("bias_mant", [biasMant]);
        c.SetParameter("bias_exp", [biasExp]);
        c.SetParameter("refractory", [refractory]);
        return c;
    }

    /// <summary>One step with input <paramref name="aIn"/>; returns whether it spiked.</summary>
    private static bool Step(LoihiCompartments c, long step, int aIn)
    {
        Span<int> input = [aIn];
        Span<int> spiked = stackalloc int[1];
        return c.Step(step, input, spiked) == 1;
    }

    [Fact]
    public void DecaysTruncateTowardZero()
    {
        // du = 410: u decays by 4096 − 411 = 3685; dv = 205: v by 4096 − 205 = 3891; vth 1000 → 64 000.
        var c = One(du: 410, dv: 205, vth: 1000);
        // step 0: u = 0 + (100 << 6) = 6400; v = 0 + 6400 = 6400
        Assert.False(Step(c, 0, 100));
        Assert.Equal((6400, 6400), (c.U[0], c.V[0]));
        // step 1: u = ⌊6400·3685/4096⌋ = ⌊5757.81⌋ = 5757; v = ⌊6400·3891/4096⌋ + 5757 = 6079 + 5757 = 11836
        Assert.False(Step(c, 1, 0));
        Assert.Equal((5757, 11836), (c.U[0], c.V[0]));
        // step 2: u = ⌊5757·3685/4096⌋ = ⌊21 214 545/4096⌋ = 5179; v = ⌊11836·3891/4096⌋ + 5179 = 11243 + 5179 = 16422
        Assert.False(Step(c, 2, 0));
        Assert.Equal((5179, 16422), (c.U[0], c.V[0]));

        // The same with −100: truncation toward zero gives −5757 (a floor would give −5758) and −6079 (not −6080).
        var d = One(du: 410, dv: 205, vth: 1000);
        Step(d, 0, -100);
        Assert.Equal((-6400, -6400), (d.U[0], d.V[0]));
        Step(d, 1, 0);
        Assert.Equal((-5757, -11836), (d.U[0], d.V[0]));
    }

    [Fact]
    public void BiasIsMantissaShiftedByExponent()
    {
        // bias = 3 << 2 = 12 per step; du = dv = 0: u stays 0, v leaks by ⌊v·4096/4096⌋ = v (none).
        var c = One(du: 0, dv: 0, vth: 1);
        c.SetParameter("bias_mant", [3]);
        c.SetParameter("bias_exp", [2]);
        for (int t = 0; t < 5; t++) Assert.False(Step(c, t, 0));
        Assert.Equal(60, c.V[0]); // 5 · 12 = 60 ≤ 64
        Assert.True(Step(c, 5, 0)); // 72 > 64: spike, v = 0 (recorded after the reset)
        Assert.Equal(0, c.V[0]);
        // A negative mantissa: −4096 << 7 = −524 288 per step.
        var d = One(du: 0, dv: 0, vth: 0, biasMant: -4096, biasExp: 7);
        Step(d, 0, 0);
        Assert.Equal(-524288, d.V[0]);
    }

    [Fact]
    public void SpikesOnlyAboveTheThreshold()
    {
        // du = 4095 clears u: u = 0·0 + (a_in << 6); dv = 4095: v keeps ⌊v/4096⌋ = 0 of itself; vth 1 → 64.
        var at = One(du: 4095, dv: 4095, vth: 1);
        Assert.False(Step(at, 0, 1)); // u = 64, v = 64: not above 64
        Assert.Equal((64, 64), (at.U[0], at.V[0]));
        Assert.False(Step(at, 1, 1)); // u = 0 + 64, v = ⌊64/4096⌋ + 64 = 64 again
        var above = One(du: 4095, dv: 4095, vth: 1, biasMant: 1);
        Assert.True(Step(above, 0, 1)); // v = 64 + 1 = 65 > 64
        Assert.Equal((64, 0), (above.U[0], above.V[0]));
        // vth = 0: any v ≥ 1 spikes, v = 0 does not.
        var zero = One(du: 4095, dv: 4095, vth: 0);
        Assert.False(Step(zero, 0, 0));
        Assert.True(Step(zero, 1, 1));
    }

    [Fact]
    public void DuMaxClearsCurrentAndDvZeroKeepsVoltage()
    {
        // du = 4095: decay factor 4096 − 4096 = 0, so u is only this step's input; dv = 0: factor 4096, v never leaks.
        var c = One(du: 4095, dv: 0, vth: 131071);
        Step(c, 0, 10); // u = 640, v = 640
        Step(c, 1, 0);  // u = 0, v = 640 + 0
        Assert.Equal((0, 640), (c.U[0], c.V[0]));
        Step(c, 2, -3); // u = −192, v = 640 − 192 = 448
        Assert.Equal((-192, 448), (c.U[0], c.V[0]));
        for (int t = 3; t < 50; t++) Step(c, t, 0);
        Assert.Equal((0, 448), (c.U[0], c.V[0]));
    }

    [Fact]
    public void CurrentWrapsOnceAtBothEnds()
    {
        // du = 4095: u = a_in << 6. a_in = 2^17 gives exactly 2^23 = M, which is not > M and stays.
        var c = One(du: 4095, dv: 4095, vth: 131071);
        Step(c, 0, 1 << 17);
        Assert.Equal(M, c.U[0]);
        // 2^17 + 1 gives M + 64 > M: u − 2M = −M + 64.
        Step(c, 1, (1 << 17) + 1);
        Assert.Equal(-M + 64, c.U[0]);
        // −2^17 gives −M, which is ≤ −M: u + 2M = +M.
        Step(c, 2, -(1 << 17));
        Assert.Equal(M, c.U[0]);
        // −2^17 + 1 gives −M + 64, inside: stays.
        Step(c, 3, -(1 << 17) + 1);
        Assert.Equal(-M + 64, c.U[0]);
        // Only one wrap: 2^18 + 1 gives 2M + 64 > M, minus 2M is 64 (inside); 2^19 gives 4M − 2M = 2M, left outside 24 bits.
        Step(c, 4, (1 << 18) + 1);
        Assert.Equal(64, c.U[0]);
        Step(c, 5, 1 << 19);
        Assert.Equal(2 * M, c.U[0]);
    }

    [Fact]
    public void VoltageSaturatesAndASaturatedVoltageSpikes()
    {
        // du = 4095, dv = 4095; a_in = 2^17: u = M, v = 0 + M clipped to M − 1 = 8 388 607 > vth 131071 << 6 = 8 388 544.
        var c = One(du: 4095, dv: 4095, vth: 131071);
        Assert.True(Step(c, 0, 1 << 17));
        Assert.Equal(0, c.V[0]);
        // Without the spike (vth can not reach M − 1, so look at v before the threshold with a refractory hold off):
        // dv = 0, u = −M + 64 each step: v = −M + 64, then −2M + 128 → clipped to −(M − 1).
        var d = One(du: 4095, dv: 0, vth: 131071);
        Step(d, 0, -(1 << 17) + 1);
        Assert.Equal(-M + 64, d.V[0]);
        Step(d, 1, -(1 << 17) + 1);
        Assert.Equal(-(M - 1), d.V[0]);
        // and positive saturation below a spike: u = M − 64 twice with dv = 0 gives 2M − 128 → M − 1, then it spikes.
        var e = One(du: 4095, dv: 0, vth: 131071);
        Assert.False(Step(e, 0, (1 << 17) - 1)); // v = M − 64 = 8 388 544, exactly the threshold: no spike
        Assert.Equal(M - 64, e.V[0]);
        Assert.True(Step(e, 1, (1 << 17) - 1));  // v = 2M − 128 → M − 1 > 8 388 544
    }

    [Fact]
    public void RefractoryHoldsVoltageWhileCurrentIntegrates()
    {
        // bias 100, vth 0, dv = 0, refractory 2: a spike, then v held at 0 for 2 steps, then free again.
        var c = One(du: 0, dv: 0, vth: 0, biasMant: 100, refractory: 2);
        var spikes = new List<int>();
        for (int t = 0; t < 10; t++) if (Step(c, t, t == 1 ? 1 : 0)) spikes.Add(t);
        Assert.Equal([0, 3, 6, 9], spikes);
        // The input at step 1 arrived while refractory and still moved u: u = 64 at step 1, then
        // ⌊64·4095/4096⌋ = 63, 62, … one less per step while u < 4096: u at step 9 is 64 − 8 = 56.
        Assert.Equal(56, c.U[0]);
        // With the default (no refractory period) it spikes every step.
        var d = One(du: 0, dv: 0, vth: 0, biasMant: 100);
        int n = 0;
        for (int t = 0; t < 10; t++) n += Step(d, t, 0) ? 1 : 0;
        Assert.Equal(10, n);
    }

    [Fact]
    public void RefractoryCountsDownInsideAHeldStep()
    {
        // v is computed (here it would cross the threshold) but replaced by 0 while the counter runs.
        var c = One(du: 4095, dv: 4095, vth: 10, refractory: 1);
        Assert.True(Step(c, 0, 100));   // v = 6400 > 640
        Assert.False(Step(c, 1, 100));  // held: v = 0
        Assert.Equal((6400, 0, 0), (c.U[0], c.V[0], c.RefractoryCounter[0]));
        Assert.True(Step(c, 2, 100));
        Assert.Equal(1, c.RefractoryCounter[0]);
    }

    [Fact]
    public void ResetZeroesStateAtLavaTimeSteps()
    {
        // interval 3, offset 1: Lava's time steps 1, 4, 7 (steps 0, 3, 6 here) start from u = v = 0.
        var c = One(du: 0, dv: 0, vth: 131071, biasMant: 1, reset: new LoihiReset(3, 1));
        c.U[0] = 4096; c.V[0] = 500;
        var v = new List<int>();
        for (int t = 0; t < 7; t++) { Step(c, t, 0); v.Add(c.V[0]); }
        // step 0: reset, then v = 0 + 0 + 1 = 1; steps 1, 2: 2, 3; step 3: reset, 1; 2, 3; step 6: 1
        Assert.Equal([1, 2, 3, 1, 2, 3, 1], v);
        // offset 2 (Lava step 2 = step 1): step 0 runs from the initial state: u = ⌊4096·4095/4096⌋ = 4095,
        // v = ⌊500·4096/4096⌋ + 4095 + 1 = 4596; step 1 resets: u = 0, v = 1.
        var d = One(du: 0, dv: 0, vth: 131071, biasMant: 1, reset: new LoihiReset(3, 2));
        d.U[0] = 4096; d.V[0] = 500;
        Step(d, 0, 0);
        Assert.Equal((4095, 4596), (d.U[0], d.V[0]));
        Step(d, 1, 0);
        Assert.Equal((0, 1), (d.U[0], d.V[0]));
        // an offset of at least the interval counts modulo it (Lava's reset_offset % reset_interval)
        Assert.True(new LoihiReset(3, 4).At(0));
    }

    [Fact]
    public void InputIsConsumed()
    {
        var c = One(du: 0, dv: 0, vth: 100);
        int[] input = [5];
        c.Step(0, input, new int[1]);
        Assert.Equal(0, input[0]);
    }

    [Fact]
    public void ParametersAreCheckedAgainstTheirBitWidths()
    {
        var c = new LoihiCompartments(3);
        Assert.Equal("du[1]: got 4096; valid range is 0..4095 (Parameter 'du')",
            Assert.Throws<ArgumentOutOfRangeException>(() => c.SetParameter("du", [0, 4096, 1])).Message);
        Assert.Contains("vth[0]: got -1; valid range is 0..131071", Assert.Throws<ArgumentOutOfRangeException>(() => c.SetParameter("vth", [-1])).Message);
        Assert.Contains("bias_mant[0]: got 4096; valid range is -4096..4095", Assert.Throws<ArgumentOutOfRangeException>(() => c.SetParameter("bias_mant", [4096])).Message);
        Assert.Contains("bias_exp[0]: got 8; valid range is 0..7", Assert.Throws<ArgumentOutOfRangeException>(() => c.SetParameter("bias_exp", [8])).Message);
        Assert.Contains("refractory[0]: got 64; valid range is 0..63", Assert.Throws<ArgumentOutOfRangeException>(() => c.SetParameter("refractory", [64])).Message);
        Assert.Contains("give 1 or one per neuron (3)", Assert.Throws<ArgumentException>(() => c.SetParameter("dv", [1, 2])).Message);
        Assert.Contains("the compartment's parameters are du, dv, vth", Assert.Throws<ArgumentException>(() => c.SetParameter("tau", [1])).Message);
        Assert.Equal(0, c.Parameter("du", 1)); // nothing changed by the refused list
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoihiReset(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoihiReset(2, -1));
        c.SetParameter("dv", [1, 2, 3]);
        Assert.Equal([1, 2, 3], [c.Parameter("dv", 0), c.Parameter("dv", 1), c.Parameter("dv", 2)]);
    }
}
