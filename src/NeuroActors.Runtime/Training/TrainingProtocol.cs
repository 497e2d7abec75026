using Akka.Actor;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Training;

// Messages between a training coordinator and its workers, and between the coordinator and the node agents that host
// workers on a cluster. All may cross the network (manifests in Wire/WireManifests.cs, layout in Wire/TrainingCodec.cs).

/// <summary>
/// A slice of a parameter set (or gradient) laid out flat: the tensors' values one after another in the set's fixed
/// order, as raw little-endian values of <see cref="ElementBytes"/> bytes (4 for float, 8 for double), so that every bit
/// arrives as it left. A set larger than one message is sent as consecutive blocks (<see cref="TensorBlocks.MaxBytes"/>
/// each at most), so that no message comes near a remote frame's limit.
/// </summary>
/// <param name="Names">The tensors' names, in order (every block repeats them, so any block can start a set).</param>
/// <param name="Shapes">The tensors' shapes, in order.</param>
/// <param name="ElementBytes">4 (float) or 8 (double).</param>
/// <param name="Offset">Index of the first value of <paramref name="Bytes"/> in the flat set.</param>
/// <param name="Total">Values in the whole flat set.</param>
/// <param name="Bytes">The values from <paramref name="Offset"/> on.</param>
public sealed record TensorBlock(string[] Names, int[][] Shapes, int ElementBytes, long Offset, long Total, byte[] Bytes)
{
    /// <summary>Values in this block.</summary>
    public long Count => Bytes.Length / ElementBytes;

    /// <summary>Whether this block ends the set.</summary>
    public bool IsLast => Offset + Count == Total;
}

/// <summary>
/// A block of a replica's state at <paramref name="Version"/> (versions count optimizer steps and restarts): set 0 is the
/// parameters, sets 1, 2, … the optimizer's state tensors in its fixed order. Coordinator → worker: the state an epoch
/// starts from, held until the <see cref="TrainEpoch"/> that follows installs it. Worker 0 → coordinator: the state an
/// epoch ended with, which <see cref="EpochTrained"/> completes.
/// </summary>
public sealed record TrainingParameters(long Version, int Set, TensorBlock Block);

/// <summary>
/// Coordinator → worker: train epoch <paramref name="Epoch"/> as attempt <paramref name="Attempt"/>. Every worker derives
/// the epoch's plan (shuffle, batches, chunks) from the seed and sizes and computes, in each batch, the contiguous range
/// of chunks it owns (<see cref="ChunkTree.Owned"/>); it sums them into the largest subtrees of the batch's
/// <see cref="ChunkTree"/> they fill and sends those sums to every other worker (one message per batch when the range is
/// itself a subtree, as with 2 workers and an even count of chunks). Once the whole tree is in, each worker sums it and
/// applies the optimizer step itself: every worker holds bitwise the same parameters after every step without a
/// broadcast. It reports each step to the coordinator (<see cref="BatchStepped"/>), and worker 0 sends its state at the
/// end of the epoch (<see cref="TrainingParameters"/> blocks, then <see cref="EpochTrained"/>).
/// </summary>
/// <param name="Attempt">Identifies this run of the epoch; gradients of another attempt are never summed with it.</param>
/// <param name="Version">The version of the state the epoch starts from.</param>
/// <param name="StateIncluded">True: the <see cref="TrainingParameters"/> blocks sent just before hold that state (a new
/// worker, or a restart). False: the worker continues from its own state, which reaches <paramref name="Version"/> when
/// it has applied every step of the previous epoch.</param>
/// <param name="Epoch">The epoch, from 0.</param>
/// <param name="Seed">The run's seed (the epoch's shuffle).</param>
/// <param name="BatchSize">Samples per batch.</param>
/// <param name="ChunkSize">Samples per chunk.</param>
/// <param name="TrainSamples">Training samples; a worker whose dataset differs refuses the epoch.</param>
/// <param name="Worker">This worker's index in <paramref name="Workers"/>.</param>
/// <param name="Workers">The epoch's workers, in index order (this one included).</param>
/// <param name="LearningRate">The epoch's learning rate.</param>
/// <param name="OptimizerSteps">The optimizer's steps so far (with the state, for Adam's bias correction).</param>
public sealed record TrainEpoch(long Attempt, long Version, bool StateIncluded, int Epoch, ulong Seed, int BatchSize, int ChunkSize,
    int TrainSamples, int Worker, IActorRef[] Workers, double LearningRate, long OptimizerSteps);

/// <summary>Coordinator → worker: evaluate test samples <paramref name="Samples"/> (chunk <paramref name="Chunk"/> of the test set) with the parameters at <paramref name="Version"/>.</summary>
public sealed record EvaluateChunk(long Task, long Version, int Epoch, int Chunk, int[] Samples);

/// <summary>
/// Worker → every other worker: a block of the summed gradient of node [<paramref name="First"/>, <paramref name="End"/>)
/// of the <see cref="ChunkTree"/> of batch <paramref name="Batch"/> of attempt <paramref name="Attempt"/>, with the
/// node's statistics (in every block).
/// </summary>
public sealed record ChunkGradient(long Attempt, int Batch, int First, int End, ChunkStats Stats, TensorBlock Block);

/// <summary>
/// Worker → coordinator: the worker applied the step of batch <paramref name="Batch"/> of attempt
/// <paramref name="Attempt"/> and now holds parameters <paramref name="Version"/>, whose
/// <see cref="ParameterSet{T}.Fingerprint"/> is <paramref name="Fingerprint"/>; <paramref name="Stats"/> are the batch's,
/// summed over its tree. Every replica must report the same fingerprint: if one does not, the run stops.
/// </summary>
public sealed record BatchStepped(long Attempt, int Batch, long Version, ChunkStats Stats, ulong Fingerprint);

/// <summary>
/// Worker 0 → coordinator, after the <see cref="TrainingParameters"/> blocks of its state at the end of attempt
/// <paramref name="Attempt"/>: that state is whole, at <paramref name="Version"/>, after
/// <paramref name="OptimizerSteps"/> optimizer steps, with parameters of fingerprint <paramref name="Fingerprint"/>.
/// </summary>
public sealed record EpochTrained(long Attempt, long Version, long OptimizerSteps, ulong Fingerprint);

/// <summary>Worker → coordinator: the statistics and each sample's predicted class of evaluation task <paramref name="Task"/>.</summary>
public sealed record ChunkEvaluated(long Task, ChunkStats Stats, int[] Predictions);

/// <summary>Worker → coordinator: task <paramref name="Task"/> (an evaluation task, or <see cref="TrainingTask"/> for the
/// epoch's training) could not be computed or was refused; the run stops with <paramref name="Error"/>.</summary>
public sealed record TrainingWorkFailed(long Task, string Error)
{
    /// <summary>The task number of a failure in an epoch's training (its chunks, its steps, or its start).</summary>
    public const long TrainingTask = -1;
}

/// <summary>
/// Coordinator → node agent: host a training worker for run <paramref name="RunId"/>. The node builds the worker (its
/// dataset and engine) itself from the config through the factory its process registered
/// (<see cref="TrainingHosting.Register"/>); the samples never cross the network.
/// </summary>
/// <param name="RunId">Names the run; a node hosts one run at a time.</param>
/// <param name="SpecJson">The training config (<see cref="TrainingSpecJson"/>).</param>
/// <param name="BaseDirectory">The directory the config's relative paths (array datasets) are relative to.</param>
public sealed record HostTrainingWorker(string RunId, string SpecJson, string BaseDirectory);

/// <summary>Node agent → coordinator: the worker of run <paramref name="RunId"/> exists.</summary>
public sealed record TrainingWorkerHosted(string RunId, IActorRef Worker);
