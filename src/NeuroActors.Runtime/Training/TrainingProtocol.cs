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

/// <summary>Coordinator → worker: a block of the parameters at <paramref name="Version"/> (versions count optimizer steps and restarts).</summary>
public sealed record TrainingParameters(long Version, TensorBlock Block);

/// <summary>
/// Coordinator → worker: compute the summed gradient of chunk <paramref name="Chunk"/> of batch <paramref name="Batch"/> of
/// epoch <paramref name="Epoch"/> — training samples <paramref name="Samples"/>, in that order — with the parameters at
/// <paramref name="Version"/>.
/// </summary>
public sealed record TrainChunk(long Task, long Version, int Epoch, int Batch, int Chunk, int[] Samples);

/// <summary>Coordinator → worker: evaluate test samples <paramref name="Samples"/> (chunk <paramref name="Chunk"/> of the test set) with the parameters at <paramref name="Version"/>.</summary>
public sealed record EvaluateChunk(long Task, long Version, int Epoch, int Chunk, int[] Samples);

/// <summary>Worker → coordinator: a block of the summed gradient of task <paramref name="Task"/>, with the chunk's statistics (in every block).</summary>
public sealed record ChunkGradient(long Task, ChunkStats Stats, TensorBlock Block);

/// <summary>Worker → coordinator: the statistics and each sample's predicted class of evaluation task <paramref name="Task"/>.</summary>
public sealed record ChunkEvaluated(long Task, ChunkStats Stats, int[] Predictions);

/// <summary>Worker → coordinator: task <paramref name="Task"/> could not be computed; the run stops with <paramref name="Error"/>.</summary>
public sealed record TrainingWorkFailed(long Task, string Error);

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
