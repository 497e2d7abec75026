namespace NeuroActors.Kernel.Shard;

/// <summary>
/// The spikes one shard emitted in one window (or one part of a window, see
/// <see cref="WindowedShard.PacketsPerWindow"/>) that matter to one destination shard: parallel arrays of the
/// senders' 32-bit routing keys (<see cref="Network.SpikeKeys"/>) and step offsets, in (offset, key) order. Sent
/// once per window part and destination, even when empty: an empty packet is what lets the receiver advance.
/// Immutable once sent.
/// </summary>
/// <param name="Number">
/// Packet number: window w's part j of P is number w·P + j (the window number when a window is one packet).
/// </param>
/// <param name="SourceShard">Sending shard.</param>
/// <param name="Keys">Routing key of each spiking neuron.</param>
/// <param name="Offsets">Step of each spike relative to the first step of the packet.</param>
public sealed record SpikePacket(long Number, int SourceShard, uint[] Keys, int[] Offsets)
{
    /// <summary>Number of spikes.</summary>
    public int Count => Keys.Length;
}
