using NeuroActors.Kernel.Network;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>Delays off the grid round to the nearest step, halves up (docs/model-format.md, "synapse").</summary>
public class DelayRoundingTests
{
    private static NetworkSpec Model(double delayMs) => ModelLoader.Parse(
        "simulation: {dt: 0.1, duration: 10}\n" +
        "populations: [{name: a, size: 2, model: iaf_psc_delta}]\n" +
        "projections: [{source: a, target: a, connector: {rule: all_to_all}, synapse: {weight: 1, delay: " +
        delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}]\n");

    [Theory]
    [InlineData(0.15, 2)] // 0.15 / 0.1 is 1.4999999999999998 in binary; half to even on it gave 1
    [InlineData(0.25, 3)] // half to even would give 2
    [InlineData(0.3, 3)]
    [InlineData(0.14, 1)]
    public void TheWindowAndEverySynapseTakeTheRoundedDelay(double delayMs, int steps)
    {
        var spec = Model(delayMs);
        Assert.Equal(steps, NetworkPlan.WindowStepsOf(spec));
        Assert.Equal(steps, Routing.TrafficEstimate.WindowStepsOf(spec));
    }
}
