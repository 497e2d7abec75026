using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MessagePack;

namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Reads what <see cref="WireWriter"/> wrote, treating every byte as untrusted (the care
/// MessagePackSecurity.UntrustedData stands for, applied by hand because no formatter is involved): every length
/// is checked against the bytes that remain before anything is allocated, the total number of elements allocated
/// is bounded by a constant times the message length, there is no recursion, and every failure of the underlying
/// MessagePackReader becomes a <see cref="WireFormatException"/> that names the manifest and the field.
/// </summary>
internal ref struct WireReader
{
    /// <summary>At most this many array elements may be allocated per byte of message (keeps decoding linear).</summary>
    public const int MaxElementsPerByte = 16;

    private MessagePackReader _reader;
    private readonly string _manifest;
    private long _allocationBudget;

    public WireReader(ReadOnlyMemory<byte> bytes, string manifest)
    {
        _reader = new MessagePackReader(bytes);
        _manifest = manifest;
        _allocationBudget = MaxElementsPerByte * (long)bytes.Length + 64;
    }

    /// <summary>Bytes not read yet.</summary>
    public readonly long Remaining => _reader.Sequence.Length - _reader.Consumed;

    /// <summary>Reads the leading format version and refuses any version but <paramref name="supported"/>.</summary>
    public void ReadVersion(int supported)
    {
        int version = ReadInt32("format version");
        if (version != supported)
            throw Fail("format version", $"is {version}; this build reads version {supported} of this message");
    }

    public int ReadInt32(string field)
    {
        try { return _reader.ReadInt32(); }
        catch (Exception e) when (IsReaderFault(e)) { throw Fail(field, e); }
    }

    public int ReadNonNegativeInt32(string field)
    {
        int v = ReadInt32(field);
        return v >= 0 ? v : throw Fail(field, $"is {v}; it must not be negative");
    }

    public long ReadInt64(string field)
    {
        try { return _reader.ReadInt64(); }
        catch (Exception e) when (IsReaderFault(e)) { throw Fail(field, e); }
    }

    public long ReadNonNegativeInt64(string field)
    {
        long v = ReadInt64(field);
        return v >= 0 ? v : throw Fail(field, $"is {v}; it must not be negative");
    }

    public double ReadDouble(string field)
    {
        try { return _reader.ReadDouble(); }
        catch (Exception e) when (IsReaderFault(e)) { throw Fail(field, e); }
    }

    public bool ReadBoolean(string field)
    {
        try { return _reader.ReadBoolean(); }
        catch (Exception e) when (IsReaderFault(e)) { throw Fail(field, e); }
    }

    public string ReadString(string field, int maxChars)
    {
        string? s;
        try
        {
            Expect(field, MessagePackType.String, "a string");
            CheckLength(field);
            s = _reader.ReadString();
        }
        catch (Exception e) when (IsReaderFault(e)) { throw Fail(field, e); }
        if (s is null) throw Fail(field, "is nil where a string was expected");
        if (s.Length > maxChars) throw Fail(field, $"is {s.Length} characters long; at most {maxChars} are accepted");
        return s;
    }

    /// <summary>
    /// Checks the length in a string or bin header against the bytes that follow it, before MessagePackReader
    /// slices them: it does not check 32-bit lengths itself and fails with ArgumentOutOfRangeException.
    /// </summary>
    private readonly void CheckLength(string field)
    {
        var rest = _reader.Sequence.Slice(_reader.Position);
        Span<byte> head = stackalloc byte[5];
        int got = (int)Math.Min(5, rest.Length);
        rest.Slice(0, got).CopyTo(head);
        byte code = head[0];
        int header = code switch
        {
            >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr => 1,
            MessagePackCode.Bin8 or MessagePackCode.Str8 => 2,
            MessagePackCode.Bin16 or MessagePackCode.Str16 => 3,
            _ => 5,
        };
        if (got < header) throw Fail(field, "is truncated inside its length");
        long length = header switch
        {
            1 => code & 0x1F,
            2 => head[1],
            3 => BinaryPrimitives.ReadUInt16BigEndian(head[1..]),
            _ => BinaryPrimitives.ReadUInt32BigEndian(head[1..]),
        };
        if (length > rest.Length - header)
            throw Fail(field, $"claims {length} bytes but only {rest.Length - header} remain");
    }

    private readonly void Expect(string field, MessagePackType type, string what)
    {
        var next = _reader.NextMessagePackType;
        if (next != type) throw Fail(field, $"is {(next == MessagePackType.Nil ? "nil" : next.ToString().ToLowerInvariant())} where {what} was expected");
    }

    /// <summary>
    /// Reads an array header and checks that the elements can fit in what remains, at
    /// <paramref name="minBytesPerElement"/> bytes each, and in the allocation budget.
    /// </summary>
    public int ReadCount(string field, int minBytesPerElement)
    {
        int count;
        try { count = _reader.ReadArrayHeader(); }
        catch (Exception e) when (IsReaderFault(e)) { throw Fail(field, e); }
        if (count < 0 || (long)count * minBytesPerElement > Remaining)
            throw Fail(field, $"claims {count} elements but only {Remaining} bytes remain");
        Charge(field, count);
        return count;
    }

    public int[] ReadInt32Array(string field, int min = int.MinValue)
    {
        int count = ReadCount(field, 1);
        var values = count == 0 ? Array.Empty<int>() : new int[count];
        try
        {
            for (int i = 0; i < values.Length; i++)
            {
                int v = _reader.ReadInt32();
                if (v < min) throw Fail(field, $"element {i} is {v}; it must be at least {min}");
                values[i] = v;
            }
        }
        catch (Exception e) when (IsReaderFault(e)) { throw Fail(field, e); }
        return values;
    }

    public uint[] ReadUInt32Array(string field)
    {
        int count = ReadCount(field, 1);
        var values = count == 0 ? Array.Empty<uint>() : new uint[count];
        try
        {
            for (int i = 0; i < values.Length; i++) values[i] = _reader.ReadUInt32();
        }
        catch (Exception e) when (IsReaderFault(e)) { throw Fail(field, e); }
        return values;
    }

    /// <summary>Reads a binary blob whose length is a multiple of <paramref name="elementSize"/>; returns the element count.</summary>
    public ReadOnlySequence<byte> ReadBlob(string field, int elementSize, out int count)
    {
        ReadOnlySequence<byte>? blob;
        try
        {
            Expect(field, MessagePackType.Binary, "a binary blob");
            CheckLength(field);
            blob = _reader.ReadBytes();
        }
        catch (Exception e) when (IsReaderFault(e)) { throw Fail(field, e); }
        if (blob is not { } bytes) throw Fail(field, "is nil where a binary blob was expected");
        if (bytes.Length % elementSize != 0)
            throw Fail(field, $"holds {bytes.Length} bytes, not a whole number of {elementSize}-byte values");
        count = checked((int)(bytes.Length / elementSize));
        return bytes;
    }

    public byte[] ReadByteBlob(string field)
    {
        var blob = ReadBlob(field, 1, out int count);
        Charge(field, count);
        return blob.ToArray();
    }

    public long[] ReadInt64Blob(string field)
    {
        var blob = ReadBlob(field, 8, out int count);
        Charge(field, count);
        var values = count == 0 ? Array.Empty<long>() : new long[count];
        blob.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        if (!BitConverter.IsLittleEndian)
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReverseEndianness(values[i]);
        return values;
    }

    public double[] ReadDoubleBlob(string field)
    {
        var blob = ReadBlob(field, 8, out int count);
        return ToDoubles(field, blob, count);
    }

    /// <summary>Copies <paramref name="count"/> little-endian doubles out of <paramref name="blob"/>.</summary>
    public double[] ToDoubles(string field, ReadOnlySequence<byte> blob, int count)
    {
        if (count == 0) return Array.Empty<double>();
        Charge(field, count);
        var values = new double[count];
        blob.Slice(0, 8L * count).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            var bits = MemoryMarshal.Cast<double, long>(values.AsSpan());
            for (int i = 0; i < bits.Length; i++) bits[i] = BinaryPrimitives.ReverseEndianness(bits[i]);
        }
        return values;
    }

    /// <summary>Counts <paramref name="elements"/> against the allocation budget before they are allocated.</summary>
    public void Charge(string field, long elements)
    {
        _allocationBudget -= elements;
        if (_allocationBudget < 0)
            throw Fail(field, "would allocate more elements than a message of this size can legitimately hold");
    }

    /// <summary>Refuses bytes left over after the message: a sender that writes more than it should is not trusted.</summary>
    public readonly void ExpectEnd()
    {
        if (Remaining != 0) throw Fail("end of message", $"is followed by {Remaining} trailing bytes");
    }

    public readonly WireFormatException Fail(string field, string problem) => new($"{_manifest}: {field} {problem}");

    private readonly WireFormatException Fail(string field, Exception e) => e switch
    {
        WireFormatException w => w,
        EndOfStreamException => new($"{_manifest}: {field}: the message is truncated ({e.Message})", e),
        _ => new($"{_manifest}: {field}: {e.Message}", e),
    };

    /// <summary>The exceptions MessagePackReader throws for malformed input.</summary>
    private static bool IsReaderFault(Exception e) =>
        e is WireFormatException or EndOfStreamException or MessagePackSerializationException or OverflowException;
}
