using System.Numerics;
using Akka.Actor;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Training;

/// <summary>
/// A data-parallel training worker: holds its own <see cref="IChunkComputer{T}"/> and the dataset, keeps the latest
/// parameters the coordinator broadcast, and computes the chunks it is handed (a summed gradient, or predictions), one
/// at a time, in the order they arrive. It has no other state: a lost worker loses nothing the coordinator cannot
/// hand to another.
/// </summary>
public sealed class TrainingWorker<T> : ReceiveActor where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// The dispatcher workers run on when the actor system defines it (<see cref="SimulationRunner.DefaultConfig"/> and every
    /// cluster node's configuration do): a thread of its own per worker, so that K workers in one process use K cores and
    /// a long chunk never holds up the threads that carry messages.
    /// </summary>
    public const string Dispatcher = "neuroactors.training-worker-dispatcher";

    private readonly Func<IChunkComputer<T>> _createComputer;
    private readonly Func<(SampleSet Train, SampleSet Test)> _loadData;
    private IChunkComputer<T>? _computer;
    private SampleSet? _train, _test;
    private ParameterSet<T>? _parameters, _incoming, _gradient;
    private long _version = -1, _incomingVersion = -1, _incomingValues;

    /// <summary>
    /// Props for a worker. <paramref name="computer"/> makes its engine and <paramref name="data"/> gives its (train, test)
    /// samples; both are called once, when the worker starts, on the worker's own thread (so loading a dataset on a
    /// cluster node does not block the node). Runs on <see cref="Dispatcher"/> when <paramref name="system"/> defines it.
    /// </summary>
    public static Props Props(Func<IChunkComputer<T>> computer, Func<(SampleSet Train, SampleSet Test)> data, ActorSystem? system = null)
    {
        var props = Akka.Actor.Props.Create(() => new TrainingWorker<T>(computer, data));
        return system is null || system.Dispatchers.HasDispatcher(Dispatcher) ? props.WithDispatcher(Dispatcher) : props;
    }

    /// <summary>Creates the worker.</summary>
    public TrainingWorker(Func<IChunkComputer<T>> computer, Func<(SampleSet Train, SampleSet Test)> data)
    {
        _createComputer = computer;
        _loadData = data;
        Receive<TrainingParameters>(Parameters);
        Receive<TrainChunk>(Train);
        Receive<EvaluateChunk>(Evaluate);
    }

    /// <inheritdoc/>
    protected override void PreStart()
    {
        (_train, _test) = _loadData();
        _computer = _createComputer();
    }

    private void Parameters(TrainingParameters m)
    {
        if (_incoming is null || m.Version != _incomingVersion || m.Block.Offset == 0)
        {
            // A new version starts: reuse the buffer when the shapes are the same (they always are within a run).
            if (_incoming is null || !TensorBlocks.Fits(_incoming, m.Block)) _incoming = TensorBlocks.Allocate<T>(m.Block);
            _incomingVersion = m.Version;
            _incomingValues = 0;
        }
        TensorBlocks.Write(_incoming, m.Block);
        _incomingValues += m.Block.Count;
        if (_incomingValues < m.Block.Total) return;
        // Complete: swap, so that the next version is written into the old buffer.
        (_parameters, _incoming) = (_incoming, _parameters);
        _version = _incomingVersion;
        _incomingVersion = -1;
    }

    private void Train(TrainChunk m)
    {
        if (!Ready(m.Task, m.Version)) return;
        ChunkStats stats;
        try
        {
            if (_gradient is null || !SameShape(_gradient, _parameters!)) _gradient = _parameters!.ZerosLike();
            else _gradient.Clear();
            stats = _computer!.Accumulate(_parameters!, _train!, m.Samples, _gradient);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Sender.Tell(new TrainingWorkFailed(m.Task, $"chunk {m.Chunk} of batch {m.Batch} of epoch {m.Epoch}: {ex.GetType().Name}: {ex.Message}"));
            return;
        }
        foreach (var block in TensorBlocks.Split(_gradient)) Sender.Tell(new ChunkGradient(m.Task, stats, block));
    }

    private void Evaluate(EvaluateChunk m)
    {
        if (!Ready(m.Task, m.Version)) return;
        var predictions = new int[m.Samples.Length];
        ChunkStats stats;
        try
        {
            stats = _computer!.Evaluate(_parameters!, _test!, m.Samples, predictions);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Sender.Tell(new TrainingWorkFailed(m.Task, $"test chunk {m.Chunk} of epoch {m.Epoch}: {ex.GetType().Name}: {ex.Message}"));
            return;
        }
        Sender.Tell(new ChunkEvaluated(m.Task, stats, predictions));
    }

    // Messages from one sender arrive in order, so a task always finds the parameters sent before it; a mismatch is a
    // protocol fault and is reported rather than computed with the wrong parameters.
    private bool Ready(long task, long version)
    {
        if (_parameters is not null && _version == version) return true;
        Sender.Tell(new TrainingWorkFailed(task, $"the worker holds parameters version {_version}, the task needs {version}"));
        return false;
    }

    private static bool SameShape(ParameterSet<T> a, ParameterSet<T> b)
    {
        if (a.Tensors.Count != b.Tensors.Count) return false;
        for (int i = 0; i < a.Tensors.Count; i++)
            if (a.Tensors[i].Name != b.Tensors[i].Name || a.Tensors[i].Length != b.Tensors[i].Length) return false;
        return true;
    }
}
