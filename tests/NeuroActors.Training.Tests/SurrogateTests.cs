namespace NeuroActors.Training.Tests;

/// <summary>Each surrogate derivative against the table of shared/reference/training.md, at a few points.</summary>
public class SurrogateTests
{
    private static readonly double[] Points = [-1.5, -0.3, -0.04, 0, 0.01, 0.04, 0.25, 0.9, 2];

    [Theory]
    [InlineData(SurrogateKind.FastSigmoid, 25, 1)]
    [InlineData(SurrogateKind.FastSigmoid, 100, 1)]
    [InlineData(SurrogateKind.Arctan, 2, 1)]
    [InlineData(SurrogateKind.Triangle, 1, 0.3)]
    [InlineData(SurrogateKind.Triangle, 0.5, 1)]
    [InlineData(SurrogateKind.Sigmoid, 25, 1)]
    [InlineData(SurrogateKind.Exponential, 1, 1)]
    [InlineData(SurrogateKind.Exponential, 3, 0.5)]
    public void DerivativeFollowsTheTable(SurrogateKind kind, double scale, double amplitude)
    {
        var d = new Surrogate<double>(new SurrogateSpec(kind, scale, amplitude));
        var f = new Surrogate<float>(new SurrogateSpec(kind, scale, amplitude));
        foreach (double x in Points)
        {
            double expected = kind switch
            {
                SurrogateKind.FastSigmoid => 1 / Math.Pow(scale * Math.Abs(x) + 1, 2),
                SurrogateKind.Arctan => scale / 2 / (1 + Math.Pow(Math.PI * scale * x / 2, 2)),
                SurrogateKind.Triangle => amplitude * Math.Max(0, 1 - Math.Abs(x) / scale),
                SurrogateKind.Sigmoid => scale * Math.Exp(-scale * x) / Math.Pow(1 + Math.Exp(-scale * x), 2),
                _ => amplitude * Math.Exp(-scale * Math.Abs(x)),
            };
            Assert.Equal(expected, d.Derivative(x), 1e-14 * Math.Max(1, expected));
            Assert.Equal(expected, f.Derivative((float)x), 1e-5 * Math.Max(1, expected));
        }
    }

    [Fact]
    public void KnownValues()
    {
        // Fast sigmoid k = 25: 1 at 0, 1/4 at x = 0.04 (k·x = 1).
        Assert.Equal(1.0, Of(SurrogateKind.FastSigmoid, 25).Derivative(0));
        Assert.Equal(0.25, Of(SurrogateKind.FastSigmoid, 25).Derivative(0.04), 1e-15);
        // Arctan α = 2: α/2 = 1 at 0.
        Assert.Equal(1.0, Of(SurrogateKind.Arctan, 2).Derivative(0));
        // Triangle γ = 0.3, β = 1: 0.15 at ±0.5, 0 beyond ±1.
        Assert.Equal(0.15, Of(SurrogateKind.Triangle, 1, 0.3).Derivative(-0.5), 1e-15);
        Assert.Equal(0.0, Of(SurrogateKind.Triangle, 1, 0.3).Derivative(1.5));
        // Sigmoid k = 25: k/4 at 0; stays finite far from the threshold.
        Assert.Equal(6.25, Of(SurrogateKind.Sigmoid, 25).Derivative(0));
        Assert.True(double.IsFinite(Of(SurrogateKind.Sigmoid, 25).Derivative(-1000)));
        // Exponential γ = β = 1: e^−1 at ±1.
        Assert.Equal(Math.Exp(-1), Of(SurrogateKind.Exponential, 1).Derivative(1), 1e-16);
    }

    private static Surrogate<double> Of(SurrogateKind kind, double scale, double amplitude = 1) => new(new SurrogateSpec(kind, scale, amplitude));
}
