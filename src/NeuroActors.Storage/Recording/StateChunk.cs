namespace NeuroActors.Storage.Recording;

/// <summary>
/// Samples one state recorder took in one shard over a stretch of steps, as plain arrays (the shape of the
/// runtime's recorded state, so a shard's report converts without copying more than once).
/// </summary>
/// <param name="Neurons">Recorded neuron indices within the population held by the shard; the same in every chunk of that shard.</param>
/// <param name="Steps">Steps after whose update a sample was taken, ascending and after every earlier chunk's.</param>
/// <param name="Values"><c>Values[variable][neuron][sample]</c>, variables in the recorder's order.</param>
public sealed record StateChunk(int[] Neurons, long[] Steps, double[][][] Values);

/// <summary>How much a store holds: what a checkpoint records so that a restore can truncate to it.</summary>
/// <param name="SpikesPerShard">Spikes appended per shard.</param>
/// <param name="SamplesPerRecorder">Samples every shard of each recorder holds (index: the model's recorder list; 0 for spike recorders).</param>
public sealed record RecordingPositions(IReadOnlyList<long> SpikesPerShard, IReadOnlyList<long> SamplesPerRecorder);
