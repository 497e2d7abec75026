namespace NeuroActors.Results;

/// <summary>
/// One loss of a worker node that a cluster run recovered from: the run went back to its last complete checkpoint (or
/// its start) on the workers that remained and went on, so its results are those of an undisturbed run.
/// </summary>
/// <param name="Node">The lost node's address.</param>
/// <param name="Window">The last window every shard had completed when the node was lost, counted from time 0.</param>
/// <param name="LostAtMs">Biological time every shard had reached when the node was lost.</param>
/// <param name="RestartMs">Biological time the run went back to: the last complete checkpoint's, or the run's start.</param>
/// <param name="Checkpoint">The checkpoint restored; null when the run had none yet and started again from its start.</param>
/// <param name="Workers">Workers the run went on with.</param>
/// <param name="RecoverySeconds">Wall time from the loss being noticed to the network rebuilt and restored on the remaining workers.</param>
/// <param name="WallSecondsLost">
/// Wall time the loss cost: from the moment the restored checkpoint was complete (or the run began) to the network
/// rebuilt and restored, i.e. the work thrown away plus the recovery.
/// </param>
public sealed record RunRecovery(string Node, long Window, double LostAtMs, double RestartMs, string? Checkpoint, int Workers,
    double RecoverySeconds, double WallSecondsLost)
{
    /// <summary>Simulated time computed twice: from the restart to where the loss happened.</summary>
    public double RedoneMs => LostAtMs - RestartMs;

    /// <summary>One line for the run's report.</summary>
    public string Describe() =>
        $"node {Node} lost at window {Window} (t = {LostAtMs:0.###} ms); " +
        (Checkpoint is null ? $"no complete checkpoint yet: restarted from the run's start (t = {RestartMs:0.###} ms)" : $"restored the checkpoint at t = {RestartMs:0.###} ms ({Checkpoint})") +
        $" on {Workers} worker{(Workers == 1 ? "" : "s")}; {RedoneMs:0.###} ms simulated again, {WallSecondsLost:0.0} s of wall time lost (recovery {RecoverySeconds:0.0} s)";
}
