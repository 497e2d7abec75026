using NeuroActors.Kernel.Neurons;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// The factory finds the group of each model by the models the groups declare (<see cref="INeuronModelGroup"/>), so
/// every model of the catalogue must have one, built from the population's parameters, with the catalogue's state
/// variables and parameters.
/// </summary>
public class NeuronModelRegistryTests
{
    public static TheoryData<string> Models() => new(NeuronModels.Catalogue.Select(m => m.YamlName));

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_model_of_the_catalogue_has_its_group(string yamlName)
    {
        Assert.True(NeuronModels.TryParse(yamlName, out var model));
        var spec = (model == NeuronModel.SpikeSourceArray
            ? new NetworkBuilder("registry").SpikeSourceArray("p", [[1.0], [], [2.0]])
            : new NetworkBuilder("registry").Population("p", 3, model, model == NeuronModel.PoissonSource ? new() { ["rate"] = 40 } : [])).Build();

        var group = NeuronGroupFactory.Create(spec, 0, 0, 3, 0);

        Assert.True(group.GetType().IsAssignableTo(typeof(INeuronModelGroup)));
        Assert.Same(model, group.GetType().GetProperty(nameof(INeuronModelGroup.Model))!.GetValue(null));
        Assert.Equal(model.StateVariables, group.Variables);
        Assert.Equal(model.Parameters.Select(p => p.Name), group.Parameters);
        foreach (var p in model.Parameters) Assert.Equal(spec.Populations[0].Param(p.Name), group.GetParameter(p.Name));
    }
}
