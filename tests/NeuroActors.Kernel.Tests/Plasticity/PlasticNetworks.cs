using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests.Plasticity;

/// <summary>Networks that learn while they run, for partition-invariance and checkpoint tests.</summary>
public static class PlasticNetworks
{
    /// <summary>The plastic projections of <see cref="Recurrent"/>, by index.</summary>
    public static readonly int[] PlasticProjections = [0, 1, 4, 5];

    /// <summary>
    /// A recurrent network whose excitatory synapses learn with four rules at once, beside static ones: stdp (with
    /// multapses and delays drawn from 1 to 3 ms) and stdp_nn_symm (one-to-one, same source, target and receptor as the
    /// first, so the table tells them apart by their runs) on exc → exc, stdp_nn_restr from a Poisson source, and the
    /// power law onto the inhibitory population; tau_minus differs per population. Irregular activity from Poisson input.
    /// </summary>
    public static NetworkSpec Recurrent(double durationMs = 300, ulong seed = 11) =>
        new NetworkBuilder("plastic", dtMs: 0.1, durationMs: durationMs, seed: seed)
            .Population("exc", 120, NeuronModel.IafPscDelta,
                new() { ["tau_m"] = 20, ["c_m"] = 1, ["e_l"] = 0, ["v_th"] = 20, ["v_reset"] = 10, ["t_ref"] = 2, ["tau_minus"] = 15 },
                new() { ["v"] = Distribution.Uniform(0, 20) })
            .Population("inh", 30, NeuronModel.IafPscExp,
                new() { ["tau_m"] = 10, ["e_l"] = -65, ["v_th"] = -50, ["v_reset"] = -65, ["tau_syn_ex"] = 2, ["tau_syn_in"] = 5, ["tau_minus"] = 25 },
                new() { ["v"] = Distribution.NormalClipped(-60, 3, -70, -51) })
            .PoissonSource("noise", 40, 25)
            .Projection("exc", "exc", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 14, AllowAutapses: false),
                new SynapseSpec(Receptor.Excitatory, Distribution.Uniform(0.5, 1.5), Distribution.Uniform(1.0, 3.0),
                    PlasticitySpec.Create(PlasticityRule.Stdp, new Dictionary<string, double> { ["lambda"] = 0.05, ["alpha"] = 1.1, ["mu_plus"] = 0.5, ["mu_minus"] = 0.5, ["Wmax"] = 3 })), "ee-stdp")
            .Projection("noise", "exc", new ConnectorSpec(ConnectorKind.FixedProbability, Probability: 0.3),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(1.0), Distribution.Constant(1.5),
                    PlasticitySpec.Create(PlasticityRule.StdpNnRestr, new Dictionary<string, double> { ["lambda"] = 0.1, ["Wmax"] = 4, ["tau_plus"] = 10 })), "noise-restr")
            .Projection("exc", "inh", new ConnectorSpec(ConnectorKind.FixedProbability, Probability: 0.1),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(60), Distribution.Constant(1.5)))
            .Projection("inh", "exc", new ConnectorSpec(ConnectorKind.FixedOutDegree, Degree: 20),
                new SynapseSpec(Receptor.Inhibitory, Distribution.Constant(-2.0), Distribution.NormalClipped(2, 0.5, 1, 4)))
            .Projection("exc", "exc", new ConnectorSpec(ConnectorKind.OneToOne),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(0.4), Distribution.Constant(4.0),
                    PlasticitySpec.Create(PlasticityRule.StdpNnSymm, new Dictionary<string, double> { ["lambda"] = 0.2, ["Wmax"] = 1 })), "ee-symm")
            .Projection("noise", "inh", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 6),
                new SynapseSpec(Receptor.Excitatory, Distribution.Uniform(20, 40), Distribution.Constant(1.2),
                    PlasticitySpec.Create(PlasticityRule.StdpPlSynapseHom, new Dictionary<string, double> { ["lambda"] = 0.02, ["mu"] = 0.4 })), "noise-pl")
            .Poisson("exc", rateHz: 12000, weight: 0.1)
            .Poisson("inh", rateHz: 8000, weight: 20)
            .RecordSpikes("exc").RecordSpikes("inh").RecordSpikes("noise")
            .Build();
}
