using System.Runtime.CompilerServices;
using NeuroActors.Loihi.Quantisation;
using NeuroActors.Model;

namespace NeuroActors.Loihi.Cores;

/// <summary>
/// The core mapping a run uses: the model's Loihi populations on the profile it chooses
/// (<see cref="LoihiProfile.Of"/>), with the weight exponents the quantisation chose for quantised projections. Computed
/// once per model object and process (every shard of a process shares it; the mapping is a pure function of the
/// model, so each process of a cluster computes the same one).
/// </summary>
public static class RunMapping
{
    private static readonly ConditionalWeakTable<NetworkSpec, Lazy<LoihiMapping>> Mappings = new();

    /// <summary>The mapping of <paramref name="spec"/>'s Loihi populations.</summary>
    /// <exception cref="LoihiMappingException">A limit of the profile is broken; the message names the population, the core, the limit and what would fit.</exception>
    public static LoihiMapping Of(NetworkSpec spec) =>
        Mappings.GetValue(spec, s => new Lazy<LoihiMapping>(() => Map(s), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static LoihiMapping Map(NetworkSpec spec)
    {
        var quantised = spec.Populations.Any(p => p.OnLoihi && p.Model.NativeBackend is null) ? LoihiQuantiser.Quantise(spec) : null;
        return ModelMapping.Map(spec, LoihiProfile.Of(spec), j => quantised?.Projection(j) is { } input
            ? new SynapseConfig(input.WeightExp, input.NumWeightBits)
            : ModelMapping.ConfigOf(spec, j));
    }

    /// <summary>
    /// A model whose Loihi populations break a limit of its profile, as one error naming the profile; none when they fit
    /// (or the model has no Loihi population). A run checks it before it builds.
    /// </summary>
    public static IReadOnlyList<ModelError> Refusals(NetworkSpec spec)
    {
        if (!ModelMapping.HasLoihi(spec)) return [];
        try
        {
            Of(spec);
            return [];
        }
        catch (LoihiMappingException ex)
        {
            return [new ModelError("simulation.loihi.profile", $"'{LoihiProfile.Of(spec).Name}'", ex.Message)];
        }
    }
}
