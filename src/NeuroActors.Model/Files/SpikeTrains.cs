namespace NeuroActors.Model.Files;

/// <summary>
/// Spikes of many sources as read from a file: one (neuron index, time) pair per spike, in any order, and the size of
/// the population when the file declares it.
/// </summary>
/// <param name="Neurons">The neuron index (within the population, from 0) of each spike.</param>
/// <param name="TimesMs">The time of each spike in ms.</param>
/// <param name="DeclaredSize">The population size the file states (a SONATA file written by NeuroActors), or null.</param>
public sealed record SpikeTrains(int[] Neurons, double[] TimesMs, int? DeclaredSize = null)
{
    /// <summary>One sorted list of times per neuron of a population of <paramref name="size"/> (an index must be below it).</summary>
    public IReadOnlyList<double[]> PerNeuron(int size)
    {
        var counts = new int[size];
        foreach (int n in Neurons) counts[n]++;
        var lists = counts.Select(c => new double[c]).ToArray();
        Array.Clear(counts);
        for (int i = 0; i < Neurons.Length; i++) lists[Neurons[i]][counts[Neurons[i]]++] = TimesMs[i];
        foreach (var list in lists) Array.Sort(list);
        return lists;
    }
}

/// <summary>Reads the spike trains of a <c>spike_source_array</c> from a file named in a model file.</summary>
public interface ISpikeTrainReader
{
    /// <summary>
    /// The spikes in <paramref name="path"/>; <paramref name="population"/> chooses one of several populations in
    /// the file (SONATA), null when the file holds one.
    /// </summary>
    /// <exception cref="InvalidDataException">The file's content is not a spike file of an accepted layout (one line: file, field, value, what is valid).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    SpikeTrains Read(string path, string? population);
}

/// <summary>
/// Spike trains from NumPy <c>.npy</c> files, in either of two layouts: a 1-D structured array with an index field
/// named <c>neuron</c>, <c>node_id</c> or <c>node_ids</c> and a time field named <c>time</c>, <c>timestamp</c> or
/// <c>timestamps</c> (other fields are ignored); or a 2-D array of two columns, neuron index then time (C or Fortran
/// order). Indices are whole numbers ≥ 0 of any integer type (or floats holding whole numbers); times are in ms.
/// </summary>
public sealed class NpySpikeTrains : ISpikeTrainReader
{
    /// <summary>The names an index field may have.</summary>
    public static readonly string[] IndexFields = ["neuron", "node_id", "node_ids"];

    /// <summary>The names a time field may have.</summary>
    public static readonly string[] TimeFields = ["time", "timestamp", "timestamps"];

    /// <summary>The reader.</summary>
    public static NpySpikeTrains Instance { get; } = new();

    /// <inheritdoc/>
    public SpikeTrains Read(string path, string? population)
    {
        if (population is not null)
            throw NpyFile.Bad(path, "population", $"'{population}'", "an .npy file holds one population: leave population out");
        if (Path.GetExtension(path) != ".npy")
            throw NpyFile.Bad(path, "file type", $"'{Path.GetExtension(path)}'", "valid spike files are .npy (NumPy) here; SONATA files (.h5) are read by the neuroactors command (NeuroActors.Results.SpikeTrainFiles)");
        return FromTable(NpyFile.Read(path));
    }

    /// <summary>The spikes of an .npy table in one of the two accepted layouts.</summary>
    /// <exception cref="InvalidDataException">Another layout, or an index that is not a whole number ≥ 0.</exception>
    public static SpikeTrains FromTable(NpyTable table)
    {
        NpyColumn index, time;
        if (table.Structured)
        {
            index = IndexFields.Select(table.Column).FirstOrDefault(c => c is not null)
                ?? throw NpyFile.Bad(table.Name, "fields", Fields(table), $"a structured spike array needs an index field named one of {string.Join(", ", IndexFields)}");
            time = TimeFields.Select(table.Column).FirstOrDefault(c => c is not null)
                ?? throw NpyFile.Bad(table.Name, "fields", Fields(table), $"a structured spike array needs a time field (ms) named one of {string.Join(", ", TimeFields)}");
        }
        else if (table.Shape.Count == 2 && table.Shape[1] == 2)
        {
            index = table.Columns[0];
            time = table.Columns[1];
        }
        else
            throw NpyFile.Bad(table.Name, "shape", "(" + string.Join(", ", table.Shape) + (table.Shape.Count == 1 ? ",)" : ")"),
                $"a spike array is 2-D with 2 columns (neuron index, time ms), or 1-D structured with fields ({IndexFields[0]}, {TimeFields[0]})");
        if (table.Rows > int.MaxValue) throw NpyFile.Bad(table.Name, "shape", table.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture), $"at most {int.MaxValue} spikes");
        var neurons = table.Integers(index, 0, int.MaxValue).Select(n => (int)n).ToArray();
        return new SpikeTrains(neurons, table.Doubles(time));
    }

    private static string Fields(NpyTable table) => "(" + string.Join(", ", table.Columns.Select(c => $"'{c.Name}'")) + ")";
}
