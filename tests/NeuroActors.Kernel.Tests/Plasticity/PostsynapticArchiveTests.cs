using NeuroActors.Kernel.Plasticity;

namespace NeuroActors.Kernel.Tests.Plasticity;

/// <summary>
/// The archive against a reference that keeps every spike of one neuron in a list and answers a lookup by scanning it
/// (NEST's <c>get_history</c> and <c>get_K_values</c> as defined): the archive's cached newest entries, its pruning and
/// its read counts must give the same answers for any interleaving of spikes and lookups.
/// </summary>
public class PostsynapticArchiveTests
{
    private const double Rate = 0.1 / 20; // dt / tau_minus

    [Theory]
    [InlineData(1, 3, 40)]
    [InlineData(2, 1, 5)]
    [InlineData(3, 7, 200)]
    public void Lookups_equal_a_scan_of_every_spike(int seed, int synapses, int meanGap)
    {
        var random = new System.Random(seed);
        var archive = new PostsynapticArchive([synapses], [Rate], keepSteps: 30);
        var spikes = new List<(long Step, double K)>();
        var lastPre = new long[synapses];
        Array.Fill(lastPre, -1);
        long step = 0;
        int lookups = 0, fromArray = 0;
        while (lookups < 4000)
        {
            step += 1 + random.Next(meanGap);
            // Postsynaptic spikes are archived as they happen; presynaptic spikes look up with their delay, a little
            // later (the archive is read up to spike − delay, which may precede spikes already archived).
            if (random.Next(3) == 0)
            {
                double k = spikes.Count == 0 ? 1 : spikes[^1].K * Math.Exp(-(step - spikes[^1].Step) * Rate) + 1;
                spikes.Add((step, k));
                archive.Add(0, step);
                continue;
            }
            int s = random.Next(synapses);
            int delay = 1 + random.Next(15);
            long upTo = step - delay, after = lastPre[s] - delay;
            if (upTo <= after) continue;
            lastPre[s] = step;
            lookups++;
            archive.Read(0, after, upTo, out var entries, out int from, out int to, out long before, out double beforeK, out var minus);
            if (!ReferenceEquals(entries, archive.RecentEntries)) fromArray++;

            var expected = spikes.Where(x => x.Step > after && x.Step <= upTo).Select(x => x.Step).ToArray();
            Assert.Equal(expected, entries[from..to].Select(e => e.Step).ToArray());
            var earlier = spikes.Where(x => x.Step < upTo).ToList();
            Assert.Equal(earlier.Count == 0 ? long.MinValue : earlier[^1].Step, before);
            Assert.Equal(earlier.Count == 0 ? 0 : earlier[^1].K, beforeK);
            if (earlier.Count > 0) Assert.Equal(Math.Exp(-(upTo - before) * Rate), minus.Of(upTo - before));
        }
        // Both paths were taken, and nothing was lost: the entries still held are the newest of the spikes, with their K⁻.
        Assert.InRange(fromArray, 1, lookups - 1);
        var held = archive.Entries().ToArray();
        Assert.Equal(spikes.TakeLast(held.Length).Select(x => (x.Step, x.K)), held.Select(e => (e.Step, e.KMinus)));
    }

    [Fact]
    public void Read_counts_survive_a_round_trip_through_Entries_and_Load()
    {
        var archive = new PostsynapticArchive([2], [Rate], keepSteps: 1000);
        archive.Add(0, 10);
        archive.Add(0, 20);
        archive.Read(0, -1, 25, out _, out _, out _, out _, out _, out _);  // reads 10 and 20
        archive.Read(0, 15, 30, out _, out _, out _, out _, out _, out _);  // reads 20 (the newest, counted apart)
        Assert.Equal([(0, 10L, 1), (0, 20L, 2)], archive.Entries().Select(e => (e.Local, e.Step, e.Reads)));

        var copy = new PostsynapticArchive([2], [Rate], keepSteps: 1000);
        copy.Load(archive.Entries());
        copy.Add(0, 40);
        archive.Add(0, 40);
        Assert.Equal(archive.Entries(), copy.Entries());
        Assert.Equal([(0, 10L, 1), (0, 20L, 2), (0, 40L, 0)], copy.Entries().Select(e => (e.Local, e.Step, e.Reads)));
    }
}
