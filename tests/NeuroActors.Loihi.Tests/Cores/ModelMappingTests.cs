using NeuroActors.Kernel.Network;
using NeuroActors.Loihi.Cores;
using NeuroActors.Model;

namespace NeuroActors.Loihi.Tests.Cores;

public class ModelMappingTests
{
    // noise (cpu, 50) → E (loihi, 100, slices of 30) with 5 sources each; E → E one to one; E → I (cpu).
    private static NetworkSpec Model() =>
        new NetworkBuilder("loihi-mapping", dtMs: 0.1, durationMs: 10, seed: 3)
            .PoissonSource("noise", 50, 20)
            .Population("E", 100, NeuronModel.IafPscExp, new() { ["tau_m"] = 10 })
            .Population("I", 20, NeuronModel.IafPscExp, new() { ["tau_m"] = 10 })
            .Backend("E", ModelMapping.Backend)
            .MaxNeuronsPerShard(30, "E")
            .Projection("noise", "E", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 5),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(10), Distribution.Uniform(0.1, 0.5)))
            .Projection("E", "E", new ConnectorSpec(ConnectorKind.OneToOne),
                new SynapseSpec(Receptor.Inhibitory, Distribution.Constant(-5), Distribution.Constant(0.1)))
            .Projection("E", "I", new ConnectorSpec(ConnectorKind.AllToAll),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(1), Distribution.Constant(0.1)))
            .Build();

    [Fact]
    public void The_model_is_mapped_slice_by_slice_with_the_kernel_s_synapses()
    {
        var spec = Model();
        var m = ModelMapping.Map(spec, LoihiProfile.Loihi1);
        Assert.Equal([30, 30, 30, 10], m.Cores.Select(c => c.Compartments));
        Assert.Equal([50, 80, 110, 140], m.Cores.Select(c => c.FirstGid));
        // The reference: every synapse of the network on one shard of the cpu kernel.
        var plan = new NetworkPlan(spec with { Populations = [.. spec.Populations.Select(p => p with { Backend = null })] }, 1);
        var table = ConnectivityBuilder.Build(plan, 0, p => plan.PopulationOffset(p), plan.TotalNeurons);
        foreach (var core in m.Cores)
        {
            var sources = new HashSet<int>();
            int synapses = 0, maxDelay = 0;
            for (int gid = 0; gid < plan.TotalNeurons; gid++)
                for (int i = table.RowStart[gid]; i < table.RowStart[gid + 1]; i++)
                {
                    int t = table.Target(table.Packed[i]);
                    if (t < core.FirstGid || t >= core.FirstGid + core.Compartments) continue;
                    sources.Add(gid);
                    synapses++;
                    maxDelay = Math.Max(maxDelay, table.Delay(table.Packed[i]));
                }
            Assert.Equal(core.Compartments * 6, synapses);
            Assert.Equal(synapses, core.Synapses);
            Assert.Equal(sources.Count, core.InputAxons);
            // E's own neurons each send one axon to their own core; E → I lands on no Loihi core.
            Assert.Equal(core.Compartments, core.OutputAxons);
            Assert.Equal(1, core.SynapseConfigs);
            Assert.True(maxDelay > 1);
        }
        Assert.Equal(new SpikeRoute(1, 1, 0, 0), m.RouteOf(50));
    }

    [Fact]
    public void Projection_configurations_and_neuron_keys_are_taken_from_the_callers()
    {
        var spec = Model();
        var m = ModelMapping.Map(spec, LoihiProfile.Loihi1, j => new SynapseConfig(j, 8),
            (p, start, count) => ([.. Enumerable.Range(start, count).Select(i => i % 3)], [.. Enumerable.Range(start, count).Select(i => i / 20)]));
        Assert.Equal([2, 2, 2, 2], m.Cores.Select(c => c.SynapseConfigs));
        Assert.Equal([3, 3, 3, 3], m.Cores.Select(c => c.CompartmentConfigs));
        Assert.Equal([2, 2, 2, 1], m.Cores.Select(c => c.ThresholdConfigs));
    }

    [Fact]
    public void A_model_without_Loihi_populations_maps_to_no_core()
    {
        var spec = Model();
        spec = spec with { Populations = [.. spec.Populations.Select(p => p with { Backend = null })] };
        Assert.False(ModelMapping.HasLoihi(spec));
        var m = ModelMapping.Map(spec, LoihiProfile.Loihi1);
        Assert.Empty(m.Cores);
        Assert.Equal(0, m.Chips);
    }
}
