using Akka.Actor;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Training;

/// <summary>
/// How a cluster node builds a training worker: a factory its process registers at start-up (the CLI does, with the
/// real engine and dataset loader), so that the runtime never names an engine type. A node whose process registered
/// none refuses training runs with one line.
/// </summary>
public static class TrainingHosting
{
    private static volatile Func<TrainingSpec, string, ActorSystem, Props>? s_factory;

    /// <summary>
    /// Registers the factory: from a run's config, the directory its relative paths are relative to, and the node's actor
    /// system, the props of one worker (typically <see cref="TrainingWorker{T}.Props"/> for the config's precision, loading
    /// the dataset in the worker). Registering again replaces it.
    /// </summary>
    public static void Register(Func<TrainingSpec, string, ActorSystem, Props> factory) => s_factory = factory;

    /// <summary>The registered factory, or null.</summary>
    public static Func<TrainingSpec, string, ActorSystem, Props>? Factory => s_factory;
}
