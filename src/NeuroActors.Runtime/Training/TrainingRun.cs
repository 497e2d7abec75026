using System.Numerics;
using Akka.Actor;
using NeuroActors.Runtime.Cluster;
using NeuroActors.Storage.Checkpoints;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Training;

/// <summary>
/// Runs a training config to its end: the entry point of <c>neuroactors train</c>. In this process (K workers, each an
/// actor on its own thread) or on a cluster (one worker per cluster worker node, driven by a coordinator the cluster's
/// run service starts, so that a training run and a simulation never drive the workers at once). Like
/// <see cref="SimulationRunner"/>, this is an edge where the caller waits; inside, actors only Tell.
/// </summary>
public static class TrainingRun
{
    /// <summary>
    /// Trains <paramref name="spec"/> with <paramref name="components"/> as <paramref name="options"/> say and returns the
    /// final parameters and every epoch's report. The result depends only on the config (and the checkpoint resumed), not
    /// on the number of workers or where they run.
    /// </summary>
    /// <exception cref="ArgumentException">An option or the config's batch or chunk size is invalid.</exception>
    /// <exception cref="CheckpointException">The checkpoint to resume is missing, damaged or of another config.</exception>
    /// <exception cref="TrainingRunException">Workers did not come, refused the run, failed, or were all lost.</exception>
    /// <exception cref="ClusterRunException">The cluster's workers did not arrive in time, or its run service is busy.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static async Task<TrainingResult<T>> RunAsync<T>(TrainingSpec spec, TrainingRunOptions options, TrainingComponents<T> components,
        CancellationToken cancellation = default) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (spec.BatchSize < 1) throw new ArgumentException($"batch_size: got {spec.BatchSize}; must be at least 1", nameof(spec));
        if (spec.ChunkSize < 1) throw new ArgumentException($"chunk_size: got {spec.ChunkSize}; must be at least 1", nameof(spec));
        if (options.Workers < 1) throw new ArgumentException($"workers: got {options.Workers}; must be at least 1", nameof(options));
        if (options.Nodes < 1) throw new ArgumentException($"nodes: got {options.Nodes}; a cluster run needs at least 1 worker", nameof(options));
        int epochs = options.Epochs ?? spec.Epochs;
        if (epochs < 0) throw new ArgumentException($"epochs: got {epochs}; must not be negative", nameof(options));

        var parameters = components.InitialParameters(spec);
        TrainingCheckpoint<T>? resume = null;
        if (options.ResumeFrom is { } from)
        {
            resume = TrainingCheckpointFiles.Read<T>(from, spec);
            CheckShapes(resume.Parameters, parameters, from);
        }
        var (train, test) = components.Data(spec);
        var optimizer = components.Optimizer(spec, parameters);
        var completion = new TaskCompletionSource<TrainingResult<T>>(TaskCreationOptions.RunContinuationsAsynchronously);

        if (options.Cluster is not { } system)
        {
            var config = (options.Config ?? Akka.Configuration.Config.Empty)
                .WithFallback(Wire.WireConfig.Hocon).WithFallback(SimulationRunner.DefaultConfig);
            using var local = ActorSystem.Create("neuroactors", config);
            try
            {
                var workers = new LocalWorkers(options.Workers, sys => TrainingWorker<T>.Props(spec, components, () => (train, test), sys));
                var coordinator = local.ActorOf(TrainingCoordinator<T>.Props(Setup(workers)), "training");
                return await Await(coordinator);
            }
            finally
            {
                await local.Terminate();
            }
        }

        var members = await ClusterRunner.WaitForWorkers(system, options.Nodes, options.JoinTimeout, cancellation);
        string runId = $"train-{Guid.NewGuid():N}";
        var host = new HostTrainingWorker(runId, TrainingSpecJson.Serialize(spec), Path.GetFullPath(options.BaseDirectory));
        var cluster = new ClusterWorkers(
            members.Select(m => (ICanTell)system.ActorSelection(new RootActorPath(m.Address) / "user" / NodeAgent.Name)).ToList(),
            members.Select(m => m.Address).ToList(), host);
        var service = await ClusterRunner.LocalRunService(system, options.JoinTimeout, cancellation);
        var created = new TaskCompletionSource<IActorRef>(TaskCreationOptions.RunContinuationsAsynchronously);
        service.Tell(new StartClusterSession(TrainingCoordinator<T>.Props(Setup(cluster)), created));
        IActorRef started;
        try { started = await created.Task.WaitAsync(options.JoinTimeout, cancellation); }
        catch (TimeoutException) { throw new ClusterRunException($"the cluster's run service did not start the training run within {options.JoinTimeout.TotalSeconds:0} s"); }
        return await Await(started);

        CoordinatorSetup<T> Setup(WorkerSource workers) => new(spec, epochs, train.Count, (int[])test.Labels.Clone(), parameters, optimizer, components,
            resume, options.CheckpointDirectory, options.Listener, workers, completion);

        async Task<TrainingResult<T>> Await(IActorRef coordinator)
        {
            await using var registration = cancellation.Register(() =>
            {
                completion.TrySetCanceled(cancellation);
                coordinator.Tell(PoisonPill.Instance);
            });
            // A coordinator that stops without an answer (it could not even be created) must not leave the caller waiting.
            _ = coordinator.WatchAsync(CancellationToken.None).ContinueWith(_ =>
                completion.TrySetException(new TrainingRunException("the training coordinator stopped before the run ended")), TaskScheduler.Default);
            var result = await completion.Task;
            // The coordinator stops itself once it has answered; wait for it, so that its nodes hear the release first.
            await coordinator.WatchAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ConfigureAwait(false);
            return result;
        }
    }

    private static void CheckShapes<T>(ParameterSet<T> saved, ParameterSet<T> network, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string Describe(ParameterSet<T> set) => string.Join(", ", set.Tensors.Select(t => $"{t.Name}[{string.Join("x", t.Shape)}]"));
        if (Describe(saved) != Describe(network))
            throw new CheckpointException($"training checkpoint {path}: holds parameters {Describe(saved)}; the network has {Describe(network)}");
    }
}
