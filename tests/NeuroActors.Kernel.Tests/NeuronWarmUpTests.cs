using System.Reflection;
using System.Runtime;
using System.Runtime.Loader;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// The factory compiles a group's update while the network is built (<see cref="NeuronSimd.Compile"/>, which finds
/// the methods by reflection); what it misses is compiled in the first window of a timed run instead. The case runs
/// in a fresh load context, where nothing of the kernel is compiled yet, and counts what this thread compiles.
/// </summary>
public class NeuronWarmUpTests
{
    [Fact]
    public void Groups_built_by_the_factory_compile_nothing_in_their_first_update()
    {
        Assert.Equal(0, InFreshContext(throughFactory: true));
    }

    [Fact]
    public void Groups_built_without_it_compile_their_paths_in_the_first_update()
    {
        // What the other case counts as 0 is seen when it is there: five updates at two widths at least.
        Assert.True(InFreshContext(throughFactory: false) >= 10);
    }

    private static long InFreshContext(bool throughFactory)
    {
        var context = new FreshKernel();
        try
        {
            var tests = context.LoadFromAssemblyPath(typeof(NeuronWarmUpTests).Assembly.Location);
            var scenario = tests.GetType(typeof(FirstUpdates).FullName!)!.GetMethod(nameof(FirstUpdates.Compilations))!;
            return (long)scenario.Invoke(null, [throughFactory])!;
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Loads this project's own assemblies anew (so the kernel is compiled anew), everything else as usual.</summary>
    private sealed class FreshKernel() : AssemblyLoadContext("fresh kernel", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name) => name.Name!.StartsWith("NeuroActors.", StringComparison.Ordinal)
            ? LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, name.Name + ".dll"))
            : null;
    }
}

/// <summary>Runs inside the fresh context.</summary>
internal static class FirstUpdates
{
    /// <summary>
    /// The methods this thread compiles in the first update of a group of every model (37 neurons: vectors and a
    /// tail), built by the factory or by the groups' own <see cref="INeuronModelGroup.Create"/>, which does not compile.
    /// </summary>
    public static long Compilations(bool throughFactory)
    {
        const int count = 37;
        Span<double> excitatory = new double[count], inhibitory = new double[count], current = new double[count];
        Span<int> spiked = new int[count];
        // Every model the float kernel updates (loihi_lif runs on its own backend), and iaf_cond_exp also with E_ex ≠ 0 (its other specialisation).
        var specs = NeuronModels.Catalogue.Where(m => !m.IsSource && m.NativeBackend is null).Select(m => Spec(m, []))
            .Append(Spec(NeuronModel.IafCondExp, new() { ["e_ex"] = 5 }));
        var groups = specs.Select(spec => throughFactory ? NeuronGroupFactory.Create(spec, 0, 0, count, 0) : Build(spec)).ToArray();
        long before = JitInfo.GetCompiledMethodCount(currentThread: true);
        for (int g = 0; g < groups.Length; g++) groups[g].Update(0, excitatory, inhibitory, current, spiked);
        return JitInfo.GetCompiledMethodCount(currentThread: true) - before;
    }

    private static NetworkSpec Spec(NeuronModel model, Dictionary<string, double> parameters) =>
        new NetworkBuilder("warm-up").Population("p", 37, model, parameters).Build();

    private static NeuronGroup Build(NetworkSpec spec)
    {
        var slice = new GroupSlice(spec, 0, 0, 37, 0);
        var model = spec.Populations[0].Model;
        return model == NeuronModel.IafPscDelta ? IafPscDelta.Create(slice)
            : model == NeuronModel.IafPscExp ? IafPscExp.Create(slice)
            : model == NeuronModel.IafCondExp ? IafCondExp.Create(slice)
            : model == NeuronModel.IafPscAlpha ? IafPscAlpha.Create(slice)
            : model == NeuronModel.SnnLeaky ? SnnLeaky.Create(slice)
            : model == NeuronModel.LeakyReadout ? LeakyReadout.Create(slice)
            : Izhikevich.Create(slice);
    }
}
