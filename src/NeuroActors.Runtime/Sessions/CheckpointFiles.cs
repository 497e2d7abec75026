using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Runtime.Sessions;

/// <summary>A checkpoint to start from: the network's state and what the session had changed (see <see cref="SessionSettings"/>).</summary>
/// <param name="Checkpoint">The state.</param>
/// <param name="Settings">Trial, parameters, rates and spike times to apply after the build (none for a format-1 file).</param>
public sealed record ResumePoint(Checkpoint Checkpoint, SessionSettings Settings);

/// <summary>A session's checkpoints on disk: format-2 directories (see <see cref="CheckpointStore"/>), format-1 files read too.</summary>
public static class CheckpointFiles
{
    /// <summary>Writes the snapshots of every shard, with the session's settings, as a checkpoint directory at <paramref name="path"/>.</summary>
    internal static void Save(NetworkSpec spec, IReadOnlyList<ShardSnapshot> snapshots, string path, SessionSettings settings) =>
        CheckpointStore.Save(path, CheckpointLayout.Of(spec), snapshots, settings.ToJson());

    /// <summary>Reads the checkpoint at <paramref name="path"/> (a directory, or a format-1 file) of <paramref name="spec"/>.</summary>
    /// <exception cref="CheckpointException">Missing, incomplete, damaged, or of another model or seed.</exception>
    public static ResumePoint Load(string path, NetworkSpec spec)
    {
        var layout = CheckpointLayout.Of(spec);
        var checkpoint = CheckpointStore.Load(path, layout);
        var settings = CheckpointStore.Detect(path) == CheckpointFormat.Directory2
            ? SessionSettings.FromJson(CheckpointDirectory.ReadManifest(path, layout).Session, spec, path)
            : SessionSettings.None;
        return new ResumePoint(checkpoint, settings);
    }
}
