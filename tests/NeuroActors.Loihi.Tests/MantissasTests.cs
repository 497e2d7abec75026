using NeuroActors.Loihi.Quantisation;

namespace NeuroActors.Loihi.Tests;

public class MantissasTests
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.49999999, 0)]
    [InlineData(0.5, 1)]
    [InlineData(-0.5, -1)]
    [InlineData(1.5, 2)]
    [InlineData(2.5, 3)]
    [InlineData(-2.5, -3)]
    [InlineData(-2.4, -2)]
    [InlineData(254.7, 255)]
    [InlineData(-255.5, -256)]
    [InlineData(1e30, long.MaxValue)]
    [InlineData(-1e30, long.MinValue)]
    public void Real_values_round_to_the_nearest_integer_halves_away_from_zero(double value, long expected)
    {
        Assert.Equal(expected, Mantissas.Round(value));
    }

    [Fact]
    public void Negating_a_value_negates_its_mantissa()
    {
        for (double w = -300; w <= 300; w += 0.25)
            Assert.Equal(-Mantissas.Round(w), Mantissas.Round(-w));
    }

    [Fact]
    public void NaN_has_no_mantissa()
    {
        Assert.Throws<ArgumentException>(() => Mantissas.Round(double.NaN));
    }
}
