using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace NeuroActors.Model;

/// <summary>The element types a <see cref="NpyFile"/> reads: little-endian only, as NumPy writes them on every common machine.</summary>
public enum NpyType
{
    /// <summary><c>'&lt;f8'</c>: float64.</summary>
    Float64,
    /// <summary><c>'&lt;f4'</c>: float32.</summary>
    Float32,
    /// <summary><c>'&lt;i8'</c>: int64.</summary>
    Int64,
    /// <summary><c>'&lt;i4'</c>: int32.</summary>
    Int32,
    /// <summary><c>'&lt;u8'</c>: uint64.</summary>
    UInt64,
}

/// <summary>One field of an item: the whole item for a plain dtype (name ""), or a named field of a structured one.</summary>
/// <param name="Name">The field's name; "" for a plain dtype.</param>
/// <param name="Type">Its element type.</param>
/// <param name="Offset">Its byte offset within an item.</param>
public sealed record NpyField(string Name, NpyType Type, int Offset);

/// <summary>
/// A NumPy <c>.npy</c> file (format versions 1.0 and 2.0, https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
/// the magic string <c>\x93NUMPY</c>, the version, the header length (2 bytes in 1.0, 4 in 2.0, little-endian), a
/// Python dict literal with <c>descr</c>, <c>fortran_order</c> and <c>shape</c>, then the raw items. Reads plain and
/// structured dtypes made of <c>'&lt;f8'</c>, <c>'&lt;f4'</c>, <c>'&lt;i8'</c>, <c>'&lt;i4'</c> and <c>'&lt;u8'</c>
/// (a structured dtype's unnamed <c>'|Vn'</c> padding is skipped); anything else is refused with one line naming the
/// file, the header key and what is accepted.
/// </summary>
public sealed class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const string Accepted = "'<f8', '<f4', '<i8', '<i4', '<u8'";

    private readonly byte[] _data;
    private readonly int _dataStart;

    private NpyFile(string name, long[] shape, bool fortranOrder, IReadOnlyList<NpyField> fields, int itemSize, byte[] data, int dataStart)
    {
        Name = name; Shape = shape; FortranOrder = fortranOrder; Fields = fields; ItemSize = itemSize; _data = data; _dataStart = dataStart;
    }

    /// <summary>The file name, for messages.</summary>
    public string Name { get; }

    /// <summary>The array's shape (empty for a scalar).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Whether the items are stored in Fortran (column-major) order.</summary>
    public bool FortranOrder { get; }

    /// <summary>The item's fields: one named "" for a plain dtype.</summary>
    public IReadOnlyList<NpyField> Fields { get; }

    /// <summary>Whether the dtype is structured (named fields).</summary>
    public bool IsStructured => Fields.Count != 1 || Fields[0].Name.Length > 0;

    /// <summary>Bytes per item.</summary>
    public int ItemSize { get; }

    /// <summary>Number of items (the product of the shape).</summary>
    public long Items => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Reads a <c>.npy</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="name">The file as messages name it; <paramref name="path"/> when null.</param>
    /// <exception cref="ConnectionFileException">Not a readable <c>.npy</c> file of an accepted dtype.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static NpyFile Read(string path, string? name = null) => Parse(File.ReadAllBytes(path), name ?? path);

    /// <summary>Reads the bytes of a <c>.npy</c> file.</summary>
    /// <exception cref="ConnectionFileException">Not a readable <c>.npy</c> file of an accepted dtype.</exception>
    public static NpyFile Parse(byte[] bytes, string name)
    {
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
            throw new ConnectionFileException(name, "no NumPy magic string", "a .npy file starts with \\x93NUMPY (numpy.save writes one)");
        int major = bytes[6], minor = bytes[7];
        int headerLength, headerStart;
        switch (major, minor)
        {
            case (1, 0):
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
                headerStart = 10;
                break;
            case (2, 0):
                if (bytes.Length < 12) throw new ConnectionFileException(name, $"{bytes.Length} bytes", "a version 2.0 .npy file has a 12-byte preamble");
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
                headerLength = length > int.MaxValue ? int.MaxValue : (int)length;
                headerStart = 12;
                break;
            default:
                throw new ConnectionFileException($"{name}, format version", $"{major}.{minor}", "the versions read are 1.0 and 2.0");
        }
        if ((long)headerStart + headerLength > bytes.Length)
            throw new ConnectionFileException($"{name}, header", $"a header of {headerLength} bytes in a file of {bytes.Length}", "a complete .npy file");
        string header = Encoding.Latin1.GetString(bytes, headerStart, headerLength);
        object? parsed;
        try
        {
            parsed = new Literal(header).ParseAll();
        }
        catch (FormatException ex)
        {
            throw new ConnectionFileException($"{name}, header", $"'{header.Trim()}'", $"a Python dict literal ({ex.Message})");
        }
        if (parsed is not Dictionary<string, object> dict)
            throw new ConnectionFileException($"{name}, header", $"'{header.Trim()}'", "a dict with keys descr, fortran_order and shape");
        foreach (var key in dict.Keys.Where(k => k is not ("descr" or "fortran_order" or "shape")))
            throw new ConnectionFileException($"{name}, header", $"key '{key}'", "the header's keys are descr, fortran_order and shape");
        if (!dict.TryGetValue("descr", out var descr))
            throw new ConnectionFileException($"{name}, header", "no descr", "the header names the dtype as descr");
        if (!dict.TryGetValue("fortran_order", out var fortran) || fortran is not bool fortranOrder)
            throw new ConnectionFileException($"{name}, header fortran_order", Show(dict.GetValueOrDefault("fortran_order")), "True or False");
        if (!dict.TryGetValue("shape", out var shapeValue) || shapeValue is not List<object> { } shapeList || shapeList.Any(d => d is not long))
            throw new ConnectionFileException($"{name}, header shape", Show(dict.GetValueOrDefault("shape")), "a tuple of whole numbers");
        var shape = shapeList.Cast<long>().ToArray();
        if (shape.Any(d => d < 0)) throw new ConnectionFileException($"{name}, header shape", Show(shapeValue), "dimensions are >= 0");

        var (fields, itemSize) = Dtype(descr, name);
        int dataStart = headerStart + headerLength;
        long items = 1;
        foreach (long d in shape) items = d == 0 ? 0 : items > long.MaxValue / d ? long.MaxValue : items * d;
        long needed = items > long.MaxValue / Math.Max(1, itemSize) ? long.MaxValue : items * itemSize;
        long available = bytes.Length - dataStart;
        if (needed != available)
            throw new ConnectionFileException($"{name}, data", $"{available} bytes", $"shape {Show(shapeValue)} of {itemSize}-byte items needs exactly {needed}");
        return new NpyFile(name, shape, fortranOrder, fields, itemSize, bytes, dataStart);
    }

    /// <summary>The value of <paramref name="field"/> in item <paramref name="item"/> (items in file order), as a double.</summary>
    public double Get(long item, NpyField field)
    {
        var at = _data.AsSpan(checked((int)(_dataStart + item * ItemSize + field.Offset)));
        return field.Type switch
        {
            NpyType.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(at),
            NpyType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(at),
            NpyType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(at),
            NpyType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(at),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(at),
        };
    }

    /// <summary>The item at (<paramref name="row"/>, <paramref name="column"/>) of a 2-D array, in the file's order.</summary>
    public long ItemAt(long row, long column) => FortranOrder ? column * Shape[0] + row : row * Shape[1] + column;

    private static (IReadOnlyList<NpyField>, int) Dtype(object descr, string name)
    {
        if (descr is string simple) return ([new NpyField("", Type(simple, $"{name}, header descr"), 0)], Size(Type(simple, $"{name}, header descr")));
        if (descr is not List<object> list)
            throw new ConnectionFileException($"{name}, header descr", Show(descr), $"a dtype string ({Accepted}) or a list of (name, dtype) fields");
        var fields = new List<NpyField>();
        int offset = 0;
        foreach (var entry in list)
        {
            if (entry is not List<object> { Count: 2 } pair || pair[0] is not string field || pair[1] is not string type)
                throw new ConnectionFileException($"{name}, header descr", Show(entry), "a field is a (name, dtype) pair; sub-arrays are not read");
            if (field.Length == 0 && type.StartsWith("|V", StringComparison.Ordinal)
                && int.TryParse(type.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int pad))
            {
                offset += pad; // alignment padding
                continue;
            }
            if (fields.Any(f => f.Name == field))
                throw new ConnectionFileException($"{name}, header descr", $"field '{field}' twice", "field names are unique");
            var t = Type(type, $"{name}, header descr, field '{field}'");
            fields.Add(new NpyField(field, t, offset));
            offset += Size(t);
        }
        return (fields, offset);
    }

    private static NpyType Type(string descr, string where) => descr switch
    {
        "<f8" => NpyType.Float64,
        "<f4" => NpyType.Float32,
        "<i8" => NpyType.Int64,
        "<i4" => NpyType.Int32,
        "<u8" => NpyType.UInt64,
        _ => throw new ConnectionFileException(where, $"'{descr}'", $"the dtypes read are {Accepted} (little-endian)"),
    };

    private static int Size(NpyType type) => type is NpyType.Float32 or NpyType.Int32 ? 4 : 8;

    private static string Show(object? value) => value switch
    {
        null => "nothing",
        string s => $"'{s}'",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        List<object> l => "(" + string.Join(", ", l.Select(Show)) + (l.Count == 1 ? ",)" : ")"),
        Dictionary<string, object> d => "{" + string.Join(", ", d.Select(kv => $"'{kv.Key}': {Show(kv.Value)}")) + "}",
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// The Python literals a header holds: dicts with string keys, tuples and lists (both read as lists), strings in
    /// single or double quotes, whole numbers, True and False.
    /// </summary>
    private ref struct Literal(string text)
    {
        private readonly string _text = text;
        private int _at;

        public object ParseAll()
        {
            var value = Value();
            Skip();
            if (_at != _text.Length) throw new FormatException($"unexpected '{_text[_at]}' at {_at}");
            return value;
        }

        private object Value()
        {
            Skip();
            if (_at >= _text.Length) throw new FormatException("the text ends early");
            char c = _text[_at];
            switch (c)
            {
                case '{':
                    var dict = new Dictionary<string, object>();
                    _at++;
                    while (!Closes('}'))
                    {
                        if (Value() is not string key) throw new FormatException("dict keys are strings");
                        Skip();
                        Expect(':');
                        if (!dict.TryAdd(key, Value())) throw new FormatException($"key '{key}' twice");
                        Separator('}');
                    }
                    return dict;
                case '(' or '[':
                    char close = c == '(' ? ')' : ']';
                    var list = new List<object>();
                    _at++;
                    while (!Closes(close))
                    {
                        list.Add(Value());
                        Separator(close);
                    }
                    return list;
                case '\'' or '"':
                    int end = _text.IndexOf(c, _at + 1);
                    if (end < 0) throw new FormatException("a string is not closed");
                    string s = _text[(_at + 1)..end];
                    _at = end + 1;
                    return s;
                default:
                    int start = _at;
                    while (_at < _text.Length && (char.IsAsciiLetterOrDigit(_text[_at]) || _text[_at] is '_' or '-' or '+')) _at++;
                    string word = _text[start.._at];
                    if (word == "True") return true;
                    if (word == "False") return false;
                    // Python 2 era headers may write 3L.
                    if (long.TryParse(word.TrimEnd('L'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n)) return n;
                    throw new FormatException(word.Length == 0 ? $"unexpected '{c}' at {start}" : $"'{word}' is not a literal read here");
            }
        }

        private bool Closes(char close)
        {
            Skip();
            if (_at < _text.Length && _text[_at] == close) { _at++; return true; }
            return false;
        }

        private void Separator(char close)
        {
            Skip();
            if (_at < _text.Length && _text[_at] == ',') { _at++; return; }
            if (_at < _text.Length && _text[_at] == close) return;
            throw new FormatException($"expected ',' or '{close}' at {_at}");
        }

        private void Expect(char c)
        {
            if (_at >= _text.Length || _text[_at] != c) throw new FormatException($"expected '{c}' at {_at}");
            _at++;
        }

        private void Skip()
        {
            while (_at < _text.Length && char.IsWhiteSpace(_text[_at])) _at++;
        }
    }
}
