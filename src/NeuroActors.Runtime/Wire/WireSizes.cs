namespace NeuroActors.Runtime.Wire;

/// <summary>
/// Encoded sizes of MessagePack integers and headers, as MessagePackWriter chooses them (always the smallest
/// form). They let the chunker know a packet's exact size without encoding it.
/// </summary>
internal static class WireSizes
{
    /// <summary>Bytes of an integer: 1, 2, 3, 5 or 9.</summary>
    public static int Of(long value) => value >= 0
        ? value <= 127 ? 1 : value <= byte.MaxValue ? 2 : value <= ushort.MaxValue ? 3 : value <= uint.MaxValue ? 5 : 9
        : value >= -32 ? 1 : value >= sbyte.MinValue ? 2 : value >= short.MinValue ? 3 : value >= int.MinValue ? 5 : 9;

    /// <summary>Bytes of an array header for <paramref name="count"/> elements: 1, 3 or 5.</summary>
    public static int ArrayHeader(int count) => count <= 15 ? 1 : count <= ushort.MaxValue ? 3 : 5;

    /// <summary>Bytes of an int array: header plus each element.</summary>
    public static long Of(ReadOnlySpan<int> values)
    {
        long size = ArrayHeader(values.Length);
        foreach (int v in values) size += Of(v);
        return size;
    }

    /// <summary>Bytes of a uint array: header plus each element.</summary>
    public static long Of(ReadOnlySpan<uint> values)
    {
        long size = ArrayHeader(values.Length);
        foreach (uint v in values) size += Of(v);
        return size;
    }
}
