using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Routing;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Runtime;

/// <summary>What to run and how.</summary>
/// <param name="Spec">The model.</param>
/// <param name="Shards">Number of shard actors.</param>
/// <param name="Resume">
/// A checkpoint to start from (the run then starts at its time): a format-2 directory
/// (<see cref="CheckpointSource.FromDirectory"/>), or a whole <see cref="Checkpoint"/> in memory, which converts
/// implicitly. Each shard restores only its own gids. The recordings a directory carries
/// (<see cref="CheckpointRecordings"/>) are copied into the session's store, so the results are those of the whole run.
/// </param>
/// <param name="CheckpointAtMs">Biological time at which to write a checkpoint (absolute, within the run).</param>
/// <param name="CheckpointPath">Where to write it.</param>
/// <param name="Cut">
/// How populations are cut into shards; null for the embedded default (shard k holds slice k of every population).
/// When given, <paramref name="Shards"/> must equal its length.
/// </param>
/// <param name="Routes">With a cut: where each shard's packets go (from routing tables); null to derive it from the projections.</param>
/// <param name="PacketsPerWindow">
/// Packets each window is sent as (<see cref="WindowedShard.PacketsPerWindow"/>); the spikes are the same for any
/// value. Null for the default: 1 in one process, <see cref="DistributedPacketsPerWindow"/> in a cluster run, where
/// splitting a window lets its packets travel between processes while the next part is computed.
/// </param>
/// <param name="CheckpointEveryMs">Write a checkpoint whenever the simulation reaches a multiple of this time (ms), into <paramref name="CheckpointDirectory"/>.</param>
/// <param name="KeepCheckpoints">How many of the periodic checkpoints to keep (the newest); older ones are deleted.</param>
/// <param name="CheckpointDirectory">Where periodic checkpoints are written, each as <c>checkpoint-&lt;time&gt;ms</c>.</param>
/// <param name="RecordingDirectory">Where the session keeps recordings on disk until they are collected (default: <see cref="DefaultRecordingDirectory"/>).</param>
/// <param name="SharedCheckpointDirectory">
/// Cluster runs: checkpoint directories are on storage every node reaches under the same path, so each shard writes
/// its part and reads what it restores there itself. Otherwise parts travel in pieces to the session's node, which
/// writes them, and back. Runs in one process always write and read directly.
/// </param>
/// <param name="ResumeSettings">With <paramref name="Resume"/>: the trial, parameters, rates and spike times its session had set (<see cref="Sessions.CheckpointFiles.Load"/>).</param>
/// <param name="EndStep">
/// The step the run ends at; null for its start (<paramref name="Resume"/>'s step, or 0) plus the model's duration. A
/// cluster run that recovers from the loss of a node resumes from a later checkpoint and still ends where the run it
/// replaces would have.
/// </param>
public sealed record RunRequest(NetworkSpec Spec, int Shards, CheckpointSource? Resume = null, double? CheckpointAtMs = null, string? CheckpointPath = null,
    IReadOnlyList<IReadOnlyList<ShardSlice>>? Cut = null, IReadOnlyList<IReadOnlyList<int>>? Routes = null, int? PacketsPerWindow = null,
    double? CheckpointEveryMs = null, int KeepCheckpoints = RunRequest.DefaultKeepCheckpoints, string? CheckpointDirectory = null,
    Sessions.SessionSettings? ResumeSettings = null, string? RecordingDirectory = null, bool SharedCheckpointDirectory = false,
    long? EndStep = null)
{    /// <summary>
    /// Where sessions keep recordings by default: a folder of their own in the system's temporary directory, so that
    /// looking for the directories of killed runs reads only it, however full the temporary directory is.
    /// </summary>
    public static string DefaultRecordingDirectory => Path.Combine(Path.GetTempPath(), "neuroactors-recordings");


    /// <summary>Periodic checkpoints kept when none is said.</summary>
    public const int DefaultKeepCheckpoints = 2;

    /// <summary>Packets per window of a cluster run when none is given.</summary>
    public const int DistributedPacketsPerWindow = 2;

    /// <summary>The step the run starts at: its checkpoint's, or 0.</summary>
    public long StartStep => Resume?.Step ?? 0;

    /// <summary>The step the run ends at (see <see cref="EndStep"/>).</summary>
    public long LastStep => EndStep ?? StartStep + Spec.Simulation.Steps;

    /// <summary>The plan of this run: the cut, the windows, who sends to whom.</summary>
    public NetworkPlan Plan() => Cut is null ? new NetworkPlan(Spec, Shards) : new NetworkPlan(Spec, Cut, Routes);
}

/// <summary>Progress of a running simulation.</summary>
/// <param name="Phase">"build", "simulate", "checkpoint", or "recover" (a worker was lost; the run goes back and on).</param>
/// <param name="Step">Steps completed by the slowest shard.</param>
/// <param name="StartStep">First step of the run.</param>
/// <param name="EndStep">Last step of the run.</param>
/// <param name="DtMs">Time step.</param>
/// <param name="ElapsedSeconds">Wall time since simulation began.</param>
/// <param name="Detail">What happened, in one line, for phases that are events rather than progress ("recover": a node was lost).</param>
public sealed record RunProgress(string Phase, long Step, long StartStep, long EndStep, double DtMs, double ElapsedSeconds, string? Detail = null)
{
    /// <summary>Biological time reached in ms.</summary>
    public double TimeMs => Step * DtMs;

    /// <summary>Wall time per biological time so far.</summary>
    public double RealTimeFactor => Step > StartStep ? ElapsedSeconds / ((Step - StartStep) * DtMs / 1000.0) : 0;
}
