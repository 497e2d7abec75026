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
    public static async Task<RunResult> RunAsync(Session session, RunRequest request, CancellationToken cancellation = default)
    {
        var plan = session.Info.Plan;
        long end = session.Step + request.Spec.Simulation.Steps;
        long? at = request.CheckpointAtMs is { } atMs ? plan.StepsFor(atMs) : null;
        long? every = request.CheckpointEveryMs is { } everyMs ? plan.StepsFor(everyMs) : null;
        var periodic = new Queue<string>();
        while (session.Step < end)
        {
            // Periodic checkpoints fall on multiples of the period since time 0, so a resumed run keeps the same times.
            long next = end;
            if (at is { } a && a > session.Step) next = Math.Min(next, a);
            if (every is { } e) next = Math.Min(next, (session.Step / e + 1) * e);
            await session.RunStepsAsync(next - session.Step, cancellation);
            if (at == session.Step) await session.CheckpointAsync(request.CheckpointPath!, cancellation);
            if (every is { } period && session.Step % period == 0)
            {
                string path = Path.Combine(request.CheckpointDirectory!, PeriodicName(session.TimeMs));
                await session.CheckpointAsync(path, cancellation);
                periodic.Enqueue(path);
                while (periodic.Count > request.KeepCheckpoints) Delete(periodic.Dequeue());
            }
        }
        return await session.CollectAsync(cancellation);
    }

    /// <summary>Name of the periodic checkpoint written at <paramref name="timeMs"/>.</summary>
    public static string PeriodicName(double timeMs) => $"checkpoint-{timeMs:0.###}ms";

    private static void Delete(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        else File.Delete(path);
    }
}
