using System.Text.Json;
using NeuroActors.Kernel.Random;

namespace NeuroActors.Training.Tests;

/// <summary>Initial parameters, their constraints, and the gradient report.</summary>
public class NetworkInitTests
{
    private static TrainingNetworkSpec Spec(WeightInit? first = null) => Nets.Net(6,
        [Nets.Lif(5, beta: 0.9, threshold: 1.25, bias: true, recurrent: true, learnBeta: true, learnThreshold: true, gain: 2) with
            { Init = first ?? new WeightInit(2) }, Nets.Lif(4, learnThreshold: true)],
        new ReadoutSpec(3, 0.9, 0, true, new WeightInit(0.5)), new SurrogateSpec(SurrogateKind.FastSigmoid, 25),
        new LossSpec(LossKind.CrossEntropyMaxMembrane));

    [Fact]
    public void TensorsComeInTheDocumentedOrderWithPyTorchsBounds()
    {
        var p = NetworkInit.Create<double>(Spec(), 42);
        Assert.Equal(["layer1.weight", "layer1.bias", "layer1.recurrent", "layer1.beta", "layer1.threshold",
            "layer2.weight", "layer2.threshold", "readout.weight", "readout.bias"], p.Tensors.Select(t => t.Name));
        Assert.Equal([5, 6], p["layer1.weight"].Shape);
        Assert.Equal([5, 5], p["layer1.recurrent"].Shape);
        Assert.Equal([4, 5], p["layer2.weight"].Shape);
        Assert.Equal([3, 4], p["readout.weight"].Shape);
        // bound = gain/√fan_in; biases without gain.
        AssertWithin(p["layer1.weight"].Values, 2 / Math.Sqrt(6));
        AssertWithin(p["layer1.bias"].Values, 1 / Math.Sqrt(6));
        AssertWithin(p["layer1.recurrent"].Values, 2 / Math.Sqrt(5));
        AssertWithin(p["readout.weight"].Values, 0.5 / Math.Sqrt(4));
        Assert.All(p["layer1.beta"].Values, b => Assert.Equal(0.9, b));
        Assert.All(p["layer1.threshold"].Values, b => Assert.Equal(1.25, b));
        // Tensor k draws from stream Init(k): the readout bias is tensor 8.
        var stream = new RandomStream(42, TrainingStreams.Init(8), 0);
        double bound = 1 / Math.Sqrt(4);
        foreach (double v in p["readout.bias"].Values) Assert.Equal(-bound + 2 * bound * stream.NextDouble(), v);
        // Deterministic in the seed, different across seeds.
        Assert.Equal(p["layer1.weight"].Values, NetworkInit.Create<double>(Spec(), 42)["layer1.weight"].Values);
        Assert.NotEqual(p["layer1.weight"].Values, NetworkInit.Create<double>(Spec(), 43)["layer1.weight"].Values);
        // Float rounds the same draws.
        var f = NetworkInit.Create<float>(Spec(), 42);
        Assert.Equal(p["layer1.weight"].Values.Select(v => (float)v), f["layer1.weight"].Values);
    }

    private static void AssertWithin(double[] values, double bound)
    {
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        Assert.True(values.Max() > bound / 3 && values.Min() < -bound / 3, "draws should spread over the range");
    }

    [Fact]
    public void WeightsFromAFileAreCheckedForShape()
    {
        var values = Enumerable.Range(0, 30).Select(i => i / 10.0).ToArray();
        var p = NetworkInit.Create<double>(Spec(new WeightInit(File: "w.npy")), 1, _ => ([5, 6], values));
        Assert.Equal(values, p["layer1.weight"].Values);
        var e = Assert.Throws<InvalidDataException>(() =>
            NetworkInit.Create<double>(Spec(new WeightInit(File: "w.npy")), 1, _ => ([6, 5], values)));
        Assert.Equal("layer1.weight: w.npy has shape [6, 5]; expected [5, 6] (out, in)", e.Message);
        Assert.Throws<InvalidDataException>(() => NetworkInit.Create<double>(Spec(new WeightInit(File: "w.npy")), 1));
    }

    [Fact]
    public void ConstraintsClipLearnedBetaAndThreshold()
    {
        var spec = Spec();
        var p = NetworkInit.Create<float>(spec, 1);
        p["layer1.beta"].Values[0] = 1.5f; p["layer1.beta"].Values[1] = -0.2f; p["layer1.beta"].Values[2] = 0.3f;
        p["layer1.threshold"].Values[0] = -1f; p["layer2.threshold"].Values[3] = -0.5f; p["layer2.threshold"].Values[2] = 2f;
        var bias = (float[])p["layer1.bias"].Values.Clone();
        p["layer1.bias"].Values[0] = -3f; bias[0] = -3f;
        ParameterConstraints.Apply(spec, p);
        Assert.Equal([1f, 0f, 0.3f], p["layer1.beta"].Values[..3]);
        Assert.Equal(0f, p["layer1.threshold"].Values[0]);
        Assert.Equal([0f, 2f], [p["layer2.threshold"].Values[3], p["layer2.threshold"].Values[2]]);
        Assert.Equal(bias, p["layer1.bias"].Values);
    }

    [Fact]
    public void GradientReportHoldsTheBatchMeansAndWritesThemAsJson()
    {
        var spec = Spec() with { Regularizer = new RegularizerSpec(L1: 0.01) };
        var p = NetworkInit.Create<float>(spec, 4);
        var batch = Nets.Random(5, 3, 12, 6, 3, 0.3);
        var report = GradientReport.Compute(spec, p, batch);

        var engine = new GradientEngine<float>(spec);
        var sum = p.ZerosLike();
        var stats = engine.Accumulate(p, batch, [0, 1, 2], sum);
        Assert.Equal(stats.LossSum / 3, report.Loss, 1e-12);
        Assert.True(report.Regularizer > 0);
        for (int k = 0; k < sum.Tensors.Count; k++)
        {
            Assert.Equal(sum.Tensors[k].Name, report.Gradients[k].Name);
            Assert.Equal(sum.Tensors[k].Values.Select(v => v / 3.0), report.Gradients[k].Values);
        }
        var r1 = engine.Forward(p, batch, 1);
        int n1 = spec.Hidden[0].Size;
        Assert.Equal(r1.Spikes[0].Select(v => (double)v), report.Spikes[0].Values.Skip(12 * n1).Take(12 * n1));
        Assert.Equal(r1.Readout!.Select(v => (double)v), report.Readout!.Values.Skip(12 * 3).Take(12 * 3));

        using var ms = new MemoryStream();
        report.WriteJson(ms);
        using var doc = JsonDocument.Parse(ms.ToArray());
        var root = doc.RootElement;
        Assert.Equal("float32", root.GetProperty("precision").GetString());
        Assert.Equal(3, root.GetProperty("samples").GetInt32());
        Assert.Equal(report.Loss, root.GetProperty("loss").GetDouble());
        var grads = root.GetProperty("gradients").EnumerateArray().ToArray();
        Assert.Equal(p.Tensors.Select(t => t.Name), grads.Select(g => g.GetProperty("name").GetString()));
        var w = grads[0];
        Assert.Equal([5, 6], w.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(report.Gradients[0].Values.Select(v => (float)v), w.GetProperty("values").EnumerateArray().Select(e => e.GetSingle()));
        var spikes = root.GetProperty("forward").GetProperty("spikes").EnumerateArray().ToArray();
        Assert.Equal(["layer1", "layer2"], spikes.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal([3, 12, 5], spikes[0].GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(report.Predictions, root.GetProperty("predictions").EnumerateArray().Select(e => e.GetInt32()));
    }
}
