using Akka.Actor;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Results;

namespace NeuroActors.Runtime.Sessions;

/// <summary>
/// A built network that stays alive across commands, as NEST users keep a kernel between <c>Simulate</c> calls and
/// Brian2 users <c>store</c> and <c>restore</c> a network: build once, then run, snapshot, restore, save and collect as
/// often as needed, and release it (dispose) at the end.
/// <code>
/// await using var session = await Session.BuildAsync(spec, new SessionOptions { Shards = 4 });
/// await session.SnapshotAsync("start");
/// for (int trial = 0; trial &lt; 10; trial++)
/// {
///     await session.RestoreAsync("start");
///     await session.RunAsync(500);
///     var result = await session.CollectAsync();
/// }
/// </code>
/// Commands are carried out one at a time, in the order they are given; a failed command (an unknown snapshot, an
/// unwritable path) fails alone, while the loss of a shard or node ends the session and fails every later command.
/// </summary>
public sealed class Session : IAsyncDisposable
{
    private readonly ActorSystem? _ownedSystem;
    private readonly IActorRef _actor;
    private readonly IActorRef _lifeline;
    private readonly Task _ended;
    private readonly Task<Exception> _failed;
    private int _released;

    private Session(SessionInfo info, NetworkSpec spec, IActorRef actor, IActorRef lifeline, ActorSystem? ownedSystem, Task<Exception> failed)
    {
        _failed = failed;
        Info = info;
        Spec = spec;
        Step = info.Step;
        _actor = actor;
        _lifeline = lifeline;
        _ended = actor.WatchAsync();
        _ownedSystem = ownedSystem;
    }

    /// <summary>The model the session was built from.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>The session's plan and what building it took.</summary>
    public SessionInfo Info { get; }

    /// <summary>The step the network stands at: the next step to compute.</summary>
    public long Step { get; private set; }

    /// <summary>Biological time the network stands at, in ms.</summary>
    public double TimeMs => Step * Spec.Simulation.DtMs;

    /// <summary>
    /// Builds <paramref name="spec"/> on the embedded runtime (shard actors in an ActorSystem of this process, created
    /// for the session and ended with it).
    /// </summary>
    /// <exception cref="ArgumentException">The options do not fit the model (the message names the option).</exception>
    public static async Task<Session> BuildAsync(NetworkSpec spec, SessionOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new SessionOptions();
        var request = new RunRequest(spec, options.Shards, options.Resume, PacketsPerWindow: options.PacketsPerWindow, ResumeSettings: options.ResumeSettings);
        SimulationRunner.Check(request);
        var system = ActorSystem.Create("neuroactors", options.Config is null ? SimulationRunner.DefaultConfig : options.Config.WithFallback(SimulationRunner.DefaultConfig));
        try
        {
            return await StartAsync(system, request, props => Task.FromResult(system.ActorOf(props, $"session-{Guid.NewGuid():N}")),
                options.Progress, cancellation, ownedSystem: system);
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>
    /// Starts a session in <paramref name="system"/>: <paramref name="spawn"/> creates the session actor from its props
    /// (as a top-level actor, or as the child of a cluster's run service), and the session is returned once built. With
    /// <paramref name="ownedSystem"/>, disposing the session terminates that system.
    /// </summary>
    internal static async Task<Session> StartAsync(ActorSystem system, RunRequest request, Func<Props, Task<IActorRef>> spawn,
        IProgress<RunProgress>? progress, CancellationToken cancellation, Cluster.ShardHosting? hosting = null, ActorSystem? ownedSystem = null)
    {
        var lifeline = system.ActorOf(Akka.Actor.Props.Create(() => new Lifeline()), $"driver-{Guid.NewGuid():N}");
        void EndLifeline() => lifeline.Tell(Lifeline.End.Instance);
        var ready = new TaskCompletionSource<SessionInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        IActorRef actor;
        try
        {
            actor = await spawn(SessionActor.Props(request, ready, progress, hosting, lifeline, failed));
        }
        catch
        {
            EndLifeline();
            throw;
        }
        try
        {
            var info = await WithCancellation(ready, actor, cancellation);
            var session = new Session(info, request.Spec, actor, lifeline, ownedSystem, failed.Task);
            // A resumed session goes on with what its checkpoint's session had changed.
            foreach (var change in (request.ResumeSettings ?? SessionSettings.None).Changes(request.Spec))
                await session.Send<long>(done => new ChangeCommand(change, done), cancellation);
            return session;
        }
        catch
        {
            EndLifeline();
            throw;
        }
    }

    /// <summary>
    /// Advances the network by <paramref name="durationMs"/> of biological time (rounded to whole steps). Spikes and
    /// state are recorded as the model's recorders say.
    /// </summary>
    /// <exception cref="ArgumentException">The duration is not a positive, finite time.</exception>
    public async Task RunAsync(double durationMs, CancellationToken cancellation = default)
    {
        if (!(durationMs > 0) || double.IsInfinity(durationMs))
            throw new ArgumentException($"duration: got {durationMs} ms; use a positive, finite time in ms", nameof(durationMs));
        long steps = Info.Plan.StepsFor(durationMs);
        if (steps == 0)
            throw new ArgumentException($"duration: got {durationMs} ms, less than half a step (dt = {Spec.Simulation.DtMs} ms)", nameof(durationMs));
        await RunStepsAsync(steps, cancellation);
    }

    /// <summary>Advances the network by <paramref name="steps"/> whole steps.</summary>
    internal async Task RunStepsAsync(long steps, CancellationToken cancellation = default)
    {
        Step = await Send<long>(done => new RunForCommand(steps, done), cancellation);
    }

    /// <summary>
    /// Keeps the network's complete state in memory under <paramref name="name"/> (each shard keeps its own part),
    /// replacing an earlier snapshot of that name. Returns the step it was taken at.
    /// </summary>
    public Task<long> SnapshotAsync(string name, CancellationToken cancellation = default) =>
        Send<long>(done => new SnapshotCommand(CheckName(name), done), cancellation);

    /// <summary>
    /// Puts the network back in the state of snapshot <paramref name="name"/>: neurons, pending input, spikes in
    /// flight and the clock; the recordings are cut back to its step, so what follows is recorded as if the steps
    /// after the snapshot had never run. Parameters and stimuli changed since stay as they are.
    /// </summary>
    /// <exception cref="SessionCommandException">There is no snapshot of that name.</exception>
    public async Task RestoreAsync(string name, CancellationToken cancellation = default) =>
        Step = await Send<long>(done => new RestoreCommand(CheckName(name), done), cancellation);

    /// <summary>Forgets snapshot <paramref name="name"/>, freeing the shards' memory.</summary>
    /// <exception cref="SessionCommandException">There is no snapshot of that name.</exception>
    public Task DropSnapshotAsync(string name, CancellationToken cancellation = default) =>
        Send<long>(done => new DropSnapshotCommand(CheckName(name), done), cancellation);

    /// <summary>
    /// Writes snapshot <paramref name="name"/> as a checkpoint at <paramref name="path"/>, which a later session or
    /// <c>neuroactors run --resume</c> starts from with any number of shards or nodes.
    /// </summary>
    /// <exception cref="SessionCommandException">There is no snapshot of that name, or the path cannot be written.</exception>
    public Task SaveAsync(string name, string path, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Send<long>(done => new SaveCommand(CheckName(name), Path.GetFullPath(path), done), cancellation);
    }

    /// <summary>Takes a snapshot of the current state and writes it to <paramref name="path"/> (<see cref="SnapshotAsync"/>, then <see cref="SaveAsync"/>).</summary>
    public async Task CheckpointAsync(string path, CancellationToken cancellation = default)
    {
        const string name = "\u0001checkpoint";
        await Send<long>(done => new SnapshotCommand(name, done), cancellation);
        try
        {
            await SaveAsync(name, path, cancellation);
        }
        finally
        {
            await Send<long>(done => new DropSnapshotCommand(name, done), cancellation);
        }
    }

    /// <summary>
    /// Puts neurons, pending input, spikes in flight and the clock back to the start, clearing the recordings; weights,
    /// parameters and stimuli stay as last set. <paramref name="trial"/> chooses the random input: trial 0 repeats the
    /// input of the first run bit for bit, every other trial draws its own (and repeats it when asked for again).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="trial"/> is negative.</exception>
    public async Task ResetStateAsync(int trial = 0, CancellationToken cancellation = default)
    {
        if (trial < 0) throw new ArgumentException($"trial: got {trial}; use 0 (the first run's input) or a positive trial number", nameof(trial));
        Step = await Send<long>(done => new ResetCommand(trial, done), cancellation);
    }

    /// <summary>
    /// Sets <paramref name="parameter"/> (e.g. <c>i_e</c>, as NEST's <c>SetStatus</c>) of population
    /// <paramref name="population"/> to one value for all its neurons, or one value per neuron in population order.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown population.</exception>
    /// <exception cref="SessionCommandException">Unknown parameter, wrong count or a value the model refuses (nothing changed).</exception>
    public Task SetParametersAsync(string population, string parameter, double[] values, CancellationToken cancellation = default)
    {
        int p = PopulationIndex(population);
        return Send<long>(done => new ChangeCommand(new SetShardParameter(p, parameter, values), done), cancellation);
    }

    /// <summary>
    /// Sets the rate of Poisson generator <paramref name="stimulus"/> (its name, or <c>#k</c> for the k-th stimulus of the
    /// model from 0): one rate for every neuron it targets, or one per targeted neuron.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown stimulus, or not a Poisson generator.</exception>
    /// <exception cref="SessionCommandException">A rate is negative or not finite, or the count is wrong (nothing changed).</exception>
    public Task SetStimulusAsync(string stimulus, double[] ratesHz, CancellationToken cancellation = default)
    {
        int k = StimulusIndex(stimulus);
        if (Spec.Stimuli[k].Kind != StimulusKind.PoissonGenerator)
            throw new ArgumentException($"stimulus '{stimulus}': is a {Spec.Stimuli[k].Kind}; only a Poisson generator's rate can be set", nameof(stimulus));
        return Send<long>(done => new ChangeCommand(new SetShardRates(k, ratesHz), done), cancellation);
    }

    /// <summary>Sets the spike times (ms) of spike-source-array population <paramref name="population"/>, one sorted list per neuron.</summary>
    /// <exception cref="ArgumentException">Unknown population.</exception>
    /// <exception cref="SessionCommandException">Not a spike source array, wrong count, or times that are unsorted or not finite.</exception>
    public Task SetSpikeTimesAsync(string population, double[][] timesMs, CancellationToken cancellation = default)
    {
        int p = PopulationIndex(population);
        return Send<long>(done => new ChangeCommand(new SetShardSpikeTimes(p, timesMs), done), cancellation);
    }

    /// <summary>
    /// The synapses of projection <paramref name="projection"/> (its name, or <c>source-&gt;target</c> for an unnamed one),
    /// gathered from every shard in chunks: global source and target ids, weights (as stored, single precision) and
    /// delays in steps, sorted by target, then source — the same for any cut.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown projection.</exception>
    public Task<ProjectionWeights> GetWeightsAsync(string projection, CancellationToken cancellation = default)
    {
        int j = ProjectionIndex(projection);
        return Send<ProjectionWeights>(done => new GetWeightsCommand(j, done), cancellation);
    }

    /// <summary>
    /// Sets the weights of projection <paramref name="projection"/>, given as (source, target, weight) with global ids
    /// for every synapse of the projection (e.g. a changed copy of <see cref="GetWeightsAsync"/>'s result, in any
    /// order); delays are kept. The k-th entry of a repeated (source, target) pair sets the k-th such synapse. Each shard
    /// applies its part whole or not at all, but shards do not wait for each other: after a refusal, set the weights
    /// again (or restore) before relying on them.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown projection, or arrays of different lengths.</exception>
    /// <exception cref="SessionCommandException">A pair the projection does not have, or a weight the receptor refuses (nothing changed on that shard).</exception>
    public Task SetWeightsAsync(string projection, int[] sourceGids, int[] targetGids, float[] weights, CancellationToken cancellation = default)
    {
        int j = ProjectionIndex(projection);
        if (sourceGids.Length != targetGids.Length || weights.Length != targetGids.Length)
            throw new ArgumentException($"weights of '{projection}': got {sourceGids.Length} sources, {targetGids.Length} targets and {weights.Length} weights; all must match", nameof(weights));
        return Send<long>(done => new SetWeightsCommand(j, sourceGids, targetGids, weights, done), cancellation);
    }

    private int PopulationIndex(string name)
    {
        int p = Spec.Populations.ToList().FindIndex(x => x.Name == name);
        return p >= 0 ? p : throw new ArgumentException(
            $"population: got '{name}'; the model has {string.Join(", ", Spec.Populations.Select(x => $"'{x.Name}'"))}", nameof(name));
    }

    private int ProjectionIndex(string label)
    {
        int j = Spec.Projections.ToList().FindIndex(x => x.Label == label);
        return j >= 0 ? j : throw new ArgumentException(
            $"projection: got '{label}'; the model has {string.Join(", ", Spec.Projections.Select(x => $"'{x.Label}'"))}", nameof(label));
    }

    private int StimulusIndex(string name)
    {
        int k = Spec.Stimuli.ToList().FindIndex(x => x.Name == name);
        if (k < 0 && name.StartsWith('#') && int.TryParse(name.AsSpan(1), out int index) && index >= 0 && index < Spec.Stimuli.Count) k = index;
        return k >= 0 ? k : throw new ArgumentException(
            $"stimulus: got '{name}'; the model has {string.Join(", ", Spec.Stimuli.Select((x, i) => x.Name is null ? $"#{i}" : $"'{x.Name}'"))}", nameof(name));
    }

    /// <summary>
    /// Everything recorded so far (since the build or the last reset, as cut back by restores; after a resume, from where
    /// the checkpoint's recordings start) with the session's figures: synapses, spikes, events, build and simulation
    /// time, communication.
    /// </summary>
    public Task<RunResult> CollectAsync(CancellationToken cancellation = default) =>
        Send<RunResult>(done => new CollectCommand(done), cancellation);

    /// <summary>
    /// Writes a results directory (spikes, traces, summary.json, plots) of everything recorded so far, straight from
    /// the recordings the session keeps on disk: unlike <see cref="CollectAsync"/>, in memory that does not grow with
    /// the length of the run. Returns the session's figures.
    /// </summary>
    /// <exception cref="SessionCommandException">The directory cannot be written.</exception>
    public Task<RunStats> WriteResultsAsync(ResultsOutput output, CancellationToken cancellation = default) =>
        Send<RunStats>(done => new WriteResultsCommand(output, done), cancellation);

    /// <summary>Releases the shards (on cluster nodes too) and, for an embedded session, its ActorSystem.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1) return;
        var system = _ownedSystem;
        _actor.Tell(ReleaseSession.Instance);
        if (system is null)
        {
            _lifeline.Tell(Lifeline.End.Instance);
            return;
        }
        await system.Terminate();
    }

    private async Task<T> Send<T>(Func<TaskCompletionSource<T>, ISessionCommand> command, CancellationToken cancellation)
    {
        if (Volatile.Read(ref _released) == 1) throw new SessionReleasedException("the session was released");
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _actor.Tell(command(done));
        // A command sent to a session that has already ended would wait for ever: its end fails the command instead.
        var first = await Task.WhenAny(WithCancellation(done, _actor, cancellation), _ended);
        if (first == _ended && !done.Task.IsCompleted)
        {
            // Failed between two commands (a node lost while the driver was between them): the failure is the reason.
            if (_failed.IsCompleted) throw _failed.Result;
            throw new SessionReleasedException("the session has ended (released, failed, or its driver stopped)");
        }
        return await done.Task;
    }

    /// <summary>A command cannot be taken back halfway through every shard: cancelling one releases the session.</summary>
    private static async Task<T> WithCancellation<T>(TaskCompletionSource<T> done, IActorRef actor, CancellationToken cancellation)
    {
        await using (cancellation.Register(() =>
        {
            if (done.TrySetCanceled(cancellation)) actor.Tell(ReleaseSession.Instance);
        }))
        {
            return await done.Task;
        }
    }

    private static string CheckName(string name) => string.IsNullOrWhiteSpace(name)
        ? throw new ArgumentException("snapshot name: got an empty name; give the snapshot a name", nameof(name))
        : name;

    /// <summary>
    /// Lives as long as the driver: the session watches it and releases itself when it stops, so a driver that goes
    /// away never leaves shards (or a cluster's run service) held.
    /// </summary>
    private sealed class Lifeline : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is End) Context.Stop(Self);
            else Unhandled(message);
        }

        /// <summary>The driver is done. Sent within the process only (stopping from outside would go through the guardian).</summary>
        public sealed record End : INoSerializationVerificationNeeded
        {
            public static readonly End Instance = new();
        }
    }
}

/// <summary>How a session is built on the embedded runtime.</summary>
public sealed record SessionOptions
{
    /// <summary>Number of shard actors (default: the number of cores).</summary>
    public int Shards { get; init; } = Environment.ProcessorCount;

    /// <summary>Packets each window is sent as (default 1 in one process); the spikes are the same for any value.</summary>
    public int? PacketsPerWindow { get; init; }

    /// <summary>
    /// A checkpoint to start from; the session then stands at its time (see <see cref="CheckpointFiles.Load"/>). The
    /// recordings a format-2 checkpoint carries are continued: collected results start where its recordings start.
    /// </summary>
    public Storage.Checkpoints.CheckpointSource? Resume { get; init; }

    /// <summary>With <see cref="Resume"/>: the trial, parameters, rates and spike times the checkpoint's session had set, applied after the build.</summary>
    public SessionSettings? ResumeSettings { get; init; }

    /// <summary>Receives build and simulation progress.</summary>
    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>Akka settings laid over the embedded defaults (e.g. <c>serialize-messages = on</c> in tests).</summary>
    public Akka.Configuration.Config? Config { get; init; }
}
