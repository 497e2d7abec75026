namespace NeuroActors.Training.Tests;

/// <summary>
/// Every gradient of the engine against central finite differences, in float64, on the smooth variant (spikes σ(k·x),
/// backward its exact derivative) so that the objective is differentiable. For detached options the finite differences
/// hold the detached spikes at their unperturbed values, which is what detaching means.
/// </summary>
public class FiniteDifferenceTests
{
    private static readonly SurrogateSpec Smooth = new(SurrogateKind.Sigmoid, 3);
    private static readonly LossSpec CeMax = new(LossKind.CrossEntropyMaxMembrane);
    private static ReadoutSpec Readout(double alpha = 0, bool bias = false) => new(3, 0.85, alpha, bias, new WeightInit());

    public static TheoryData<string> Cases => new(
        "subtract-previous-detached", "subtract-previous-attached", "zero-previous-detached", "zero-previous-attached",
        "subtract-same-detached", "subtract-same-attached", "zero-same-detached", "zero-same-attached", "no-reset",
        "recurrent", "learn-beta-threshold", "learn-beta-threshold-zero-same", "alif", "alif-detached",
        "alif-same-step-reset-to-theta0", "synaptic-alpha-and-bias", "two-layers-recurrent", "ce-last", "ce-count",
        "mse-count", "regularizers", "dense-values");

    private static TrainingNetworkSpec Spec(string name)
    {
        const ResetTiming prev = ResetTiming.PreviousStep, same = ResetTiming.SameStep;
        var alif = new AdaptationSpec(0.9, 0.4, ResetToAdaptive: true, Detach: false);
        LifLayerSpec L(ResetMode reset = ResetMode.Subtract, ResetTiming timing = prev, bool detach = true, bool recurrent = false,
            bool learn = false, AdaptationSpec? adaptation = null, double alpha = 0, bool bias = false, int size = 4) =>
            Nets.Lif(size, beta: 0.8, alpha: alpha, threshold: 1, reset: reset, timing: timing, detach: detach, bias: bias,
                recurrent: recurrent, learnBeta: learn, learnThreshold: learn, adaptation: adaptation, gain: 3);
        return name switch
        {
            "subtract-previous-detached" => Nets.Net(3, [L()], Readout(), Smooth, CeMax),
            "subtract-previous-attached" => Nets.Net(3, [L(detach: false)], Readout(), Smooth, CeMax),
            "zero-previous-detached" => Nets.Net(3, [L(ResetMode.Zero)], Readout(), Smooth, CeMax),
            "zero-previous-attached" => Nets.Net(3, [L(ResetMode.Zero, detach: false)], Readout(), Smooth, CeMax),
            "subtract-same-detached" => Nets.Net(3, [L(timing: same)], Readout(), Smooth, CeMax),
            "subtract-same-attached" => Nets.Net(3, [L(timing: same, detach: false)], Readout(), Smooth, CeMax),
            "zero-same-detached" => Nets.Net(3, [L(ResetMode.Zero, same)], Readout(), Smooth, CeMax),
            "zero-same-attached" => Nets.Net(3, [L(ResetMode.Zero, same, detach: false)], Readout(), Smooth, CeMax),
            "no-reset" => Nets.Net(3, [L(ResetMode.None)], Readout(), Smooth, CeMax),
            "recurrent" => Nets.Net(3, [L(detach: false, recurrent: true)], Readout(), Smooth, CeMax),
            "learn-beta-threshold" => Nets.Net(3, [L(detach: false, learn: true)], Readout(), Smooth, CeMax),
            "learn-beta-threshold-zero-same" => Nets.Net(3, [L(ResetMode.Zero, same, detach: false, learn: true)], Readout(), Smooth, CeMax),
            "alif" => Nets.Net(3, [L(detach: false, learn: true, adaptation: alif)], Readout(), Smooth, CeMax),
            "alif-detached" => Nets.Net(3, [L(learn: true, adaptation: alif with { Detach = true })], Readout(), Smooth, CeMax),
            "alif-same-step-reset-to-theta0" => Nets.Net(3,
                [L(timing: same, detach: false, learn: true, adaptation: alif with { ResetToAdaptive = false })], Readout(), Smooth, CeMax),
            "synaptic-alpha-and-bias" => Nets.Net(3, [L(detach: false, alpha: 0.6, bias: true)], Readout(0.5, true), Smooth, CeMax),
            "two-layers-recurrent" => Nets.Net(3, [L(detach: false, bias: true), L(detach: false, recurrent: true, learn: true, size: 5)],
                Readout(0.3, true), Smooth, CeMax),
            "ce-last" => Nets.Net(3, [L(detach: false, bias: true)], Readout(0.4, true), Smooth, new LossSpec(LossKind.CrossEntropyLastMembrane)),
            "ce-count" => Nets.Net(3, [L(detach: false), L(detach: false, learn: true, size: 3)], null, Smooth,
                new LossSpec(LossKind.CrossEntropySpikeCount)),
            "mse-count" => Nets.Net(3, [L(detach: false), L(detach: false, learn: true, size: 3)], null, Smooth,
                new LossSpec(LossKind.MseSpikeCount, 0.8, 0.2)),
            "regularizers" => Nets.Net(3, [L(detach: false), L(detach: false, size: 5)], Readout(), Smooth, CeMax,
                new RegularizerSpec(L1: 0.01, L2: 0.02, Lower: 0.05, LowerCount: 2.5, Upper: 0.03, UpperCount: 1.5)),
            "dense-values" => Nets.Net(3, [L(detach: false, recurrent: true)], Readout(), Smooth, CeMax),
            _ => throw new ArgumentException(name),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientsEqualFiniteDifferences(string name)
    {
        var spec = Spec(name);
        var engine = new GradientEngine<double>(spec, smoothSpikes: true);
        var p = NetworkInit.Create<double>(spec, 11);
        Nets.Spread(spec, p, 5);
        var data = Nets.Random(3, 3, 7, 3, spec.Classes, 0.4, valued: name == "dense-values");
        var frozen = Enumerable.Range(0, data.Count).Select(s => engine.Forward(p, data, s)).ToArray();
        double Objective(ParameterSet<double> q) =>
            Enumerable.Range(0, data.Count).Sum(s => { var r = engine.Forward(q, data, s, frozen[s]); return r.Loss + r.Regularizer; });

        var g = p.ZerosLike();
        engine.Accumulate(p, data, [0, 1, 2], g);
        const double eps = 1e-6;
        foreach (var tensor in p.Tensors)
        {
            var analytic = g[tensor.Name].Values;
            double scale = Math.Max(1e-3, analytic.Max(Math.Abs));
            Assert.True(analytic.Max(Math.Abs) > 1e-6, $"{name}: {tensor.Name} has an all-zero gradient; the test would prove nothing");
            for (int i = 0; i < tensor.Length; i++)
            {
                var plus = p.Clone(); plus[tensor.Name].Values[i] += eps;
                var minus = p.Clone(); minus[tensor.Name].Values[i] -= eps;
                double fd = (Objective(plus) - Objective(minus)) / (2 * eps);
                Assert.True(Math.Abs(fd - analytic[i]) <= 1e-6 * scale,
                    $"{name}: {tensor.Name}[{i}] analytic {analytic[i]:R}, finite difference {fd:R}");
            }
        }
    }

    [Fact]
    public void FrozenDetachedSpikesMatterWhereTheGradientIgnoresThem()
    {
        // Guard on the method: without freezing, finite differences of a detached reset differ from the gradient.
        var spec = Spec("subtract-previous-detached");
        var engine = new GradientEngine<double>(spec, smoothSpikes: true);
        var p = NetworkInit.Create<double>(spec, 11);
        var data = Nets.Random(3, 1, 7, 3, spec.Classes, 0.4);
        var frozen = engine.Forward(p, data, 0);
        var plus = p.Clone(); plus["layer1.weight"].Values[0] += 1e-3;
        Assert.NotEqual(engine.Forward(plus, data, 0).Loss, engine.Forward(plus, data, 0, frozen).Loss);
    }
}
