namespace NeuroActors.Kernel.Shard;

/// <summary>
/// Marks a method that runs between runs (a session's commands: reset, parameters, weights, snapshots), never while
/// simulating. <see cref="Precompile"/> leaves it, and the lambdas written inside it, to be compiled when first called,
/// so that building a network pays only for the code a run calls.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, Inherited = false)]
public sealed class BetweenRunsAttribute : Attribute;
