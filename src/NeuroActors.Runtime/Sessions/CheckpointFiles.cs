using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Runtime.Sessions;

/// <summary>A checkpoint to start from: the network's state and what the session had changed (see <see cref="SessionSettings"/>).</summary>
/// <param name="Checkpoint">The state, read section by section as each shard needs it.</param>
/// <param name="Settings">Trial, parameters, rates and spike times to apply after the build (none for a format-1 file).</param>
public sealed record ResumePoint(CheckpointSource Checkpoint, SessionSettings Settings)
{
    /// <summary>
    /// What the checkpoint carries of the run before it (null for a format-1 file, or a checkpoint written without
    /// recordings). A session resumed from <see cref="Checkpoint"/> continues them by itself: its results start at
    /// <see cref="CheckpointRecordings.FromStep"/>.
    /// </summary>
    public CheckpointRecordings? Recordings { get; init; }
}

/// <summary>A session's checkpoints on disk: format-2 directories (see <see cref="CheckpointStore"/>), format-1 files read too.</summary>
public static class CheckpointFiles
{
    /// <summary>Reads the checkpoint at <paramref name="path"/> (a directory, or a format-1 file) of <paramref name="spec"/>.</summary>
    /// <exception cref="CheckpointException">Missing, incomplete, damaged, or of another model or seed.</exception>
    public static ResumePoint Load(string path, NetworkSpec spec)
    {
        var layout = CheckpointLayout.Of(spec);
        var checkpoint = CheckpointSource.Open(path, layout);
        var manifest = checkpoint.Manifest(layout);
        if (checkpoint.Directory is null) return new ResumePoint(checkpoint, SessionSettings.None);
        // Its files are verified when a session copies them in; a bad description is refused here already.
        return new ResumePoint(checkpoint, SessionSettings.FromJson(manifest.Session, spec, path))
        {
            Recordings = CheckpointRecordings.FromJson(manifest.Session, spec, manifest.Step, path),
        };
    }
}
