using NeuroActors.Kernel.Network;

namespace NeuroActors.Kernel.Tests;

public class SynapseTableTests
{
    [Fact]
    public void Rows_hold_each_synapse_packed_in_8_bytes_excitatory_first_in_generation_order()
    {
        var random = new System.Random(5);
        var expected = new List<(int Source, int Target, int Receptor, int Delay, float Weight)>();
        for (int i = 0; i < 10_000; i++)
        {
            var (s, t, d, w) = (random.Next(50), random.Next(3000), random.Next(1, 600), (float)random.NextDouble());
            expected.Add((s, t, random.Next(2), d, w));
        }

        // Two passes over the same synapses, as the connectivity builder makes them: count, then place.
        var builder = new SynapseTableBuilder(totalNeurons: 50, localNeurons: 3000);
        foreach (var e in expected) builder.Count(e.Receptor, e.Source);
        builder.Allocate();
        foreach (var e in expected) builder.Place(e.Receptor, e.Source, e.Target, e.Weight, e.Delay);
        var table = builder.Build();

        Assert.Equal(10_000, table.Count);
        Assert.Equal(expected.Max(e => e.Delay), table.MaxDelay);
        Assert.Equal(51 * 4 + 10_000 * 8, table.Bytes);
        // The independent order: by source, excitatory before inhibitory, then as generated (a stable sort).
        var rows = expected.Select((e, i) => (e, i)).OrderBy(x => x.e.Source).ThenBy(x => x.e.Receptor).ThenBy(x => x.i).Select(x => x.e).ToList();
        for (int i = 0; i < rows.Count; i++)
        {
            uint p = table.Packed[i];
            Assert.Equal((rows[i].Target, rows[i].Receptor, rows[i].Delay, rows[i].Weight),
                (table.Target(p), table.Receptor(p), table.Delay(p), table.Weight[i]));
        }
        for (int s = 0; s < 50; s++) Assert.Equal(expected.Count(e => e.Source == s), table.RowStart[s + 1] - table.RowStart[s]);
    }

    [Fact]
    public void A_shard_whose_targets_and_delays_do_not_fit_one_word_is_refused()
    {
        var builder = new SynapseTableBuilder(1, 1 << 16); // 16 target bits + 1 receptor bit leave 15 delay bits
        builder.Count(0, 0);
        builder.Allocate();
        builder.Place(0, 0, 0, 1f, (1 << 15) - 1); // the largest delay that fits
        var error = Assert.Throws<InvalidOperationException>(() => builder.Place(0, 0, 1, 1f, 1 << 15));
        Assert.Contains("more shards", error.Message);
    }

    [Fact]
    public void A_second_pass_that_differs_from_the_first_is_an_error_not_a_table()
    {
        var builder = new SynapseTableBuilder(3, 10);
        builder.Count(0, 1);
        builder.Count(1, 1);
        builder.Allocate();
        builder.Place(0, 1, 0, 1f, 1);
        builder.Place(0, 1, 1, 1f, 1); // counted as inhibitory, placed as excitatory
        Assert.Contains("second pass", Assert.Throws<InvalidOperationException>(() => builder.Build()).Message);
    }
}
