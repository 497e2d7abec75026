using System.Globalization;

namespace NeuroActors.Training;

/// <summary>
/// Initial weights read from a file (<see cref="WeightInit.File"/>): an <c>.npy</c> of shape [out, in] (any numeric
/// dtype <see cref="NpyArray"/> reads) or a <c>.csv</c> of <c>out</c> rows of <c>in</c> numbers, PyTorch's
/// <c>nn.Linear.weight</c> layout, so that <c>numpy.save(f, layer.weight.detach().numpy())</c> gives a valid file.
/// </summary>
public static class WeightFile
{
    /// <summary>The weights in row-major order, checked to have shape [<paramref name="rows"/>, <paramref name="columns"/>]
    /// and finite values. <paramref name="name"/> names the file in messages.</summary>
    /// <exception cref="DatasetException">The file's shape or values do not fit.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static double[] Read(string path, string name, int rows, int columns)
    {
        string expected = $"shape ({rows}, {columns}): [out, in] as PyTorch's nn.Linear.weight";
        var values = new double[checked(rows * columns)];
        switch (Path.GetExtension(name).ToLowerInvariant())
        {
            case ".npy":
                var a = NpyArray.Read(path, name);
                if (a.Shape.Count != 2 || a.Shape[0] != rows || a.Shape[1] != columns)
                    throw new DatasetException(name, "shape", a.ShapeText, expected);
                for (int i = 0; i < values.Length; i++) values[i] = a[i];
                break;
            case ".csv":
                var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
                if (lines.Length != rows) throw new DatasetException(name, "rows", lines.Length.ToString(CultureInfo.InvariantCulture), expected);
                for (int r = 0; r < rows; r++)
                {
                    var fields = lines[r].Split(',');
                    if (fields.Length != columns)
                        throw new DatasetException(name, $"row {r + 1}", $"{fields.Length} columns", expected);
                    for (int c = 0; c < columns; c++)
                        if (!double.TryParse(fields[c].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[r * columns + c]))
                            throw new DatasetException(name, $"row {r + 1}, column {c + 1}", $"'{fields[c].Trim()}'", "a number");
                }
                break;
            default:
                var ext = Path.GetExtension(name);
                throw new DatasetException(name, "file type", ext.Length == 0 ? "no extension" : $"'{ext}'", "weight files are .npy (NumPy) or .csv");
        }
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new DatasetException(name, $"element [{i / columns}, {i % columns}]", values[i].ToString(CultureInfo.InvariantCulture), "finite numbers");
        return values;
    }
}
