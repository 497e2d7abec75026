namespace NeuroActors.Kernel.Shard;

/// <summary>
/// A weight entry refused for one synapse (missing, unknown, repeated, or a weight the projection refuses): an
/// <see cref="ArgumentException"/> that also names the synapse's target, so that whoever gave the entries (a checkpoint's
/// part) can be named in the message.
/// </summary>
public sealed class SynapseEntryException(string message, int targetGid, string? paramName = null) : ArgumentException(message, paramName)
{
    /// <summary>Global id of the target of the synapse the entry is about.</summary>
    public int TargetGid { get; } = targetGid;
}
