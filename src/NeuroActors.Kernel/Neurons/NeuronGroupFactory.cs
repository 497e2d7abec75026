using System.Reflection;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Random;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>Creates the group for a population slice and draws its initial state from global ids.</summary>
public static class NeuronGroupFactory
{
    /// <summary>How to build each model's groups: every public <see cref="INeuronModelGroup"/> of this assembly.</summary>
    private static readonly Dictionary<NeuronModel, Func<GroupSlice, NeuronGroup>> Builders = FindBuilders();

    /// <summary>
    /// The group holding neurons [start, start+count) of population <paramref name="popIndex"/>, whose first global id is
    /// <paramref name="firstGid"/>. Initial values are the population's per-neuron list when it gives one, else drawn per
    /// neuron from the stream (seed, population, variable; gid).
    /// The update the group will run is compiled now, while the network is built.
    /// </summary>
    /// <exception cref="ArgumentException">No group implements the population's model (a model of another backend, such as loihi_lif).</exception>
    public static NeuronGroup Create(NetworkSpec spec, int popIndex, int start, int count, int firstGid)
    {
        var pop = spec.Populations[popIndex];
        if (!Builders.TryGetValue(pop.Model, out var build))
            throw new ArgumentException(pop.Model.NativeBackend is { } native
                ? $"model {pop.Model.YamlName} of population {pop.Name} runs only on backend {native}; the float kernel has no group for it"
                : $"no neuron group implements model {pop.Model.YamlName}", nameof(spec));
        var group = build(new GroupSlice(spec, popIndex, start, count, firstGid));
        for (int v = 0; v < group.Variables.Count; v++)
        {
            string name = group.Variables[v];
            var values = group.Variable(v);
            if (pop.InitialLists is { } lists && lists.TryGetValue(name, out var given))
            {
                Array.Copy(given, start, values, 0, count);
            }
            else if (pop.Initial.TryGetValue(name, out var dist))
            {
                for (int i = 0; i < count; i++)
                {
                    var rng = new RandomStream(spec.Simulation.Seed, Streams.Initial(popIndex, v), (uint)(firstGid + i));
                    values[i] = dist.Draw(ref rng);
                }
            }
            else
            {
                Array.Fill(values, pop.Model.DefaultInitial(pop, name), 0, count);
            }
        }
        if (group is VectorNeuronGroup vector) vector.CompileUpdate();
        return group;
    }

    /// <summary>
    /// Compiles the updates that the float kernel's groups of <paramref name="plan"/> will run on this machine, without
    /// building them: what <see cref="Create"/> would compile for each slice. Meant to run on another core while
    /// something else starts (the in-process run calls it while its actor system starts), so that the build does not
    /// wait for the compiler; <see cref="Create"/> then finds the updates compiled. Safe to run while groups are created.
    /// </summary>
    public static void CompileUpdates(NetworkPlan plan)
    {
        var spec = plan.Spec;
        for (int p = 0; p < spec.Populations.Count; p++)
        {
            if (spec.Populations[p].BackendName != PopulationSpec.DefaultBackend || !Builders.TryGetValue(spec.Populations[p].Model, out var build)) continue;
            // An empty group has the model's parameters and so chooses the update its slices will run.
            if (build(new GroupSlice(spec, p, 0, 0, 0)) is not VectorNeuronGroup empty) continue;
            for (int k = 0; k < plan.Shards; k++)
                if (plan.Slice(p, k).Count is var count and > 0) empty.CompileUpdate(count);
        }
    }

    private static Dictionary<NeuronModel, Func<GroupSlice, NeuronGroup>> FindBuilders()
    {
        var builders = new Dictionary<NeuronModel, Func<GroupSlice, NeuronGroup>>();
        var entryOf = typeof(NeuronGroupFactory).GetMethod(nameof(EntryOf), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var group in typeof(NeuronGroupFactory).Assembly.GetExportedTypes().Where(t => !t.IsAbstract && t.IsAssignableTo(typeof(INeuronModelGroup))))
        {
            var (model, create) = ((NeuronModel, Func<GroupSlice, NeuronGroup>))entryOf.MakeGenericMethod(group).Invoke(null, null)!;
            if (!builders.TryAdd(model, create))
                throw new InvalidOperationException($"two neuron groups implement model {model.YamlName}, {group.Name} among them");
        }
        return builders;
    }

    private static (NeuronModel Model, Func<GroupSlice, NeuronGroup> Create) EntryOf<T>() where T : INeuronModelGroup =>
        (T.Model, T.Create);
}
