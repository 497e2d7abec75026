using System.Diagnostics.CodeAnalysis;

namespace NeuroActors.Model;

/// <summary>
/// The catalogue of neuron models: every <see cref="NeuronModel"/> declared as a static property of that class (one
/// file each under Neurons/), listed in the order of their <c>listed</c> numbers.
/// </summary>
public static class NeuronModels
{
    /// <summary>All models.</summary>
    public static IReadOnlyList<NeuronModel> Catalogue { get; } = Listed();

    private static NeuronModel[] Listed()
    {
        var models = NeuronModel.Registered.ToArray();
        Array.Sort(models, (a, b) => a.Listed - b.Listed);
        return models;
    }

    /// <summary>Finds a model by its YAML name.</summary>
    public static bool TryParse(string yamlName, [NotNullWhen(true)] out NeuronModel? model)
    {
        foreach (var m in Catalogue)
            if (m.YamlName == yamlName)
            {
                model = m;
                return true;
            }
        model = null;
        return false;
    }

    /// <summary>
    /// The model's name in JSON: its YAML name in Pascal case (<c>IafPscExp</c>), which is how the enum that listed the
    /// models before wrote it, so the JSON of a spec (and the fingerprint of a checkpoint) did not change.
    /// </summary>
    internal static string JsonName(NeuronModel model) =>
        string.Concat(model.YamlName.Split('_').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));

    /// <summary>The model whose JSON name is <paramref name="jsonName"/>, or null.</summary>
    internal static NeuronModel? FromJsonName(string jsonName)
    {
        foreach (var model in Catalogue) if (JsonName(model) == jsonName) return model;
        return null;
    }
}
