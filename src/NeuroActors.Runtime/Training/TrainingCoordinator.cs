using System.Diagnostics;
using System.Numerics;
using Akka.Actor;
using Akka.Cluster;
using NeuroActors.Runtime.Cluster;
using NeuroActors.Storage.Checkpoints;
using NeuroActors.Telemetry;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Training;

/// <summary>
/// Drives a training run over data-parallel workers. At the start of an epoch it sends the state the epoch starts from to
/// every worker that does not hold it, and a <see cref="TrainEpoch"/>: the workers derive the epoch's
/// <see cref="EpochPlan"/>, compute the chunks they own, exchange subtree sums of the chunks' gradients among themselves,
/// and each sums a batch's <see cref="ChunkTree"/> and applies one optimizer step (and the engine's constraints). This
/// coordinator is never on the workers' way from one batch to the next: it hears of each step (<see cref="BatchStepped"/>:
/// the batch's statistics, for progress and telemetry, and each replica's parameter fingerprint, which must agree), and
/// at the end of the epoch worker 0 sends it the state the epoch ended with, which it checks against the fingerprints,
/// checkpoints and reports. It then evaluates the test set in chunks. Which worker computes which chunk never enters the
/// arithmetic, so 1, 2 or K workers give bitwise the same parameters after every step. A worker lost mid-epoch (it stops,
/// or its node becomes unreachable or leaves) sends the epoch back to its start, the state its last checkpoint holds, on
/// the workers left, so the run ends as an undisturbed one would.
/// </summary>
public sealed class TrainingCoordinator<T> : ReceiveActor where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Test chunks a worker may hold at once: the next ones wait in its mailbox while it computes, so it is never
    /// idle for a round trip.</summary>
    public const int MaxInFlight = 4;

    private sealed class Worker(IActorRef actor, Address address)
    {
        public IActorRef Actor { get; } = actor;
        public Address Address { get; } = address;
        public int InFlight { get; set; }
        public long Version { get; set; } = -1;
    }

    // A test chunk handed to a worker.
    private sealed class PendingTask(Worker worker, int chunk)
    {
        public Worker Worker { get; } = worker;
        public int Chunk { get; } = chunk;
    }

    private readonly CoordinatorSetup<T> _setup;
    private readonly TrainingSpec _spec;
    private readonly int _layers;
    private readonly List<Worker> _workers = [];
    private readonly Dictionary<long, PendingTask> _tasks = [];
    private readonly List<EpochReport> _reports = [];
    private readonly List<TrainingRestart> _restarts = [];
    private readonly (int Start, int Count)[] _testChunks;
    private readonly int[] _testPredictions;
    private readonly ParameterSet<T> _parameters;
    private readonly IOptimizer<T> _optimizer;
    // Each step's fingerprint as the first replica reported it, and how many replicas have reported it.
    private readonly Dictionary<(long Attempt, int Batch), (ulong Fingerprint, int Reports, int Epoch)> _fingerprints = [];
    private readonly ReplicaState<T> _incoming = new();
    private ChunkStats?[] _testStats = [];
    private List<TrainingParameters> _state = [];
    private long _version, _nextTask, _attempt = -1;
    private int _hostingAnswers;
    private bool _running, _done;
    private IActorRef? _self;

    // The epoch in progress.
    private EpochPlan? _plan;
    private int _epoch, _batch, _nextChunk, _chunksDone;
    private bool _evaluating;
    private ChunkStats _epochStats = ChunkStats.Empty(0);
    private double _learningRate;
    private long _epochStarted, _batchStarted;
    private ulong _lastFingerprint;
    private Activity? _epochActivity, _batchActivity;
    // The state the epoch started from (the last checkpoint's): where a lost worker sends the epoch back to.
    private ParameterSet<T> _startParameters;
    private IReadOnlyList<ParameterSet<T>> _startOptimizer = [];
    private long _startSteps;

    /// <summary>Props of a coordinator (created by <see cref="TrainingRun"/>); process-local, since it carries the caller's factories.</summary>
    internal static Props Props(CoordinatorSetup<T> setup) => Akka.Actor.Props.CreateBy(new Producer(setup));

    // Akka's expression-based props need a public constructor; the setup is internal, so the coordinator is produced directly.
    private sealed class Producer(CoordinatorSetup<T> setup) : IIndirectActorProducer
    {
        public Type ActorType => typeof(TrainingCoordinator<T>);
        public ActorBase Produce() => new TrainingCoordinator<T>(setup);
        public void Release(ActorBase actor) { }
    }

    /// <summary>Creates the coordinator.</summary>
    internal TrainingCoordinator(CoordinatorSetup<T> setup)
    {
        _setup = setup;
        _spec = setup.Spec;
        _layers = setup.Spec.Network.Hidden.Count;
        _parameters = setup.Parameters;
        _optimizer = setup.Optimizer;
        _testChunks = EpochPlan.EvaluationChunks(setup.TestLabels.Length, setup.Spec.ChunkSize);
        _testPredictions = new int[setup.TestLabels.Length];
        _startParameters = _parameters;
        if (setup.Resume is { } resume)
        {
            _reports.AddRange(resume.Reports);
            _epoch = resume.Epochs;
        }
        Receive<TrainingWorkerHosted>(Hosted);
        Receive<HostRefused>(m => Fail($"node {m.Node} refused the training run: {m.Reason}"));
        Receive<BatchStepped>(Stepped);
        Receive<TrainingParameters>(EndState);
        Receive<EpochTrained>(Trained);
        Receive<ChunkEvaluated>(Evaluated);
        Receive<TrainingWorkFailed>(m =>
        {
            if (m.Task == TrainingWorkFailed.TrainingTask || _tasks.ContainsKey(m.Task)) Fail($"a worker failed: {m.Error}");
        });
        Receive<Terminated>(t => Lose(w => w.Actor.Equals(t.ActorRef), "stopped"));
        Receive<ClusterEvent.UnreachableMember>(m => Lose(w => w.Address.Equals(m.Member.Address), "became unreachable"));
        Receive<ClusterEvent.MemberRemoved>(m => Lose(w => w.Address.Equals(m.Member.Address), "left the cluster"));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
    }

    /// <inheritdoc/>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(0, TimeSpan.Zero, ex =>
    {
        // A local worker that throws outside a task (e.g. its data cannot be loaded) would fail again: the run stops.
        Fail($"a worker failed: {ex.GetBaseException().GetType().Name}: {ex.GetBaseException().Message}");
        return Directive.Stop;
    });

    /// <inheritdoc/>
    protected override void PreStart()
    {
        _self = Self;
        // Restarted after a failure (PreRestart reported it): a coordinator's state cannot be rebuilt, so it ends.
        if (_setup.Completion.Task.IsCompleted)
        {
            Context.Stop(Self);
            return;
        }
        if (_setup.Resume is { } resume)
        {
            _parameters.CopyFrom(resume.Parameters);
            _optimizer.Restore(resume.OptimizerState.Select(s => s.Clone()).ToList(), resume.OptimizerSteps);
        }
        switch (_setup.Workers)
        {
            case LocalWorkers local:
                for (int i = 0; i < local.Count; i++)
                {
                    var actor = Context.ActorOf(local.Props(Context.System), $"worker-{i}");
                    Context.Watch(actor);
                    _workers.Add(new Worker(actor, ((ExtendedActorSystem)Context.System).Provider.DefaultAddress));
                }
                Begin();
                break;
            case ClusterWorkers cluster:
                Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                    typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.MemberRemoved));
                foreach (var node in cluster.Nodes) node.Tell(cluster.Host, Self);
                break;
        }
    }

    /// <inheritdoc/>
    protected override void PreRestart(Exception reason, object message)
    {
        _done = true;
        _setup.Completion.TrySetException(new TrainingRunException($"the training coordinator failed: {reason.GetType().Name}: {reason.Message}"));
        base.PreRestart(reason, message);
    }

    /// <inheritdoc/>
    protected override void PostStop()
    {
        EndSpans();
        if (_setup.Workers is ClusterWorkers cluster)
        {
            Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
            foreach (var node in cluster.Nodes) node.Tell(new ReleaseShards(cluster.Host.RunId), ActorRefs.NoSender);
        }
        _setup.Completion.TrySetException(new TrainingRunException("the training coordinator stopped before the run ended"));
    }

    private void Hosted(TrainingWorkerHosted m)
    {
        if (_running || _setup.Workers is not ClusterWorkers cluster || m.RunId != cluster.Host.RunId) return;
        Context.Watch(m.Worker);
        // A worker on this coordinator's own node has a local path: its node is this one.
        var address = m.Worker.Path.Address.Host is null ? Akka.Cluster.Cluster.Get(Context.System).SelfAddress : m.Worker.Path.Address;
        _workers.Add(new Worker(m.Worker, address));
        if (++_hostingAnswers == cluster.Nodes.Count) Begin();
    }

    private void Begin()
    {
        _running = true;
        if (_epoch >= _setup.Epochs) Finish();
        else StartEpoch();
    }

    private void StartEpoch()
    {
        EndSpans();
        // Keep the state the epoch starts from: the last checkpoint's, to go back to if a worker is lost.
        _startParameters = _parameters.Clone();
        _startOptimizer = _optimizer.State.Select(s => s.Clone()).ToList();
        _startSteps = _optimizer.Steps;
        _plan = EpochPlan.For(_spec.Seed, _epoch, _setup.TrainSamples, _spec.BatchSize, _spec.ChunkSize);
        _learningRate = _setup.Components.LearningRate(_spec, _epoch, _setup.Epochs);
        _epochStats = ChunkStats.Empty(_layers);
        _epochStarted = Stopwatch.GetTimestamp();
        _epochActivity = NeuroActorsTelemetry.StartTrainingEpoch(_spec.Name, _epoch, _workers.Count);
        _evaluating = false;
        _batch = 0;
        _attempt++;
        var workers = _workers.Select(w => w.Actor).ToArray();
        _state = [];
        for (int i = 0; i < _workers.Count; i++)
        {
            var w = _workers[i];
            bool send = w.Version != _version;
            if (send) SendState(w);
            w.Actor.Tell(new TrainEpoch(_attempt, _version, send, _epoch, _spec.Seed, _spec.BatchSize, _spec.ChunkSize, _setup.TrainSamples,
                i, workers, _learningRate, _optimizer.Steps));
        }
        if (_plan.Batches == 0) StartEvaluation();
        else StartBatch();
    }

    private void StartBatch()
    {
        _batchStarted = Stopwatch.GetTimestamp();
        _batchActivity = NeuroActorsTelemetry.StartTrainingBatch(_epochActivity?.Context ?? default, _epoch, _batch);
    }

    private void StartEvaluation()
    {
        _evaluating = true;
        if (_testStats.Length != _testChunks.Length) _testStats = new ChunkStats?[_testChunks.Length];
        Array.Clear(_testStats);
        _nextChunk = 0;
        _chunksDone = 0;
        if (_testChunks.Length == 0) EndEpoch();
        else Dispatch();
    }

    /// <summary>Hands test chunks not yet handed out to the workers with the fewest chunks in hand (the lowest index on a tie).</summary>
    private void Dispatch()
    {
        while (_nextChunk < _testChunks.Length)
        {
            Worker? idle = null;
            foreach (var w in _workers)
                if (w.InFlight < MaxInFlight && (idle is null || w.InFlight < idle.InFlight)) idle = w;
            if (idle is null) return;
            int chunk = _nextChunk++;
            long task = _nextTask++;
            var (start, count) = _testChunks[chunk];
            idle.Actor.Tell(new EvaluateChunk(task, _version, _epoch, chunk, Enumerable.Range(start, count).ToArray()));
            idle.InFlight++;
            _tasks[task] = new PendingTask(idle, chunk);
        }
    }

    /// <summary>
    /// A replica applied a step. The first report of a batch (they come in batch order: a replica reports its steps in
    /// order) carries the batch's statistics; every report's fingerprint must equal the first's.
    /// </summary>
    private void Stepped(BatchStepped m)
    {
        var key = (m.Attempt, m.Batch);
        if (_fingerprints.TryGetValue(key, out var seen))
        {
            if (seen.Fingerprint != m.Fingerprint)
            {
                Fail($"the replicas diverged: after step {m.Batch} of epoch {seen.Epoch}, {Sender.Path} holds parameters {m.Fingerprint:x16}, another {seen.Fingerprint:x16}");
                return;
            }
            if (seen.Reports + 1 >= _workers.Count) _fingerprints.Remove(key);
            else _fingerprints[key] = seen with { Reports = seen.Reports + 1 };
            return;
        }
        if (m.Attempt != _attempt || _evaluating || _plan is null) return;
        if (m.Batch != _batch)
        {
            Fail($"a worker reported step {m.Batch} of epoch {_epoch} while step {_batch} was expected");
            return;
        }
        if (_workers.Count > 1) _fingerprints[key] = (m.Fingerprint, 1, _epoch);
        long steps = _startSteps + _batch + 1;
        int samples = _plan.Batch(_batch).Count;
        _epochStats = _epochStats.Plus(m.Stats);
        _setup.Components.AfterStep?.Invoke(steps, m.Fingerprint);
        double loss = m.Stats.LossSum / Math.Max(1, m.Stats.Samples);
        NeuroActorsTelemetry.RecordTrainingBatch(loss, samples, Stopwatch.GetElapsedTime(_batchStarted).TotalSeconds);
        _batchActivity?.Dispose();
        _batchActivity = null;
        _setup.Listener?.OnBatch(new BatchProgress(_epoch, _setup.Epochs, _batch, _plan.Batches, loss,
            (double)m.Stats.Correct / Math.Max(1, m.Stats.Samples), steps));
        _lastFingerprint = m.Fingerprint;
        if (++_batch < _plan.Batches) StartBatch();
    }

    private void EndState(TrainingParameters m)
    {
        if (_done) return;
        try { _incoming.Add(m); }
        catch (ArgumentException ex) { Fail($"worker 0's state does not fit: {ex.Message}"); }
    }

    /// <summary>Worker 0's state at the end of the epoch is whole: it becomes this coordinator's, to check, checkpoint and evaluate.</summary>
    private void Trained(EpochTrained m)
    {
        if (m.Attempt != _attempt || _evaluating || _plan is null) return;
        try
        {
            long version = _version + _plan.Batches;
            if (_batch != _plan.Batches || m.Version != version || m.OptimizerSteps != _startSteps + _plan.Batches)
                throw new InvalidOperationException($"worker 0 ended epoch {_epoch} at version {m.Version} after {m.OptimizerSteps} steps; "
                    + $"{_plan.Batches} steps from version {_version} were expected and {_batch} were reported");
            var (parameters, optimizerState) = _incoming.Take(m.Version);
            if (optimizerState.Count != _optimizer.State.Count)
                throw new InvalidOperationException($"the optimizer has {_optimizer.State.Count} state sets; {optimizerState.Count} arrived");
            ulong arrived = parameters.Fingerprint();
            if (arrived != m.Fingerprint || (_plan.Batches > 0 && m.Fingerprint != _lastFingerprint))
                throw new InvalidOperationException($"the parameters that arrived (fingerprint {arrived:x16}) are not those of the epoch's last step ({_lastFingerprint:x16})");
            _parameters.CopyFrom(parameters);
            _optimizer.Restore(optimizerState.Select(s => s.Clone()).ToList(), m.OptimizerSteps);
            _version = version;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            Fail($"the state at the end of epoch {_epoch}: {ex.Message}");
            return;
        }
        // Every replica reaches this version when it has applied the epoch's steps; a worker holds the test chunks
        // handed to it until then.
        foreach (var w in _workers) w.Version = _version;
        StartEvaluation();
    }

    private void Evaluated(ChunkEvaluated m)
    {
        if (!_tasks.TryGetValue(m.Task, out var task)) return;
        var (start, count) = _testChunks[task.Chunk];
        if (m.Predictions.Length != count)
        {
            Fail($"a worker returned {m.Predictions.Length} predictions for a test chunk of {count} samples");
            return;
        }
        m.Predictions.CopyTo(_testPredictions, start);
        _testStats[task.Chunk] = m.Stats;
        _tasks.Remove(m.Task);
        task.Worker.InFlight--;
        _chunksDone++;
        if (_chunksDone == _testChunks.Length) EndEpoch();
        else Dispatch();
    }

    /// <summary>Sends the state the epoch starts from (the parameters, then the optimizer's sets) to a worker that lacks it.</summary>
    private void SendState(Worker w)
    {
        if (_state.Count == 0) _state = ReplicaState<T>.Blocks(_version, _parameters, _optimizer.State);
        foreach (var block in _state) w.Actor.Tell(block);
        w.Version = _version;
    }

    private void EndEpoch()
    {
        var test = ChunkStats.Empty(_layers);
        foreach (var s in _testStats) test = test.Plus(s!);
        double seconds = Stopwatch.GetElapsedTime(_epochStarted).TotalSeconds;
        int n = _epochStats.Samples;
        var report = new EpochReport(_epoch,
            _epochStats.LossSum / n, (double)_epochStats.Correct / n,
            test.Samples == 0 ? double.NaN : test.LossSum / test.Samples,
            test.Samples == 0 ? double.NaN : (double)test.Correct / test.Samples,
            PerSample(_epochStats), PerSample(test), seconds, n / Math.Max(seconds, 1e-9), _learningRate, _optimizer.Steps)
        {
            TestPredictions = (int[])_testPredictions.Clone(),
        };
        _reports.Add(report);
        _epoch++;
        if (_setup.CheckpointDirectory is { } root)
        {
            try
            {
                TrainingCheckpointFiles.Write(root, new TrainingCheckpoint<T>(TrainingSpecJson.Serialize(_spec), _epoch, _parameters,
                    _optimizer.State, _optimizer.Steps, _reports.Select(r => r with { TestPredictions = [] }).ToList()));
            }
            catch (CheckpointException ex)
            {
                Fail(ex.Message);
                return;
            }
        }
        NeuroActorsTelemetry.RecordTrainingEpoch(report.SamplesPerSecond);
        _setup.Listener?.OnEpoch(report);
        if (_epoch < _setup.Epochs) StartEpoch();
        else Finish();
    }

    private double[] PerSample(ChunkStats stats) =>
        stats.SpikesPerLayer.Select(s => stats.Samples == 0 ? double.NaN : (double)s / stats.Samples).ToArray();

    /// <summary>Workers matching <paramref name="lost"/> are gone: the epoch starts again from its start on the others.</summary>
    private void Lose(Func<Worker, bool> lost, string reason)
    {
        if (_done) return;
        var gone = _workers.Where(lost).ToList();
        if (gone.Count == 0) return;
        if (_setup.Workers is LocalWorkers)
        {
            Fail($"worker {gone[0].Actor.Path.Name} {reason}");
            return;
        }
        if (!_running)
        {
            Fail($"the worker on {gone[0].Address} {reason} before the run started");
            return;
        }
        foreach (var w in gone) _workers.Remove(w);
        var restart = new TrainingRestart(_epoch, gone[0].Address.ToString(), reason, _workers.Count);
        if (_workers.Count == 0)
        {
            Fail($"the worker on {restart.Worker} {reason} and no worker is left" +
                (_setup.CheckpointDirectory is { } dir && _epoch > 0 ? $"; resume from {TrainingCheckpointFiles.DirectoryFor(dir, _epoch)}" : ""));
            return;
        }
        _restarts.Add(restart);
        // Back to the state the epoch started from, sent to every worker again; gradients of the abandoned attempt and
        // results of tasks handed out before are ignored when they come.
        _parameters.CopyFrom(_startParameters);
        _optimizer.Restore(_startOptimizer.Select(s => s.Clone()).ToList(), _startSteps);
        _tasks.Clear();
        _fingerprints.Clear();
        foreach (var w in _workers) w.InFlight = 0;
        _version++;
        _setup.Listener?.OnRestart(restart);
        StartEpoch();
    }

    private void Finish()
    {
        _done = true;
        EndSpans();
        _setup.Completion.TrySetResult(new TrainingResult<T>(_parameters, _reports.ToList(),
            (int[])_testPredictions.Clone(), _setup.TestLabels, _restarts.ToList(), _optimizer.Steps));
        Context.Stop(Self);
    }

    private void Fail(string message)
    {
        if (_done) return;
        _done = true;
        _setup.Completion.TrySetException(new TrainingRunException(message));
        _self?.Tell(PoisonPill.Instance);
    }

    private void EndSpans()
    {
        _batchActivity?.Dispose();
        _batchActivity = null;
        _epochActivity?.Dispose();
        _epochActivity = null;
    }
}
