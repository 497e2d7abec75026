using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NeuroActors.Results.Training;

/// <summary>
/// The metrics of a training run so far: <c>metrics.json</c> (the run and every finished epoch) and <c>metrics.csv</c>
/// (one row per epoch, for a spreadsheet or pandas). Both are written by <see cref="TrainingMetricsWriter"/>; the JSON
/// file is the one read back (to continue the curves after <c>--resume</c>).
/// </summary>
/// <param name="Run">What identifies the run.</param>
/// <param name="Epochs">Finished epochs, in order.</param>
public sealed record TrainingMetrics(TrainingRunInfo Run, IReadOnlyList<EpochMetrics> Epochs)
{
    /// <summary>File name of the JSON form inside a results directory.</summary>
    public const string JsonFileName = "metrics.json";

    /// <summary>File name of the CSV form inside a results directory.</summary>
    public const string CsvFileName = "metrics.csv";

    /// <summary>Prefix of the spike columns of <c>metrics.csv</c>; the layer's name follows it.</summary>
    public const string SpikeColumnPrefix = "spikes_per_sample_";

    /// <summary>The epochs up to and including <paramref name="epoch"/>: what a run resumed from that epoch's checkpoint continues.</summary>
    public IReadOnlyList<EpochMetrics> Through(int epoch) => Epochs.Where(e => e.Epoch <= epoch).ToList();

    /// <summary>The header line of <c>metrics.csv</c> for a run with these spiking layers.</summary>
    public static string CsvHeader(IReadOnlyList<string> layers) =>
        string.Join(',', new[] { "epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy" }
            .Concat(layers.Select(l => SpikeColumnPrefix + l))
            .Concat(["epoch_seconds", "samples_per_second", "learning_rate"]));

    /// <summary>The whole <c>metrics.csv</c>: header, then one row per epoch; doubles round-trip, a missing test figure is an empty field.</summary>
    internal string ToCsv()
    {
        var text = new StringBuilder().Append(CsvHeader(Run.Layers)).Append('\n');
        foreach (var e in Epochs)
        {
            text.Append(e.Epoch.ToString(CultureInfo.InvariantCulture));
            foreach (double? v in new double?[] { e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy })
                text.Append(',').Append(Csv(v));
            foreach (double v in e.SpikesPerSample) text.Append(',').Append(Csv(v));
            foreach (double v in new[] { e.EpochSeconds, e.SamplesPerSecond, e.LearningRate }) text.Append(',').Append(Csv(v));
            text.Append('\n');
        }
        return text.ToString();
    }

    // "R" is the shortest text that parses back to the same double (and NaN, Infinity, -Infinity as .NET and pandas read them).
    private static string Csv(double? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>The whole <c>metrics.json</c>, indented, snake_case keys; a non-finite double (a diverged loss) is the string <c>"NaN"</c>, <c>"Infinity"</c> or <c>"-Infinity"</c>.</summary>
    internal byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("name", Run.Name);
            w.WriteString("config", Run.ConfigPath);
            w.WriteString("precision", Run.Precision);
            w.WriteNumber("workers", Run.Workers);
            w.WriteNumber("seed", Run.Seed);
            w.WriteStartArray("layers");
            foreach (var l in Run.Layers) w.WriteStringValue(l);
            w.WriteEndArray();
            w.WriteStartArray("epochs");
            foreach (var e in Epochs)
            {
                w.WriteStartObject();
                w.WriteNumber("epoch", e.Epoch);
                Number(w, "train_loss", e.TrainLoss);
                Number(w, "train_accuracy", e.TrainAccuracy);
                Number(w, "test_loss", e.TestLoss);
                Number(w, "test_accuracy", e.TestAccuracy);
                w.WriteStartObject("spikes_per_sample");
                for (int i = 0; i < e.Layers.Length; i++) Number(w, e.Layers[i], e.SpikesPerSample[i]);
                w.WriteEndObject();
                Number(w, "epoch_seconds", e.EpochSeconds);
                Number(w, "samples_per_second", e.SamplesPerSecond);
                Number(w, "learning_rate", e.LearningRate);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void Number(Utf8JsonWriter w, string name, double? v)
    {
        if (v is not double d) w.WriteNull(name);
        else if (double.IsFinite(d)) w.WriteNumber(name, d);
        else w.WriteString(name, d.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Reads a <c>metrics.json</c> written by <see cref="TrainingMetricsWriter"/>.</summary>
    /// <exception cref="ResultsException">The file cannot be read or a field is missing or of the wrong kind (the message names it).</exception>
    public static TrainingMetrics Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            var layers = Field(root, "layers", JsonValueKind.Array, path).EnumerateArray().Select(l => Text(l, "layers[]", path)).ToArray();
            var run = new TrainingRunInfo(
                Text(Field(root, "name", JsonValueKind.String, path), "name", path),
                Text(Field(root, "config", JsonValueKind.String, path), "config", path),
                Text(Field(root, "precision", JsonValueKind.String, path), "precision", path),
                Field(root, "workers", JsonValueKind.Number, path).GetInt32(),
                Field(root, "seed", JsonValueKind.Number, path).GetUInt64(),
                layers);
            var epochs = new List<EpochMetrics>();
            foreach (var e in Field(root, "epochs", JsonValueKind.Array, path).EnumerateArray())
            {
                var spikes = Field(e, "spikes_per_sample", JsonValueKind.Object, path).EnumerateObject().ToList();
                epochs.Add(new EpochMetrics(
                    Field(e, "epoch", JsonValueKind.Number, path).GetInt32(),
                    Double(e, "train_loss", path) ?? throw Missing("train_loss", path),
                    Double(e, "train_accuracy", path) ?? throw Missing("train_accuracy", path),
                    Double(e, "test_loss", path),
                    Double(e, "test_accuracy", path),
                    spikes.Select(p => p.Name).ToArray(),
                    spikes.Select(p => Value(p.Value, p.Name, path) ?? throw Missing(p.Name, path)).ToArray(),
                    Double(e, "epoch_seconds", path) ?? throw Missing("epoch_seconds", path),
                    Double(e, "samples_per_second", path) ?? throw Missing("samples_per_second", path),
                    Double(e, "learning_rate", path) ?? throw Missing("learning_rate", path)));
            }
            return new TrainingMetrics(run, epochs);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new ResultsException($"'{path}' is not a NeuroActors metrics.json: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResultsException($"cannot read '{path}': {ex.Message}", ex);
        }
    }

    private static JsonElement Field(JsonElement obj, string name, JsonValueKind kind, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v)) throw Missing(name, path);
        if (v.ValueKind != kind) throw new ResultsException($"'{path}': field '{name}' must be {kind.ToString().ToLowerInvariant()}, got {v.ValueKind.ToString().ToLowerInvariant()}");
        return v;
    }

    private static string Text(JsonElement v, string name, string path) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new ResultsException($"'{path}': field '{name}' must be a string, got {v.ValueKind.ToString().ToLowerInvariant()}");

    private static double? Double(JsonElement obj, string name, string path) =>
        obj.TryGetProperty(name, out var v) ? Value(v, name, path) : throw Missing(name, path);

    private static double? Value(JsonElement v, string name, string path) => v.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.String when v.GetString() is "NaN" or "Infinity" or "-Infinity" => double.Parse(v.GetString()!, CultureInfo.InvariantCulture),
        _ => throw new ResultsException($"'{path}': field '{name}' must be a number, null, \"NaN\", \"Infinity\" or \"-Infinity\", got {v.GetRawText()}"),
    };

    private static ResultsException Missing(string name, string path) => new($"'{path}': field '{name}' is missing");
}
