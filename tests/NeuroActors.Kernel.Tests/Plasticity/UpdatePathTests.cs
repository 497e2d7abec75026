using NeuroActors.Kernel.Plasticity;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests.Plasticity;

/// <summary>
/// The delivery loop's fast path against the general update it stands for: an update from the target's two newest
/// spikes (<see cref="RecentSpikes"/>) computed from the tables alone (<see cref="TabulatedMath"/>) must give bitwise
/// the weight and trace that the general update gives from archive entries (<see cref="ArchivedSpikes"/>) with
/// exponentials and powers (<see cref="ExactMath"/>), for every scheme and weight dependence.
/// </summary>
public class UpdatePathTests
{
    private const double Dt = 0.1;

    public static TheoryData<PlasticityRule, double, double> Rules()
    {
        var data = new TheoryData<PlasticityRule, double, double>();
        foreach (var rule in new[] { PlasticityRule.Stdp, PlasticityRule.StdpNnSymm, PlasticityRule.StdpNnPreCentered, PlasticityRule.StdpNnRestr })
            foreach (var (muPlus, muMinus) in new[] { (0.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.4, 0.7) })
                data.Add(rule, muPlus, muMinus);
        foreach (double mu in new[] { 0.0, 1.0, 0.4 }) data.Add(PlasticityRule.StdpPlSynapseHom, mu, 0);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void The_tabulated_update_of_the_newest_spikes_equals_the_general_one(PlasticityRule kind, double muPlus, double muMinus)
    {
        bool powerLaw = kind == PlasticityRule.StdpPlSynapseHom;
        var spec = powerLaw
            ? new PlasticitySpec(kind, 15, 0.1, 0.0513, 0, 0, double.PositiveInfinity, Mu: muPlus)
            : new PlasticitySpec(kind, 20, 0.01, 1.5, muPlus, muMinus, 0.3, Mu: 0);
        var rule = new StdpRule(spec, Dt);
        var minus = new DecayTable(Dt / 30);
        var random = new System.Random(HashCode.Combine(kind, muPlus, muMinus));
        int tabulated = 0;
        for (int trial = 0; trial < 5000; trial++)
        {
            long last = random.Next(4) == 0 ? -1 : random.Next(3000);
            long step = last + 1 + random.Next(random.Next(8) == 0 ? 6000 : 600);
            int delay = 1 + random.Next(20);
            long at = step - delay, after = last - delay;
            // Zero, one or two postsynaptic spikes in (after, at], and possibly a newest one after at.
            var posts = new SortedSet<long>();
            int count = (int)Math.Min(random.Next(3), at - after);
            while (posts.Count < count) posts.Add(after + 1 + random.NextInt64(at - after));
            long before = random.Next(5) == 0 ? long.MinValue : Math.Min(posts.Count > 0 ? posts.Min : at, at) - 1 - random.Next(random.Next(8) == 0 ? 6000 : 300);
            double beforeKMinus = before == long.MinValue ? 0 : 1 + 3 * random.NextDouble();
            float weight = (float)(powerLaw ? 20 + 40 * random.NextDouble() : 0.3 * random.NextDouble()), kPlus = (float)(1 + 3 * random.NextDouble());
            double decay = rule.TraceDecay(step - last);
            var steps = posts.ToArray();
            var recent = steps.Length switch
            {
                0 => new RecentSpikes(0, 0, 0, 0),
                1 => random.Next(2) == 0 ? new RecentSpikes(0, 0, steps[0], 1) : new RecentSpikes(steps[0], 1, at + 1, 0),
                _ => new RecentSpikes(steps[0], 1, steps[1], 1),
            };
            var entries = steps.Select(s => new PostsynapticArchive.Entry { Step = s }).ToArray();

            var (wGeneral, kGeneral) = (weight, kPlus);
            rule.Update<ArchivedSpikes, ExactMath>(
                new(new ArchivedSpikes(entries, 0, entries.Length), PostsynapticPairing<ArchivedSpikes>.NearestOf<ExactMath>(at, before, minus), beforeKMinus),
                last, delay, decay, ref wGeneral, ref kGeneral);
            var (wRecent, kRecent) = (weight, kPlus);
            rule.Update<RecentSpikes, ExactMath>(new(recent, PostsynapticPairing<RecentSpikes>.NearestOf<ExactMath>(at, before, minus), beforeKMinus),
                last, delay, decay, ref wRecent, ref kRecent);
            Assert.Equal(BitConverter.SingleToInt32Bits(wGeneral), BitConverter.SingleToInt32Bits(wRecent));
            Assert.Equal(BitConverter.SingleToInt32Bits(kGeneral), BitConverter.SingleToInt32Bits(kRecent));

            // Where the delivery loop takes the tabulated path: simple exponents, and every decay within the table.
            if (!rule.SimplePowers || step - last >= DecayTable.Size || (before != long.MinValue && at - before >= DecayTable.Size)) continue;
            tabulated++;
            var (wTable, kTable) = (weight, kPlus);
            rule.Update<RecentSpikes, TabulatedMath>(new(recent, PostsynapticPairing<RecentSpikes>.NearestOf<TabulatedMath>(at, before, minus), beforeKMinus),
                last, delay, decay, ref wTable, ref kTable);
            Assert.Equal(BitConverter.SingleToInt32Bits(wGeneral), BitConverter.SingleToInt32Bits(wTable));
            Assert.Equal(BitConverter.SingleToInt32Bits(kGeneral), BitConverter.SingleToInt32Bits(kTable));
        }
        // The tabulated path was compared where it applies, and only there.
        if (rule.SimplePowers) Assert.InRange(tabulated, 1000, 4999);
        else Assert.Equal(0, tabulated);
    }

    public static TheoryData<double, double> Pairs()
    {
        double[] values = [0, -0.0, 1, -1, 0.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon];
        var data = new TheoryData<double, double>();
        foreach (double a in values)
            foreach (double b in values)
                data.Add(a, b);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Branchless_choices_equal_the_conditional_operator(double a, double b)
    {
        const double yes = 3.25, no = -7.5;
        Assert.Equal(BitConverter.DoubleToInt64Bits(a < b ? yes : no), BitConverter.DoubleToInt64Bits(Branchless.IfLess(a, b, yes, no)));
        Assert.Equal(BitConverter.DoubleToInt64Bits(a < b ? a : b), BitConverter.DoubleToInt64Bits(Branchless.IfLess(a, b, a, b)));
        Assert.Equal(BitConverter.DoubleToInt64Bits(a), BitConverter.DoubleToInt64Bits(Branchless.If(true, a, b)));
        Assert.Equal(BitConverter.DoubleToInt64Bits(b), BitConverter.DoubleToInt64Bits(Branchless.If(false, a, b)));
    }
}
