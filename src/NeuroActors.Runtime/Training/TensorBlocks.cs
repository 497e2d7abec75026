using System.Numerics;
using System.Runtime.InteropServices;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Training;

/// <summary>
/// Cuts a <see cref="ParameterSet{T}"/> into <see cref="TensorBlock"/>s and puts blocks back into a set, bit for bit.
/// </summary>
public static class TensorBlocks
{
    /// <summary>
    /// Most value bytes in one block: 64 KiB, half of Akka.Remote's default frame (128,000 bytes), so that parameter and
    /// gradient messages pass any remoting configuration, as spike packets do.
    /// </summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Bytes per value of <typeparamref name="T"/>.</summary>
    public static int ElementBytes<T>() where T : unmanaged, IFloatingPointIeee754<T> => Marshal.SizeOf<T>();

    /// <summary>The blocks of <paramref name="set"/>, in order; at least one (an empty set is one empty block).</summary>
    public static List<TensorBlock> Split<T>(ParameterSet<T> set, int maxBytes = MaxBytes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("tensor blocks are written on little-endian machines only");
        int size = ElementBytes<T>();
        int perBlock = Math.Max(1, maxBytes / size);
        var names = set.Tensors.Select(t => t.Name).ToArray();
        var shapes = set.Tensors.Select(t => (int[])t.Shape.Clone()).ToArray();
        long total = set.Count;
        var blocks = new List<TensorBlock>();
        long offset = 0;
        do
        {
            int count = (int)Math.Min(perBlock, total - offset);
            var bytes = new byte[count * size];
            Copy(set, offset, bytes, toSet: false);
            blocks.Add(new TensorBlock(names, shapes, size, offset, total, bytes));
            offset += count;
        } while (offset < total);
        return blocks;
    }

    /// <summary>A zero set of the names and shapes <paramref name="block"/> carries.</summary>
    /// <exception cref="ArgumentException">The block's element size is not <typeparamref name="T"/>'s, or its shapes are invalid.</exception>
    public static ParameterSet<T> Allocate<T>(TensorBlock block) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckElement<T>(block);
        if (block.Names.Length != block.Shapes.Length)
            throw new ArgumentException($"tensor block has {block.Names.Length} names and {block.Shapes.Length} shapes");
        var tensors = new ParameterTensor<T>[block.Names.Length];
        long total = 0;
        for (int i = 0; i < tensors.Length; i++)
        {
            long length = 1;
            foreach (int d in block.Shapes[i])
            {
                if (d < 0) throw new ArgumentException($"tensor {block.Names[i]} has a negative dimension");
                length = checked(length * d);
            }
            total += length;
            tensors[i] = new ParameterTensor<T>(block.Names[i], (int[])block.Shapes[i].Clone(), new T[checked((int)length)]);
        }
        if (total != block.Total) throw new ArgumentException($"tensor block says {block.Total} values; its shapes hold {total}");
        return new ParameterSet<T>(tensors);
    }

    /// <summary>Whether <paramref name="set"/> has the names and shapes of <paramref name="block"/>.</summary>
    public static bool Fits<T>(ParameterSet<T> set, TensorBlock block) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (set.Tensors.Count != block.Names.Length || set.Count != block.Total) return false;
        for (int i = 0; i < block.Names.Length; i++)
            if (set.Tensors[i].Name != block.Names[i] || !set.Tensors[i].Shape.AsSpan().SequenceEqual(block.Shapes[i])) return false;
        return true;
    }

    /// <summary>Writes <paramref name="block"/>'s values into <paramref name="set"/> at the block's offset.</summary>
    /// <exception cref="ArgumentException">The block does not fit the set.</exception>
    public static void Write<T>(ParameterSet<T> set, TensorBlock block) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckElement<T>(block);
        if (block.Offset < 0 || block.Offset + block.Count > set.Count || block.Total != set.Count)
            throw new ArgumentException($"tensor block of {block.Count} values at {block.Offset} does not fit a set of {set.Count}");
        Copy(set, block.Offset, block.Bytes, toSet: true);
    }

    private static void CheckElement<T>(TensorBlock block) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (block.ElementBytes != ElementBytes<T>())
            throw new ArgumentException($"tensor block holds {block.ElementBytes}-byte values; this run computes in {ElementBytes<T>()}-byte ones (precision differs)");
    }

    // Copies between the flat values [offset, offset + bytes/size) of the set and bytes, tensor by tensor.
    private static void Copy<T>(ParameterSet<T> set, long offset, Span<byte> bytes, bool toSet) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int size = ElementBytes<T>();
        long remaining = bytes.Length / size, start = 0, at = 0;
        foreach (var tensor in set.Tensors)
        {
            if (remaining == 0) break;
            long end = start + tensor.Length;
            if (offset + at < end)
            {
                int from = (int)(offset + at - start);
                int n = (int)Math.Min(tensor.Length - from, remaining);
                var values = MemoryMarshal.AsBytes(tensor.Values.AsSpan(from, n));
                var slice = bytes.Slice((int)(at * size), n * size);
                if (toSet) slice.CopyTo(values); else values.CopyTo(slice);
                at += n;
                remaining -= n;
            }
            start = end;
        }
    }
}
