using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace NeuroActors.Results.Training;

/// <summary>
/// NumPy's <c>.npy</c> format, version 1.0, for little-endian float32 (<c>'&lt;f4'</c>) and float64 (<c>'&lt;f8'</c>)
/// arrays in C order: the files <c>numpy.load</c> reads. The header is byte for byte the one <c>numpy.save</c> writes
/// (NumPy ≥ 1.23: the dict with sorted keys, spare room for the first axis to grow, spaces and a newline up to a
/// multiple of 64 bytes). The model's general reader, <see cref="NeuroActors.Model.NpyFile"/>, reads these files too;
/// this class is the writer for trained tensors and a typed reader of them.
/// </summary>
public static partial class NpyTensorFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int Align = 64, GrowthAxisMaxDigits = 21, PrefixLength = 10;

    /// <summary>The dtype string of <typeparamref name="T"/>: <c>&lt;f4</c> for float, <c>&lt;f8</c> for double.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static string Descr<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? "<f4" : typeof(T) == typeof(double) ? "<f8"
        : throw new ArgumentException($"element type {typeof(T).Name} cannot be written: float or double", nameof(T));

    /// <summary>The magic, version, header length and header of an array of <paramref name="shape"/>, as <c>numpy.save</c> writes them.</summary>
    /// <exception cref="ArgumentException">The header would not fit format 1.0 (a shape of thousands of axes).</exception>
    public static byte[] Header(string descr, IReadOnlyList<int> shape)
    {
        string shapeText = shape.Count switch
        {
            0 => "()",
            1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
            _ => $"({string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))})",
        };
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        if (shape.Count > 0) dict += new string(' ', GrowthAxisMaxDigits - shape[0].ToString(CultureInfo.InvariantCulture).Length);
        int length = dict.Length + 1;
        int pad = Align - (PrefixLength + length) % Align;
        if (length + pad > ushort.MaxValue) throw new ArgumentException($"a header of {length + pad} bytes does not fit .npy format 1.0", nameof(shape));
        var header = new byte[PrefixLength + length + pad];
        Magic.CopyTo(header, 0);
        header[6] = 1;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)(length + pad));
        Encoding.ASCII.GetBytes(dict, header.AsSpan(PrefixLength));
        header.AsSpan(PrefixLength + dict.Length, pad).Fill((byte)' ');
        header[^1] = (byte)'\n';
        return header;
    }

    /// <summary>Writes <paramref name="values"/> (row-major) as an array of <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">A negative dimension, or a shape whose product is not the number of values.</exception>
    public static void Write<T>(string path, IReadOnlyList<int> shape, ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(shape, values.Length);
        var header = Header(Descr<T>(), shape);
        int size = typeof(T) == typeof(float) ? 4 : 8;
        var data = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is float f) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), f);
            else if (values[i] is double d) BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), d);
        }
        using var file = File.Create(path);
        file.Write(header);
        file.Write(data);
    }

    /// <summary>Reads an array written by <see cref="Write"/> or by <c>numpy.save</c> (format 1.0 or 2.0, little-endian, C order).</summary>
    /// <exception cref="ResultsException">The file cannot be read, is not such an array, or holds another dtype than <typeparamref name="T"/>'s.</exception>
    public static (int[] Shape, T[] Values) Read<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResultsException($"cannot read '{path}': {ex.Message}", ex);
        }
        if (bytes.Length < PrefixLength || !bytes.AsSpan(0, 6).SequenceEqual(Magic) || bytes[6] is not (1 or 2))
            throw new ResultsException($"'{path}' is not a .npy file of format 1.0 or 2.0");
        int headerLength = bytes[6] == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int start = bytes[6] == 1 ? PrefixLength : PrefixLength + 2;
        if (start + headerLength > bytes.Length) throw new ResultsException($"'{path}': header of {headerLength} bytes runs past the end of the file");
        string header = Encoding.Latin1.GetString(bytes, start, headerLength);
        var m = HeaderPattern().Match(header);
        if (!m.Success) throw new ResultsException($"'{path}': header {header.TrimEnd()} is not a dict with 'descr', 'fortran_order' and 'shape'");
        string descr = m.Groups["descr"].Value;
        if (descr != Descr<T>()) throw new ResultsException($"'{path}': dtype '{descr}', expected '{Descr<T>()}'");
        if (m.Groups["fortran"].Value != "False") throw new ResultsException($"'{path}': fortran_order must be False (C order)");
        var shape = m.Groups["shape"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.Parse(d, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        long count = shape.Aggregate(1L, (a, d) => a * d);
        int size = typeof(T) == typeof(float) ? 4 : 8;
        int offset = start + headerLength;
        if (bytes.Length - offset != count * size)
            throw new ResultsException($"'{path}': {bytes.Length - offset} bytes of data for shape ({string.Join(", ", shape)}) of '{descr}', expected {count * size}");
        var values = new T[count];
        for (int i = 0; i < values.Length; i++)
            values[i] = size == 4
                ? T.CreateChecked(BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset + 4 * i)))
                : T.CreateChecked(BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(offset + 8 * i)));
        return (shape, values);
    }

    internal static void CheckShape(IReadOnlyList<int> shape, int length)
    {
        long product = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"shape ({string.Join(", ", shape)}) has a negative dimension", nameof(shape));
            product *= d;
        }
        if (product != length) throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {product} values, got {length}", nameof(shape));
    }

    // Keys in any order, as numpy.load accepts; the values as numpy writes them.
    [GeneratedRegex(@"^\{(?=.*'descr':\s*'(?<descr>[^']*)')(?=.*'fortran_order':\s*(?<fortran>True|False))(?=.*'shape':\s*\((?<shape>[0-9,\s]*)\)).*\}\s*$", RegexOptions.Singleline)]
    private static partial Regex HeaderPattern();
}
