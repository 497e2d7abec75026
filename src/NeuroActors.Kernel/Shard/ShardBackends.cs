using System.Collections.Concurrent;
using NeuroActors.Kernel.Network;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Shard;

/// <summary>
/// The shard backends a process can run, by name. <c>cpu</c> (<see cref="ShardKernel"/>) is always there; another
/// backend is one file that implements <see cref="IShardBackend"/> plus one call to
/// <see cref="Register(ShardBackendKind)"/> (or <see cref="Register(string, Func{ShardBackendKind})"/>, which loads the
/// backend only when a model names it) before a model that names it is planned (on a cluster, in every node's process).
/// </summary>
public static class ShardBackends
{
    // Lazy: a backend registered by name is built, and its assembly loaded, the first time something asks for it.
    private static readonly ConcurrentDictionary<string, Lazy<ShardBackendKind>> Kinds = new(StringComparer.Ordinal);

    static ShardBackends() => Register(Cpu);

    /// <summary>The floating-point CPU kernel: every population that names no backend.</summary>
    public static ShardBackendKind Cpu { get; } = new(PopulationSpec.DefaultBackend, (plan, shard) => new ShardKernel(plan, shard), ShardKernel.StateNames) { PlasticSynapses = true };

    /// <summary>
    /// Makes <paramref name="kind"/> available to models under its name. Registering the same kind again does
    /// nothing; another kind under a name already taken is refused.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a backend name, or another backend has it.</exception>
    public static void Register(ShardBackendKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        CheckName(kind.Name, nameof(kind));
        if (!ReferenceEquals(Kinds.GetOrAdd(kind.Name, new Lazy<ShardBackendKind>(() => kind)).Value, kind))
            throw new ArgumentException($"backend name '{kind.Name}': another backend is registered under it", nameof(kind));
    }

    /// <summary>
    /// Makes the backend that <paramref name="kind"/> returns available under <paramref name="name"/>, built the first
    /// time it is asked for (a model names it): a process that never runs it does not load its assembly. Once a name
    /// is registered, registering it again this way does nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a backend name.</exception>
    public static void Register(string name, Func<ShardBackendKind> kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        CheckName(name, nameof(name));
        Kinds.TryAdd(name, new Lazy<ShardBackendKind>(kind));
    }

    private static void CheckName(string name, string parameter)
    {
        if (!PopulationSpec.IsBackendName(name))
            throw new ArgumentException($"backend name: got '{name}'; a backend name is a lowercase letter, then lowercase letters, digits and '-'", parameter);
    }

    /// <summary>The registered names, sorted.</summary>
    public static IReadOnlyList<string> Names => [.. Kinds.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The backend registered as <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No backend has that name; the message lists those that do.</exception>
    /// <exception cref="InvalidOperationException">The registration under that name built a backend of another name.</exception>
    public static ShardBackendKind Get(string name)
    {
        if (!Kinds.TryGetValue(name, out var registered))
            throw new ArgumentException($"backend: got '{name}'; valid backends are: {string.Join(", ", Names)}", nameof(name));
        var kind = registered.Value;
        return kind.Name == name ? kind : throw new InvalidOperationException($"backend '{name}': its registration built a backend named '{kind.Name}'");
    }

    /// <summary>
    /// One error per population whose backend is not registered, and per plastic projection into a population whose
    /// backend has no plastic synapses, in the model validator's style.
    /// </summary>
    public static IReadOnlyList<ModelError> Check(NetworkSpec spec)
    {
        var errors = new List<ModelError>();
        for (int p = 0; p < spec.Populations.Count; p++)
        {
            string name = spec.Populations[p].BackendName;
            if (!Kinds.ContainsKey(name))
                errors.Add(new ModelError($"populations[{p}].backend", $"'{name}'", $"not a registered shard backend; valid backends are: {string.Join(", ", Names)}"));
        }
        for (int j = 0; j < spec.Projections.Count; j++)
        {
            var pr = spec.Projections[j];
            if (pr.Synapse.Plasticity is not { } plasticity || spec.PopulationIndex(pr.Target) < 0) continue;
            var target = spec.Population(pr.Target);
            if (Kinds.TryGetValue(target.BackendName, out var registered) && registered.Value is var kind && !kind.PlasticSynapses)
                errors.Add(new ModelError($"projections[{j}].synapse.model", $"'{PlasticitySpec.NameOf(plasticity.Rule)}'",
                    $"population {target.Name} runs on shard backend '{kind.Name}', which has no plastic synapses; make the synapse static or use a backend with them ({string.Join(", ", Kinds.Values.Select(k => k.Value).Where(k => k.PlasticSynapses).Select(k => k.Name).Order(StringComparer.Ordinal))})"));
        }
        return errors;
    }

    /// <summary>Throws <see cref="ModelException"/> when <see cref="Check"/> finds a population whose backend is not registered, or plastic synapses it cannot run.</summary>
    public static void ThrowIfUnknown(NetworkSpec spec)
    {
        var errors = Check(spec);
        if (errors.Count > 0) throw new ModelException(errors);
    }

    /// <summary>
    /// Throws <see cref="ModelException"/> with what the backends in use refuse to run in <paramref name="spec"/>
    /// (<see cref="ShardBackendKind.Refusals"/>): called before a run builds anything, not when a model is loaded or
    /// inspected.
    /// </summary>
    public static void ThrowIfRefused(NetworkSpec spec)
    {
        var errors = new List<ModelError>();
        foreach (var name in spec.Populations.Select(p => p.BackendName).Distinct())
            if (Kinds.TryGetValue(name, out var kind) && kind.Value.Refusals is { } refusals) errors.AddRange(refusals(spec));
        if (errors.Count > 0) throw new ModelException(errors);
    }

    /// <summary>Builds shard <paramref name="shard"/> of <paramref name="plan"/> with the backend of its populations.</summary>
    public static IShardBackend Build(NetworkPlan plan, int shard) => Get(plan.Cut.BackendOf(shard)).Build(plan, shard);

    /// <summary>How many receptors population <paramref name="population"/>'s pending input may name (<see cref="ShardBackendKind.Receptors"/>).</summary>
    public static int Receptors(NetworkSpec spec, int population) =>
        Get(spec.Populations[population].BackendName).Receptors?.Invoke(spec, population) ?? 2;

    /// <summary>The columns of population <paramref name="population"/>'s state rows, as its backend writes them.</summary>
    public static IReadOnlyList<string> StateNames(NetworkSpec spec, int population) =>
        Get(spec.Populations[population].BackendName).StateNames(spec, population);
}
