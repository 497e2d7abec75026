namespace NeuroActors.Kernel.Shard;

/// <summary>
/// The spikes one shard emitted in one window that matter to one destination shard: parallel arrays of the
/// senders' 32-bit routing keys (<see cref="Network.SpikeKeys"/>) and step offsets within the window, in
/// (offset, key) order. Sent once per window and destination, even when empty: an empty packet is what lets the
/// receiver advance. Immutable once sent.
/// </summary>
/// <param name="Window">Window number (window w covers steps [w·L, (w+1)·L)).</param>
/// <param name="SourceShard">Sending shard.</param>
/// <param name="Keys">Routing key of each spiking neuron.</param>
/// <param name="Offsets">Step of each spike relative to the window start.</param>
public sealed record SpikePacket(long Window, int SourceShard, uint[] Keys, int[] Offsets)
{
    /// <summary>Number of spikes.</summary>
    public int Count => Keys.Length;
}
