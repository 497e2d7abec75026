using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuroActors.Model;

/// <summary>
/// A model as JSON text: how a coordinator hands the model to cluster workers, which then build their own shards
/// from it (synapses are generated where they live, never shipped). Also a canonical form for comparing models.
/// </summary>
public static class SpecJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        IncludeFields = true, // connector pairs are value tuples
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // unbounded distributions hold ±Infinity
        Converters = { new JsonStringEnumConverter(), new NeuronModelConverter() },
    };

    /// <summary>The model as compact JSON.</summary>
    public static string Serialize(NetworkSpec spec) => JsonSerializer.Serialize(spec, Options);

    /// <summary>Reads a model written by <see cref="Serialize"/> and validates it.</summary>
    /// <exception cref="ModelException">The text is not a model, or the model is invalid.</exception>
    public static NetworkSpec Deserialize(string json)
    {
        NetworkSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<NetworkSpec>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new ModelException([new ModelError("$", "malformed model JSON", ex.Message)]);
        }
        if (spec is null) throw new ModelException([new ModelError("$", "null", "a model")]);
        ModelValidator.ThrowIfInvalid(spec);
        return spec;
    }
}

/// <summary>A neuron model in JSON: its property name (<c>"IafPscExp"</c>), as the enum it replaces was written.</summary>
internal sealed class NeuronModelConverter : JsonConverter<NeuronModel>
{
    public override NeuronModel Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("a neuron model is written as its name");
        string name = reader.GetString()!;
        return NeuronModels.FromJsonName(name) ?? throw new JsonException($"'{name}' is not a neuron model");
    }

    public override void Write(Utf8JsonWriter writer, NeuronModel value, JsonSerializerOptions options) =>
        writer.WriteStringValue(NeuronModels.JsonName(value));
}
