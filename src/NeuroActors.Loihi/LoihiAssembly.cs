namespace NeuroActors.Loihi;

/// <summary>
/// Emulated Loihi neurocores (docs/loihi.md): the fixed-point CUBA LIF compartment, integer synapses, core limits and
/// mapping, quantisation of float models and energy counts, behind the kernel's shard-backend interface.
/// </summary>
internal static class LoihiAssembly;
