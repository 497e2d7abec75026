using System.Numerics;
using Akka.Actor;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Training;

/// <summary>
/// A data-parallel training worker and a replica of the run's state: it holds the dataset, its own
/// <see cref="IChunkComputer{T}"/>, and its own copy of the parameters and the optimizer. In an epoch
/// (<see cref="TrainEpoch"/>) it computes the contiguous range of each batch's chunks it owns, sums them into the
/// subtrees of the batch's <see cref="ChunkTree"/> they fill, sends those to the other workers, and applies the batch's
/// step itself once the whole tree is in — so a batch costs one exchange of gradients between the workers, not a round
/// trip through the coordinator. Every replica applies the same steps to the same numbers; each reports its parameters'
/// fingerprint after every step, and worker 0 sends the coordinator the state the epoch ended with. It evaluates test
/// chunks with its parameters once it has applied the epoch's steps. A lost worker loses nothing the coordinator cannot
/// send to another.
/// </summary>
public sealed class TrainingWorker<T> : ReceiveActor, IWithUnboundedStash where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// The dispatcher workers run on when the actor system defines it (<see cref="SimulationRunner.DefaultConfig"/> and every
    /// cluster node's configuration do): a thread of its own per worker, so that K workers in one process use K cores and
    /// a long chunk never holds up the threads that carry messages.
    /// </summary>
    public const string Dispatcher = "neuroactors.training-worker-dispatcher";

    private readonly Func<IChunkComputer<T>> _createComputer;
    private readonly Func<(SampleSet Train, SampleSet Test)> _loadData;
    private readonly Func<ParameterSet<T>, IOptimizer<T>> _createOptimizer;
    private readonly Action<ParameterSet<T>>? _constrain;
    private IChunkComputer<T>? _computer;
    private SampleSet? _train, _test;
    private ParameterSet<T>? _parameters;
    private IOptimizer<T>? _optimizer;
    private GradientBuffer<T>? _gradients;
    private long _version = -1, _attempt = -1;
    // The fingerprint of the parameters at _version.
    private ulong _fingerprint;
    private IActorRef? _coordinator;
    private GradientLink? _link;
    private readonly HashSet<IActorRef> _offered = [];
    // The state of the next epoch as it arrives, block by block.
    private readonly ReplicaState<T> _incoming = new();

    // The epoch in progress.
    private TrainEpoch? _epoch;
    private EpochPlan? _plan;
    private int _batch;
    private bool _ownChunksDone;

    /// <inheritdoc/>
    public IStash Stash { get; set; } = null!;

    /// <summary>
    /// Props for a worker of <paramref name="spec"/>: its engine, optimizer and constraints come from
    /// <paramref name="components"/> (the same the coordinator uses, so that every replica steps alike) and its (train,
    /// test) samples from <paramref name="data"/>; the engine and the data are made once, when the worker starts, on the
    /// worker's own thread (so loading a dataset on a cluster node does not block the node). Runs on
    /// <see cref="Dispatcher"/> when <paramref name="system"/> defines it.
    /// </summary>
    public static Props Props(TrainingSpec spec, TrainingComponents<T> components, Func<(SampleSet Train, SampleSet Test)> data, ActorSystem? system = null)
    {
        var props = Akka.Actor.Props.Create(() => new TrainingWorker<T>(() => components.Computer(spec), data, p => components.Optimizer(spec, p), components.Constrain));
        return system is null || system.Dispatchers.HasDispatcher(Dispatcher) ? props.WithDispatcher(Dispatcher) : props;
    }

    /// <summary>Creates the worker.</summary>
    public TrainingWorker(Func<IChunkComputer<T>> computer, Func<(SampleSet Train, SampleSet Test)> data,
        Func<ParameterSet<T>, IOptimizer<T>> optimizer, Action<ParameterSet<T>>? constrain)
    {
        _createComputer = computer;
        _loadData = data;
        _createOptimizer = optimizer;
        _constrain = constrain;
        Receive<TrainingParameters>(State);
        Receive<TrainEpoch>(Start);
        Receive<ChunkGradient>(Gradient);
        Receive<EvaluateChunk>(Evaluate);
        Receive<GradientLinkOffer>(m => _link?.Accept(Sender, m));
        Receive<GradientLinkBroken>(m => _coordinator?.Tell(new TrainingWorkFailed(TrainingWorkFailed.TrainingTask, m.Reason)));
    }

    /// <inheritdoc/>
    protected override void PreStart()
    {
        (_train, _test) = _loadData();
        _computer = _createComputer();
        _link = GradientLink.TryOpen(Context.System, Self);
    }

    /// <inheritdoc/>
    protected override void PostStop() => _link?.Dispose();

    private void State(TrainingParameters m)
    {
        try { _incoming.Add(m); }
        catch (ArgumentException ex) { Sender.Tell(new TrainingWorkFailed(TrainingWorkFailed.TrainingTask, $"the state sent does not fit: {ex.Message}")); }
    }

    private void Start(TrainEpoch m)
    {
        if (!m.StateIncluded && _version < m.Version && _epoch is not null)
        {
            // The previous epoch's last steps are still to come (a peer's gradient is on its way): start after them.
            Stash.Stash();
            return;
        }
        try
        {
            if (m.StateIncluded) Install(m);
            else if (_version != m.Version || _parameters is null)
                throw new InvalidOperationException($"the worker holds parameters version {_version}; epoch {m.Epoch} starts from {m.Version}");
            if (_train!.Count != m.TrainSamples)
                throw new InvalidOperationException($"this node's training set has {_train.Count} samples; the coordinator's has {m.TrainSamples} (do the nodes see the same dataset files?)");
            if (m.Worker < 0 || m.Worker >= m.Workers.Length) throw new InvalidOperationException($"worker index {m.Worker} of {m.Workers.Length}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            Sender.Tell(new TrainingWorkFailed(TrainingWorkFailed.TrainingTask, $"epoch {m.Epoch}: {ex.Message}"));
            return;
        }
        _coordinator = Sender;
        _epoch = m;
        _attempt = m.Attempt;
        _plan = EpochPlan.For(m.Seed, m.Epoch, m.TrainSamples, m.BatchSize, m.ChunkSize);
        _batch = 0;
        _ownChunksDone = false;
        _gradients!.DropBefore(m.Attempt);
        if (_link is not null)
            foreach (var peer in m.Workers)
                if (!peer.Equals(Self) && _offered.Add(peer)) peer.Tell(_link.Offer, Self);
        Stash.UnstashAll();
        Advance();
    }

    private void Install(TrainEpoch m)
    {
        var (parameters, optimizerState) = _incoming.Take(m.Version);
        if (_parameters is null || !_parameters.HasShapeOf(parameters))
        {
            _parameters = parameters.Clone();
            _optimizer = _createOptimizer(_parameters);
        }
        else _parameters.CopyFrom(parameters);
        if (optimizerState.Count != _optimizer!.State.Count)
            throw new InvalidOperationException($"the optimizer has {_optimizer.State.Count} state sets; {optimizerState.Count} arrived");
        _optimizer.Restore(optimizerState.Select(s => s.Clone()).ToList(), m.OptimizerSteps);
        _version = m.Version;
        _fingerprint = _parameters.Fingerprint();
        if (_gradients is null || !_gradients.Fits(_parameters)) _gradients = new GradientBuffer<T>(_parameters);
    }

    private void Gradient(ChunkGradient m)
    {
        if (m.Attempt < _attempt) return;
        if (_epoch is { } epoch && m.Attempt == epoch.Attempt
            && (m.Batch >= _plan!.Batches || !ChunkTree.IsNode(_plan.Chunks(m.Batch), m.First, m.End)))
        {
            _coordinator!.Tell(new TrainingWorkFailed(TrainingWorkFailed.TrainingTask,
                $"a peer sent the gradient of chunks [{m.First}, {m.End}) of batch {m.Batch}, which is no subtree of the epoch's plan"));
            return;
        }
        // A peer may start the epoch, and send its first gradients, before this worker hears of it.
        _gradients ??= new GradientBuffer<T>(TensorBlocks.Allocate<T>(m.Block));
        if (_gradients.Add(m) is { } error)
        {
            (_coordinator ?? Sender).Tell(new TrainingWorkFailed(TrainingWorkFailed.TrainingTask, error));
            return;
        }
        if (_epoch is { } current && m.Attempt == current.Attempt && m.Batch == _batch && _ownChunksDone) Advance();
    }

    /// <summary>Computes this worker's chunks of the current batch, and steps through every batch whose tree is all in.</summary>
    private void Advance()
    {
        var m = _epoch!;
        var plan = _plan!;
        while (_batch < plan.Batches)
        {
            int chunks = plan.Chunks(_batch);
            if (!_ownChunksDone)
            {
                var (first, end) = ChunkTree.Owned(chunks, m.Worker, m.Workers.Length);
                for (int c = first; c < end; c++)
                    if (!Compute(m, c)) return;
                if (m.Workers.Length > 1) SendOwned(m, chunks, first, end);
                _ownChunksDone = true;
            }
            if (!_gradients!.TryTake(m.Attempt, _batch, 0, chunks, out var sum, out var stats)) return;
            _optimizer!.Step(_parameters!, sum, plan.Batch(_batch).Count, m.LearningRate);
            _gradients.Return(sum);
            _constrain?.Invoke(_parameters!);
            _version++;
            _fingerprint = _parameters!.Fingerprint();
            _coordinator!.Tell(new BatchStepped(m.Attempt, _batch, _version, stats, _fingerprint));
            _batch++;
            _ownChunksDone = false;
        }
        if (m.Worker == 0)
        {
            ReplicaState<T>.Send(_coordinator!, Self, _version, _parameters!, _optimizer!.State);
            _coordinator!.Tell(new EpochTrained(m.Attempt, _version, _optimizer.Steps, _fingerprint));
        }
        _epoch = null;
        Stash.UnstashAll();
    }

    private bool Compute(TrainEpoch m, int chunk)
    {
        var gradient = _gradients!.Rent();
        ChunkStats stats;
        try
        {
            stats = _computer!.Accumulate(_parameters!, _train!, _plan!.Samples(_batch, chunk), gradient);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _gradients.Return(gradient);
            _coordinator!.Tell(new TrainingWorkFailed(TrainingWorkFailed.TrainingTask,
                $"chunk {chunk} of batch {_batch} of epoch {m.Epoch}: {ex.GetType().Name}: {ex.Message}"));
            _epoch = null;
            return false;
        }
        _gradients.AddComputed(m.Attempt, _batch, chunk, gradient, stats);
        return true;
    }

    /// <summary>Sums this worker's chunks into the subtrees they fill and sends each to the other workers.</summary>
    private void SendOwned(TrainEpoch m, int chunks, int first, int end)
    {
        foreach (var (lo, hi) in ChunkTree.Cover(chunks, first, end))
        {
            _gradients!.TryReduce(m.Attempt, _batch, lo, hi, out var sum, out var stats);
            foreach (var block in TensorBlocks.Split(sum))
            {
                var message = new ChunkGradient(m.Attempt, _batch, lo, hi, stats, block);
                foreach (var peer in m.Workers)
                    if (!peer.Equals(Self) && _link?.TrySend(peer, message) != true) peer.Tell(message, Self);
            }
        }
    }

    private void Evaluate(EvaluateChunk m)
    {
        if (_epoch is not null && _version < m.Version)
        {
            // Sent once the coordinator applied the epoch's last step; this replica applies it when the last gradient comes.
            Stash.Stash();
            return;
        }
        if (_parameters is null || _version != m.Version)
        {
            Sender.Tell(new TrainingWorkFailed(m.Task, $"the worker holds parameters version {_version}, the task needs {m.Version}"));
            return;
        }
        var predictions = new int[m.Samples.Length];
        ChunkStats stats;
        try
        {
            stats = _computer!.Evaluate(_parameters, _test!, m.Samples, predictions);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Sender.Tell(new TrainingWorkFailed(m.Task, $"test chunk {m.Chunk} of epoch {m.Epoch}: {ex.GetType().Name}: {ex.Message}"));
            return;
        }
        Sender.Tell(new ChunkEvaluated(m.Task, stats, predictions));
    }
}
