using NeuroActors.Model;

namespace NeuroActors.Loihi.Tests.Quantisation;

/// <summary>Float iaf_psc_exp networks on backend loihi, quantised when they run.</summary>
internal static class QuantisedNetworks
{
    /// <summary>
    /// A small Brunel (2000) network with exponential currents (as NEST's brunel_exp_nest): <paramref name="excitatory"/>
    /// and a quarter as many inhibitory neurons, fixed in-degree of 10 %, τ_syn = 0.5 ms, and the PSC integrals of
    /// J = 0.1 mV and −g·J with g = 5 (50 pA and −250 pA at C_m = 250 pF), delay 1.5 ms, an external Poisson drive of
    /// η = 2 (20 kHz of 50 pA), and with <paramref name="kick"/> a spike-source array (a cpu population, so the run needs
    /// a shard of each backend) into the excitatory population. Both populations run on backend loihi unless
    /// <paramref name="onLoihi"/> is false (then the same network runs on the float kernel).
    /// </summary>
    public static NetworkSpec Brunel(bool onLoihi = true, bool kick = false, int excitatory = 400, double durationMs = 200, int seed = 5)
    {
        LoihiShard.Register();
        int inhibitory = excitatory / 4;
        var parameters = new Dictionary<string, double>
        {
            ["tau_m"] = 20, ["c_m"] = 250, ["e_l"] = 0, ["v_th"] = 20, ["v_reset"] = 10, ["t_ref"] = 2,
            ["tau_syn_ex"] = 0.5, ["tau_syn_in"] = 0.5,
        };
        var builder = new NetworkBuilder("brunel-exp", dtMs: 0.1, durationMs: durationMs, seed: (ulong)seed)
            .Population("exc", excitatory, NeuronModel.IafPscExp, parameters)
            .Population("inh", inhibitory, NeuronModel.IafPscExp, parameters);
        foreach (string target in new[] { "exc", "inh" })
        {
            builder.Projection("exc", target, new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: excitatory / 10),
                    new SynapseSpec(Receptor.Excitatory, Distribution.Constant(50), Distribution.Constant(1.5)))
                .Projection("inh", target, new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: inhibitory / 10),
                    new SynapseSpec(Receptor.Inhibitory, Distribution.Constant(-250), Distribution.Constant(1.5)))
                .Poisson(target, rateHz: 20_000, weight: 50);
        }
        if (kick)
            builder.SpikeSourceArray("kick", [[3.0, 50.0], [7.2, 7.3, 120.0]])
                .Projection("kick", "exc", new ConnectorSpec(ConnectorKind.AllToAll),
                    new SynapseSpec(Receptor.Excitatory, Distribution.Uniform(100, 400), Distribution.Uniform(0.5, 3)));
        builder.RecordSpikes("exc").RecordSpikes("inh")
            .RecordState("exc", ["v", "i_syn_ex"], [0, 7, excitatory - 1]);
        if (onLoihi) builder.Backend("exc", LoihiShard.Name).Backend("inh", LoihiShard.Name);
        var spec = builder.Build();
        spec = spec with
        {
            Populations = [.. spec.Populations.Select(p => p.Model != NeuronModel.IafPscExp ? p : p with
            {
                Initial = new Dictionary<string, Distribution> { ["v"] = Distribution.Uniform(0, 20) },
            })],
        };
        ModelValidator.ThrowIfInvalid(spec);
        return spec;
    }
}
