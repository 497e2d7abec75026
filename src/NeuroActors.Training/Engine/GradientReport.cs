using System.Numerics;
using System.Text.Json;

namespace NeuroActors.Training;

/// <summary>A named tensor of a <see cref="GradientReport"/>: shape and row-major values.</summary>
public sealed record ReportTensor(string Name, int[] Shape, double[] Values);

/// <summary>
/// The engine's results for one batch, for comparison with other frameworks (<c>neuroactors train CONFIG --gradients-of
/// BATCH --out FILE</c>): the forward pass of every sample, the loss as the mean over the batch, and every parameter's
/// gradient of the mean over the batch of (loss + regularisers), as PyTorch's mean reduction gives. The JSON layout is
/// documented in docs/training.md ("The gradient export").
/// </summary>
public sealed class GradientReport
{
    private GradientReport(string precision, int samples, int steps, int classes, int[] labels, int[] predictions,
        double loss, double regularizer, IReadOnlyList<ReportTensor> spikes, IReadOnlyList<ReportTensor> membrane,
        ReportTensor? readout, ReportTensor scores, IReadOnlyList<ReportTensor> gradients)
    {
        Precision = precision; Samples = samples; Steps = steps; Classes = classes; Labels = labels;
        Predictions = predictions; Loss = loss; Regularizer = regularizer; Spikes = spikes; Membrane = membrane;
        Readout = readout; Scores = scores; Gradients = gradients;
    }

    /// <summary><c>float32</c> or <c>float64</c>: the precision the engine computed in.</summary>
    public string Precision { get; }
    /// <summary>Samples in the batch.</summary>
    public int Samples { get; }
    /// <summary>Steps per sample.</summary>
    public int Steps { get; }
    /// <summary>Classes.</summary>
    public int Classes { get; }
    /// <summary>The class of each sample.</summary>
    public int[] Labels { get; }
    /// <summary>The predicted class of each sample (first index of the largest score).</summary>
    public int[] Predictions { get; }
    /// <summary>The mean over the batch of the per-sample loss, without regularisers.</summary>
    public double Loss { get; }
    /// <summary>The mean over the batch of the per-sample regulariser term.</summary>
    public double Regularizer { get; }
    /// <summary>Per spiking layer (<c>layer{i}</c>), the spikes [samples, steps, size].</summary>
    public IReadOnlyList<ReportTensor> Spikes { get; }
    /// <summary>Per spiking layer, the potential compared with the threshold [samples, steps, size].</summary>
    public IReadOnlyList<ReportTensor> Membrane { get; }
    /// <summary>The readout potentials [samples, steps, classes], or null for the count losses.</summary>
    public ReportTensor? Readout { get; }
    /// <summary>The class scores the loss is computed on [samples, classes].</summary>
    public ReportTensor Scores { get; }
    /// <summary>The gradients, named and shaped as the parameter tensors, in their order.</summary>
    public IReadOnlyList<ReportTensor> Gradients { get; }

    /// <summary>Runs <paramref name="batch"/> through the network of <paramref name="spec"/> with <paramref name="parameters"/>.</summary>
    public static GradientReport Compute<T>(TrainingNetworkSpec spec, ParameterSet<T> parameters, SampleSet batch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch.Count == 0) throw new ArgumentException("the batch has no samples", nameof(batch));
        var engine = new GradientEngine<T>(spec);
        int b = batch.Count, steps = batch.Steps, classes = spec.Classes;
        var samples = Enumerable.Range(0, b).ToArray();
        var gradient = parameters.ZerosLike();
        engine.Accumulate(parameters, batch, samples, gradient);

        var layers = spec.Hidden.Count;
        var spikes = new double[layers][];
        var membrane = new double[layers][];
        for (int l = 0; l < layers; l++) { spikes[l] = new double[b * steps * spec.Hidden[l].Size]; membrane[l] = new double[spikes[l].Length]; }
        var readout = spec.Readout is null ? null : new double[b * steps * classes];
        var scores = new double[b * classes];
        var predictions = new int[b];
        double loss = 0, reg = 0;
        for (int s = 0; s < b; s++)
        {
            var r = engine.Forward(parameters, batch, s);
            for (int l = 0; l < layers; l++)
            {
                Copy(r.Spikes[l], spikes[l], s); Copy(r.Membrane[l], membrane[l], s);
            }
            if (readout is not null) Copy(r.Readout!, readout, s);
            Copy(r.Scores, scores, s);
            predictions[s] = r.Prediction;
            loss += r.Loss; reg += r.Regularizer;
        }
        var gradients = gradient.Tensors
            .Select(t => new ReportTensor(t.Name, (int[])t.Shape.Clone(), t.Values.Select(v => double.CreateChecked(v) / b).ToArray()))
            .ToArray();
        return new GradientReport(typeof(T) == typeof(float) ? "float32" : "float64", b, steps, classes,
            (int[])batch.Labels.Clone(), predictions, loss / b, reg / b,
            Enumerable.Range(0, layers).Select(l => new ReportTensor($"layer{l + 1}", [b, steps, spec.Hidden[l].Size], spikes[l])).ToArray(),
            Enumerable.Range(0, layers).Select(l => new ReportTensor($"layer{l + 1}", [b, steps, spec.Hidden[l].Size], membrane[l])).ToArray(),
            readout is null ? null : new ReportTensor("readout", [b, steps, classes], readout),
            new ReportTensor("scores", [b, classes], scores), gradients);
    }

    private static void Copy<T>(T[] from, double[] to, int sample) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int offset = sample * from.Length;
        for (int i = 0; i < from.Length; i++) to[offset + i] = double.CreateChecked(from[i]);
    }

    /// <summary>
    /// Writes the report as one JSON object (UTF-8, indented). Numbers are written in the shortest form that reads back
    /// to the same value in the report's precision; a non-finite value is written as the string <c>"NaN"</c>,
    /// <c>"Infinity"</c> or <c>"-Infinity"</c>.
    /// </summary>
    public void WriteJson(Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        bool single = Precision == "float32";
        w.WriteStartObject();
        w.WriteString("precision", Precision);
        w.WriteNumber("samples", Samples);
        w.WriteNumber("steps", Steps);
        w.WriteNumber("classes", Classes);
        WriteInts(w, "labels", Labels);
        WriteInts(w, "predictions", Predictions);
        w.WritePropertyName("loss"); WriteNumber(w, Loss, false);
        w.WritePropertyName("regularizer"); WriteNumber(w, Regularizer, false);
        w.WriteStartObject("forward");
        w.WriteStartArray("spikes");
        foreach (var t in Spikes) WriteTensor(w, t, single);
        w.WriteEndArray();
        w.WriteStartArray("membrane");
        foreach (var t in Membrane) WriteTensor(w, t, single);
        w.WriteEndArray();
        w.WritePropertyName("readout");
        if (Readout is null) w.WriteNullValue(); else WriteTensor(w, Readout, single);
        w.WritePropertyName("scores"); WriteTensor(w, Scores, single);
        w.WriteEndObject();
        w.WriteStartArray("gradients");
        foreach (var t in Gradients) WriteTensor(w, t, single);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteInts(Utf8JsonWriter w, string name, int[] values)
    {
        w.WriteStartArray(name);
        foreach (int v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    private static void WriteTensor(Utf8JsonWriter w, ReportTensor t, bool single)
    {
        w.WriteStartObject();
        w.WriteString("name", t.Name);
        WriteInts(w, "shape", t.Shape);
        w.WriteStartArray("values");
        foreach (double v in t.Values) WriteNumber(w, v, single);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, double v, bool single)
    {
        if (double.IsNaN(v)) w.WriteStringValue("NaN");
        else if (double.IsPositiveInfinity(v)) w.WriteStringValue("Infinity");
        else if (double.IsNegativeInfinity(v)) w.WriteStringValue("-Infinity");
        else if (single) w.WriteNumberValue((float)v);
        else w.WriteNumberValue(v);
    }
}
