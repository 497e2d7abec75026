using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>iaf_psc_delta against the analytic solution of the leaky integrator and NEST's documented behaviour.</summary>
public class IafPscDeltaReferenceTests
{
    private const double Dt = 0.1;

    private static Dictionary<string, double> Params(double tauM, double cM, double vReset, double tRef, double iE) => new()
    {
        ["tau_m"] = tauM, ["c_m"] = cM, ["e_l"] = -70, ["v_th"] = -55, ["v_reset"] = vReset, ["t_ref"] = tRef, ["i_e"] = iE,
    };

    // Reference: with constant current I and no input, V(t) = V_inf + (V0 − V_inf)·exp(−t/τ_m), V_inf = E_L + I·τ_m/C_m.
    // Time to go from V0 to V_th: T(V0) = τ_m·ln((V0 − V_inf)/(V_th − V_inf)). ISI = t_ref + T(V_reset).
    // Exact integration on a grid detects the crossing at the first grid point at or after it, so the free part of
    // every interval is T rounded UP to the grid: ISI_measured = t_ref + ceil(T(V_reset)/dt)·dt, and the first spike
    // from V = E_L comes after ceil(T(E_L)/dt) steps.
    [Theory]
    [InlineData(10.0, 250.0, -70.0, 2.0, 500.0, false)]  // V_inf = −50: T = 10·ln 4 = 13.863 ms
    [InlineData(20.0, 250.0, -65.0, 2.0, 400.0, false)]  // V_inf = −38: T = 20·ln(27/17) = 9.253 ms
    [InlineData(10.0, 100.0, -60.0, 5.0, 200.0, false)]  // V_inf = −50: T = 10·ln 2 = 6.931 ms, t_ref 5 ms
    [InlineData(10.0, 100.0, -60.0, 5.0, 200.0, true)]   // same, current through the injected-current input
    public void InterspikeIntervalUnderConstantCurrentIsAnalytic(double tauM, double cM, double vReset, double tRef, double iPa, bool viaCurrentInput)
    {
        const double eL = -70, vTh = -55;
        var drv = SingleGroupDriver.Create(NeuronModel.IafPscDelta, Params(tauM, cM, vReset, tRef, viaCurrentInput ? 0 : iPa));
        double vInf = eL + iPa * tauM / cM;
        double tFirst = tauM * Math.Log((eL - vInf) / (vTh - vInf));
        double tFree = tauM * Math.Log((vReset - vInf) / (vTh - vInf));
        // The grid rounding below is only well defined away from grid points.
        Assert.True(Math.Abs(tFree / Dt - Math.Round(tFree / Dt)) > 1e-3 && Math.Abs(tFirst / Dt - Math.Round(tFirst / Dt)) > 1e-3);
        double isiAnalytic = tRef + tFree;

        var spikes = new List<long>();
        for (int s = 0; s < 3000; s++)
        {
            long index = drv.StepIndex;
            if (drv.Step(current: viaCurrentInput ? iPa : 0)) spikes.Add(index);
        }

        Assert.True(spikes.Count >= 10, $"only {spikes.Count} spikes");
        Assert.Equal((long)Math.Ceiling(tFirst / Dt), spikes[0] + 1);
        long expectedIsiSteps = (long)Math.Round(tRef / Dt) + (long)Math.Ceiling(tFree / Dt);
        for (int k = 1; k < spikes.Count; k++)
        {
            long isiSteps = spikes[k] - spikes[k - 1];
            Assert.Equal(expectedIsiSteps, isiSteps);
            Assert.InRange(isiSteps * Dt - isiAnalytic, 0, Dt);
        }
    }

    // Reference: below rheobase (V_inf < V_th) the neuron never fires and V(t) = V_inf + (E_L − V_inf)·exp(−t/τ_m).
    [Fact]
    public void SubthresholdTrajectoryUnderConstantCurrentIsAnalytic()
    {
        const double tauM = 10, cM = 250, eL = -70, iE = 370; // V_inf = −55.2 mV, just below V_th = −55
        var drv = SingleGroupDriver.Create(NeuronModel.IafPscDelta, Params(tauM, cM, -70, 2, iE));
        double vInf = eL + iE * tauM / cM;
        for (int k = 1; k <= 2000; k++)
        {
            Assert.False(drv.Step());
            double expected = vInf + (eL - vInf) * Math.Exp(-k * Dt / tauM);
            Assert.Equal(expected, drv.Get("v"), 1e-10);
        }
        Assert.Equal(vInf, drv.Get("v"), 1e-6);
    }

    // Reference (NEST iaf_psc_delta): an event of weight w mV makes V jump by exactly w at the step it arrives; without
    // further input V then relaxes as E_L + w·exp(−t/τ_m). Excitatory and inhibitory events add.
    [Fact]
    public void DeltaInputJumpsByWeightThenDecaysWithTauM()
    {
        const double tauM = 20, eL = -70;
        var drv = SingleGroupDriver.Create(NeuronModel.IafPscDelta, Params(tauM, 250, -70, 2, 0));
        drv.Step(excitatory: 5.0);
        Assert.Equal(eL + 5.0, drv.Get("v"), 1e-12);
        for (int k = 1; k <= 100; k++)
        {
            drv.Step();
            Assert.Equal(eL + 5.0 * Math.Exp(-k * Dt / tauM), drv.Get("v"), 1e-12);
        }
        double before = drv.Get("v");
        drv.Step(excitatory: 2.5, inhibitory: -4.0);
        Assert.Equal(eL + (before - eL) * Math.Exp(-Dt / tauM) + 2.5 - 4.0, drv.Get("v"), 1e-12);
    }

    // Reference (NEST iaf_psc_delta): after a spike V is clamped to V_reset for exactly t_ref and input arriving during
    // that time is discarded; input arriving at the first step after t_ref counts in full.
    [Fact]
    public void InputDuringRefractoryPeriodIsDiscarded()
    {
        const double vReset = -68, tRef = 2;
        var drv = SingleGroupDriver.Create(NeuronModel.IafPscDelta, Params(10, 250, vReset, tRef, 0));
        Assert.True(drv.Step(excitatory: 20)); // −70 + 20 = −50 ≥ −55: spike
        Assert.Equal(vReset, drv.Get("v"));
        int refSteps = (int)Math.Round(tRef / Dt);
        for (int k = 1; k <= refSteps; k++)
        {
            Assert.False(drv.Step(excitatory: k % 2 == 0 ? 100 : 0, inhibitory: k % 2 == 1 ? -100 : 0));
            Assert.Equal(vReset, drv.Get("v"));
        }
        drv.Step(excitatory: 3.0); // first step after t_ref: integrates from V_reset and takes the input
        Assert.Equal(-70 + (vReset + 70) * Math.Exp(-Dt / 10) + 3.0, drv.Get("v"), 1e-12);
    }
}
