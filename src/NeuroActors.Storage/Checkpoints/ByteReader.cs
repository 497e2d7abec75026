using System.Buffers.Binary;

namespace NeuroActors.Storage.Checkpoints;

/// <summary>
/// Little-endian reads over a section's bytes that refuse, with the section's name, to run past the end, so a damaged
/// count or length surfaces as a <see cref="CheckpointException"/> instead of an index or end-of-stream error.
/// </summary>
internal ref struct ByteReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly string _where;
    private int _at;

    public ByteReader(ReadOnlySpan<byte> bytes, string where)
    {
        _bytes = bytes;
        _where = where;
        _at = 0;
    }

    public readonly int Remaining => _bytes.Length - _at;

    public readonly int Position => _at;

    public CheckpointException Fail(string what) => new($"{_where}: {what}");

    private ReadOnlySpan<byte> Take(int n, string what)
    {
        if (n > Remaining) throw Fail($"truncated: {what} needs {n} bytes, {Remaining} left");
        var s = _bytes.Slice(_at, n);
        _at += n;
        return s;
    }

    public byte Byte(string what) => Take(1, what)[0];
    public int Int32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));
    public long Int64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));
    public double Double(string what) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, what));
    public float Single(string what) => BinaryPrimitives.ReadSingleLittleEndian(Take(4, what));
    public ReadOnlySpan<byte> Bytes(int n, string what) => Take(n, what);

    /// <summary>
    /// A count of elements of <paramref name="bytesEach"/> bytes that follow: refused when negative or when the bytes
    /// left cannot hold that many, so no array is ever sized from a damaged count.
    /// </summary>
    public int Count(string what, int bytesEach)
    {
        int n = Int32($"the count of {what}");
        if (n < 0) throw Fail($"the count of {what} is {n}, negative");
        if ((long)n * bytesEach > Remaining) throw Fail($"the count of {what} is {n}: {(long)n * bytesEach} bytes, more than the {Remaining} bytes left");
        return n;
    }

    /// <summary>Refuses bytes after the end of what was read.</summary>
    public readonly void End()
    {
        if (Remaining != 0) throw new CheckpointException($"{_where}: {Remaining} trailing bytes after the end");
    }
}
