using System.Globalization;

namespace NeuroActors.Model;

/// <summary>
/// Reads the connections of a <see cref="ConnectorKind.FromFile"/> connector, choosing the format by the file's
/// extension: <c>.csv</c>, <c>.npy</c>, or <c>.h5</c> / <c>.hdf5</c> for a SONATA edges file. The formats are
/// described in docs/model-format.md. Reading checks the file's structure and that every index is a whole number;
/// whether the indices, weights and delays fit the model is checked with the model (<see cref="ModelValidator"/>).
/// </summary>
public static class ConnectionFile
{
    /// <summary>The extensions read, in the order messages list them.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".csv", ".npy", ".h5", ".hdf5"];

    /// <summary>Reads the connections in <paramref name="path"/>.</summary>
    /// <param name="path">The file to open.</param>
    /// <param name="name">The file as the model names it (kept in the list and used in messages); <paramref name="path"/> when null.</param>
    /// <param name="edgePopulation">For SONATA: the edge population under <c>/edges</c>; may be left out when the file holds one.</param>
    /// <exception cref="ConnectionFileException">The file is missing, unreadable, or not connections in a format read here.</exception>
    public static ConnectionList Read(string path, string? name = null, string? edgePopulation = null)
    {
        name ??= path;
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (!Extensions.Contains(extension))
            throw new ConnectionFileException(name, $"extension '{Path.GetExtension(path)}'", $"connection files are {string.Join(", ", Extensions)} (CSV, NumPy, SONATA edges HDF5)");
        if (edgePopulation is not null && extension is not (".h5" or ".hdf5"))
            throw new ConnectionFileException(name, $"edge_population '{edgePopulation}'", "only SONATA (.h5, .hdf5) files hold edge populations");
        if (!File.Exists(path))
            throw new ConnectionFileException(name, "no such file", $"a readable file (looked at {Path.GetFullPath(path)})");
        try
        {
            return extension switch
            {
                ".csv" => ConnectionsCsv.Read(path, name),
                ".npy" => ConnectionsNpy.Read(NpyFile.Read(path, name)),
                _ => SonataEdges.Read(path, name, edgePopulation),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConnectionFileException(name, "a file that cannot be read", ex.Message);
        }
    }

    /// <summary>
    /// An index read as a double (from NumPy or HDF5): a whole number that fits an int, or an error naming the place.
    /// Negative indices pass, so that the model check reports them with the population's range.
    /// </summary>
    internal static int Index(double value, Func<string> where)
    {
        if (value == Math.Floor(value) && value >= int.MinValue && value <= int.MaxValue) return (int)value;
        throw new ConnectionFileException(where(), value.ToString("R", CultureInfo.InvariantCulture), $"an index is a whole number from 0 to {int.MaxValue}");
    }
}
