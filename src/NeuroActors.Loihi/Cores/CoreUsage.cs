namespace NeuroActors.Loihi.Cores;

/// <summary>What one neurocore holds and uses.</summary>
/// <param name="Core">Core number: cores are numbered in population, slice and neuron order.</param>
/// <param name="Chip">The chip it is on.</param>
/// <param name="Population">Population name.</param>
/// <param name="Slice">The slice of the population it belongs to.</param>
/// <param name="FirstNeuron">Index within the population of its first neuron.</param>
/// <param name="FirstGid">Global id of its first neuron.</param>
/// <param name="Compartments">Neurons (compartments) on it.</param>
/// <param name="InputAxons">Distinct (presynaptic neuron, synapse configuration) pairs with synapses on it.</param>
/// <param name="OutputAxons">Its neurons' axons to Loihi cores: one per (neuron, destination core, synapse configuration) pair.</param>
/// <param name="Synapses">Synapses onto its neurons.</param>
/// <param name="SynapseBits">Synapse memory those synapses take (<see cref="SynapseMemory"/>).</param>
/// <param name="CompartmentConfigs">Distinct compartment configurations among its neurons.</param>
/// <param name="ThresholdConfigs">Distinct thresholds among its neurons.</param>
/// <param name="SynapseConfigs">Distinct synapse configurations among its synapses.</param>
public sealed record CoreUsage(int Core, int Chip, string Population, int Slice, int FirstNeuron, int FirstGid, int Compartments,
    int InputAxons, int OutputAxons, long Synapses, long SynapseBits, int CompartmentConfigs, int ThresholdConfigs, int SynapseConfigs);

/// <summary>
/// Where one neuron's spikes go on the chips, per spike: one message per output axon, of which some stay in the
/// source's tile and the others cross tiles (counted in hops of the mesh) or chips.
/// </summary>
/// <param name="Messages">Messages per spike: the neuron's output axons.</param>
/// <param name="TileLocal">Messages to a core in the source core's own tile.</param>
/// <param name="TileHops">Tile-to-tile hops of the messages to other tiles of the same chip (Manhattan distance on the mesh).</param>
/// <param name="ChipCrossings">Messages to cores on another chip (counted; no published energy figure prices them).</param>
public readonly record struct SpikeRoute(int Messages, int TileLocal, int TileHops, int ChipCrossings);

/// <summary>A mapping that breaks a limit of its profile, or an input that does not describe the populations.</summary>
public sealed class LoihiMappingException(string message) : Exception(message);
