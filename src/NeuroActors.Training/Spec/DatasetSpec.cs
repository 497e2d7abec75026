namespace NeuroActors.Training;

/// <summary>Where the samples come from.</summary>
public enum DatasetKind
{
    /// <summary>Randman (Zenke &amp; Vogels 2021), generated from the seed.</summary>
    Randman,
    /// <summary>Arrays read from NumPy <c>.npy</c> files or CSV: inputs and labels.</summary>
    Arrays,
}

/// <summary>Randman's parameters (shared/reference/training.md); the defaults are the easy setting.</summary>
public sealed record RandmanSpec(
    int Classes = 10, int Units = 100, int Steps = 100, int Dimensions = 1, double Alpha = 2.0,
    double StepFraction = 1.0, int SamplesPerClass = 1000);

/// <summary>
/// Arrays of samples: <see cref="Inputs"/> holds either spike trains, shape [samples, steps, units] (0/1 or values that
/// are injected as they are), or features, shape [samples, units], presented as a constant input on every one of
/// <see cref="Steps"/> steps; <see cref="Labels"/> holds one integer class per sample. Paths are relative to the config.
/// <see cref="Units"/> is the number of input units: required for a CSV event list (which cannot tell silent units from
/// absent ones), checked against the array otherwise. The formats are in docs/training.md, "Datasets".
/// </summary>
public sealed record ArraysSpec(string Inputs, string Labels, int? Steps = null, int? Units = null);

/// <summary>The dataset, its train/test split and the seed that generates, splits and shuffles it.</summary>
public sealed record DatasetSpec(
    DatasetKind Kind,
    RandmanSpec? Randman,
    ArraysSpec? Arrays,
    double TestFraction = 0.2,
    ulong Seed = 1);
