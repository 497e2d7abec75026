using NeuroActors.Model.Files;

namespace NeuroActors.Results;

/// <summary>
/// Reads the spike files a model names (<c>spike_times: {file: …}</c>) by their extension: NumPy <c>.npy</c> (see
/// <see cref="NpySpikeTrains"/>) or SONATA spikes HDF5, <c>.h5</c> or <c>.hdf5</c> (see <see cref="SonataSpikes.ReadTrains"/>).
/// The <c>neuroactors</c> command loads models with it.
/// </summary>
public sealed class SpikeTrainFiles : ISpikeTrainReader
{
    /// <summary>The reader.</summary>
    public static SpikeTrainFiles Instance { get; } = new();

    /// <inheritdoc/>
    public SpikeTrains Read(string path, string? population) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".npy" => NpySpikeTrains.Instance.Read(path, population),
        ".h5" or ".hdf5" => SonataSpikes.ReadTrains(path, population),
        var other => throw new InvalidDataException($"'{path}': file type: got '{other}'; valid spike files are .npy (NumPy) and .h5 or .hdf5 (SONATA spikes)"),
    };
}
