using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests.Plasticity;

// Short spike patterns on which the four pairing schemes differ (Morrison, Diesmann & Gerstner 2008, fig. 7), additive
// (mu = 0) so that every pair adds λ·Wmax·e^(−Δ/τ+) or subtracts α·λ·Wmax·e^(−Δ/τ−) whatever the weight. Times are
// where the spikes meet at the synapse: presynaptic at once, postsynaptic after the dendritic delay. The expected sums
// are written out by hand from each scheme's definition.
public class PairingSchemeTests
{
    private const double Dt = 0.1, TauPlus = 20, TauMinus = 30, Alpha = 1.2, Lambda = 0.01, WMax = 100, W0 = 40, Delay = 2.0;

    private static double P(double ms) => Math.Exp(-ms / TauPlus);
    private static double M(double ms) => Alpha * Math.Exp(-ms / TauMinus);

    // Each pattern: presynaptic times (ms) and postsynaptic times at the synapse (ms), after a priming spike at 10 ms
    // and before a read-out spike at 2000 ms, both a second away.
    private static readonly (double[] Pre, double[] Post)[] Patterns =
    [
        ([1000, 1030], [1010, 1020]),       // two postsynaptic spikes between two presynaptic ones
        ([1000, 1005, 1030], [1015]),       // two presynaptic spikes before a postsynaptic one
        ([1000, 1020, 1030], [1010]),       // a postsynaptic spike, then two presynaptic ones
    ];

    // Expected weight change / (λ·Wmax) of each pattern, per scheme.
    private static double[] Expected(PlasticityRule rule) => rule switch
    {
        PlasticityRule.Stdp => [P(10) + P(20) - M(20) - M(10), (1 + P(5)) * P(10) - M(15), P(10) - M(10) - M(20)],
        // Every postsynaptic spike with the presynaptic one before it; every presynaptic spike with the postsynaptic one before it.
        PlasticityRule.StdpNnSymm => [P(10) + P(20) - M(10), P(10) - M(15), P(10) - M(10) - M(20)],
        // Each presynaptic spike with the postsynaptic one before it; the first postsynaptic spike after presynaptic ones
        // with all of them (their trace), which it then erases.
        PlasticityRule.StdpNnPreCentered => [P(10) - M(10), (1 + P(5)) * P(10) - M(15), P(10) - M(10) - M(20)],
        // Only pairs with no other spike of either kind between them.
        PlasticityRule.StdpNnRestr => [P(10) - M(10), P(10) - M(15), P(10) - M(10)],
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    [Theory]
    [InlineData(PlasticityRule.Stdp)]
    [InlineData(PlasticityRule.StdpNnSymm)]
    [InlineData(PlasticityRule.StdpNnPreCentered)]
    [InlineData(PlasticityRule.StdpNnRestr)]
    public void Each_scheme_pairs_the_spikes_its_definition_names(PlasticityRule rule)
    {
        var plasticity = PlasticitySpec.Create(rule, new Dictionary<string, double>
        {
            ["tau_plus"] = TauPlus, ["lambda"] = Lambda, ["alpha"] = Alpha, ["mu_plus"] = 0, ["mu_minus"] = 0, ["Wmax"] = WMax,
        });
        int n = Patterns.Length;
        // The drive at T makes the postsynaptic neuron fire in step T/dt, stamped T + dt; it reaches the synapse d later.
        var spec = new NetworkBuilder("schemes", dtMs: Dt, durationMs: 2100, seed: 5)
            .SpikeSourceArray("pre", Patterns.Select(p => (double[])[10.0, .. p.Pre, 2000.0]).ToArray())
            .SpikeSourceArray("drive", Patterns.Select(p => p.Post.Select(t => Math.Round(t - Delay - Dt, 1)).ToArray()).ToArray())
            .Population("post", n, NeuronModel.IafPscDelta,
                new() { ["tau_m"] = 10, ["c_m"] = 1, ["e_l"] = 0, ["v_th"] = 1000, ["v_reset"] = 0, ["t_ref"] = 0.1, ["tau_minus"] = TauMinus })
            .Projection("pre", "post", new ConnectorSpec(ConnectorKind.OneToOne),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(W0), Distribution.Constant(Delay), plasticity))
            .Projection("drive", "post", new ConnectorSpec(ConnectorKind.OneToOne),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(5000), Distribution.Constant(Dt)))
            .RecordSpikes("pre").RecordSpikes("post")
            .Build();
        var kernels = TestNetworks.Run(spec, 2);
        var spikes = TestNetworks.Spikes(kernels);
        var weights = TestNetworks.Weights(kernels, 0);
        var expected = Expected(rule);
        for (int i = 0; i < n; i++)
        {
            // The spikes are where the pattern puts them (a source's spike at t is in step t/dt − 1).
            var pre = spikes.Where(e => SpikeEvent.Gid(e) == i).Select(e => Math.Round((SpikeEvent.Step(e) + 1) * Dt, 1));
            var post = spikes.Where(e => SpikeEvent.Gid(e) == 2 * n + i).Select(e => Math.Round((SpikeEvent.Step(e) + 1) * Dt + Delay, 1));
            Assert.Equal([10.0, .. Patterns[i].Pre, 2000.0], pre);
            Assert.Equal(Patterns[i].Post, post);
            double w = weights.Weight[Array.IndexOf(weights.Target, 2 * n + i)];
            Assert.True(Math.Abs((w - W0) / (Lambda * WMax) - expected[i]) < 1e-5, $"pattern {i}: Δw/(λ·Wmax) = {(w - W0) / (Lambda * WMax)}, expected {expected[i]}");
        }
    }
}
