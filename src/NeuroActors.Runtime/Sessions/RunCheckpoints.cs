using System.Diagnostics;

namespace NeuroActors.Runtime.Sessions;

/// <summary>
/// The checkpoints one run has written so far, kept by its driver across the sessions of a cluster run that recovers
/// from the loss of a node: the newest complete one (where a recovery goes back to), the periodic ones still kept, and
/// the one being written (incomplete until its manifest is in).
/// </summary>
internal sealed class RunCheckpoints
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>The periodic checkpoints kept, oldest first.</summary>
    public Queue<string> Periodic { get; } = new();

    /// <summary>The checkpoint being written; null between writes.</summary>
    public string? Writing { get; set; }

    /// <summary>The newest complete checkpoint of this run; null before the first.</summary>
    public string? Last { get; private set; }

    /// <summary>The step of <see cref="Last"/>.</summary>
    public long LastStep { get; private set; }

    /// <summary>Seconds since the run began at which <see cref="Last"/> was complete (0 before the first).</summary>
    public double LastCompletedAt { get; private set; }

    /// <summary>Seconds since the run began.</summary>
    public double Elapsed => _clock.Elapsed.TotalSeconds;

    /// <summary>Notes that the checkpoint at <paramref name="path"/>, of step <paramref name="step"/>, has its manifest.</summary>
    public void Completed(string path, long step, bool periodic)
    {
        if (periodic) Periodic.Enqueue(path);
        // A checkpoint written again after a recovery went back before it replaces the older copy of itself.
        if (step >= LastStep || Last is null)
        {
            Last = path;
            LastStep = step;
            LastCompletedAt = Elapsed;
        }
    }
}
