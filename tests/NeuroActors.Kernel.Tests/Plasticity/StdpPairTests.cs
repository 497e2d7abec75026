using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests.Plasticity;

// Isolated pre/post pairs against the closed-form pair window. Every pair is its own presynaptic source, postsynaptic
// neuron and driver: a presynaptic spike at 10 ms (so that no rule pairs with NEST's phantom spike at time 0), one at
// 1000 ms, and one at 2000 ms that reads out the pairs it completes; the postsynaptic neuron is driven to fire once
// near 1000 ms − d + Δt. Spikes 1 s apart add terms of e^-49 and less. The reference takes the recorded spike steps and
// the textbook window, with the delay dendritic as in NEST (the presynaptic spike is at the synapse at once, the
// postsynaptic spike reaches it d later): Δt = (t_post + d) − t_pre, potentiation
// λ·Wmax·(1 − w/Wmax)^μ+·e^(−Δt/τ+) for Δt > 0, depression α·λ·Wmax·(w/Wmax)^μ−·e^(Δt/τ−) for Δt < 0, nothing at
// Δt = 0 (NEST's convention), clipped to [0, Wmax]; for the power law λ·w^μ·e^(−Δt/τ+) and α·λ·w·e^(Δt/τ−).
public class StdpPairTests
{
    private const double Dt = 0.1, TauPlus = 16.8, TauMinus = 33.7;
    private static readonly int[] DeltaSteps = [-500, -400, -300, -200, -150, -100, -50, -10, -1, 0, 1, 10, 50, 100, 150, 200, 300, 400, 500];

    private static NetworkSpec PairNetwork(PlasticitySpec plasticity, double delayMs, double w0)
    {
        int n = DeltaSteps.Length, d = (int)Math.Round(delayMs / Dt);
        // A source's spike at time t is emitted in step round(t/dt) − 1; the driver's spike arrives one step later and
        // the postsynaptic neuron fires in that step.
        var drive = DeltaSteps.Select(delta => new[] { Math.Round((9999 - d + delta) * Dt, 1) }).ToArray();
        return new NetworkBuilder("pairs", dtMs: Dt, durationMs: 2100, seed: 3)
            .SpikeSourceArray("pre", Enumerable.Range(0, n).Select(_ => new[] { 10.0, 1000.0, 2000.0 }).ToArray())
            .SpikeSourceArray("drive", drive)
            .Population("post", n, NeuronModel.IafPscDelta,
                new() { ["tau_m"] = 10, ["c_m"] = 1, ["e_l"] = 0, ["v_th"] = 1000, ["v_reset"] = 0, ["t_ref"] = 2, ["tau_minus"] = TauMinus })
            .Projection("pre", "post", new ConnectorSpec(ConnectorKind.OneToOne),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(w0), Distribution.Constant(delayMs), plasticity))
            .Projection("drive", "post", new ConnectorSpec(ConnectorKind.OneToOne),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(5000), Distribution.Constant(Dt)))
            .RecordSpikes("pre").RecordSpikes("post")
            .Build();
    }

    /// <summary>The closed-form weight after one pair at Δt (ms), from <paramref name="w0"/>.</summary>
    private static double Window(PlasticitySpec p, double w0, double deltaMs)
    {
        if (deltaMs == 0) return w0;
        if (p.Rule == PlasticityRule.StdpPlSynapseHom)
            return deltaMs > 0
                ? w0 + p.Lambda * Math.Pow(w0, p.Mu) * Math.Exp(-deltaMs / p.TauPlusMs)
                : Math.Max(0, w0 - p.Alpha * p.Lambda * w0 * Math.Exp(deltaMs / TauMinus));
        return deltaMs > 0
            ? Math.Min(p.WMax, w0 + p.Lambda * p.WMax * Math.Pow(1 - w0 / p.WMax, p.MuPlus) * Math.Exp(-deltaMs / p.TauPlusMs))
            : Math.Max(0, w0 - p.Alpha * p.Lambda * p.WMax * Math.Pow(w0 / p.WMax, p.MuMinus) * Math.Exp(deltaMs / TauMinus));
    }

    /// <summary>Runs the pairs and returns, per pair, the realised Δt in steps and the final weight.</summary>
    private static (int Delta, double Weight)[] RunPairs(PlasticitySpec plasticity, double delayMs, double w0, int shards = 1)
    {
        var spec = PairNetwork(plasticity, delayMs, w0);
        var kernels = TestNetworks.Run(spec, shards);
        int n = DeltaSteps.Length, d = (int)Math.Round(delayMs / Dt);
        var spikes = TestNetworks.Spikes(kernels);
        var weights = TestNetworks.Weights(kernels, 0);
        var result = new (int, double)[n];
        for (int i = 0; i < n; i++)
        {
            var pre = spikes.Where(e => SpikeEvent.Gid(e) == i).Select(SpikeEvent.Step).ToArray();
            var post = spikes.Where(e => SpikeEvent.Gid(e) == 2 * n + i).Select(SpikeEvent.Step).ToArray();
            Assert.Equal([99L, 9999L, 19999L], pre);
            long q = Assert.Single(post);
            int k = Array.IndexOf(weights.Target, 2 * n + i);
            result[i] = ((int)(q + d - pre[1]), weights.Weight[k]);
        }
        return result;
    }

    public static TheoryData<PlasticityRule, double, double> Rules() => new()
    {
        // rule, mu (mu_plus = mu_minus; 0 additive, 1 multiplicative, or the power law's mu), delay in ms
        { PlasticityRule.Stdp, 0, 1.0 },
        { PlasticityRule.Stdp, 1, 1.0 },
        { PlasticityRule.Stdp, 1, 3.7 },
        { PlasticityRule.StdpNnSymm, 0, 1.0 },
        { PlasticityRule.StdpNnSymm, 1, 2.5 },
        { PlasticityRule.StdpNnPreCentered, 0, 1.0 },
        { PlasticityRule.StdpNnPreCentered, 1, 2.5 },
        { PlasticityRule.StdpNnRestr, 0, 1.0 },
        { PlasticityRule.StdpNnRestr, 1, 2.5 },
        { PlasticityRule.StdpPlSynapseHom, 0.4, 1.5 },
        { PlasticityRule.StdpPlSynapseHom, 1, 1.5 },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Isolated_pairs_follow_the_closed_form_window_with_the_dendritic_delay_shift(PlasticityRule rule, double mu, double delayMs)
    {
        var p = rule == PlasticityRule.StdpPlSynapseHom
            ? PlasticitySpec.Create(rule, new Dictionary<string, double> { ["tau_plus"] = TauPlus, ["lambda"] = 0.2, ["alpha"] = 1.3, ["mu"] = mu })
            : PlasticitySpec.Create(rule, new Dictionary<string, double> { ["tau_plus"] = TauPlus, ["lambda"] = 0.05, ["alpha"] = 1.3, ["mu_plus"] = mu, ["mu_minus"] = mu, ["Wmax"] = 80 });
        double w0 = 30;
        var pairs = RunPairs(p, delayMs, w0);
        // The drive lands each postsynaptic spike where it was meant to: Δt covers [-50, 50] ms, 0 included.
        Assert.Equal(DeltaSteps, pairs.Select(x => x.Delta));
        foreach (var (delta, weight) in pairs)
        {
            double expected = Window(p, w0, delta * Dt);
            Assert.True(Math.Abs(weight - expected) <= 2e-5 * Math.Max(1, Math.Abs(expected)),
                $"Δt = {delta * Dt} ms: weight {weight}, closed form {expected}");
        }
        Assert.Contains(pairs, x => x.Weight > w0 + 0.1);
        Assert.Contains(pairs, x => x.Weight < w0 - 0.1);
    }

    [Fact]
    public void Weights_stay_in_zero_to_wmax()
    {
        // Steps larger than the room left: every potentiation ends at Wmax and every depression at 0.
        var p = PlasticitySpec.Create(PlasticityRule.Stdp, new Dictionary<string, double> { ["lambda"] = 3, ["mu_plus"] = 0, ["mu_minus"] = 0, ["Wmax"] = 50 });
        var pairs = RunPairs(p, 1.0, 40);
        foreach (var (delta, weight) in pairs)
        {
            if (delta == 0) Assert.Equal(40f, (float)weight);
            else if (delta > 0 && delta <= 100) Assert.Equal(50f, (float)weight);
            else if (delta < 0 && delta >= -100) Assert.Equal(0f, (float)weight);
            Assert.InRange(weight, 0, 50);
        }
        var pl = PlasticitySpec.Create(PlasticityRule.StdpPlSynapseHom, new Dictionary<string, double> { ["lambda"] = 5, ["alpha"] = 1 });
        // Depression by more than the weight (λ·α·e^(Δt/τ−) ≥ 1) ends at 0; the power law has no upper bound.
        Assert.All(RunPairs(pl, 1.0, 40), x => Assert.True(x.Delta >= 0 ? x.Weight >= 40
            : 5 * Math.Exp(x.Delta * Dt / TauMinus) >= 1 ? x.Weight == 0 : x.Weight is > 0 and < 40, $"Δ {x.Delta}: {x.Weight}"));
    }
}
