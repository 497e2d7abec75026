using System.Text.Json;
using NeuroActors.Training;

namespace NeuroActors.Cli;

/// <summary>
/// The batch of <c>train --gradients-of BATCH</c>: a JSON file <c>{"inputs": {"shape": [B, T, N], "values": [...]},
/// "labels": [...]}</c> (values row-major, zeros no event), or a directory holding <c>inputs.npy</c> and
/// <c>labels.npy</c> as the config's arrays datasets read them.
/// </summary>
public static class TrainingBatchFile
{
    /// <summary>Reads the batch for a network of <paramref name="spec"/>; its classes are the network's.</summary>
    /// <exception cref="DatasetException">The file does not hold a batch this network can take.</exception>
    public static SampleSet Read(string path, TrainingSpec spec)
    {
        if (Directory.Exists(path))
            return Fit(ArraysDataset.Load(new ArraysSpec(Path.Combine(path, "inputs.npy"), Path.Combine(path, "labels.npy")), path), spec, path);
        if (!File.Exists(path)) throw new DatasetException(path, "--gradients-of", "missing", "a JSON batch file or a directory with inputs.npy and labels.npy");
        JsonElement root;
        try { root = JsonDocument.Parse(File.ReadAllBytes(path)).RootElement; }
        catch (JsonException ex) { throw new DatasetException(path, "--gradients-of", "not JSON", $"a JSON batch ({ex.Message})"); }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("inputs", out var inputs) || !root.TryGetProperty("labels", out var labelsElement)
            || !inputs.TryGetProperty("shape", out var shapeElement) || !inputs.TryGetProperty("values", out var valuesElement))
            throw new DatasetException(path, "--gradients-of", "a JSON without inputs.shape, inputs.values and labels", "{\"inputs\": {\"shape\": [B, T, N], \"values\": [...]}, \"labels\": [...]}");
        int[] shape = shapeElement.EnumerateArray().Select(e => e.GetInt32()).ToArray();
        double[] values = valuesElement.EnumerateArray().Select(e => e.GetDouble()).ToArray();
        int[] labels = labelsElement.EnumerateArray().Select(e => e.GetInt32()).ToArray();
        if (shape.Length != 3 || shape.Any(d => d < 1) || (long)shape[0] * shape[1] * shape[2] != values.Length)
            throw new DatasetException(path, "inputs.shape", $"[{string.Join(", ", shape)}] for {values.Length} values", "[samples, steps, units] with samples·steps·units values");
        if (labels.Length != shape[0])
            throw new DatasetException(path, "labels", $"{labels.Length} labels", $"one per sample ({shape[0]})");
        int b = shape[0], t = shape[1], n = shape[2];
        var offsets = new int[b * t + 1];
        var units = new List<int>();
        var eventValues = new List<float>();
        bool binary = true;
        for (int s = 0; s < b; s++)
            for (int k = 0; k < t; k++)
            {
                for (int i = 0; i < n; i++)
                {
                    double v = values[((long)s * t + k) * n + i];
                    if (v == 0) continue;
                    units.Add(i); eventValues.Add((float)v); binary &= v == 1;
                }
                offsets[s * t + k + 1] = units.Count;
            }
        return Fit(new SampleSet(t, n, spec.Network.Classes, Check(labels, spec, path), offsets, units.ToArray(), binary ? null : eventValues.ToArray()), spec, path);
    }

    private static int[] Check(int[] labels, TrainingSpec spec, string path)
    {
        foreach (int l in labels)
            if ((uint)l >= (uint)spec.Network.Classes)
                throw new DatasetException(path, "labels", l.ToString(), $"classes 0..{spec.Network.Classes - 1} of the network");
        return labels;
    }

    private static SampleSet Fit(SampleSet batch, TrainingSpec spec, string path) =>
        batch.Inputs == spec.Network.Inputs ? batch
            : throw new DatasetException(path, "inputs", $"{batch.Inputs} units", $"the network's {spec.Network.Inputs} inputs");
}
