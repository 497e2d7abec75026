using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// `dc` and `step_current` stimuli run through whole networks (model, shards, stimuli, recorders) against the analytic
/// membrane of a leaky neuron under a piecewise constant current: between switches V relaxes exponentially towards
/// V∞ = E_L + R·I with τ = R·C_m, V(t) = V∞ + (V(t₀) − V∞)·e^(−(t − t₀)/τ), and a current switched on in the step that
/// begins at t₀ acts from t₀ (docs/neuron-models.md: stimulus currents act in the steps they are defined for).
/// </summary>
public class CurrentStimulusTests
{
    private const double Dt = 0.1, EL = -70;

    /// <summary>A population of <paramref name="model"/> with τ_m = 10 ms, R = 40 MΩ and a threshold it never reaches.</summary>
    private static Dictionary<string, double> Silent(NeuronModel model) => model == NeuronModel.IafCondExp
        ? new() { ["c_m"] = 250, ["g_l"] = 25, ["e_l"] = EL, ["v_th"] = 0, ["v_reset"] = EL }
        : new() { ["c_m"] = 250, ["tau_m"] = 10, ["e_l"] = EL, ["v_th"] = 0, ["v_reset"] = EL };

    private const double TauM = 10, R = 10.0 / 250; // ms and mV/pA (GΩ)

    /// <summary>The analytic V after each step of a current that is <paramref name="amplitudes"/>[j] from step <paramref name="switchSteps"/>[j] on (0 before the first).</summary>
    private static double[] AnalyticV(long steps, long[] switchSteps, double[] amplitudes)
    {
        var v = new double[steps];
        double current = 0, vStart = EL;
        long segmentStart = 0;
        for (long k = 0; k < steps; k++)
        {
            for (int j = 0; j < switchSteps.Length; j++)
                if (switchSteps[j] == k)
                {
                    vStart = k == 0 ? EL : v[k - 1];
                    segmentStart = k;
                    current = amplitudes[j];
                }
            double vInf = EL + R * current;
            v[k] = vInf + (vStart - vInf) * Math.Exp(-(k + 1 - segmentStart) * Dt / TauM); // sample stamped (k + 1)·dt
        }
        return v;
    }

    private static NeuronModel Model(string yamlName) =>
        NeuronModels.TryParse(yamlName, out var model) ? model : throw new ArgumentException($"no model '{yamlName}'");

    private static double[] Recorded(IEnumerable<IShardBackend> kernels, int neuron)
    {
        var probe = kernels.SelectMany(k => k.Recordings.Probes).Single(p => p.Neurons.Contains(neuron));
        return probe.Values[0][Array.IndexOf(probe.Neurons, neuron)].ToArray();
    }

    // Exact integration (iaf_psc_delta, iaf_psc_exp) follows the analytic trajectory to rounding error; iaf_cond_exp's
    // one RK4 step per dt to O(dt⁴) (1e-6 mV here). A current one step early or late would miss by about
    // R·I·dt/τ_m = 0.08 mV, far outside either tolerance.
    [Theory]
    [InlineData("iaf_psc_delta", 1e-9)]
    [InlineData("iaf_psc_exp", 1e-9)]
    [InlineData("iaf_cond_exp", 1e-6)]
    public void Dc_and_step_currents_move_the_membrane_as_the_analytic_solution(string modelName, double tolerance)
    {
        var model = Model(modelName);
        var spec = new NetworkBuilder("currents", dtMs: Dt, durationMs: 100, seed: 3)
            .Population("p", 5, model, Silent(model))
            .Dc("p", 200, startMs: 20, stopMs: 60, neurons: [1, 3])
            .Stimulus(new StimulusSpec(StimulusKind.StepCurrent, "p", [2, 3], TimesMs: [10, 45.5, 70], AmplitudesPa: [150, -100, 0]))
            .RecordState("p", ["v"])
            .Build();
        long steps = spec.Simulation.Steps;
        var dc = AnalyticV(steps, [200, 600], [200, 0]);
        var stepCurrent = AnalyticV(steps, [100, 455, 700], [150, -100, 0]);
        // Neuron 3 receives both: the currents add, and the membrane equation is linear, so the deviations from E_L add.
        var both = dc.Zip(stepCurrent, (a, b) => a + b - EL).ToArray();

        foreach (int shards in new[] { 1, 3 })
        {
            var kernels = TestNetworks.Run(spec, shards);
            Assert.All(Recorded(kernels, 0), v => Assert.Equal(EL, v));
            Assert.All(Recorded(kernels, 4), v => Assert.Equal(EL, v));
            foreach (var (neuron, expected) in new[] { (1, dc), (2, stepCurrent), (3, both) })
            {
                var v = Recorded(kernels, neuron);
                Assert.Equal(steps, v.Length);
                for (int k = 0; k < steps; k++)
                    Assert.True(Math.Abs(v[k] - expected[k]) <= tolerance,
                        $"{model}, {shards} shards, neuron {neuron}, t = {(k + 1) * Dt:F1} ms: V = {v[k]}, analytic {expected[k]}");
            }
            Assert.Equal(0, kernels.Sum(k => k.SpikeCount));
        }
    }

    // With a dc above rheobase the neuron fires regularly: from E_L the first spike comes when
    // E_L + R·I·(1 − e^(−t/τ)) reaches V_th, then every t_ref + τ·ln((V_reset − V∞)/(V_th − V∞)), each free part rounded
    // up to the grid (exact integration; neuron-models.md). After the dc stops the neuron falls silent.
    [Theory]
    [InlineData("iaf_psc_delta", 500.0, -70.0)] // V∞ = −50: first spike 13.863 ms, free part 13.863 ms
    [InlineData("iaf_psc_exp", 650.0, -60.0)]   // V∞ = −44: first spike 8.602 ms, free part 3.747 ms
    public void A_dc_above_rheobase_fires_at_the_analytic_times_and_stops_with_it(string modelName, double amplitude, double vReset)
    {
        var model = Model(modelName);
        const double vTh = -55, tRef = 2, startMs = 5, stopMs = 150;
        var spec = new NetworkBuilder("firing", dtMs: Dt, durationMs: 200, seed: 3)
            .Population("p", 2, model, new() { ["c_m"] = 250, ["tau_m"] = TauM, ["e_l"] = EL, ["v_th"] = vTh, ["v_reset"] = vReset, ["t_ref"] = tRef })
            .Dc("p", amplitude, startMs: startMs, stopMs: stopMs, neurons: [1])
            .RecordSpikes("p")
            .Build();
        double vInf = EL + R * amplitude;
        double first = TauM * Math.Log((EL - vInf) / (vTh - vInf));
        double free = TauM * Math.Log((vReset - vInf) / (vTh - vInf));
        Assert.True(Math.Abs(first / Dt - Math.Round(first / Dt)) > 1e-3 && Math.Abs(free / Dt - Math.Round(free / Dt)) > 1e-3);

        // The spike of the step in which V crosses, stamped at that step's end; the dc stops acting at step 1500.
        var expected = new List<long> { (long)Math.Round(startMs / Dt) + (long)Math.Ceiling(first / Dt) - 1 };
        long interval = (long)Math.Round(tRef / Dt) + (long)Math.Ceiling(free / Dt);
        while (expected[^1] + interval < (long)Math.Round(stopMs / Dt)) expected.Add(expected[^1] + interval);

        foreach (int shards in new[] { 1, 2 })
        {
            var spikes = TestNetworks.Spikes(TestNetworks.Run(spec, shards));
            Assert.All(spikes, e => Assert.Equal(1, SpikeEvent.Gid(e))); // neuron 0 gets no current
            Assert.Equal(expected, spikes.Select(SpikeEvent.Step));
        }
        Assert.True(expected.Count >= 8, $"only {expected.Count} spikes");
    }
}
