namespace NeuroActors.Training;

/// <summary>Makes or reads a config's dataset and splits it.</summary>
public static class DatasetLoader
{
    /// <summary>
    /// The whole dataset of <paramref name="spec"/>: Randman generated from <see cref="DatasetSpec.Seed"/>, or arrays read
    /// with relative paths taken from <paramref name="baseDirectory"/> (the config's directory).
    /// </summary>
    /// <exception cref="DatasetException">An array file does not fit.</exception>
    public static SampleSet LoadAll(DatasetSpec spec, string baseDirectory) => spec.Kind switch
    {
        DatasetKind.Randman => Randman.Generate(spec.Randman ?? new RandmanSpec(), spec.Seed),
        DatasetKind.Arrays => ArraysDataset.Load(spec.Arrays ?? throw new ArgumentException("an arrays dataset without its files", nameof(spec)), baseDirectory),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "unknown dataset"),
    };

    /// <summary>The dataset of <paramref name="spec"/>, split into (train, test) by <see cref="DatasetSplit"/>.</summary>
    /// <exception cref="DatasetException">An array file does not fit.</exception>
    public static (SampleSet Train, SampleSet Test) Load(DatasetSpec spec, string baseDirectory) =>
        DatasetSplit.Split(LoadAll(spec, baseDirectory), spec.TestFraction, spec.Seed);
}
