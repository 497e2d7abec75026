using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuroActors.Results.Training;

/// <summary>One tensor in <c>weights.json</c>.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="Shape">Its dimensions, outermost first.</param>
/// <param name="Dtype">NumPy's dtype string, <c>&lt;f4</c> or <c>&lt;f8</c>.</param>
/// <param name="File">The <c>.npy</c> file, relative to the results directory (<c>weights/&lt;name&gt;.npy</c>).</param>
public sealed record TrainedWeightsEntry(string Name, IReadOnlyList<int> Shape, string Dtype, string File);

/// <summary>The content of <c>weights.json</c>: the final trained tensors of a run and where their values are.</summary>
/// <param name="Precision"><c>float32</c> or <c>float64</c>.</param>
/// <param name="Tensors">The tensors in the network's parameter order.</param>
public sealed record TrainedWeightsIndex(string Precision, IReadOnlyList<TrainedWeightsEntry> Tensors)
{
    /// <summary>File name inside a results directory.</summary>
    public const string FileName = "weights.json";

    /// <summary>Directory of the <c>.npy</c> files inside a results directory.</summary>
    public const string Directory = "weights";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Reads a <c>weights.json</c>.</summary>
    /// <exception cref="ResultsException">The file is missing or is not such an index.</exception>
    public static TrainedWeightsIndex Read(string path)
    {
        try
        {
            var index = JsonSerializer.Deserialize<TrainedWeightsIndex>(System.IO.File.ReadAllText(path), Json)
                ?? throw new ResultsException($"'{path}' is empty");
            if (index.Precision is null || index.Tensors is null || index.Tensors.Any(t => t.Name is null || t.Shape is null || t.Dtype is null || t.File is null))
                throw new ResultsException($"'{path}': every tensor needs name, shape, dtype and file, and the index needs precision and tensors");
            return index;
        }
        catch (JsonException ex)
        {
            throw new ResultsException($"'{path}' is not a NeuroActors weights.json: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResultsException($"cannot read '{path}': {ex.Message}", ex);
        }
    }
}
