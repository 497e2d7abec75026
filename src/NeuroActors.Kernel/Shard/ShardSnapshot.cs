namespace NeuroActors.Kernel.Shard;

/// <summary>
/// A shard's complete state at a step, keyed by global ids so that it can be restored into any partition:
/// per-neuron state rows, pending synaptic input per (neuron, receptor, arrival step), and the spikes emitted in
/// the current window that have not been delivered yet.
/// </summary>
/// <param name="Step">Next step to compute.</param>
/// <param name="Neurons">Global id and state row of every neuron of the shard.</param>
/// <param name="Pending">Input already delivered but not yet consumed.</param>
/// <param name="Outbox">Spikes (<see cref="SpikeEvent"/>) this shard emitted that its targets have not yet delivered.</param>
public sealed record ShardSnapshot(long Step, IReadOnlyList<NeuronState> Neurons, IReadOnlyList<PendingInput> Pending, long[] Outbox);

/// <summary>The state row of one neuron.</summary>
public sealed record NeuronState(int Gid, double[] Values);

/// <summary>Input waiting in a ring buffer: for neuron <paramref name="Gid"/>, receptor (0 excitatory, 1 inhibitory), arriving at <paramref name="Step"/>.</summary>
public readonly record struct PendingInput(int Gid, byte Receptor, long Step, double Value);
