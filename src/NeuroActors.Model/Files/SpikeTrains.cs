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
/// Spike trains from NumPy <c>.npy</c> files (read by <see cref="NpyFile"/>, the reader connection files use too), in
/// either of two layouts: a 1-D structured array with an index field named <c>neuron</c>, <c>node_id</c> or
/// <c>node_ids</c> and a time field named <c>time</c>, <c>timestamp</c> or <c>timestamps</c> (other fields are
/// ignored); or a 2-D array of two columns, neuron index then time (C or Fortran order). Indices are whole numbers ≥ 0
/// (integers, or floats holding whole numbers); times are in ms.
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
            throw Bad(path, "population", $"'{population}'", "an .npy file holds one population: leave population out");
        if (Path.GetExtension(path) != ".npy")
            throw Bad(path, "file type", $"'{Path.GetExtension(path)}'", "valid spike files are .npy (NumPy) here; SONATA files (.h5) are read by the neuroactors command (NeuroActors.Results.SpikeTrainFiles)");
        NpyFile file;
        try
        {
            file = NpyFile.Read(path, $"'{path}'");
        }
        catch (ConnectionFileException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
        return FromArray(file);
    }

    /// <summary>The spikes of an .npy array in one of the two accepted layouts.</summary>
    /// <exception cref="InvalidDataException">Another layout, or an index that is not a whole number ≥ 0.</exception>
    public static SpikeTrains FromArray(NpyFile file)
    {
        long rows;
        Func<long, long> indexItem, timeItem;
        NpyField index, time;
        if (file.IsStructured)
        {
            if (file.Shape.Count != 1) throw Bad(file.Name, "shape", Show(file.Shape), "a structured spike array is 1-D: one record per spike");
            index = IndexFields.Select(n => file.Fields.FirstOrDefault(f => f.Name == n)).FirstOrDefault(f => f is not null)
                ?? throw Bad(file.Name, "fields", Fields(file), $"a structured spike array needs an index field named one of {string.Join(", ", IndexFields)}");
            time = TimeFields.Select(n => file.Fields.FirstOrDefault(f => f.Name == n)).FirstOrDefault(f => f is not null)
                ?? throw Bad(file.Name, "fields", Fields(file), $"a structured spike array needs a time field (ms) named one of {string.Join(", ", TimeFields)}");
            rows = file.Shape[0];
            indexItem = timeItem = r => r;
        }
        else if (file.Shape.Count == 2 && file.Shape[1] == 2)
        {
            index = time = file.Fields[0];
            rows = file.Shape[0];
            indexItem = r => file.ItemAt(r, 0);
            timeItem = r => file.ItemAt(r, 1);
        }
        else
            throw Bad(file.Name, "shape", Show(file.Shape),
                $"a spike array is 2-D with 2 columns (neuron index, time ms), or 1-D structured with fields ({IndexFields[0]}, {TimeFields[0]})");
        if (rows > int.MaxValue) throw Bad(file.Name, "shape", Show(file.Shape), $"at most {int.MaxValue} spikes");
        var neurons = new int[rows];
        var times = new double[rows];
        for (long r = 0; r < rows; r++)
        {
            double n = file.Get(indexItem(r), index);
            if (!(n >= 0 && n <= int.MaxValue && Math.Floor(n) == n))
                throw Bad(file.Name, $"row {r} neuron index", n.ToString("R", System.Globalization.CultureInfo.InvariantCulture), $"a whole number in [0, {int.MaxValue}]");
            neurons[r] = (int)n;
            times[r] = file.Get(timeItem(r), time);
        }
        return new SpikeTrains(neurons, times);
    }

    private static string Fields(NpyFile file) => "(" + string.Join(", ", file.Fields.Select(f => $"'{f.Name}'")) + ")";

    private static string Show(IReadOnlyList<long> shape) => "(" + string.Join(", ", shape) + (shape.Count == 1 ? ",)" : ")");

    // The file is named as NpyFile names it in its own messages: quoted.
    private static InvalidDataException Bad(string file, string field, string value, string valid) =>
        new($"{(file.StartsWith('\'') ? file : $"'{file}'")}: {field}: got {value}; {valid}");
}
