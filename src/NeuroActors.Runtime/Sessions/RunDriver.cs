using NeuroActors.Results;

namespace NeuroActors.Runtime.Sessions;

/// <summary>
/// <c>neuroactors run</c> as a driver of a session: run the model's duration, stopping to write a checkpoint at the
/// requested time (<see cref="RunRequest.CheckpointAtMs"/>) and every <see cref="RunRequest.CheckpointEveryMs"/>
/// (keeping the newest <see cref="RunRequest.KeepCheckpoints"/> of those), then collect the results.
/// </summary>
public static class RunDriver
{
    /// <summary>Runs <paramref name="request"/> on a built <paramref name="session"/> and collects its results.</summary>
    /// <exception cref="SessionCommandException">A checkpoint could not be written.</exception>
    public static Task<RunResult> RunAsync(Session session, RunRequest request, CancellationToken cancellation = default) =>
        RunAsync(session, request, new RunCheckpoints(), cancellation);

    /// <summary>
    /// Runs <paramref name="request"/> on a built <paramref name="session"/> and writes its results directory from the
    /// recordings on disk, in memory that does not grow with the run's length; returns the run's figures.
    /// </summary>
    /// <exception cref="SessionCommandException">A checkpoint or the results could not be written.</exception>
    public static Task<RunStats> RunToDirectoryAsync(Session session, RunRequest request, ResultsOutput output, CancellationToken cancellation = default) =>
        RunToDirectoryAsync(session, request, output, new RunCheckpoints(), cancellation);

    /// <summary>As <see cref="RunAsync(Session, RunRequest, CancellationToken)"/>, noting the checkpoints written in <paramref name="checkpoints"/>.</summary>
    internal static async Task<RunResult> RunAsync(Session session, RunRequest request, RunCheckpoints checkpoints, CancellationToken cancellation)
    {
        await RunToEndAsync(session, request, checkpoints, cancellation);
        return await session.CollectAsync(cancellation);
    }

    /// <summary>As <see cref="RunToDirectoryAsync(Session, RunRequest, ResultsOutput, CancellationToken)"/>, noting the checkpoints written in <paramref name="checkpoints"/>.</summary>
    internal static async Task<RunStats> RunToDirectoryAsync(Session session, RunRequest request, ResultsOutput output, RunCheckpoints checkpoints,
        CancellationToken cancellation)
    {
        await RunToEndAsync(session, request, checkpoints, cancellation);
        var stats = await session.WriteResultsAsync(output, cancellation);
        await WeightsOutput.WriteAsync(session, output.Weights ?? [], output.Directory, output.Plots, cancellation);
        return stats;
    }

    private static async Task RunToEndAsync(Session session, RunRequest request, RunCheckpoints checkpoints, CancellationToken cancellation)
    {
        var plan = session.Info.Plan;
        long end = request.LastStep;
        long? at = request.CheckpointAtMs is { } atMs ? plan.StepsFor(atMs) : null;
        long? every = request.CheckpointEveryMs is { } everyMs ? plan.StepsFor(everyMs) : null;
        while (session.Step < end)
        {
            // Periodic checkpoints fall on multiples of the period since time 0, so a resumed run keeps the same times.
            long next = end;
            if (at is { } a && a > session.Step) next = Math.Min(next, a);
            if (every is { } e) next = Math.Min(next, (session.Step / e + 1) * e);
            await session.RunStepsAsync(next - session.Step, cancellation);
            if (at == session.Step) await WriteAsync(session, request.CheckpointPath!, checkpoints, periodic: false, cancellation);
            if (every is { } period && session.Step % period == 0)
            {
                string path = Path.Combine(request.CheckpointDirectory!, PeriodicName(session.TimeMs));
                await WriteAsync(session, path, checkpoints, periodic: true, cancellation);
                while (checkpoints.Periodic.Count > request.KeepCheckpoints) Delete(checkpoints.Periodic.Dequeue());
            }
        }
    }

    private static async Task WriteAsync(Session session, string path, RunCheckpoints checkpoints, bool periodic, CancellationToken cancellation)
    {
        checkpoints.Writing = path;
        await session.CheckpointAsync(path, cancellation);
        checkpoints.Writing = null;
        checkpoints.Completed(path, session.Step, periodic);
    }

    /// <summary>Name of the periodic checkpoint written at <paramref name="timeMs"/>.</summary>
    public static string PeriodicName(double timeMs) => $"checkpoint-{timeMs:0.###}ms";

    /// <summary>Deletes a checkpoint directory (or format-1 file) if it exists.</summary>
    internal static void Delete(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        else File.Delete(path);
    }
}

/// <summary>Where and how a run's results directory is written.</summary>
/// <param name="Directory">The results directory (created if needed; files of the same name are replaced).</param>
/// <param name="Format">Spike and trace files as HDF5 (SONATA) or CSV.</param>
/// <param name="Plots">Draw the raster and trace plots (and the weight histograms).</param>
/// <param name="Weights">Projections (labels) whose final weights are written to <c>weights.h5</c> (see <see cref="WeightsOutput"/>); none when null.</param>
public sealed record ResultsOutput(string Directory, SpikeFormat Format = SpikeFormat.Hdf5, bool Plots = true, IReadOnlyList<string>? Weights = null);
