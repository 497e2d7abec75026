using System.Buffers.Binary;
using System.Text;

namespace NeuroActors.Model.Files;

/// <summary>
/// Writes NumPy <c>.npy</c> files (format 1.0) in the layouts <c>numpy.save</c> gives a float64 matrix and a packed
/// record array, which <see cref="NpyFile"/> reads back: spike trains and other model inputs made by a program.
/// </summary>
public static class NpyWriter
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>A 2-D array of float64 (<c>'&lt;f8'</c>, C order) whose columns are <paramref name="columns"/>.</summary>
    public static void WriteColumns(string path, IReadOnlyList<double[]> columns)
    {
        long rows = columns.Count == 0 ? 0 : columns[0].Length;
        if (columns.Any(c => c.Length != rows)) throw new ArgumentException("every column must have the same length", nameof(columns));
        var data = new byte[rows * columns.Count * 8];
        for (long r = 0; r < rows; r++)
            for (int c = 0; c < columns.Count; c++)
                BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan((int)((r * columns.Count + c) * 8)), columns[c][r]);
        Write(path, "'<f8'", $"({rows}, {columns.Count})", data);
    }

    /// <summary>
    /// A 1-D structured array of packed records (int64 <paramref name="integerField"/>, float64 <paramref name="doubleField"/>):
    /// <c>[('a', '&lt;i8'), ('b', '&lt;f8')]</c>.
    /// </summary>
    public static void WriteRecords(string path, string integerField, long[] integers, string doubleField, double[] doubles)
    {
        if (integers.Length != doubles.Length) throw new ArgumentException("both fields need one value per record", nameof(doubles));
        var data = new byte[integers.Length * 16];
        for (int r = 0; r < integers.Length; r++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(r * 16), integers[r]);
            BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(r * 16 + 8), doubles[r]);
        }
        Write(path, $"[('{integerField}', '<i8'), ('{doubleField}', '<f8')]", $"({integers.Length},)", data);
    }

    private static void Write(string path, string descr, string shape, byte[] data)
    {
        // As numpy does: the header is padded with spaces and ends with a newline so that the data starts at a
        // multiple of 64 bytes.
        string dict = $"{{'descr': {descr}, 'fortran_order': False, 'shape': {shape}, }}";
        int total = 10 + dict.Length + 1;
        string header = dict + new string(' ', (total + 63) / 64 * 64 - total) + "\n";
        using var file = File.Create(path);
        file.Write(Magic);
        file.Write([1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        file.Write(length);
        file.Write(Encoding.Latin1.GetBytes(header));
        file.Write(data);
    }
}
