namespace NeuroActors.Loihi;

/// <summary>How a projection's weight mantissas are stored, detected from its weights as Lava's determine_sign_mode does.</summary>
public enum LoihiSignMode
{
    /// <summary>Weights of both signs: mantissas in [−256, 255], one more low bit dropped.</summary>
    Mixed = 1,

    /// <summary>No weight below 0 (an all-zero projection too): mantissas in [0, 255].</summary>
    Excitatory = 2,

    /// <summary>No weight above 0 and at least one below: magnitudes in [0, 255], negated.</summary>
    Inhibitory = 3,
}
