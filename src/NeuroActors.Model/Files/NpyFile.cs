using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace NeuroActors.Model.Files;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0) as tables of numeric columns, for any
/// model input that comes as one: spike trains, explicit connections. Accepted: a 1-D structured array, whose fields
/// are the columns, or a 1-D or 2-D plain array, whose columns are the columns (a 1-D array is one column), in C or
/// Fortran order. Element types: little-endian (<c>&lt;</c>, or <c>|</c> for one byte) floats <c>f4</c>, <c>f8</c>,
/// signed <c>i1</c>–<c>i8</c>, unsigned <c>u1</c>–<c>u8</c> and booleans <c>b1</c>; unnamed padding fields
/// (<c>|V<i>n</i></c>) of aligned structured arrays are skipped. Anything else is refused with one line naming the
/// file, the header field, its value and what is valid.
/// </summary>
public static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The types a column may have, as <c>descr</c> writes them.</summary>
    public const string ValidTypes = "'<f8', '<f4', '<i8', '<i4', '<i2', '|i1', '<u8', '<u4', '<u2', '|u1', '|b1'";

    /// <summary>Reads the array in <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not an .npy file of an accepted layout (the message says why, in one line).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static NpyTable Read(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Reads an array from the bytes of an .npy file; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">Not an .npy file of an accepted layout.</exception>
    public static NpyTable Parse(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw Bad(name, "magic string", bytes.Length < 6 ? "too short" : "missing", "an .npy file starts with \\x93NUMPY");
        int major = bytes[6];
        int headerLength, start;
        switch (major)
        {
            case 1: headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]); start = 10; break;
            case 2 or 3 when bytes.Length >= 12: headerLength = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..])); start = 12; break;
            default: throw Bad(name, "version", $"{major}.{bytes[7]}", "valid versions are 1.0, 2.0 and 3.0");
        }
        if (bytes.Length < start + headerLength) throw Bad(name, "header length", headerLength.ToString(CultureInfo.InvariantCulture), $"at most the {bytes.Length - start} bytes the file holds after it");
        string text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes.Slice(start, headerLength));
        if (PythonLiteral.Parse(text, name) is not Dictionary<string, object> header)
            throw Bad(name, "header", text.Trim(), "a Python dict with 'descr', 'fortran_order' and 'shape'");
        object descr = Field(header, "descr", name);
        bool fortran = Field(header, "fortran_order", name) is bool b ? b : throw Bad(name, "fortran_order", Show(header["fortran_order"]), "True or False");
        long[] shape = Field(header, "shape", name) is List<object> dims && dims.All(d => d is long n && n >= 0)
            ? dims.Select(d => (long)d).ToArray()
            : throw Bad(name, "shape", Show(header["shape"]), "a tuple of whole numbers >= 0");

        var columns = new List<NpyColumn>();
        int itemSize;
        long rows;
        if (descr is string type)
        {
            var (kind, size) = ElementType(type, name, "descr");
            itemSize = size;
            if (shape.Length is < 1 or > 2) throw Bad(name, "shape", Show(header["shape"]), "a 1-D array (one column) or a 2-D array (rows, columns)");
            rows = shape[0];
            long cols = shape.Length == 2 ? shape[1] : 1;
            for (int c = 0; c < cols; c++)
                columns.Add(new NpyColumn(c.ToString(CultureInfo.InvariantCulture), type, kind, size,
                    Offset: fortran ? c * rows * size : c * size, Stride: fortran ? size : cols * size));
        }
        else if (descr is List<object> fields)
        {
            if (shape.Length != 1) throw Bad(name, "shape", Show(header["shape"]), "a structured array must be 1-D (one record per row)");
            rows = shape[0];
            int offset = 0;
            var structured = new List<(string Name, string Type, char Kind, int Size, int Offset)>();
            foreach (var f in fields)
            {
                if (f is not List<object> { Count: 2 } pair || pair[0] is not string fieldName || pair[1] is not string fieldType)
                    throw Bad(name, "descr", Show(f), "fields of the form ('name', '<type>'): sub-arrays and nested records are not accepted");
                if (fieldType.Length > 2 && fieldType[1] == 'V' && fieldName.Length == 0 && int.TryParse(fieldType.AsSpan(2), out int pad) && pad > 0)
                {
                    offset += pad; // padding of an aligned record
                    continue;
                }
                var (kind, size) = ElementType(fieldType, name, $"descr field '{fieldName}'");
                structured.Add((fieldName, fieldType, kind, size, offset));
                offset += size;
            }
            itemSize = offset;
            foreach (var f in structured) columns.Add(new NpyColumn(f.Name, f.Type, f.Kind, f.Size, f.Offset, itemSize));
        }
        else throw Bad(name, "descr", Show(descr), $"a type string ({ValidTypes}) or a list of ('name', '<type>') fields");

        long need = rows * columns.Count * (descr is string ? itemSize : 0) + (descr is string ? 0 : rows * itemSize);
        long have = bytes.Length - start - headerLength;
        if (have < need) throw Bad(name, "data", $"{have} bytes", $"shape {Show(header["shape"])} of {itemSize}-byte items needs {need}");
        return new NpyTable(name, bytes.Slice(start + headerLength, (int)need).ToArray(), rows, shape, fortran, descr is List<object>, columns);
    }

    /// <summary>
    /// Writes a 2-D array of float64 (<c>'&lt;f8'</c>, C order, format 1.0) with <paramref name="columns"/> columns, the
    /// layout <c>numpy.save</c> gives a float array of that shape.
    /// </summary>
    public static void WriteColumns(string path, IReadOnlyList<double[]> columns)
    {
        long rows = columns.Count == 0 ? 0 : columns[0].Length;
        if (columns.Any(c => c.Length != rows)) throw new ArgumentException("every column must have the same length", nameof(columns));
        var data = new byte[rows * columns.Count * 8];
        for (long r = 0; r < rows; r++)
            for (int c = 0; c < columns.Count; c++)
                BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan((int)((r * columns.Count + c) * 8)), columns[c][r]);
        Write(path, $"'<f8'", $"({rows}, {columns.Count})", data);
    }

    /// <summary>
    /// Writes a 1-D structured array of records (int64 <paramref name="integerField"/>, float64 <paramref name="doubleField"/>),
    /// packed (<c>[('a', '&lt;i8'), ('b', '&lt;f8')]</c>, format 1.0), the layout <c>numpy.save</c> gives such a record array.
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
        // numpy pads the header with spaces and a newline so that the data starts at a multiple of 64 bytes.
        string dict = $"{{'descr': {descr}, 'fortran_order': False, 'shape': {shape}, }}";
        int total = 10 + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string header = dict + new string(' ', padded - total) + "\n";
        using var file = File.Create(path);
        file.Write(Magic);
        file.Write([1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        file.Write(length);
        file.Write(Encoding.Latin1.GetBytes(header));
        file.Write(data);
    }

    private static (char Kind, int Size) ElementType(string type, string name, string field)
    {
        if (type.Length == 3 && (type[0] == '<' || (type[0] == '|' && type[2] == '1')) && "fiub".Contains(type[1])
            && type[2] is '1' or '2' or '4' or '8')
        {
            char kind = type[1];
            int size = type[2] - '0';
            if (!(kind == 'f' && size is 1 or 2) && !(kind == 'b' && size != 1)) return (kind, size);
        }
        throw Bad(name, field, $"'{type}'", $"valid types are {ValidTypes} (little-endian numbers)");
    }

    private static object Field(Dictionary<string, object> header, string key, string name) =>
        header.TryGetValue(key, out var value) ? value : throw Bad(name, key, "nothing", $"the header must give '{key}'");

    internal static string Show(object? value) => value switch
    {
        string s => $"'{s}'",
        bool b => b ? "True" : "False",
        long n => n.ToString(CultureInfo.InvariantCulture),
        List<object> list => "(" + string.Join(", ", list.Select(Show)) + (list.Count == 1 ? ",)" : ")"),
        Dictionary<string, object> d => "{" + string.Join(", ", d.Select(kv => $"'{kv.Key}': {Show(kv.Value)}")) + "}",
        _ => "?",
    };

    internal static InvalidDataException Bad(string file, string field, string value, string valid) =>
        new($"'{file}': {field}: got {value}; {valid}");
}

/// <summary>One column of an <see cref="NpyTable"/>: a field of a structured array, or a column of a plain one.</summary>
/// <param name="Name">The field's name; for a plain array the column's number ("0", "1", …).</param>
/// <param name="Type">The type as the header writes it (<c>'&lt;f8'</c>).</param>
/// <param name="Kind">'f' float, 'i' signed, 'u' unsigned, 'b' boolean.</param>
/// <param name="Size">Bytes per element.</param>
/// <param name="Offset">Byte offset of the first row's element in the data.</param>
/// <param name="Stride">Bytes from one row's element to the next.</param>
public sealed record NpyColumn(string Name, string Type, char Kind, int Size, long Offset, long Stride);

/// <summary>An .npy array read as a table: <see cref="Rows"/> rows of the <see cref="Columns"/>.</summary>
public sealed class NpyTable
{
    private readonly byte[] _data;

    internal NpyTable(string name, byte[] data, long rows, long[] shape, bool fortranOrder, bool structured, IReadOnlyList<NpyColumn> columns)
    {
        Name = name;
        _data = data;
        Rows = rows;
        Shape = shape;
        FortranOrder = fortranOrder;
        Structured = structured;
        Columns = columns;
    }

    /// <summary>Where the array came from (its path), for messages.</summary>
    public string Name { get; }

    /// <summary>Number of rows (records).</summary>
    public long Rows { get; }

    /// <summary>The array's shape as the header gives it.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Whether the data was in Fortran (column-major) order.</summary>
    public bool FortranOrder { get; }

    /// <summary>The columns: fields of a structured array, or columns of a plain one.</summary>
    public IReadOnlyList<NpyColumn> Columns { get; }

    /// <summary>Whether the array is structured (its columns have names).</summary>
    public bool Structured { get; }

    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public NpyColumn? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>The values of <paramref name="column"/> as doubles (exact for every type but integers beyond 2⁵³).</summary>
    public double[] Doubles(NpyColumn column)
    {
        var values = new double[Rows];
        for (long r = 0; r < Rows; r++)
        {
            var bytes = _data.AsSpan((int)(column.Offset + r * column.Stride), column.Size);
            values[r] = (column.Kind, column.Size) switch
            {
                ('f', 8) => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
                ('f', 4) => BinaryPrimitives.ReadSingleLittleEndian(bytes),
                ('u', 8) => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
                _ => Integer(column, bytes),
            };
        }
        return values;
    }

    /// <summary>
    /// The values of <paramref name="column"/> as whole numbers; a float column must hold whole numbers.
    /// </summary>
    /// <exception cref="InvalidDataException">A value is not a whole number in [<paramref name="min"/>, <paramref name="max"/>] (the message names the file, column, row and value).</exception>
    public long[] Integers(NpyColumn column, long min = long.MinValue, long max = long.MaxValue)
    {
        var values = new long[Rows];
        for (long r = 0; r < Rows; r++)
        {
            var bytes = _data.AsSpan((int)(column.Offset + r * column.Stride), column.Size);
            double asDouble = 0;
            bool whole = true;
            long v;
            switch (column.Kind, column.Size)
            {
                case ('f', _):
                    asDouble = column.Size == 8 ? BinaryPrimitives.ReadDoubleLittleEndian(bytes) : BinaryPrimitives.ReadSingleLittleEndian(bytes);
                    whole = Math.Floor(asDouble) == asDouble && Math.Abs(asDouble) < 9.2e18;
                    v = whole ? (long)asDouble : 0;
                    break;
                case ('u', 8):
                    ulong u = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
                    whole = u <= long.MaxValue;
                    asDouble = u;
                    v = (long)Math.Min(u, long.MaxValue);
                    break;
                default:
                    v = Integer(column, bytes);
                    asDouble = v;
                    break;
            }
            if (!whole || v < min || v > max)
                throw NpyFile.Bad(Name, $"column '{column.Name}' row {r}", asDouble.ToString("R", CultureInfo.InvariantCulture),
                    $"a whole number in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
            values[r] = v;
        }
        return values;
    }

    private static long Integer(NpyColumn column, ReadOnlySpan<byte> bytes) => (column.Kind, column.Size) switch
    {
        ('i', 8) => BinaryPrimitives.ReadInt64LittleEndian(bytes),
        ('i', 4) => BinaryPrimitives.ReadInt32LittleEndian(bytes),
        ('i', 2) => BinaryPrimitives.ReadInt16LittleEndian(bytes),
        ('i', 1) => (sbyte)bytes[0],
        ('u', 4) => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        ('u', 2) => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        ('u', 1) or ('b', 1) => bytes[0],
        _ => throw new InvalidOperationException($"column type {column.Type} has no integer reading"),
    };
}
