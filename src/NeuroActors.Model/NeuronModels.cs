using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace NeuroActors.Model;

/// <summary>
/// The catalogue of neuron models: every <see cref="NeuronModel"/> declared as a static property of that class (one
/// file each under Neurons/), listed in the order of their <c>listed</c> numbers.
/// </summary>
public static class NeuronModels
{
    // The property name is also the model's name in the JSON form of a spec (SpecJson), as the enum it replaces wrote it.
    private static readonly (string JsonName, NeuronModel Model)[] All = typeof(NeuronModel)
        .GetProperties(BindingFlags.Public | BindingFlags.Static)
        .Where(p => p.PropertyType == typeof(NeuronModel))
        .Select(p => (p.Name, (NeuronModel)p.GetValue(null)!))
        .OrderBy(m => m.Item2.Listed)
        .ToArray();

    /// <summary>All models.</summary>
    public static IReadOnlyList<NeuronModel> Catalogue { get; } = All.Select(m => m.Model).ToArray();

    /// <summary>Finds a model by its YAML name.</summary>
    public static bool TryParse(string yamlName, [NotNullWhen(true)] out NeuronModel? model)
    {
        model = Catalogue.FirstOrDefault(m => m.YamlName == yamlName);
        return model is not null;
    }

    /// <summary>The model's name in JSON (its property name: <c>IafPscExp</c>).</summary>
    internal static string JsonName(NeuronModel model) => All.First(m => m.Model == model).JsonName;

    /// <summary>The model whose JSON name is <paramref name="jsonName"/>, or null.</summary>
    internal static NeuronModel? FromJsonName(string jsonName) => All.FirstOrDefault(m => m.JsonName == jsonName).Model;
}
