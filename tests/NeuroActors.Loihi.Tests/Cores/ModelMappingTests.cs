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
            .Backend("E", PopulationSpec.LoihiBackend)
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

public class LoihiLifMappingTests
{
    [Fact]
    public void Per_neuron_parameters_and_projection_formats_of_the_model_are_the_cores_configurations()
    {
        // Six neurons on one core: (du, dv, refractory) takes 3 distinct tuples, vth 2 values; two projections with
        // different weight_exp make 2 synapse configurations, and 2 input axons per source.
        var spec = ModelLoader.Parse("""
            populations:
              - {name: src, size: 4, model: spike_source_array, spike_times: [[1], [2], [3], [4]]}
              - name: l
                size: 6
                model: loihi_lif
                parameters: {du: [0, 0, 410, 410, 0, 0], dv: 205, refractory: [0, 0, 0, 0, 2, 2], vth: [10, 10, 10, 20, 20, 20]}
            projections:
              - {source: src, target: l, connector: {rule: all_to_all}, synapse: {weight: 3, delay: 0.1, weight_exp: 2, num_weight_bits: 6}}
              - {source: src, target: l, connector: {rule: all_to_all}, synapse: {weight: -3, delay: 0.1, receptor: inhibitory}}
            """);
        Assert.Equal(new SynapseConfig(2, 6), ModelMapping.ConfigOf(spec, 0));
        Assert.Equal(new SynapseConfig(0, 8), ModelMapping.ConfigOf(spec, 1));
        var core = Assert.Single(ModelMapping.Map(spec, LoihiProfile.Loihi1).Cores);
        Assert.Equal((3, 2, 2), (core.CompartmentConfigs, core.ThresholdConfigs, core.SynapseConfigs));
        Assert.Equal((8, 48L), (core.InputAxons, core.Synapses));
        // Per axon 6 synapses: 6 · (6 + 0 + 6) + 10 = 82 → 128 bits at 6 weight bits; 6 · (8 + 0 + 6) + 10 = 94 → 128.
        Assert.Equal(8 * 128L, core.SynapseBits);
    }

    [Fact]
    public void Nine_thresholds_on_one_core_are_refused_naming_the_population()
    {
        var spec = ModelLoader.Parse("""
            populations:
              - {name: l, size: 9, model: loihi_lif, parameters: {vth: [1, 2, 3, 4, 5, 6, 7, 8, 9]}}
            """);
        var ex = Assert.Throws<LoihiMappingException>(() => ModelMapping.Map(spec, LoihiProfile.Loihi1));
        Assert.Equal("population l: core 0 has 9 threshold configurations; loihi1 allows 8; at most 8 neurons per core would fit (set the population's max_neurons_per_shard to 8 or less)", ex.Message);
    }
}
