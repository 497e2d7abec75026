using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Runtime.Sessions;

/// <summary>Where a session's checkpoints are written: format-2 directories (see <see cref="CheckpointStore"/>).</summary>
internal static class CheckpointFiles
{
    public static void Save(NetworkSpec spec, IReadOnlyList<ShardSnapshot> snapshots, string path) =>
        CheckpointStore.Save(path, CheckpointLayout.Of(spec), snapshots);
}
