using System.Numerics;
using System.Text.Json;

namespace NeuroActors.Results.Training;

/// <summary>
/// Saves a run's final parameters: each tensor to <c>weights/&lt;name&gt;.npy</c> (<c>numpy.load</c> reads it) and an
/// index, <c>weights.json</c>, naming them with their shapes and dtype. Each file is written to a temporary name and
/// renamed, the index last, so the index never names a file that is not complete.
/// </summary>
public static class TrainedWeightsWriter
{
    /// <summary>Writes <paramref name="tensors"/> under <paramref name="dir"/>; <c>.npy</c> files of other names in <c>weights/</c> (an earlier run's) are removed.</summary>
    /// <returns>The index written.</returns>
    /// <exception cref="ArgumentException">A name that is not file-safe or appears twice, or a shape that does not hold the values.</exception>
    /// <exception cref="ResultsException">The directory cannot be written.</exception>
    public static TrainedWeightsIndex Write<T>(string dir, IReadOnlyList<TrainedTensor<T>> tensors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string descr = NpyTensorFile.Descr<T>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tensors)
        {
            if (t.Name.Length == 0 || t.Name[0] == '.' || !t.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                throw new ArgumentException($"tensor name '{t.Name}' cannot name a file: use letters, digits, '.', '_' and '-', not starting with '.'", nameof(tensors));
            if (!names.Add(t.Name)) throw new ArgumentException($"tensor name '{t.Name}' appears twice", nameof(tensors));
            NpyTensorFile.CheckShape(t.Shape, t.Values.Length);
        }

        var index = new TrainedWeightsIndex(descr == "<f4" ? "float32" : "float64",
            tensors.Select(t => new TrainedWeightsEntry(t.Name, t.Shape.ToArray(), descr, $"{TrainedWeightsIndex.Directory}/{t.Name}.npy")).ToList());
        string weightsDir = Path.Combine(dir, TrainedWeightsIndex.Directory);
        try
        {
            Directory.CreateDirectory(weightsDir);
            foreach (var t in tensors)
                ReplacedFile.Write(Path.Combine(weightsDir, $"{t.Name}.npy"), path => NpyTensorFile.Write<T>(path, t.Shape, t.Values));
            ReplacedFile.Write(Path.Combine(dir, TrainedWeightsIndex.FileName),
                path => File.WriteAllText(path, JsonSerializer.Serialize(index, TrainedWeightsIndex.Json)));
            // After the index, so that no index ever names a file that is gone.
            foreach (var stale in Directory.EnumerateFiles(weightsDir, "*.npy"))
                if (!names.Contains(Path.GetFileNameWithoutExtension(stale))) File.Delete(stale);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResultsException($"cannot write trained weights to '{dir}': {ex.Message}", ex);
        }
        return index;
    }
}
