using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>iaf_cond_exp against analytic relaxation, exact conductance decay and an independent fine-step integration.</summary>
public class IafCondExpReferenceTests
{
    private const double Dt = 0.1, CM = 250, EL = -70, EEx = 0, EIn = -85;

    private static SingleGroupDriver Create(double gL = 16.6667, double tauEx = 0.2, double tauIn = 2, double iE = 0,
        double vReset = -60, double tRef = 2) =>
        SingleGroupDriver.Create(NeuronModel.IafCondExp, new()
        {
            ["c_m"] = CM, ["g_l"] = gL, ["e_l"] = EL, ["e_ex"] = EEx, ["e_in"] = EIn, ["v_th"] = -55, ["v_reset"] = vReset,
            ["t_ref"] = tRef, ["tau_syn_ex"] = tauEx, ["tau_syn_in"] = tauIn, ["i_e"] = iE,
        });

    // Reference: without input, C_m dV/dt = −g_L(V − E_L) gives V(t) = E_L + (V0 − E_L)·exp(−t/τ_m), τ_m = C_m/g_L.
    // RK4's per-step error for this linear ODE is (dt/τ_m)^5/120 ≈ 1e-12 relative (measured max over 100 ms: 3e-11),
    // so 1e-9 of (V0 − E_L) is generous for RK4 and far too tight for a wrong time constant or a lower-order scheme.
    [Theory]
    [InlineData(16.6667, -56.0)]
    [InlineData(25.0, -85.0)]
    [InlineData(10.0, -55.5)]
    public void RelaxesToRestWithTauMEqualCmOverGl(double gL, double v0)
    {
        var drv = Create(gL);
        drv.Set("v", v0);
        double tauM = CM / gL;
        for (int k = 1; k <= 1000; k++)
        {
            Assert.False(drv.Step());
            double expected = EL + (v0 - EL) * Math.Exp(-k * Dt / tauM);
            Assert.True(Math.Abs(drv.Get("v") - expected) <= 1e-9 * Math.Abs(v0 - EL),
                $"t={k * Dt}: V={drv.Get("v")}, analytic {expected}");
        }
    }

    // Reference: a conductance jump g0 arriving at step 0 enters at the end of step 0 and then decays exactly as
    // g(t) = g0·exp(−t/τ_syn), sampled at t = k·dt after step k.
    [Theory]
    [InlineData(true, 0.2, 10.0)]
    [InlineData(false, 2.0, 7.0)]
    public void ConductanceDecaysExponentially(bool excitatory, double tauSyn, double g0)
    {
        var drv = excitatory ? Create(tauEx: tauSyn, tauIn: 3.3) : Create(tauEx: 3.3, tauIn: tauSyn);
        string g = excitatory ? "g_ex" : "g_in";
        if (excitatory) drv.Step(excitatory: g0); else drv.Step(inhibitory: g0);
        Assert.Equal(g0, drv.Get(g), 1e-12);
        Assert.Equal(0, drv.Get(excitatory ? "g_in" : "g_ex"));
        for (int k = 1; k <= 200; k++)
        {
            drv.Step();
            Assert.Equal(g0 * Math.Exp(-k * Dt / tauSyn), drv.Get(g), g0 * 1e-12);
        }
    }

    // Independent reference: RK4 at dt/100 of C_m dV/dt = −g_L(V − E_L) − g(t)(V − E_syn) + I_e with the analytic
    // g(t) = g0·exp(−t/τ_syn) from t = 0 (the end of the step at which the event arrived). The kernel's V after step k
    // must match the reference at t = k·dt within 1e-4·(0.2 ms/τ_syn)^4 of the PSP peak: RK4's quadrature error scales
    // as (dt/τ_syn)^4 and is ~2e-5 of the peak for τ_syn = 0.2 ms at dt = 0.1 ms (measured: 2.0e-5, 4.8e-7, 2.6e-8,
    // 1.1e-9 for τ_syn = 0.2, 0.5, 1, 2 ms). Treating g as constant over a step errs by several per cent.
    [Theory]
    [InlineData(true, 0.2, 20.0, 0.0)]
    [InlineData(true, 1.0, 5.0, 166.667)]  // resting at −60 mV by I_e = g_L·10 mV
    [InlineData(false, 2.0, 20.0, 166.667)]
    [InlineData(false, 0.5, 40.0, 0.0)]
    public void MembraneResponseToConductanceMatchesFineStepReference(bool excitatory, double tauSyn, double g0, double iE)
    {
        const double gL = 16.6667;
        var drv = excitatory ? Create(gL, tauEx: tauSyn, tauIn: 3.3, iE: iE) : Create(gL, tauEx: 3.3, tauIn: tauSyn, iE: iE);
        double vRest = EL + iE / gL;
        drv.Set("v", vRest);
        double eSyn = excitatory ? EEx : EIn;
        if (excitatory) drv.Step(excitatory: g0); else drv.Step(inhibitory: g0);
        Assert.Equal(vRest, drv.Get("v"), 1e-9); // the event moves V only from the next step on

        const int steps = 300, sub = 100;
        double h = Dt / sub, y = vRest, t = 0;
        double Dv(double tt, double vv) => (-gL * (vv - EL) - g0 * Math.Exp(-tt / tauSyn) * (vv - eSyn) + iE) / CM;
        var reference = new double[steps + 1];
        reference[0] = y;
        for (int k = 1; k <= steps; k++)
        {
            for (int j = 0; j < sub; j++)
            {
                double k1 = Dv(t, y), k2 = Dv(t + h / 2, y + h / 2 * k1), k3 = Dv(t + h / 2, y + h / 2 * k2), k4 = Dv(t + h, y + h * k3);
                y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
                t += h;
            }
            reference[k] = y;
        }
        double peak = reference.Max(r => Math.Abs(r - vRest));
        Assert.True(peak > 0.3, $"PSP too small to be a test: {peak}");

        double worst = 0;
        for (int k = 1; k <= steps; k++)
        {
            drv.Step();
            worst = Math.Max(worst, Math.Abs(drv.Get("v") - reference[k]));
        }
        Assert.True(worst <= 1e-4 * Math.Pow(0.2 / tauSyn, 4) * peak, $"max |V − reference| = {worst} mV, PSP peak {peak} mV");
    }

    // Reference: with constant I_e the free membrane obeys V(t) = V_inf + (V_reset − V_inf)·exp(−t/τ_m) with
    // V_inf = E_L + I_e/g_L and τ_m = C_m/g_L, so ISI = t_ref + τ_m·ln((V_reset − V_inf)/(V_th − V_inf)), its free part
    // rounded up to the grid (RK4's error, ~1e-10, cannot move a crossing that is not within 1e-3 dt of a grid point).
    [Theory]
    [InlineData(16.6667, -60.0, 300.0)] // V_inf = −52: T = 15·ln(8/3) = 14.712 ms
    [InlineData(25.0, -70.0, 500.0)]    // V_inf = −50: T = 10·ln 4 = 13.863 ms
    public void InterspikeIntervalUnderConstantCurrentIsAnalytic(double gL, double vReset, double iE)
    {
        const double tRef = 2, vTh = -55;
        var drv = Create(gL, iE: iE, vReset: vReset, tRef: tRef);
        double tauM = CM / gL, vInf = EL + iE / gL;
        double tFree = tauM * Math.Log((vReset - vInf) / (vTh - vInf));
        Assert.True(Math.Abs(tFree / Dt - Math.Round(tFree / Dt)) > 1e-3);
        var spikes = drv.SpikeSteps(3000);
        Assert.True(spikes.Count >= 10, $"only {spikes.Count} spikes");
        long expected = (long)Math.Round(tRef / Dt) + (long)Math.Ceiling(tFree / Dt);
        for (int k = 1; k < spikes.Count; k++)
        {
            Assert.Equal(expected, spikes[k] - spikes[k - 1]);
            Assert.InRange((spikes[k] - spikes[k - 1]) * Dt - (tRef + tFree), 0, Dt);
        }
    }
}
