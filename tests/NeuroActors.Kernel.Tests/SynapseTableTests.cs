using NeuroActors.Kernel.Network;

namespace NeuroActors.Kernel.Tests;

public class SynapseTableTests
{
    [Fact]
    public void Rows_hold_each_synapse_packed_in_8_bytes_excitatory_first_in_generation_order()
    {
        var ex = new SynapseList();
        var inh = new SynapseList();
        var random = new System.Random(5);
        var expected = new List<(int Source, int Target, int Receptor, int Delay, float Weight)>();
        for (int i = 0; i < 10_000; i++) // more than the first chunk, so growth is crossed too
        {
            var (s, t, d, w) = (random.Next(50), random.Next(3000), random.Next(1, 600), (float)random.NextDouble());
            bool excitatory = random.Next(2) == 0;
            (excitatory ? ex : inh).Add(s, t, w, (ushort)d);
            expected.Add((s, t, excitatory ? 0 : 1, d, w));
        }

        var table = SynapseTable.Build(totalNeurons: 50, localNeurons: 3000, ex, inh);

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
        var ex = new SynapseList();
        ex.Add(0, 0, 1f, ushort.MaxValue); // 16 delay bits + 1 receptor bit leave 15 target bits
        var error = Assert.Throws<InvalidOperationException>(() => SynapseTable.Build(1, 1 << 16, ex, new SynapseList()));
        Assert.Contains("more shards", error.Message);
    }
}
