using NeuroActors.Kernel.Shard;

namespace NeuroActors.Runtime.Sessions;

/// <summary>Where a session's checkpoints are written and read.</summary>
internal static class CheckpointFiles
{
    public static void Save(Checkpoint checkpoint, string path) => checkpoint.Save(path);
}
