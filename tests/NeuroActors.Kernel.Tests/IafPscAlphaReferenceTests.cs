using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>iaf_psc_alpha against closed forms: the PSP of one alpha current, the time to threshold and the f–I relation under constant current, and refractoriness.</summary>
public class IafPscAlphaReferenceTests
{
    private const double Dt = 0.1, EL = -70, CM = 250, VTh = -55;

    private static SingleGroupDriver Create(double tauM, double tauEx, double tauIn, double iE = 0, double vReset = -70, double tRef = 2) =>
        SingleGroupDriver.Create(NeuronModel.IafPscAlpha, new()
        {
            ["tau_m"] = tauM, ["c_m"] = CM, ["e_l"] = EL, ["v_th"] = VTh, ["v_reset"] = vReset, ["t_ref"] = tRef, ["i_e"] = iE,
            ["tau_syn_ex"] = tauEx, ["tau_syn_in"] = tauIn,
        });

    // Reference: a spike of weight w at s = 0 gives the alpha current I(s) = w·e/τ_s · s·exp(−s/τ_s) (peak w at s = τ_s);
    // into C_m dV/dt = −C_m(V − E_L)/τ_m + I it gives, with a = 1/τ_m − 1/τ_s,
    //   V(s) − E_L = w·e/(τ_s C_m) · [(exp(−s/τ_m) − exp(−s/τ_s))/a² + s·exp(−s/τ_s)/a]    (τ_s ≠ τ_m)
    //   V(s) − E_L = w·e/(τ_s C_m) · s²/2 · exp(−s/τ_m)                                     (τ_s = τ_m)
    // the solution of the linear ODE by the convolution ∫₀ˢ exp(−(s−u)/τ_m) I(u) du / C_m.
    private static double Psp(double w, double tauM, double tauS, double s)
    {
        double k = w * Math.E / (tauS * CM);
        if (tauM == tauS) return k * s * s / 2 * Math.Exp(-s / tauM);
        double a = 1 / tauM - 1 / tauS;
        return k * ((Math.Exp(-s / tauM) - Math.Exp(-s / tauS)) / (a * a) + s * Math.Exp(-s / tauS) / a);
    }

    private static double Current(double w, double tauS, double s) => w * Math.E / tauS * s * Math.Exp(-s / tauS);

    // The input arriving at step 0 enters dI at the end of step 0 (s = 0) and moves I and V from step 1 on, so after
    // step k the state is the closed form at s = k·dt. Exact integration: agreement to rounding error at every step
    // (relative 1e-9 of the peak; the reference itself loses digits to cancellation when τ_s is near τ_m, hence 1e-7
    // there). The cases cover both ways the kernel evaluates its propagators (series for |h/τ_s − h/τ_m| < 0.1:
    // (10, 2), (10, 9.9), (10, 10); closed form: (20, 0.5), (5, 0.2)).
    [Theory]
    [InlineData(true, 10.0, 2.0, 100.0, 1e-9)]
    [InlineData(false, 10.0, 2.0, -80.0, 1e-9)]
    [InlineData(true, 20.0, 0.5, 300.0, 1e-9)]
    [InlineData(false, 5.0, 0.2, -150.0, 1e-9)]
    [InlineData(true, 10.0, 10.0, 50.0, 1e-9)]  // τ_s = τ_m
    [InlineData(false, 10.0, 9.9, -50.0, 1e-7)] // τ_s near τ_m
    public void SinglePspMatchesTheClosedFormAtEveryStep(bool excitatory, double tauM, double tauS, double w, double relative)
    {
        // The other channel gets a different time constant so that a swapped constant would show.
        var drv = excitatory ? Create(tauM, tauS, 3.7) : Create(tauM, 3.7, tauS);
        string current = excitatory ? "i_syn_ex" : "i_syn_in";
        double peak = 0;
        for (double s = 0; s < 6 * Math.Max(tauM, tauS); s += Dt / 10) peak = Math.Max(peak, Math.Abs(Psp(w, tauM, tauS, s)));
        double tol = relative * peak;

        if (excitatory) drv.Step(excitatory: w); else drv.Step(inhibitory: w);
        Assert.Equal(EL, drv.Get("v"));
        Assert.Equal(0, drv.Get(current));

        int steps = (int)Math.Round(6 * Math.Max(tauM, tauS) / Dt);
        double maxV = 0;
        for (int k = 1; k <= steps; k++)
        {
            Assert.False(drv.Step());
            double s = k * Dt, v = drv.Get("v") - EL;
            Assert.True(Math.Abs(v - Psp(w, tauM, tauS, s)) <= tol, $"s={s}: V−E_L={v}, closed form {Psp(w, tauM, tauS, s)}");
            Assert.Equal(Current(w, tauS, s), drv.Get(current), Math.Abs(w) * 1e-12);
            Assert.Equal(0, drv.Get(excitatory ? "i_syn_in" : "i_syn_ex"));
            maxV = Math.Max(maxV, Math.Abs(v));
        }
        // The weight is the peak current, reached at s = τ_s (a grid point in every case above).
        int kPeak = (int)Math.Round(tauS / Dt);
        var again = excitatory ? Create(tauM, tauS, 3.7) : Create(tauM, 3.7, tauS);
        if (excitatory) again.Step(excitatory: w); else again.Step(inhibitory: w);
        for (int k = 1; k <= kPeak; k++) again.Step();
        Assert.Equal(w, again.Get(current), Math.Abs(w) * 1e-12);
        Assert.Equal(peak, maxV, peak * 1e-3);
    }

    // Reference: from V = E_L with constant I (i_e or injected) and no synaptic input, V(t) = V_inf + (E_L − V_inf)·exp(−t/τ_m),
    // V_inf = E_L + I τ_m/C_m, reaches V_th at T = τ_m ln((E_L − V_inf)/(V_th − V_inf)); exact integration detects it at
    // the first grid point at or after T, so the first spike is in step ⌈T/h⌉ − 1. Each later interval is
    // n_ref + ⌈T_free/h⌉ steps with T_free from V_reset: the f–I relation f = 1000/((n_ref + ⌈T_free/h⌉)·h) Hz, and no
    // spike at all below the rheobase I = (V_th − E_L)·C_m/τ_m (375 pA here).
    [Theory]
    [InlineData(10.0, -70.0, 500.0, false)] // V_inf = −50: T = 10·ln 4 = 13.863 ms
    [InlineData(10.0, -65.0, 800.0, true)]
    [InlineData(20.0, -62.0, 300.0, false)] // V_inf = −46: T = 20·ln(24/9)
    [InlineData(10.0, -70.0, 2000.0, true)]
    public void TimeToThresholdAndFiringRateUnderConstantCurrentAreAnalytic(double tauM, double vReset, double current, bool injected)
    {
        const double tRef = 2;
        var drv = Create(tauM, 2, 2, injected ? 0 : current, vReset, tRef);
        double vInf = EL + current * tauM / CM;
        double t0 = tauM * Math.Log((EL - vInf) / (VTh - vInf));
        double tFree = tauM * Math.Log((vReset - vInf) / (VTh - vInf));
        Assert.True(Math.Abs(tFree / Dt - Math.Round(tFree / Dt)) > 1e-3 && Math.Abs(t0 / Dt - Math.Round(t0 / Dt)) > 1e-3);
        const int steps = 10000; // 1 s
        var spikes = new List<long>();
        for (long s = 0; s < steps; s++)
            if (drv.Step(current: injected ? current : 0)) spikes.Add(s);

        Assert.Equal((long)Math.Ceiling(t0 / Dt), spikes[0] + 1);
        long interval = (long)Math.Round(tRef / Dt) + (long)Math.Ceiling(tFree / Dt);
        for (int k = 1; k < spikes.Count; k++) Assert.Equal(interval, spikes[k] - spikes[k - 1]);
        Assert.Equal(1 + (steps - 1 - spikes[0]) / interval, spikes.Count);
    }

    [Fact]
    public void BelowTheRheobaseTheNeuronSettlesAtVInfWithoutSpiking()
    {
        const double current = 370; // V_inf = −55.2 mV, just below V_th
        var drv = Create(10, 2, 2, current);
        Assert.Empty(drv.SpikeSteps(20000));
        Assert.Equal(EL + current * 10 / CM, drv.Get("v"), 1e-9);
    }

    // Reference (NEST iaf_psc_alpha): during the refractory period V is clamped to V_reset, but both alpha currents keep
    // integrating input. An input arriving in step 1 of 20 refractory steps makes the same current as it would at
    // rest, so after release (V = V_reset = E_L, at s = Δ = 19·dt after the input entered) V follows the same linear
    // ODE from E_L: V(s) − E_L = Psp(Δ + s) − exp(−s/τ_m)·Psp(Δ), the free PSP minus the decay of what the clamp took away.
    [Fact]
    public void CurrentsKeepIntegratingDuringTheRefractoryPeriodAndVStartsFromTheReset()
    {
        const double tauM = 10, tauS = 2, w = 200;
        var drv = Create(tauM, tauS, 2);
        drv.Set("v", -40); // above threshold: spikes in the first step
        Assert.True(drv.Step());
        Assert.Equal(EL, drv.Get("v"));
        drv.Step(excitatory: w); // arrives during the refractory period (step 1 of 20)
        for (int k = 2; k <= 20; k++)
        {
            Assert.False(drv.Step());
            Assert.Equal(EL, drv.Get("v"));
            Assert.Equal(Current(w, tauS, (k - 1) * Dt), drv.Get("i_syn_ex"), 1e-10);
        }
        const double delta = 19 * Dt;
        for (int k = 1; k <= 200; k++)
        {
            drv.Step();
            double expected = Psp(w, tauM, tauS, delta + k * Dt) - Math.Exp(-k * Dt / tauM) * Psp(w, tauM, tauS, delta);
            Assert.Equal(expected, drv.Get("v") - EL, 1e-11);
        }
    }

    // A strong input during the refractory period cannot make the neuron fire before t_ref is over.
    [Fact]
    public void NoSpikeDuringTheRefractoryPeriodWhateverTheInput()
    {
        var drv = Create(10, 2, 2, tRef: 3);
        drv.Set("v", -40);
        Assert.True(drv.Step());
        for (int k = 1; k <= 30; k++) Assert.False(drv.Step(excitatory: 1e5));
        Assert.True(drv.Step());
    }
}
