using NeuroActors.Loihi.Cores;
using static NeuroActors.Loihi.Tests.Cores.MappingInputs;

namespace NeuroActors.Loihi.Tests.Cores;

public class MappingReportTests
{
    // A (3 slices of 10) projects all-to-all onto B (one slice of 2,000: two cores of 1,024 and 976).
    private static LoihiMapping Mapping() => LoihiMapper.Map(new LoihiMappingInput(
        [new LoihiPopulationInput("A", 0, [10, 10, 10]), new LoihiPopulationInput("B", 30, [2000])],
        [.. Enumerable.Range(0, 3).Select(s => new LoihiSliceInput(0, s, null, null, [])),
         new LoihiSliceInput(1, 0, null, null, [Pairs("A->B", SynapseConfig.Default, AllToAll(0, 30, 2000))])]), LoihiProfile.Loihi1);

    [Fact]
    public void The_report_gives_totals_per_population_use_and_the_fullest_cores_only()
    {
        var m = Mapping();
        string text = MappingReport.Render(m, fullest: 2);
        var lines = text.Split('\n');
        Assert.Equal("Loihi cores (profile loihi1): 5 cores on 1 chip, 2,030 neurons, 60,000 synapses", lines[0]);
        Assert.Equal("  limits: 1,024 compartments, 4,096 input axons, 4,096 output axons, 128.0 KiB synapse memory, 32 compartment configurations, " +
            "8 threshold configurations, 8 synapse configurations per core; 128 cores per chip", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("  A ") && l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["A", "3", "0", "30", "0", "0", "20", "0.0", "KiB"]);
        // B's first core: 30 axons of 1,024 synapses each, 8 + 0 + 10 bits: 16 groups of 64 · 18 + 10 = 1,162 → 1,216 bits.
        Assert.Equal(30 * 16 * 1216L, m.Cores[3].SynapseBits);
        Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["compartments", "10", "406", "1,024", "1,024", "100.0", "%"]);
        Assert.Contains("Fullest cores (2 of 5, by their largest share of a limit)", text);
        var rows = lines.SkipWhile(l => !l.StartsWith("Fullest")).Skip(3).TakeWhile(l => l.Length > 0).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.StartsWith("     3     0  B", rows[0]);
        Assert.StartsWith("     4     0  B", rows[1]);
    }

    [Fact]
    public void Limits_that_a_profile_does_not_model_are_named()
    {
        Assert.Equal("8,192 compartments per core; 128 cores and 120,000,000 synapses per chip; not modelled: input axons, output axons, synapse memory, " +
            "compartment configurations, threshold configurations, synapse configurations", MappingReport.Limits(LoihiProfile.Loihi2));
    }
}
