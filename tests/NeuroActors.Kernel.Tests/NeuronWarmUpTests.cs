using System.Reflection;
using System.Runtime;
using System.Runtime.Loader;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// <see cref="NeuronSimd.CompileHotPaths"/> finds the updates to compile by reflection; what it misses is compiled in
/// the first window of a timed run instead. Each case runs in a fresh load context, where nothing of the kernel is
/// compiled yet, and counts what the first update of every model compiles on this thread.
/// </summary>
public class NeuronWarmUpTests
{
    [Fact]
    public void After_CompileHotPaths_the_first_updates_compile_nothing()
    {
        Assert.Equal(0, InFreshContext(warm: true));
    }

    [Fact]
    public void Without_it_the_first_updates_compile_their_paths()
    {
        // What the other case counts as 0 is seen when it is there: the updates of five groups at two widths at least.
        Assert.True(InFreshContext(warm: false) >= 10);
    }

    private static long InFreshContext(bool warm)
    {
        var context = new FreshKernel();
        try
        {
            var tests = context.LoadFromAssemblyPath(typeof(NeuronWarmUpTests).Assembly.Location);
            var scenario = tests.GetType(typeof(FirstUpdates).FullName!)!.GetMethod(nameof(FirstUpdates.Compilations))!;
            return (long)scenario.Invoke(null, [warm])!;
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
    /// <summary>The methods this thread compiles in the first update of a group of every model.</summary>
    public static long Compilations(bool warm)
    {
        const int count = 37;
        // Every model that has an update, and iaf_cond_exp also with E_ex ≠ 0 (its other specialisation).
        var groups = NeuronModels.Catalogue.Where(m => !m.IsSource).Select(m => Group(m, []))
            .Append(Group(NeuronModel.IafCondExp, new() { ["e_ex"] = 5 })).ToArray();
        Span<double> excitatory = new double[count], inhibitory = new double[count], current = new double[count];
        Span<int> spiked = new int[count];
        if (warm) NeuronSimd.CompileHotPaths();
        long before = JitInfo.GetCompiledMethodCount(currentThread: true);
        for (int g = 0; g < groups.Length; g++) groups[g].Update(0, excitatory, inhibitory, current, spiked);
        return JitInfo.GetCompiledMethodCount(currentThread: true) - before;
    }

    private static NeuronGroup Group(NeuronModel model, Dictionary<string, double> parameters) =>
        NeuronGroupFactory.Create(new NetworkBuilder("warm-up").Population("p", 37, model, parameters).Build(), 0, 0, 37, 0);
}
