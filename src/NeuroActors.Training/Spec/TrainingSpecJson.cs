using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuroActors.Training;

/// <summary>
/// A <see cref="TrainingSpec"/> as JSON text, the form in which a training config travels to cluster nodes and is kept
/// in training checkpoints (to tell whether a checkpoint belongs to a config). Enums are written by name.
/// </summary>
public static class TrainingSpecJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    /// <summary>The spec as JSON.</summary>
    public static string Serialize(TrainingSpec spec) => JsonSerializer.Serialize(spec, Options);

    /// <summary>Any part of a spec (e.g. its network) as JSON, to compare parts of two specs.</summary>
    public static string SerializePart<TPart>(TPart part) => JsonSerializer.Serialize(part, Options);

    /// <summary>The spec <see cref="Serialize"/> wrote.</summary>
    /// <exception cref="ArgumentException">The text is not a training spec.</exception>
    public static TrainingSpec Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainingSpec>(json, Options) ?? throw new ArgumentException("training spec JSON is null");
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"training spec JSON: {ex.Message}", nameof(json), ex);
        }
    }
}
