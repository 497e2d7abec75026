using System.Numerics;
using Akka.Actor;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Training;

/// <summary>
/// What a training run is made of besides its config: the engine, the optimizer, the data and the schedule, as
/// factories, so that the runtime never names an engine type. The same factories serve every worker of the run.
/// </summary>
/// <param name="Data">The (train, test) samples of a config (e.g. <c>DatasetLoader.Load(spec.Dataset, baseDir)</c>). Called
/// once by the coordinator's process (and once more per in-process worker set: they share the sets read-only).</param>
/// <param name="Computer">A new chunk computer for one worker (e.g. <c>new GradientEngine&lt;T&gt;(spec.Network)</c>); called once per worker.</param>
/// <param name="InitialParameters">The parameters a fresh run starts from (drawn from the config's seed).</param>
/// <param name="Optimizer">The optimizer of a run over the given parameters (e.g. <c>Optimizers.Create&lt;T&gt;(spec.Optimizer, p)</c>).</param>
/// <param name="LearningRate">The learning rate of an epoch: (spec, epoch from 0, epochs of the run) (e.g. <c>LearningRates.At(spec.Optimizer, e, n)</c>).</param>
public sealed record TrainingComponents<T>(
    Func<TrainingSpec, (SampleSet Train, SampleSet Test)> Data,
    Func<TrainingSpec, IChunkComputer<T>> Computer,
    Func<TrainingSpec, ParameterSet<T>> InitialParameters,
    Func<TrainingSpec, ParameterSet<T>, IOptimizer<T>> Optimizer,
    Func<TrainingSpec, int, int, double> LearningRate) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Applied to the parameters after every optimizer step (e.g. the engine's clipping of learned β to [0, 1] and
    /// θ to ≥ 0), by every worker on its own copy.</summary>
    public Action<ParameterSet<T>>? Constrain { get; init; }

    /// <summary>Called on the coordinator's thread once the replicas report an optimizer step (and its constraints), with
    /// the step count since the run's start and the parameters' <see cref="ParameterSet{T}.Fingerprint"/> after it (every
    /// replica's, which the coordinator checks are equal). For diagnostics and tests.</summary>
    public Action<long, ulong>? AfterStep { get; init; }
}

/// <summary>How a training run is carried out: where its workers are, where its checkpoints go, what it resumes.</summary>
public sealed record TrainingRunOptions
{
    /// <summary>Workers in this process (ignored on a cluster): each its own actor on its own thread.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>An actor system that joined a cluster as a coordinator (<see cref="Cluster.ClusterNode.Start"/>): the
    /// workers are then hosted on <see cref="Nodes"/> cluster workers. Null: in this process.</summary>
    public ActorSystem? Cluster { get; init; }

    /// <summary>Cluster workers to wait for and use (one training worker each).</summary>
    public int Nodes { get; init; } = 1;

    /// <summary>How long to wait for the cluster's workers.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The directory the config's relative paths are relative to (sent to cluster nodes, which must see the
    /// same files at the same path for array datasets).</summary>
    public string BaseDirectory { get; init; } = ".";

    /// <summary>Where a checkpoint is written at the end of every epoch (<c>epoch-NNNN/training-checkpoint.bin</c>); null: none on disk.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>A checkpoint to resume from: its file, its directory, or a directory of epoch checkpoints (the latest is taken).</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Epochs of the run (counted from its start, a resumed run's earlier epochs included); null: the config's.</summary>
    public int? Epochs { get; init; }

    /// <summary>Hears per-batch progress, epoch reports and restarts.</summary>
    public ITrainingListener? Listener { get; init; }

    /// <summary>Extra configuration for the actor system of a run in this process.</summary>
    public Akka.Configuration.Config? Config { get; init; }
}

/// <summary>A training run could not go on: workers missing or refused, a worker failed, or none was left.</summary>
public sealed class TrainingRunException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingRunException(string message) : base(message) { }
}

/// <summary>Where a coordinator's workers come from.</summary>
internal abstract record WorkerSource;

/// <summary>Workers the coordinator creates as its own children.</summary>
internal sealed record LocalWorkers(int Count, Func<ActorSystem, Props> Props) : WorkerSource;

/// <summary>Workers hosted by the node agents of cluster workers (one each).</summary>
internal sealed record ClusterWorkers(IReadOnlyList<ICanTell> Nodes, IReadOnlyList<Address> Addresses, HostTrainingWorker Host) : WorkerSource;

/// <summary>Everything a coordinator starts from.</summary>
internal sealed record CoordinatorSetup<T>(
    TrainingSpec Spec,
    int Epochs,
    int TrainSamples,
    int[] TestLabels,
    ParameterSet<T> Parameters,
    IOptimizer<T> Optimizer,
    TrainingComponents<T> Components,
    TrainingCheckpoint<T>? Resume,
    string? CheckpointDirectory,
    ITrainingListener? Listener,
    WorkerSource Workers,
    TaskCompletionSource<TrainingResult<T>> Completion) where T : unmanaged, IFloatingPointIeee754<T>;
