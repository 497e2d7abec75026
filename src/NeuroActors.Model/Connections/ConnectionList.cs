using System.Text.Json.Serialization;

namespace NeuroActors.Model;

/// <summary>Where a <see cref="ConnectionList"/> came from, which decides how its rows and fields are named in errors.</summary>
public enum ConnectionFormat
{
    /// <summary>Built in code: connection i is <c>connections[i]</c>.</summary>
    InMemory,
    /// <summary>A CSV file (header <c>source,target,weight,delay_ms</c>): connection i is on line i + 2.</summary>
    Csv,
    /// <summary>A NumPy <c>.npy</c> structured array (fields source, target, weight, delay_ms): connection i is row i.</summary>
    NpyStructured,
    /// <summary>A NumPy <c>.npy</c> N×4 array (columns source, target, weight, delay_ms): connection i is row i.</summary>
    NpyColumns,
    /// <summary>A SONATA edges HDF5 file: connection i is edge i of the edge population.</summary>
    Sonata,
}

/// <summary>
/// Explicit connections of one projection, each with its own weight and delay: the data of a
/// <see cref="ConnectorKind.FromFile"/> connector. Indices are within the source and target populations. The list is
/// part of the model, so it travels with it to cluster workers and is covered by checkpoint fingerprints.
/// </summary>
/// <param name="Format">Where the connections were read from (names rows and fields in errors).</param>
/// <param name="File">The file as the model names it, or null when built in code.</param>
/// <param name="Sources">Source index of each connection.</param>
/// <param name="Targets">Target index of each connection.</param>
/// <param name="Weights">Weight of each connection, in the target model's weight unit (mV, pA or nS).</param>
/// <param name="DelaysMs">Delay of each connection in ms; rounded to the nearest step as every delay is.</param>
/// <param name="EdgePopulation">For <see cref="ConnectionFormat.Sonata"/>: the edge population read.</param>
public sealed record ConnectionList(
    ConnectionFormat Format,
    string? File,
    int[] Sources,
    int[] Targets,
    double[] Weights,
    double[] DelaysMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EdgePopulation = null)
{
    /// <summary>Connections built in code (<see cref="ConnectionFormat.InMemory"/>).</summary>
    public static ConnectionList Of(int[] sources, int[] targets, double[] weights, double[] delaysMs) =>
        new(ConnectionFormat.InMemory, null, sources, targets, weights, delaysMs);

    /// <summary>Number of connections.</summary>
    [JsonIgnore]
    public int Count => Sources.Length;

    /// <summary>The smallest delay in ms, or +∞ for an empty list (which constrains no window).</summary>
    [JsonIgnore]
    public double MinDelayMs
    {
        get
        {
            double min = double.PositiveInfinity;
            foreach (double d in DelaysMs) if (d < min) min = d;
            return min;
        }
    }

    /// <summary>
    /// Where connection <paramref name="index"/>'s <paramref name="field"/> (0 source, 1 target, 2 weight, 3 delay) is,
    /// in the words of its format: "edges.csv line 14, delay_ms", "edges.npy row 12, column 3 (delay_ms)",
    /// "edges.h5 /edges/e0 edge 12, delay", or "connections[12].delay_ms" for a list built in code.
    /// </summary>
    public string Where(int index, int field)
    {
        string name = FieldNames[field];
        return Format switch
        {
            ConnectionFormat.Csv => $"{File} line {index + 2}, {name}",
            ConnectionFormat.NpyStructured => $"{File} row {index}, field {name}",
            ConnectionFormat.NpyColumns => $"{File} row {index}, column {field} ({name})",
            ConnectionFormat.Sonata => $"{File} /edges/{EdgePopulation} edge {index}, {SonataFieldNames[field]}",
            _ => $"connections[{index}].{name}",
        };
    }

    /// <summary>The field names of CSV headers and structured <c>.npy</c> arrays, in column order.</summary>
    public static readonly IReadOnlyList<string> FieldNames = ["source", "target", "weight", "delay_ms"];

    /// <summary>The SONATA datasets of the four fields (weight and delay are in the edge group).</summary>
    public static readonly IReadOnlyList<string> SonataFieldNames = ["source_node_id", "target_node_id", "syn_weight", "delay"];
}
