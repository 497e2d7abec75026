using Akka.Actor;
using Akka.Configuration;
using NeuroActors.Kernel.Network;
using NeuroActors.Results;

namespace NeuroActors.Runtime;

/// <summary>
/// The embedded default: runs a model as shard actors in one ActorSystem in this process. This is the edge where
/// the caller waits for the result; inside, actors only Tell.
/// </summary>
public static class SimulationRunner
{
    /// <summary>Settings for the in-process system: quiet logging, no remoting.</summary>
    public static Config DefaultConfig { get; } = ConfigurationFactory.ParseString("""
        akka {
          loglevel = WARNING
          stdout-loglevel = WARNING
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          actor.ask-timeout = infinite
        }
        # Training workers (Training/TrainingWorker.cs): a dedicated thread each, so K workers use K cores.
        neuroactors.training-worker-dispatcher {
          type = PinnedDispatcher
          executor = thread-pool-executor
        }
        # Gradients between training workers on a cluster without TLS take a direct TCP link (Training/GradientLink.cs).
        neuroactors.training.direct-gradients = on
        """);

    /// <summary>Runs <paramref name="request"/> to completion in a fresh ActorSystem and returns everything it recorded.</summary>
    /// <exception cref="ArgumentException">The shard count or checkpoint settings are invalid.</exception>
    public static Task<RunResult> RunAsync(RunRequest request, IProgress<RunProgress>? progress = null,
        Config? config = null, CancellationToken cancellation = default) =>
        InFreshSystem(request, config, system => Drive(system, request, Spawner(system), progress, cancellation, null,
            session => Sessions.RunDriver.RunAsync(session, request, cancellation)));

    /// <summary>
    /// Runs <paramref name="request"/> to completion in a fresh ActorSystem and writes its results directory from the
    /// recordings on disk (in memory that does not grow with the run's length); returns the run's figures.
    /// </summary>
    /// <exception cref="ArgumentException">The shard count or checkpoint settings are invalid.</exception>
    public static Task<RunStats> RunToDirectoryAsync(RunRequest request, Sessions.ResultsOutput output, IProgress<RunProgress>? progress = null,
        Config? config = null, CancellationToken cancellation = default) =>
        InFreshSystem(request, config, system => Drive(system, request, Spawner(system), progress, cancellation, null,
            session => Sessions.RunDriver.RunToDirectoryAsync(session, request, output, cancellation)));

    /// <summary>Runs <paramref name="request"/> in an existing ActorSystem; with <paramref name="hosting"/>, on cluster workers.</summary>
    public static Task<RunResult> RunAsync(ActorSystem system, RunRequest request, IProgress<RunProgress>? progress = null,
        CancellationToken cancellation = default, Cluster.ShardHosting? hosting = null) =>
        Drive(system, request, Spawner(system), progress, cancellation, hosting, session => Sessions.RunDriver.RunAsync(session, request, cancellation));

    private static async Task<T> InFreshSystem<T>(RunRequest request, Config? config, Func<ActorSystem, Task<T>> run)
    {
        Check(request);
        // Starting the actor system keeps one core busy for a few tenths of a second; meanwhile another compiles the
        // neuron updates that the shards would compile while they build. A failure here shows in the build, which
        // compiles whatever is left.
        _ = Task.Run(() => Kernel.Neurons.NeuronGroupFactory.CompileUpdates(request.Plan()));
        using var system = ActorSystem.Create("neuroactors", config is null ? DefaultConfig : config.WithFallback(DefaultConfig));
        try
        {
            return await run(system);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static Func<Props, Task<IActorRef>> Spawner(ActorSystem system) =>
        props => Task.FromResult(system.ActorOf(props, $"run-{Guid.NewGuid():N}"));

    /// <summary>
    /// Builds <paramref name="request"/> as a session that <paramref name="spawn"/> starts (a cluster's run service starts
    /// its own), lets <paramref name="drive"/> run it, and releases it.
    /// </summary>
    internal static async Task<T> Drive<T>(ActorSystem system, RunRequest request, Func<Props, Task<IActorRef>> spawn,
        IProgress<RunProgress>? progress, CancellationToken cancellation, Cluster.ShardHosting? hosting, Func<Sessions.Session, Task<T>> drive)
    {
        Check(request);
        // The session reports progress up to the end of the segment it runs; a run reports up to the end of the run.
        long end = request.LastStep;
        await using var session = await Sessions.Session.StartAsync(system, request, spawn,
            progress is null ? null : new RunSpanProgress(progress, end), cancellation, hosting);
        return await drive(session);
    }

    /// <summary>Passes progress on with the run's end step.</summary>
    private sealed class RunSpanProgress(IProgress<RunProgress> sink, long endStep) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => sink.Report(value with { EndStep = Math.Max(value.EndStep, endStep) });
    }

    /// <summary>Refuses a request that cannot run, with a message naming the option.</summary>
    internal static void Check(RunRequest request)
    {
        if (request.Shards < 1)
            throw new ArgumentException($"shards: got {request.Shards}; the number of shards must be at least 1", nameof(request));
        if (request.PacketsPerWindow is < 1)
            throw new ArgumentException($"packets-per-window: got {request.PacketsPerWindow}; use a whole number of at least 1 (1 sends each window as one packet)", nameof(request));
        if (request.Cut is { } cut && cut.Count != request.Shards)
            throw new ArgumentException($"shards: got {request.Shards} but the cut has {cut.Count} shards", nameof(request));
        Kernel.Shard.ShardBackends.ThrowIfUnknown(request.Spec);
        Kernel.Shard.ShardBackends.ThrowIfRefused(request.Spec);
        // Every backend in use needs a shard of its own; a given cut is checked when it is planned.
        if (request.Cut is null) Routing.BackendShares.Of(request.Spec, request.Shards);
        double dt = request.Spec.Simulation.DtMs;
        long StepsFor(double ms) => (long)Math.Round(ms / dt);
        long start = request.StartStep;
        long end = request.LastStep;
        if (end <= start)
            throw new ArgumentException($"end step: got {end}; the run starts at step {start} and must end after it", nameof(request));
        if (request.Resume is { } resume)
        {
            try { resume.Manifest(Storage.Checkpoints.CheckpointLayout.Of(request.Spec)); }
            catch (Storage.Checkpoints.CheckpointException ex) { throw new ArgumentException($"resume: {ex.Message}", nameof(request), ex); }
        }
        if (request.CheckpointAtMs is { } at)
        {
            long ck = StepsFor(at);
            if (ck <= start || ck > end)
                throw new ArgumentException($"checkpoint-at: got {at} ms; it must lie in ({start * dt} ms, {end * dt} ms], the span of this run", nameof(request));
            if (string.IsNullOrEmpty(request.CheckpointPath))
                throw new ArgumentException("checkpoint-at: a checkpoint file path is needed", nameof(request));
        }
        if (request.CheckpointEveryMs is { } every)
        {
            if (!(every > 0) || double.IsInfinity(every) || StepsFor(every) < 1)
                throw new ArgumentException($"checkpoint-every: got {every} ms; use a positive time of at least one step ({dt} ms)", nameof(request));
            if (string.IsNullOrEmpty(request.CheckpointDirectory))
                throw new ArgumentException("checkpoint-every: a directory for the checkpoints is needed", nameof(request));
        }
        if (request.KeepCheckpoints < 1)
            throw new ArgumentException($"keep-checkpoints: got {request.KeepCheckpoints}; keep at least 1", nameof(request));
    }
}
