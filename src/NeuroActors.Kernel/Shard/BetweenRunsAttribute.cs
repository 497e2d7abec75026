namespace NeuroActors.Kernel.Shard;

/// <summary>
/// Marks a method that runs between runs (a session's commands: reset, parameters, weights, snapshots), never while
/// simulating, or a nested type only such methods use. <see cref="Precompile"/> leaves it, and the lambdas written
/// inside it, to be compiled when first called, so that building a network pays only for the code a run calls.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class BetweenRunsAttribute : Attribute;
