using NeuroActors.Kernel.Network;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Shard;

/// <summary>
/// A shard backend as registered with <see cref="ShardBackends"/>: the name populations choose it by
/// (<c>backend:</c> in the model), how it builds a shard, and the columns of its neurons' state rows in checkpoints.
/// </summary>
/// <param name="Name">The name in model files: lowercase letters, digits and '-'.</param>
/// <param name="Build">Builds shard k of a plan; the plan gives every shard of this backend populations of this backend only.</param>
/// <param name="StateNames">
/// The names of the columns of a population's state rows in <see cref="IShardBackend.Snapshot"/>: the same in
/// every shard, so a checkpoint records them once and a checkpoint of another backend is refused.
/// </param>
public sealed record ShardBackendKind(string Name, Func<NetworkPlan, int, IShardBackend> Build, Func<NetworkSpec, int, IReadOnlyList<string>> StateNames)
{
    /// <summary>
    /// Whether the backend runs plastic synapses (<see cref="SynapseSpec.Plasticity"/>) onto its populations; a model
    /// with a plastic projection into a population of a backend without them is refused (<see cref="ShardBackends.Check"/>).
    /// </summary>
    public bool PlasticSynapses { get; init; }

    /// <summary>
    /// What the backend refuses to run in a model that passed the model validator (one error per population or
    /// projection, in its style), checked before a run or session builds anything (<see cref="ShardBackends.ThrowIfRefused"/>);
    /// null when it runs every valid model.
    /// </summary>
    public Func<NetworkSpec, IReadOnlyList<ModelError>>? Refusals { get; init; }

    /// <summary>
    /// How many receptors (0, 1, …) a population's pending input may name in <see cref="IShardBackend.Snapshot"/>, so
    /// that checkpoint readers can refuse any other; null for 2 (excitatory and inhibitory), as the CPU kernel has.
    /// </summary>
    public Func<NetworkSpec, int, int>? Receptors { get; init; }
}
