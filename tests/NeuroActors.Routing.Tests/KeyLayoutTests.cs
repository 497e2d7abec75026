namespace NeuroActors.Routing.Tests;

public class KeyLayoutTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 3)]
    [InlineData(256, 8)]
    [InlineData(257, 9)]
    [InlineData(int.MaxValue, 31)]
    public void BitsForCountsTheBitsOfTheLargestIndex(int count, int bits) => Assert.Equal(bits, KeyLayout.BitsFor(count));

    [Fact]
    public void WidthsComeFromPopulationsSlicesAndTheLargestSlice()
    {
        // 3 populations -> 2 bits; at most 4 slices (1000 / 256) -> 2 bits; slices of up to 256 -> 8 bits.
        var plan = new SlicePlan(Models.Build(new[] { ("a", 1000), ("b", 300), ("c", 50) }));
        var layout = KeyLayout.For(plan);
        Assert.Equal((2, 2, 8, 12), (layout.PopulationBits, layout.SliceBits, layout.NeuronBits, layout.TotalBits));
        Assert.Equal(0xFFFFFF00u, layout.SliceMask);
        Assert.Equal(0x52Bu, layout.Key(1, 1, 43)); // 1<<10 | 1<<8 | 43
        Assert.Equal(new DecodedKey(1, 1, 43), layout.Decode(0x52B));
        Assert.Equal(0x300u, layout.SliceKey(plan, plan.Slices[3])); // population 0, slice 3
        Assert.Equal(0x800u, layout.SliceKey(plan, plan.Slices[6])); // population 2, slice 0
    }

    [Fact]
    public void KeysRoundTripThroughDecode()
    {
        var layout = new KeyLayout(3, 4, 5);
        for (int p = 0; p < 8; p++)
            for (int s = 0; s < 16; s++)
                for (int n = 0; n < 32; n += 7)
                    Assert.Equal(new DecodedKey(p, s, n), layout.Decode(layout.Key(p, s, n)));
    }

    [Fact]
    public void FieldsThatDoNotFitTheirWidthAreRefused()
    {
        var layout = new KeyLayout(1, 2, 3);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => layout.Key(0, 4, 0));
        Assert.Equal("sliceInPopulation", ex.ParamName);
        Assert.Contains("holds 0..3", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => layout.Key(0, 0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => layout.Decode(1u << 6));
    }

    [Fact]
    public void KeysOfDifferentSlicesAreDisjoint()
    {
        var plan = new SlicePlan(Models.Build(new[] { ("a", 70), ("b", 33), ("c", 5) }), 16);
        var layout = KeyLayout.For(plan);
        var entries = plan.Slices.Select(s => new RoutingEntry(layout.SliceKey(plan, s), layout.SliceMask, Route.Of(s.Index))).ToArray();
        for (int i = 0; i < entries.Length; i++)
            for (int j = 0; j < entries.Length; j++)
                Assert.Equal(i == j, entries[i].Intersects(entries[j]));
        // Every neuron's key matches its own slice's entry and no other.
        foreach (var s in plan.Slices)
            for (int n = 0; n < s.Count; n++)
            {
                uint key = layout.Key(s.Population, plan.IndexInPopulation(s), n);
                Assert.Equal(new[] { s.Index }, entries.Where(e => e.Matches(key)).Select(e => e.Route[0]));
            }
    }

    [Fact]
    public void MoreThan32BitsIsAMappingErrorThatExplainsTheWidths()
    {
        // 3 populations (2 bits) of one slice of int.MaxValue neurons (31 bits) = 33 bits.
        var spec = Models.Raw(("a", int.MaxValue), ("b", int.MaxValue), ("c", int.MaxValue));
        var plan = new SlicePlan(spec, int.MaxValue);
        var ex = Assert.Throws<MappingException>(() => KeyLayout.For(plan));
        Assert.Contains("33 bits", ex.Message);
        Assert.Contains("2 population bits for 3 populations", ex.Message);
        Assert.Contains("31 neuron-index bits", ex.Message);
        Assert.Throws<MappingException>(() => new KeyLayout(20, 10, 3));
    }

    [Fact]
    public void AllThirtyTwoBitsMayBeUsed()
    {
        var layout = new KeyLayout(0, 1, 31);
        Assert.Equal(0x80000000u, layout.SliceMask);
        Assert.Equal(new DecodedKey(0, 1, int.MaxValue), layout.Decode(uint.MaxValue));
        Assert.Equal(uint.MaxValue, layout.Key(0, 1, int.MaxValue));
        layout = new KeyLayout(31, 1, 0);
        Assert.Equal(uint.MaxValue, layout.SliceMask);
        Assert.Equal(new DecodedKey(int.MaxValue, 1, 0), layout.Decode(uint.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyLayout(0, 0, 32));
    }
}
