namespace NeuroActors.Runtime.Wire;

/// <summary>
/// One slice of a <see cref="Kernel.Shard.SpikePacket"/> whose encoding would not fit in one remote frame. The
/// slices of a packet share its packet number and source shard; <paramref name="Index"/> and <paramref name="Count"/> let
/// the receiver put them back together (<see cref="ChunkAssembler"/>) whatever order they arrive in. Concatenated in
/// index order, the slices' arrays are the packet's arrays.
/// </summary>
/// <param name="Number">Packet number of the original packet (<see cref="Kernel.Shard.SpikePacket.Number"/>).</param>
/// <param name="SourceShard">Sending shard of the original packet.</param>
/// <param name="Index">Position of this slice, 0 ≤ index &lt; count.</param>
/// <param name="Count">Number of slices the packet was cut into.</param>
/// <param name="Keys">Routing keys of this slice's spikes.</param>
/// <param name="Offsets">Step offsets of this slice's spikes, parallel to <paramref name="Keys"/>.</param>
public sealed record SpikePacketChunk(long Number, int SourceShard, int Index, int Count, uint[] Keys, int[] Offsets);
