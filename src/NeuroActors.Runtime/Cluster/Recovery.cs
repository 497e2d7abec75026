using Akka.Actor;
using Akka.Cluster;
using NeuroActors.Results;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Runtime.Cluster;

/// <summary>
/// A cluster run's recoveries from lost workers: after each loss, what the next session starts from (the run's last
/// complete checkpoint, or the run's own start) and, once that session is built, what the loss cost.
/// </summary>
internal sealed class Recovery(RunRequest run)
{
    private readonly RunRequest _run = run;
    private readonly HashSet<Address> _lostNodes = [];
    private readonly List<RunRecovery> _recoveries = [];
    private Pending? _pending;
    private double? _firstReady;

    /// <summary>A loss whose replacement session is being built.</summary>
    private sealed record Pending(NodeLostException Lost, long RestartStep, string? Checkpoint, int Workers, double NoticedAt, double LastGoodAt);

    /// <summary>What the next session runs: the run itself, or after a loss the run from where it goes back to.</summary>
    public RunRequest Request { get; private set; } = run;

    /// <summary>The session lost with the latest loss: its shards are released before the next session's are hosted.</summary>
    public IActorRef? LostSession { get; private set; }

    /// <summary>The id of <see cref="LostSession"/>.</summary>
    public string? LostSessionId { get; private set; }

    /// <summary>Bytes of synapses the run's first session built (the same under any cut); null before it was built.</summary>
    public long? SynapseBytes { get; private set; }

    /// <summary>What the latest loss was, for an error that stops the recovery (e.g. too little memory left).</summary>
    public string? Context { get; private set; }

    /// <summary>Every node lost during the run (none of them takes part again).</summary>
    public IReadOnlySet<Address> LostNodes => _lostNodes;

    /// <summary>The recoveries so far, in order.</summary>
    public IReadOnlyList<RunRecovery> Recoveries => _recoveries;

    /// <summary>
    /// Notes <paramref name="lost"/> and prepares the next session: from the last complete checkpoint when there is one,
    /// else from the run's start, on <paramref name="remaining"/>, which it returns.
    /// </summary>
    /// <exception cref="ClusterRunException">No worker is left, or the checkpoint to go back to cannot be read.</exception>
    public List<Member> Lose(NodeLostException lost, IActorRef session, string sessionId, Sessions.RunCheckpoints checkpoints, List<Member> remaining,
        IProgress<RunProgress>? progress)
    {
        double noticed = checkpoints.Elapsed;
        double dt = _run.Spec.Simulation.DtMs;
        _lostNodes.Add(lost.Node);
        LostSession = session;
        LostSessionId = sessionId;
        string where = $"node {lost.Node} was lost at window {lost.Window} (t = {lost.Step * dt:0.###} ms)";
        Context = where + (checkpoints.Last is { } resumable ? $" (its last checkpoint, to --resume from: {resumable})" : "");
        if (remaining.Count == 0)
            throw new ClusterRunException($"{where} and no worker is left to go on with; start workers with 'neuroactors node --seed HOST:PORT' and run again" +
                (checkpoints.Last is { } last ? $" with --resume {last}" : ""));
        // A checkpoint that was being written when the node went has no manifest: it is not one, and goes.
        if (checkpoints.Writing is { } partial)
        {
            try { Sessions.RunDriver.Delete(partial); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* an incomplete directory is refused on resume anyway */ }
            checkpoints.Writing = null;
        }
        long restart = _run.StartStep;
        if (checkpoints.Last is { } path)
        {
            Sessions.ResumePoint point;
            try { point = Sessions.CheckpointFiles.Load(path, _run.Spec); }
            catch (CheckpointException ex)
            {
                throw new ClusterRunException($"{where}; its last checkpoint cannot be read back: {ex.Message}");
            }
            restart = point.Checkpoint.Step;
            Request = _run with
            {
                Resume = point.Checkpoint,
                ResumeSettings = point.Settings,
                // A --checkpoint-at the run has passed was written already, before this checkpoint.
                CheckpointAtMs = _run.CheckpointAtMs is { } at && (long)Math.Round(at / dt) > restart ? at : null,
            };
        }
        else Request = _run;
        _pending = new Pending(lost, restart, checkpoints.Last, remaining.Count, noticed, checkpoints.Last is null ? _firstReady ?? 0 : checkpoints.LastCompletedAt);
        progress?.Report(new RunProgress("recover", restart, restart, _run.LastStep, dt, 0,
            $"{where}; going on from " + (checkpoints.Last is null ? $"the run's start (t = {restart * dt:0.###} ms, no complete checkpoint yet)" : $"the checkpoint at t = {restart * dt:0.###} ms")
            + $" on {remaining.Count} worker{(remaining.Count == 1 ? "" : "s")}"));
        return remaining;
    }

    /// <summary>A session of the run is built (and restored): after a loss, the recovery is complete.</summary>
    public void Ready(Sessions.Session session, Sessions.RunCheckpoints checkpoints)
    {
        SynapseBytes ??= session.Info.SynapseBytes;
        double now = checkpoints.Elapsed;
        _firstReady ??= now;
        if (_pending is not { } p) return;
        _pending = null;
        double dt = _run.Spec.Simulation.DtMs;
        _recoveries.Add(new RunRecovery(p.Lost.Node.ToString(), p.Lost.Window, p.Lost.Step * dt, p.RestartStep * dt, p.Checkpoint, p.Workers,
            now - p.NoticedAt, now - p.LastGoodAt));
    }
}
