using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>iaf_psc_exp against the analytic PSP of a leaky membrane driven by an exponentially decaying current.</summary>
public class IafPscExpReferenceTests
{
    private const double Dt = 0.1, EL = -70, CM = 250;

    private static SingleGroupDriver Create(double tauM, double tauEx, double tauIn, double iE = 0, double vReset = -70, double tRef = 2) =>
        SingleGroupDriver.Create(NeuronModel.IafPscExp, new()
        {
            ["tau_m"] = tauM, ["c_m"] = CM, ["e_l"] = EL, ["v_th"] = -55, ["v_reset"] = vReset, ["t_ref"] = tRef, ["i_e"] = iE,
            ["tau_syn_ex"] = tauEx, ["tau_syn_in"] = tauIn,
        });

    // Reference: current I(t) = w·exp(−t/τ_s) into C_m dV/dt = −C_m(V − E_L)/τ_m + I gives
    //   V(t) − E_L = w/C_m · τ_m τ_s/(τ_m − τ_s) · (exp(−t/τ_m) − exp(−t/τ_s))     (τ_s ≠ τ_m)
    //   V(t) − E_L = w/C_m · t · exp(−t/τ_m)                                        (τ_s = τ_m)
    // with peak time t* = τ_m τ_s/(τ_m − τ_s)·ln(τ_m/τ_s) (t* = τ_m in the degenerate case).
    private static double Psp(double w, double tauM, double tauS, double t) =>
        Math.Abs(tauM - tauS) < 1e-12
            ? w / CM * t * Math.Exp(-t / tauM)
            : w / CM * tauM * tauS / (tauM - tauS) * (Math.Exp(-t / tauM) - Math.Exp(-t / tauS));

    private static double PeakTime(double tauM, double tauS) =>
        Math.Abs(tauM - tauS) < 1e-12 ? tauM : tauM * tauS / (tauM - tauS) * Math.Log(tauM / tauS);

    // The input arriving at step 0 enters the synaptic current at the end of step 0 (t = 0) and moves V from step 1 on,
    // so V after step k is the analytic PSP at t = k·dt. Exact integration: the sampled trajectory must agree to
    // rounding error (relative 1e-9 of the peak), and so must the synaptic current w·exp(−t/τ_s).
    [Theory]
    [InlineData(true, 10.0, 2.0, 100.0)]
    [InlineData(false, 10.0, 5.0, -80.0)]
    [InlineData(true, 20.0, 0.5, 300.0)]
    [InlineData(false, 10.0, 10.0, -50.0)] // τ_s = τ_m: the degenerate alpha-shaped PSP
    public void SinglePspMatchesAnalyticTrajectoryPeakTimeAndAmplitude(bool excitatory, double tauM, double tauS, double w)
    {
        // The other channel gets a different time constant so that a swapped constant would show.
        var drv = excitatory ? Create(tauM, tauS, 3.7) : Create(tauM, 3.7, tauS);
        string current = excitatory ? "i_syn_ex" : "i_syn_in";
        double tPeak = PeakTime(tauM, tauS);
        double peak = Psp(w, tauM, tauS, tPeak);
        double tol = 1e-9 * Math.Abs(peak);

        if (excitatory) drv.Step(excitatory: w); else drv.Step(inhibitory: w);
        Assert.Equal(EL, drv.Get("v"));
        Assert.Equal(w, drv.Get(current), 1e-12);

        int steps = (int)Math.Round(5 * Math.Max(tauM, tauS) / Dt);
        var v = new double[steps + 1];
        for (int k = 1; k <= steps; k++)
        {
            Assert.False(drv.Step());
            double t = k * Dt;
            v[k] = drv.Get("v") - EL;
            Assert.True(Math.Abs(v[k] - Psp(w, tauM, tauS, t)) <= tol,
                $"t={t}: V−E_L={v[k]}, analytic {Psp(w, tauM, tauS, t)}");
            Assert.Equal(w * Math.Exp(-t / tauS), drv.Get(current), Math.Abs(w) * 1e-12);
        }

        // Peak of the sampled PSP: at the grid point next to t*, and the parabola through it and its neighbours
        // puts the peak at t* within dt/20 (the parabola's own bias is ≤ 3.4 µs here, largest for τ_s = 0.5 ms) with the
        // analytic amplitude (relative 1e-5; bias ≤ 2.2e-6).
        int kMax = 1;
        for (int k = 1; k <= steps; k++) if (Math.Abs(v[k]) > Math.Abs(v[kMax])) kMax = k;
        Assert.InRange(kMax, (int)Math.Floor(tPeak / Dt), (int)Math.Ceiling(tPeak / Dt));
        double y0 = v[kMax - 1], y1 = v[kMax], y2 = v[kMax + 1];
        double offset = 0.5 * (y0 - y2) / (y0 - 2 * y1 + y2);
        double tVertex = (kMax + offset) * Dt;
        double yVertex = y1 - 0.25 * (y0 - y2) * offset;
        Assert.Equal(tPeak, tVertex, Dt / 20);
        Assert.True(Math.Abs(yVertex - peak) <= 1e-5 * Math.Abs(peak), $"peak {yVertex} vs analytic {peak}");
    }

    // Reference: as for iaf_psc_delta, with constant I_e the ISI is t_ref + τ_m·ln((V_reset − V_inf)/(V_th − V_inf)),
    // V_inf = E_L + I_e τ_m/C_m, with the free part rounded up to the grid by exact integration.
    [Theory]
    [InlineData(10.0, -70.0, 500.0)] // V_inf = −50: T = 13.863 ms
    [InlineData(20.0, -62.0, 300.0)] // V_inf = −46: T = 20·ln(16/9) = 11.507 ms
    public void InterspikeIntervalUnderConstantCurrentIsAnalytic(double tauM, double vReset, double iE)
    {
        const double tRef = 2, vTh = -55;
        var drv = Create(tauM, 2, 2, iE, vReset, tRef);
        double vInf = EL + iE * tauM / CM;
        double tFree = tauM * Math.Log((vReset - vInf) / (vTh - vInf));
        Assert.True(Math.Abs(tFree / Dt - Math.Round(tFree / Dt)) > 1e-3);
        var spikes = drv.SpikeSteps(3000);
        Assert.True(spikes.Count >= 10, $"only {spikes.Count} spikes");
        Assert.Equal((long)Math.Ceiling(tauM * Math.Log((EL - vInf) / (vTh - vInf)) / Dt), spikes[0] + 1);
        long expected = (long)Math.Round(tRef / Dt) + (long)Math.Ceiling(tFree / Dt);
        for (int k = 1; k < spikes.Count; k++)
        {
            Assert.Equal(expected, spikes[k] - spikes[k - 1]);
            Assert.InRange((spikes[k] - spikes[k - 1]) * Dt - (tRef + tFree), 0, Dt);
        }
    }

    // Reference (NEST iaf_psc_exp): during the refractory period V is clamped to V_reset but the synaptic current keeps
    // integrating input; after t_ref V starts from V_reset driven by the current, which by then is w·exp(−Δ/τ_s).
    // Starting from V = V_reset = E_L at that moment, V − E_L = PSP of a current of that size, i.e. the analytic PSP
    // shape restarted at the end of the refractory period.
    [Fact]
    public void SynapticCurrentKeepsIntegratingDuringRefractoryPeriod()
    {
        const double tauM = 10, tauS = 2, w = 200;
        var drv = Create(tauM, tauS, 2);
        drv.Set("v", -40); // above threshold: spikes at the first step
        Assert.True(drv.Step());
        Assert.Equal(EL, drv.Get("v"));
        drv.Step(excitatory: w); // arrives during the refractory period (step 1 of 20)
        for (int k = 2; k <= 20; k++)
        {
            drv.Step();
            Assert.Equal(EL, drv.Get("v"));
        }
        double iAtRelease = w * Math.Exp(-19 * Dt / tauS); // current at the end of step 20
        Assert.Equal(iAtRelease, drv.Get("i_syn_ex"), 1e-9);
        for (int k = 1; k <= 100; k++)
        {
            drv.Step();
            Assert.Equal(Psp(iAtRelease, tauM, tauS, k * Dt), drv.Get("v") - EL, 1e-11);
        }
    }
}
