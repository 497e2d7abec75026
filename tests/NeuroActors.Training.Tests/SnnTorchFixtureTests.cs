using System.Text.Json;

namespace NeuroActors.Training.Tests;

/// <summary>
/// The engine against snnTorch 0.9.4 itself: the fixtures of Fixtures/snntorch (made by benchmarks/snntorch/make_fixtures.py
/// from snnTorch's own modules, float64) give the weights, a batch and snnTorch's spikes, membranes, readout, loss
/// (mean over the batch) and gradients (of the mean). The gradient export must reproduce them to float64 rounding.
/// </summary>
public class SnnTorchFixtureTests
{
    public static TheoryData<string> Fixtures => new(
        "default", "learn_beta_threshold", "mse_count", "recurrent", "reset_zero_arctan_last", "synaptic", "two_hidden_sigmoid_ce_count");

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void GradientReportReproducesSnnTorch(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "snntorch", name + ".json")));
        var root = doc.RootElement;
        Assert.Equal("float64", root.GetProperty("made_with").GetProperty("dtype").GetString());
        var (spec, parameters, batch) = Load(root);
        var report = GradientReport.Compute(spec, parameters, batch);
        var expected = root.GetProperty("expected");

        for (int l = 0; l < spec.Hidden.Count; l++)
        {
            Assert.Equal(Values(expected.GetProperty("spikes").GetProperty($"layer{l + 1}")), report.Spikes[l].Values);
            AssertClose(Values(expected.GetProperty("membranes").GetProperty($"layer{l + 1}")), report.Membrane[l].Values, 1e-13, $"layer{l + 1} membrane");
        }
        if (spec.Readout is not null)
            AssertClose(Values(expected.GetProperty("readout_membrane")), report.Readout!.Values, 1e-12, "readout membrane");
        Assert.Equal(expected.GetProperty("loss").GetDouble(), report.Loss, 1e-12);
        var gradients = expected.GetProperty("gradients");
        Assert.Equal(gradients.EnumerateObject().Select(p => p.Name), report.Gradients.Select(g => g.Name));
        foreach (var g in report.Gradients)
        {
            Assert.Equal(Shape(gradients.GetProperty(g.Name)), g.Shape);
            AssertClose(Values(gradients.GetProperty(g.Name)), g.Values, 1e-12, g.Name);
        }
    }

    private static void AssertClose(double[] expected, double[] actual, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1e-300, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * scale, $"{what}[{i}]: snnTorch {expected[i]:R}, engine {actual[i]:R}");
    }

    private static double[] Values(JsonElement t) => t.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
    private static int[] Shape(JsonElement t) => t.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();

    private static (TrainingNetworkSpec, ParameterSet<double>, SampleSet) Load(JsonElement root)
    {
        int steps = root.GetProperty("steps").GetInt32(), inputs = root.GetProperty("inputs").GetInt32();
        int classes = root.GetProperty("classes").GetInt32();
        var net = root.GetProperty("network");
        var hidden = net.GetProperty("hidden").EnumerateArray().Select(h =>
        {
            Assert.Equal("previous", h.GetProperty("reset_timing").GetString());
            return new LifLayerSpec(h.GetProperty("size").GetInt32(),
                h.GetProperty("beta").ValueKind == JsonValueKind.Null ? 0.9 : h.GetProperty("beta").GetDouble(),
                h.GetProperty("alpha").GetDouble(),
                h.GetProperty("threshold").ValueKind == JsonValueKind.Null ? 1 : h.GetProperty("threshold").GetDouble(),
                h.GetProperty("reset").GetString() switch { "subtract" => ResetMode.Subtract, "zero" => ResetMode.Zero, _ => ResetMode.None },
                ResetTiming.PreviousStep, h.GetProperty("detach_reset").GetBoolean(), h.GetProperty("bias").GetBoolean(),
                h.GetProperty("recurrent").GetBoolean(), h.GetProperty("learn_beta").GetBoolean(), h.GetProperty("learn_threshold").GetBoolean(),
                null, new WeightInit());
        }).ToArray();
        var ro = net.GetProperty("readout");
        ReadoutSpec? readout = ro.ValueKind == JsonValueKind.Null ? null
            : new ReadoutSpec(ro.GetProperty("size").GetInt32(), ro.GetProperty("beta").GetDouble(), ro.GetProperty("alpha").GetDouble(),
                ro.GetProperty("bias").GetBoolean(), new WeightInit());
        var sg = net.GetProperty("surrogate");
        var surrogate = new SurrogateSpec(sg.GetProperty("kind").GetString() switch
        {
            "fast_sigmoid" => SurrogateKind.FastSigmoid,
            "arctan" => SurrogateKind.Arctan,
            "sigmoid" => SurrogateKind.Sigmoid,
            var k => throw new InvalidDataException($"surrogate {k}"),
        }, sg.GetProperty("scale").GetDouble());
        var lo = net.GetProperty("loss");
        var loss = new LossSpec(lo.GetProperty("kind").GetString() switch
        {
            "ce_max_membrane" => LossKind.CrossEntropyMaxMembrane,
            "ce_last_membrane" => LossKind.CrossEntropyLastMembrane,
            "ce_count" => LossKind.CrossEntropySpikeCount,
            "mse_count" => LossKind.MseSpikeCount,
            var k => throw new InvalidDataException($"loss {k}"),
        }, lo.GetProperty("correct_rate").GetDouble(), lo.GetProperty("incorrect_rate").GetDouble());
        var spec = new TrainingNetworkSpec(inputs, hidden, readout, surrogate, loss, new RegularizerSpec(), Precision.Float64);

        var tensors = root.GetProperty("parameters").EnumerateObject()
            .Select(p => new ParameterTensor<double>(p.Name, Shape(p.Value), Values(p.Value))).ToArray();
        var parameters = new ParameterSet<double>(tensors);

        var batch = root.GetProperty("batch");
        var x = Values(batch.GetProperty("inputs"));
        var labels = batch.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var dense = new double[labels.Length][][];
        for (int s = 0; s < labels.Length; s++)
            dense[s] = Enumerable.Range(0, steps).Select(t => x.AsSpan((s * steps + t) * inputs, inputs).ToArray()).ToArray();
        return (spec, parameters, Nets.FromDense(dense, labels, classes));
    }
}
