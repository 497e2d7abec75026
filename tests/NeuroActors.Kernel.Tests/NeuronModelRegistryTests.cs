using NeuroActors.Kernel.Neurons;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// The factory finds the group of each model by the models the groups declare (<see cref="INeuronModelGroup"/>), so
/// every model of the catalogue that the float kernel runs must have one, built from the population's parameters, with
/// the catalogue's state variables and parameters; a model of another backend (loihi_lif) has none, and says so.
/// </summary>
public class NeuronModelRegistryTests
{
    public static TheoryData<string> Models() => new(NeuronModels.Catalogue.Where(m => m.NativeBackend is null).Select(m => m.YamlName));

    [Fact]
    public void A_model_of_another_backend_has_no_group_and_the_factory_names_its_backend()
    {
        var spec = new NetworkBuilder("registry").Population("loihi", 3, NeuronModel.LoihiLif).Build();

        var error = Assert.Throws<ArgumentException>(() => NeuronGroupFactory.Create(spec, 0, 0, 3, 0));

        Assert.StartsWith("model loihi_lif of population loihi runs only on backend loihi; the float kernel has no group for it", error.Message);
        Assert.Equal("loihi", spec.Populations[0].BackendName);
    }

    [Fact]
    public void Initial_state_gives_each_neuron_the_value_the_factory_gives_its_group()
    {
        var spec = new NetworkBuilder("registry", seed: 77)
            .Population("a", 4, NeuronModel.IafPscDelta)
            .Population("b", 9, NeuronModel.IafPscExp, new() { ["e_l"] = -61 }, new() { ["i_syn_ex"] = Distribution.Uniform(0, 50) })
            .Build();
        spec = spec with { Populations = [spec.Populations[0], spec.Populations[1] with { InitialLists = new Dictionary<string, double[]> { ["v"] = [.. Enumerable.Range(0, 9).Select(i => -70.0 + i)] } }] };

        var group = NeuronGroupFactory.Create(spec, 1, 3, 5, 4 + 3);

        for (int v = 0; v < group.Variables.Count; v++)
            for (int i = 0; i < 5; i++)
                Assert.Equal(group.Variable(v)[i], InitialState.Value(spec, 1, v, 3 + i, 4 + 3 + i));
        Assert.Equal(-70, InitialState.Value(spec, 0, 0, 2, 2)); // iaf_psc_delta starts at its e_l
        Assert.NotEqual(InitialState.Value(spec, 1, 1, 0, 4), InitialState.Value(spec, 1, 1, 1, 5));
    }

    [Fact]
    public void Initial_values_given_per_neuron_fill_the_slice_they_cover()
    {
        var spec = new NetworkBuilder("registry").Population("p", 5, NeuronModel.IafPscExp).Build();
        spec = spec with
        {
            Populations = [spec.Populations[0] with { InitialLists = new Dictionary<string, double[]> { ["v"] = [-70, -69, -68, -67, -66] } }],
        };

        var group = NeuronGroupFactory.Create(spec, 0, 2, 3, 2);

        Assert.Equal([-68.0, -67, -66], group.Variable(group.VariableIndex("v")).Take(3));
        Assert.Equal([0.0, 0, 0], group.Variable(group.VariableIndex("i_syn_ex")).Take(3));
    }

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
