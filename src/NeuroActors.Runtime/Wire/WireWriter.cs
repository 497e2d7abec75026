using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MessagePack;

namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Writes the building blocks of every NeuroActors message with MessagePack: integers in their smallest form,
/// int arrays as MessagePack arrays (ids and offsets are mostly small), and long and double arrays as binary blobs
/// of little-endian 8-byte values (they are rarely small, and a blob keeps every bit of a double, NaN payloads and
/// -0.0 included). Refuses what the reader would refuse, so that whatever is written can be read.
/// </summary>
internal ref struct WireWriter
{
    private MessagePackWriter _writer;
    private readonly string _manifest;

    public WireWriter(IBufferWriter<byte> output, string manifest)
    {
        _writer = new MessagePackWriter(output);
        _manifest = manifest;
    }

    public void Write(int value) => _writer.Write(value);

    public void Write(long value) => _writer.Write(value);

    public void Write(double value) => _writer.Write(value);

    public void Write(bool value) => _writer.Write(value);

    public void Write(string value) => _writer.Write(value);

    public void WriteNonNegative(long value, string field)
    {
        if (value < 0) throw Fail(field, $"is {value}; it must not be negative");
        _writer.Write(value);
    }

    /// <summary>The header of an array of <paramref name="count"/> elements that the caller writes next.</summary>
    public void WriteCount(int count) => _writer.WriteArrayHeader(count);

    public void WriteInt32Array(ReadOnlySpan<int> values, string field, int min = int.MinValue)
    {
        _writer.WriteArrayHeader(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            int v = values[i];
            if (v < min) throw Fail(field, $"element {i} is {v}; it must be at least {min}");
            _writer.Write(v);
        }
    }

    public void WriteUInt32Array(ReadOnlySpan<uint> values)
    {
        _writer.WriteArrayHeader(values.Length);
        foreach (uint v in values) _writer.Write(v);
    }

    public void WriteBlob(ReadOnlySpan<byte> bytes) => _writer.Write(bytes);

    public void WriteInt64Blob(ReadOnlySpan<long> values)
    {
        var target = Blob(values.Length);
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(values).CopyTo(target);
        else for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(target[(8 * i)..], values[i]);
        _writer.Advance(target.Length);
    }

    public void WriteDoubleBlob(ReadOnlySpan<double> values)
    {
        var target = Blob(values.Length);
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(values).CopyTo(target);
        else for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(target[(8 * i)..], BitConverter.DoubleToInt64Bits(values[i]));
        _writer.Advance(target.Length);
    }

    private Span<byte> Blob(int elements)
    {
        int bytes = checked(8 * elements);
        _writer.WriteBinHeader(bytes);
        return _writer.GetSpan(bytes)[..bytes];
    }

    public void Flush() => _writer.Flush();

    public readonly WireFormatException Fail(string field, string problem) =>
        new($"cannot encode {_manifest}: {field} {problem}");
}
