using NeuroActors.Kernel.Network;

namespace NeuroActors.Kernel.Shard;

/// <summary>
/// What one shard computes, whatever computes it: it takes a window part's spikes, advances, hands out the spikes it
/// emitted, and snapshots and restores its state keyed by global ids. <see cref="WindowedShard"/>, the shard actor,
/// the sequential runner and checkpoints see a shard only through this interface. <see cref="ShardKernel"/> (the
/// floating-point kernel, backend <c>cpu</c>) is the first implementation; a backend is registered by name with
/// <see cref="ShardBackends"/> and chosen per population in the model, so every shard holds populations of one backend.
/// </summary>
/// <remarks>
/// Every member is called between window parts, never per neuron or per spike. A backend that can also change
/// parameters and stimuli or read and write weights between runs implements <see cref="IShardSettings"/> and
/// <see cref="IShardWeights"/>; <see cref="ShardCapabilities"/> refuses those requests, naming the backend, for the
/// populations of a backend that cannot.
/// </remarks>
public interface IShardBackend
{
    /// <summary>The partition this shard belongs to.</summary>
    NetworkPlan Plan { get; }

    /// <summary>This shard's number.</summary>
    int Index { get; }

    /// <summary>Neurons, synapses, their bytes and the backend's own figures.</summary>
    ShardResources Resources { get; }

    /// <summary>Next step to compute.</summary>
    long Step { get; }

    /// <summary>
    /// Every spike of the network emitted before this step is in this shard's pending input; later ones are still in
    /// outboxes or packets. Set by whoever delivers (<see cref="WindowedShard"/>); a restore sets it to the restored
    /// step and a reset to 0.
    /// </summary>
    long DeliveredBefore { get; set; }

    /// <summary>
    /// Takes spikes (<see cref="SpikeEvent"/>, sorted by step then gid) of the neurons this shard receives synapses
    /// from; each reaches its targets at (spike step + delay), which is at or after <see cref="Step"/>.
    /// </summary>
    void Deliver(ReadOnlySpan<long> spikes);

    /// <summary>Computes steps [<see cref="Step"/>, <paramref name="toStep"/>), appending emitted spikes to <see cref="Outbox"/>.</summary>
    void Advance(long toStep);

    /// <summary>Spikes (<see cref="SpikeEvent"/>) emitted but not yet sent to the shards that need them, in (step, gid) order.</summary>
    LongBuffer Outbox { get; }

    /// <summary>What the shard recorded since its recordings were last handed on.</summary>
    ShardRecorder Recordings { get; }

    /// <summary>Spikes emitted by this shard's neurons since the build or a reset (or as rewound, see <see cref="RewindCounters"/>).</summary>
    long SpikeCount { get; }

    /// <summary>Synaptic events delivered into this shard (spike × synapse) plus stimulus events.</summary>
    long EventCount { get; }

    /// <summary>Puts <see cref="SpikeCount"/> and <see cref="EventCount"/> back to earlier values (a session restoring a snapshot of its own).</summary>
    void RewindCounters(long spikes, long events);

    /// <summary>
    /// The shard's complete state as checkpoint sections keyed by global ids (neuron state rows whose columns are the
    /// backend's <see cref="ShardBackendKind.StateNames"/>, pending input, undelivered spikes, and for a backend with
    /// <see cref="IShardWeights"/> the weights of the projections set since the build), so that any cut of the same
    /// model can restore it.
    /// </summary>
    ShardSnapshot Snapshot();

    /// <summary>
    /// Restores this shard's part of a network state gathered from any partition: the rows and pending input of the
    /// gids it holds (the rest is ignored), then the input of every undelivered spike of the network. The state's
    /// weights go back first (<see cref="ShardCapabilities.RestoreWeights"/>): the undelivered spikes are delivered through them.
    /// </summary>
    void Restore(long step, IEnumerable<NeuronState> neurons, IEnumerable<PendingInput> pending, IEnumerable<long> undelivered);

    /// <summary>
    /// The trial whose random input is drawn; 0 is a first run's. Setting it changes the draws of the steps to come
    /// and nothing else.
    /// </summary>
    int Trial { get; set; }

    /// <summary>
    /// Starts trial <paramref name="trial"/> from step 0: neurons back to their state as built, no pending input,
    /// recordings and counters cleared; what a session changed (weights, parameters, stimuli) is kept.
    /// </summary>
    void ResetState(int trial);
}
