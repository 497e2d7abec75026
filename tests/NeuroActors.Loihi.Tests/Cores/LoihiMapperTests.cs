using NeuroActors.Loihi.Cores;
using static NeuroActors.Loihi.Tests.Cores.MappingInputs;

namespace NeuroActors.Loihi.Tests.Cores;

public class LoihiMapperTests
{
    private static readonly SynapseConfig Full = SynapseConfig.Default;

    [Fact]
    public void Counts_axons_synapses_and_memory_per_core()
    {
        // A (gids 0..9) projects all-to-all onto B (gids 10..19): B's core has 10 input axons of 10 synapses each, of
        // 8 weight + 0 delay + 6 index bits: 140 + 10 = 150 bits → 192 per axon. A's core has 10 output axons.
        var input = new LoihiMappingInput(
            [new LoihiPopulationInput("A", 0, [10]), new LoihiPopulationInput("B", 10, [10])],
            [new LoihiSliceInput(0, 0, null, null, []), new LoihiSliceInput(1, 0, null, null, [Pairs("A->B", Full, AllToAll(0, 10, 10))])]);
        var m = LoihiMapper.Map(input, LoihiProfile.Loihi1);
        Assert.Equal(2, m.Cores.Count);
        Assert.Equal(1, m.Chips);
        var a = m.Cores[0];
        var b = m.Cores[1];
        Assert.Equal(("A", 10, 0, 10, 0L, 0L), (a.Population, a.Compartments, a.InputAxons, a.OutputAxons, a.Synapses, a.SynapseBits));
        Assert.Equal(("B", 10, 10, 0, 100L, 1920L), (b.Population, b.Compartments, b.InputAxons, b.OutputAxons, b.Synapses, b.SynapseBits));
        Assert.Equal((1, 1, 1), (b.CompartmentConfigs, b.ThresholdConfigs, b.SynapseConfigs));
        Assert.Equal(new SpikeRoute(1, 1, 0, 0), m.RouteOf(3));
        Assert.Equal(default, m.RouteOf(12));
    }

    [Fact]
    public void Input_axons_are_counted_per_synapse_configuration_and_delays_widen_the_synapse()
    {
        // Two projections from the same 4 sources onto 2 neurons: same configuration → 4 axons; another → 8.
        var same = One("B", 100, 2, null, null, Pairs("p", Full, AllToAll(0, 4, 2)), Pairs("q", Full, AllToAll(0, 4, 2)));
        Assert.Equal(4, LoihiMapper.Map(same, LoihiProfile.Loihi1).Cores[0].InputAxons);
        var other = One("B", 100, 2, null, null, Pairs("p", Full, AllToAll(0, 4, 2)), Pairs("q", new SynapseConfig(-2, 8), AllToAll(0, 4, 2)));
        var core = LoihiMapper.Map(other, LoihiProfile.Loihi1).Cores[0];
        Assert.Equal((8, 2), (core.InputAxons, core.SynapseConfigs));
        // Delays up to 4 steps: 2 delay bits (d − 1 ≤ 3); 2 synapses per axon of 8 + 2 + 6 bits: 32 + 10 → one word.
        var delayed = One("B", 100, 2, null, null, Pairs("p", Full, AllToAll(0, 4, 2), delay: 4));
        Assert.Equal(4 * 64L, LoihiMapper.Map(delayed, LoihiProfile.Loihi1).Cores[0].SynapseBits);
    }

    [Fact]
    public void A_slice_larger_than_a_core_is_spread_over_cores_and_cores_fill_chips_in_order()
    {
        var input = new LoihiMappingInput([new LoihiPopulationInput("E", 0, [2500]), new LoihiPopulationInput("I", 2500, Enumerable.Repeat(1, 130).ToArray())],
            [new LoihiSliceInput(0, 0, null, null, []), .. Enumerable.Range(0, 130).Select(s => new LoihiSliceInput(1, s, null, null, []))]);
        var m = LoihiMapper.Map(input, LoihiProfile.Loihi1);
        Assert.Equal([1024, 1024, 452], m.Cores.Take(3).Select(c => c.Compartments));
        Assert.Equal([0, 1024, 2048], m.Cores.Take(3).Select(c => c.FirstNeuron));
        Assert.Equal(133, m.Cores.Count);
        Assert.Equal(2, m.Chips);
        Assert.Equal(0, m.Cores[127].Chip);
        Assert.Equal(1, m.Cores[128].Chip);
        Assert.Equal(2500 + 125, m.Cores[128].FirstGid);
    }

    [Fact]
    public void Routes_count_tile_local_messages_tile_hops_and_chip_crossings()
    {
        // A's neuron (core 0, tile (0,0)) reaches core 1 (same tile), core 4 (tile 1: (1,0), one hop), core 36
        // (tile 9: (1,1), two hops) and core 128 (the second chip).
        int[] targets = [0, 3, 35, 127];
        var input = new LoihiMappingInput(
            [new LoihiPopulationInput("A", 0, [1]), new LoihiPopulationInput("B", 1, Enumerable.Repeat(1, 129).ToArray())],
            [new LoihiSliceInput(0, 0, null, null, []),
             .. Enumerable.Range(0, 129).Select(s => new LoihiSliceInput(1, s, null, null,
                 targets.Contains(s) ? [Pairs("A->B", Full, [(0, 0)])] : []))]);
        var m = LoihiMapper.Map(input, LoihiProfile.Loihi1);
        Assert.Equal(new SpikeRoute(Messages: 4, TileLocal: 1, TileHops: 3, ChipCrossings: 1), m.RouteOf(0));
        Assert.Equal(4, m.Cores[0].OutputAxons);
    }

    [Fact]
    public void Too_many_input_axons_is_refused_with_what_would_fit()
    {
        // Neuron t receives from sources t and t + 1: n neurons on a core have n + 1 input axons.
        var input = One("B", 1000, 8, null, null, Pairs("p", Full, Enumerable.Range(0, 8).SelectMany(t => new[] { (t, t), (t + 1, t) })));
        var ex = Assert.Throws<LoihiMappingException>(() => LoihiMapper.Map(input, LoihiProfile.Loihi1 with { Name = "small", InputAxonsPerCore = 4 }));
        Assert.Equal("population B: core 0 has 9 input axons; small allows 4; at most 3 neurons per core would fit (set the population's max_neurons_per_shard to 3 or less)", ex.Message);
    }

    [Fact]
    public void Loihi1_refuses_more_than_4096_input_axons()
    {
        var pairs = Enumerable.Range(0, 3000).Select(s => (s, 0)).Concat(Enumerable.Range(3000, 3000).Select(s => (s, 1)));
        var ex = Assert.Throws<LoihiMappingException>(() => LoihiMapper.Map(One("E", 10_000, 2, null, null, Pairs("p", Full, pairs)), LoihiProfile.Loihi1));
        Assert.Equal("population E: core 0 has 6,000 input axons; loihi1 allows 4,096; at most 1 neuron per core would fit (set the population's max_neurons_per_shard to 1 or less)", ex.Message);
    }

    [Fact]
    public void Loihi1_refuses_more_than_128_KiB_of_synapse_memory()
    {
        // 1,024 sources all-to-all onto 66 neurons: 7 index bits, 66 synapses per axon in groups of 64 and 2:
        // (64·15 + 10 → 1,024) + (2·15 + 10 → 64) = 1,088 bits per axon, 1,114,112 bits = 136 KiB. With 64 neurons per
        // core: 6 index bits, 64·14 + 10 → 960 bits per axon, 983,040 bits: fits.
        var ex = Assert.Throws<LoihiMappingException>(() => LoihiMapper.Map(One("E", 1024, 66, null, null, Pairs("p", Full, AllToAll(0, 1024, 66))), LoihiProfile.Loihi1));
        Assert.Equal("population E: core 0 needs 136 KiB of synapse memory; loihi1 allows 128 KiB; at most 64 neurons per core would fit (set the population's max_neurons_per_shard to 64 or less)", ex.Message);
        Assert.Equal(983_040L, LoihiMapper.Map(One("E", 1024, 64, null, null, Pairs("p", Full, AllToAll(0, 1024, 64))), LoihiProfile.Loihi1).Cores[0].SynapseBits);
    }

    [Fact]
    public void Loihi1_refuses_more_than_4096_output_axons()
    {
        // A's one neuron has a synapse on 4,097 cores (B's slices of one neuron each).
        const int n = 4097;
        var input = new LoihiMappingInput(
            [new LoihiPopulationInput("A", 0, [1]), new LoihiPopulationInput("B", 1, Enumerable.Repeat(1, n).ToArray())],
            [new LoihiSliceInput(0, 0, null, null, []), .. Enumerable.Range(0, n).Select(s => new LoihiSliceInput(1, s, null, null, [Pairs("A->B", Full, [(0, 0)])]))]);
        var ex = Assert.Throws<LoihiMappingException>(() => LoihiMapper.Map(input, LoihiProfile.Loihi1));
        Assert.Equal("population A: core 0 has 4,097 output axons; loihi1 allows 4,096; no number of neurons per core fits: one of its neurons alone has 4,097", ex.Message);
    }

    [Fact]
    public void Output_axons_are_fitted_per_neuron()
    {
        // A's two neurons each reach 3 of B's cores: 6 output axons on A's core, a limit of 4 fits one neuron per core.
        var input = new LoihiMappingInput(
            [new LoihiPopulationInput("A", 0, [2]), new LoihiPopulationInput("B", 2, [1, 1, 1])],
            [new LoihiSliceInput(0, 0, null, null, []), .. Enumerable.Range(0, 3).Select(s => new LoihiSliceInput(1, s, null, null, [Pairs("A->B", Full, [(0, 0), (1, 0)])]))]);
        var ex = Assert.Throws<LoihiMappingException>(() => LoihiMapper.Map(input, LoihiProfile.Loihi1 with { Name = "small", OutputAxonsPerCore = 4 }));
        Assert.Equal("population A: core 0 has 6 output axons; small allows 4; at most 1 neuron per core would fit (set the population's max_neurons_per_shard to 1 or less)", ex.Message);
    }

    [Fact]
    public void Loihi1_refuses_more_than_32_compartment_configurations()
    {
        var ex = Assert.Throws<LoihiMappingException>(() => LoihiMapper.Map(One("E", 0, 40, compartmentKeys: [.. Enumerable.Range(0, 40)]), LoihiProfile.Loihi1));
        Assert.Equal("population E: core 0 has 40 compartment configurations; loihi1 allows 32; at most 32 neurons per core would fit (set the population's max_neurons_per_shard to 32 or less)", ex.Message);
        Assert.Equal(2, LoihiMapper.Map(One("E", 0, 40, compartmentKeys: [.. Enumerable.Range(0, 40).Select(i => i % 2)]), LoihiProfile.Loihi1).Cores[0].CompartmentConfigs);
    }

    [Fact]
    public void Loihi1_refuses_more_than_8_thresholds()
    {
        var ex = Assert.Throws<LoihiMappingException>(() => LoihiMapper.Map(One("E", 0, 9, thresholdKeys: [.. Enumerable.Range(0, 9)]), LoihiProfile.Loihi1));
        Assert.Equal("population E: core 0 has 9 threshold configurations; loihi1 allows 8; at most 8 neurons per core would fit (set the population's max_neurons_per_shard to 8 or less)", ex.Message);
    }

    [Fact]
    public void Loihi1_refuses_more_than_8_synapse_configurations()
    {
        var incoming = Enumerable.Range(0, 9).Select(e => Pairs($"p{e}", new SynapseConfig(e - 4, 8), AllToAll(0, 1, 3))).ToArray();
        var ex = Assert.Throws<LoihiMappingException>(() => LoihiMapper.Map(One("E", 10, 3, null, null, incoming), LoihiProfile.Loihi1));
        Assert.Equal("population E: core 0 has 9 synapse configurations; loihi1 allows 8; no number of neurons per core fits: one of its neurons alone has 9 synapse configurations; loihi1 allows 8", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void Weight_bits_outside_1_to_8_are_refused(int bits)
    {
        var ex = Assert.Throws<LoihiMappingException>(() => LoihiMapper.Map(One("E", 10, 3, null, null, Pairs("X->E", new SynapseConfig(0, bits), AllToAll(0, 1, 3))), LoihiProfile.Loihi1));
        Assert.Equal($"population E: projection X->E has num_weight_bits {bits}; loihi1 allows 1 to 8", ex.Message);
    }

    [Fact]
    public void Loihi2_holds_8192_neurons_per_core_and_models_no_axon_or_memory_limit()
    {
        var pairs = Enumerable.Range(0, 3000).Select(s => (s, 0)).Concat(Enumerable.Range(3000, 3000).Select(s => (s, 1)));
        var m = LoihiMapper.Map(new LoihiMappingInput([new LoihiPopulationInput("E", 10_000, [10_000])],
            [new LoihiSliceInput(0, 0, null, [.. Enumerable.Range(0, 10_000)], [Pairs("p", Full, pairs)])]), LoihiProfile.Loihi2);
        Assert.Equal([8192, 1808], m.Cores.Select(c => c.Compartments));
        Assert.Equal((6000, 8192), (m.Cores[0].InputAxons, m.Cores[0].ThresholdConfigs));
    }

    [Fact]
    public void Loihi2_packs_chips_by_synapses_and_refuses_a_core_with_more_than_a_chip_holds()
    {
        // Three cores of 4, 4 and 3 synapses under a chip limit of 8: chips 0, 0, 1.
        var input = new LoihiMappingInput([new LoihiPopulationInput("E", 100, [4, 4, 3])],
            Enumerable.Range(0, 3).Select(s => new LoihiSliceInput(0, s, null, null, [Pairs("p", Full, AllToAll(0, 1, s == 2 ? 3 : 4))])));
        var small = LoihiProfile.Loihi2 with { SynapsesPerChip = 8 };
        Assert.Equal([0, 0, 1], LoihiMapper.Map(input, small).Cores.Select(c => c.Chip));
        var ex = Assert.Throws<LoihiMappingException>(() => LoihiMapper.Map(input, LoihiProfile.Loihi2 with { SynapsesPerChip = 3 }));
        Assert.Equal("core 0 has 4 synapses; loihi2 allows 3 per chip; give its population fewer neurons per core (max_neurons_per_shard)", ex.Message);
        Assert.Equal(120_000_000L, LoihiProfile.Loihi2.SynapsesPerChip);
    }

    [Fact]
    public void An_input_that_leaves_out_a_slice_or_names_a_target_outside_it_is_refused()
    {
        var missing = new LoihiMappingInput([new LoihiPopulationInput("E", 0, [2, 2])], [new LoihiSliceInput(0, 0, null, null, [])]);
        Assert.Equal("population E: slice 1 was not described", Assert.Throws<LoihiMappingException>(() => LoihiMapper.Map(missing, LoihiProfile.Loihi1)).Message);
        var outside = One("E", 10, 2, null, null, Pairs("p", Full, [(0, 2)]));
        Assert.Equal("population E: projection p has a target 2 outside slice 0 (0..1)", Assert.Throws<LoihiMappingException>(() => LoihiMapper.Map(outside, LoihiProfile.Loihi1)).Message);
    }

    [Fact]
    public void Profiles_are_found_by_name()
    {
        Assert.Same(LoihiProfile.Loihi2, LoihiProfile.Named("loihi2"));
        Assert.Equal("--loihi-profile: got 'loihi3'; valid profiles are: loihi1, loihi2",
            Assert.Throws<ArgumentException>(() => LoihiProfile.Named("loihi3", "--loihi-profile")).Message);
    }
}
