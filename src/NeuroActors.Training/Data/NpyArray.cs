using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NeuroActors.Training;

/// <summary>The element types an <see cref="NpyArray"/> reads.</summary>
public enum NpyElement
{
    /// <summary><c>&lt;f4</c>: float32.</summary>
    Float32,
    /// <summary><c>&lt;f8</c>: float64.</summary>
    Float64,
    /// <summary><c>|i1</c>: int8.</summary>
    Int8,
    /// <summary><c>&lt;i2</c>: int16.</summary>
    Int16,
    /// <summary><c>&lt;i4</c>: int32.</summary>
    Int32,
    /// <summary><c>&lt;i8</c>: int64.</summary>
    Int64,
    /// <summary><c>|u1</c>: uint8.</summary>
    UInt8,
    /// <summary><c>|b1</c>: bool.</summary>
    Bool,
}

/// <summary>
/// A plain NumPy array read from an <c>.npy</c> file (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
/// format versions 1.0 and 2.0 (Latin-1 header) and 3.0 (UTF-8 header); dtypes <c>&lt;f4 &lt;f8 &lt;i4 &lt;i8 |u1 |b1 &lt;i2 |i1</c>
/// (<c>&lt;u1</c>, <c>&lt;b1</c>, <c>&lt;i1</c> are read as their <c>|</c> spellings); C order. Anything else (big-endian,
/// structured, object or Fortran-ordered arrays) is refused by a <see cref="DatasetException"/> naming the file, the
/// header field and what was found. Named NpyArray, not NpyFile, so as not to clash with the model's reader of
/// connection files (<c>NeuroActors.Model.NpyFile</c>), which reads structured arrays of other dtypes.
/// </summary>
public sealed class NpyArray
{
    private const string Accepted = "'<f4', '<f8', '<i4', '<i8', '|u1', '|b1', '<i2', '|i1' (little-endian, plain)";
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private readonly byte[] _data;
    private readonly int _start;

    private NpyArray(string name, long[] shape, NpyElement element, byte[] data, int start)
    {
        Name = name; Shape = shape; Element = element; _data = data; _start = start;
    }

    /// <summary>The file as messages name it.</summary>
    public string Name { get; }
    /// <summary>The shape (empty for a scalar).</summary>
    public IReadOnlyList<long> Shape { get; }
    /// <summary>The element type.</summary>
    public NpyElement Element { get; }
    /// <summary>Number of elements.</summary>
    public long Length => Shape.Aggregate(1L, (a, b) => a * b);
    /// <summary>Whether the elements are whole numbers (integer or bool dtypes).</summary>
    public bool IsInteger => Element is not (NpyElement.Float32 or NpyElement.Float64);
    /// <summary>The shape as NumPy prints it, e.g. <c>(3, 4)</c> or <c>(5,)</c>.</summary>
    public string ShapeText => ShowShape(Shape);
    /// <summary>The dtype as the header spells it.</summary>
    public string Descr => Element switch
    {
        NpyElement.Float32 => "<f4", NpyElement.Float64 => "<f8", NpyElement.Int8 => "|i1", NpyElement.Int16 => "<i2",
        NpyElement.Int32 => "<i4", NpyElement.Int64 => "<i8", NpyElement.UInt8 => "|u1", _ => "|b1",
    };

    /// <summary>Reads <paramref name="path"/>; <paramref name="name"/> (the path when null) names it in messages.</summary>
    /// <exception cref="DatasetException">Not an .npy file of an accepted kind.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static NpyArray Read(string path, string? name = null) => Parse(File.ReadAllBytes(path), name ?? path);

    /// <summary>Parses the bytes of an .npy file.</summary>
    /// <exception cref="DatasetException">Not an .npy file of an accepted kind.</exception>
    public static NpyArray Parse(byte[] bytes, string name)
    {
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
            throw new DatasetException(name, "magic string", "none", "an .npy file starts with \\x93NUMPY (numpy.save writes one)");
        int major = bytes[6], minor = bytes[7];
        long headerLength;
        int headerStart;
        Encoding encoding;
        switch (major, minor)
        {
            case (1, 0):
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
                headerStart = 10; encoding = Encoding.Latin1;
                break;
            case (2, 0) or (3, 0) when bytes.Length >= 12:
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
                headerStart = 12; encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
                break;
            case (2, 0) or (3, 0):
                throw new DatasetException(name, "preamble", $"{bytes.Length} bytes", $"a version {major}.0 file has a 12-byte preamble");
            default:
                throw new DatasetException(name, "format version", $"{major}.{minor}", "the versions read are 1.0, 2.0 and 3.0");
        }
        if (headerStart + headerLength > bytes.Length)
            throw new DatasetException(name, "header", $"a header of {headerLength} bytes in a file of {bytes.Length}", "a complete .npy file");
        string header = encoding.GetString(bytes, headerStart, (int)headerLength).Trim();
        var element = Element_(header, name);
        if (Field(header, "fortran_order", @"(True|False)") is not { } fortran)
            throw new DatasetException(name, "header fortran_order", Short(header), "True or False");
        if (fortran == "True")
            throw new DatasetException(name, "header fortran_order", "True", "C order (numpy.ascontiguousarray before numpy.save)");
        var shape = Shape_(header, name);

        int size = SizeOf(element);
        int start = (int)(headerStart + headerLength);
        long items = 1;
        foreach (long d in shape) items = d == 0 ? 0 : items > long.MaxValue / d ? long.MaxValue : items * d;
        long needed = items > long.MaxValue / size ? long.MaxValue : items * size;
        if (needed != bytes.Length - start)
            throw new DatasetException(name, "data", $"{bytes.Length - start} bytes",
                $"shape {ShowShape(shape)} of {size}-byte items needs exactly {needed}");
        return new NpyArray(name, shape, element, bytes, start);
    }

    /// <summary>Element <paramref name="index"/> in C (row-major) order, as a double (exact for every dtype but the
    /// largest int64 values).</summary>
    public double this[long index]
    {
        get
        {
            if ((ulong)index >= (ulong)Length) throw new ArgumentOutOfRangeException(nameof(index), index, $"the array has {Length} elements");
            int at = checked((int)(_start + index * Size));
            var span = _data.AsSpan(at);
            return Element switch
            {
                NpyElement.Float32 => BinaryPrimitives.ReadSingleLittleEndian(span),
                NpyElement.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(span),
                NpyElement.Int8 => (sbyte)span[0],
                NpyElement.Int16 => BinaryPrimitives.ReadInt16LittleEndian(span),
                NpyElement.Int32 => BinaryPrimitives.ReadInt32LittleEndian(span),
                NpyElement.Int64 => BinaryPrimitives.ReadInt64LittleEndian(span),
                NpyElement.UInt8 => span[0],
                _ => span[0] != 0 ? 1 : 0,
            };
        }
    }

    /// <summary>Element <paramref name="index"/> of an integer array as a long (exact).</summary>
    public long Integer(long index)
    {
        if (!IsInteger) throw new InvalidOperationException($"{Name} holds {Descr}, not integers");
        if (Element == NpyElement.Int64)
        {
            if ((ulong)index >= (ulong)Length) throw new ArgumentOutOfRangeException(nameof(index), index, $"the array has {Length} elements");
            return BinaryPrimitives.ReadInt64LittleEndian(_data.AsSpan(checked((int)(_start + index * 8))));
        }
        return (long)this[index];
    }

    private int Size => SizeOf(Element);

    private static int SizeOf(NpyElement element) => element switch
    {
        NpyElement.Float64 or NpyElement.Int64 => 8,
        NpyElement.Float32 or NpyElement.Int32 => 4,
        NpyElement.Int16 => 2,
        _ => 1,
    };

    private static NpyElement Element_(string header, string name)
    {
        if (Regex.IsMatch(header, @"['""]descr['""]\s*:\s*\["))
            throw new DatasetException(name, "header descr", "a structured dtype", $"a plain array of {Accepted}");
        if (Field(header, "descr", @"['""]([^'""]*)['""]") is not { } descr)
            throw new DatasetException(name, "header descr", Short(header), $"a dtype string, one of {Accepted}");
        return descr switch
        {
            "<f4" => NpyElement.Float32,
            "<f8" => NpyElement.Float64,
            "|i1" or "<i1" => NpyElement.Int8,
            "<i2" => NpyElement.Int16,
            "<i4" => NpyElement.Int32,
            "<i8" => NpyElement.Int64,
            "|u1" or "<u1" => NpyElement.UInt8,
            "|b1" or "<b1" => NpyElement.Bool,
            _ => throw new DatasetException(name, "header descr", $"'{descr}'", $"the dtypes read are {Accepted}"),
        };
    }

    private static long[] Shape_(string header, string name)
    {
        if (Field(header, "shape", @"\(([^)]*)\)") is not { } text)
            throw new DatasetException(name, "header shape", Short(header), "a tuple of whole numbers");
        var dims = new List<long>();
        foreach (var part in text.Split(','))
        {
            string p = part.Trim().TrimEnd('L');
            if (p.Length == 0) continue;
            if (!long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out long d))
                throw new DatasetException(name, "header shape", $"({text})", "a tuple of whole numbers >= 0");
            dims.Add(d);
        }
        return dims.ToArray();
    }

    /// <summary>The value of <paramref name="key"/> in the header's dict literal, matched by <paramref name="value"/>'s group 1.</summary>
    private static string? Field(string header, string key, string value)
    {
        var m = Regex.Match(header, @"['""]" + key + @"['""]\s*:\s*" + value);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static string Short(string header) => header.Length <= 80 ? $"'{header}'" : $"'{header[..77]}...'";

    internal static string ShowShape(IReadOnlyList<long> shape) =>
        "(" + string.Join(", ", shape) + (shape.Count == 1 ? ",)" : ")");
}
