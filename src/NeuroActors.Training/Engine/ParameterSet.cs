using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace NeuroActors.Training;

/// <summary>
/// One named parameter tensor, stored flat in row-major order with PyTorch's layout: a layer's weight is
/// [out, in] as in <c>nn.Linear</c>, its recurrent weight [size, size], bias, β and θ [size].
/// </summary>
public sealed record ParameterTensor<T>(string Name, int[] Shape, T[] Values) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Number of elements (the product of <see cref="Shape"/>).</summary>
    public int Length => Values.Length;
}

/// <summary>
/// The trainable parameters of a network (or a gradient of the same shape), in a fixed order:
/// for each hidden layer i (from 1) <c>layer{i}.weight</c>, then if present <c>layer{i}.bias</c>,
/// <c>layer{i}.recurrent</c>, <c>layer{i}.beta</c>, <c>layer{i}.threshold</c>; then <c>readout.weight</c> and
/// <c>readout.bias</c> when there is a readout. The order is the order of summation and of the optimizer state.
/// </summary>
public sealed class ParameterSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<string, ParameterTensor<T>> _byName;

    /// <summary>Wraps tensors, in order; names must be distinct.</summary>
    public ParameterSet(IReadOnlyList<ParameterTensor<T>> tensors)
    {
        Tensors = tensors;
        _byName = new Dictionary<string, ParameterTensor<T>>(StringComparer.Ordinal);
        foreach (var t in tensors)
            if (!_byName.TryAdd(t.Name, t)) throw new ArgumentException($"parameter {t.Name} appears twice", nameof(tensors));
    }

    /// <summary>The tensors in their fixed order.</summary>
    public IReadOnlyList<ParameterTensor<T>> Tensors { get; }

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such tensor; the message lists the names there are.</exception>
    public ParameterTensor<T> this[string name] => _byName.TryGetValue(name, out var t) ? t
        : throw new KeyNotFoundException($"no parameter {name}; the network has {string.Join(", ", _byName.Keys)}");

    /// <summary>Whether a tensor of this name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Total number of scalars.</summary>
    public long Count => Tensors.Sum(t => (long)t.Length);

    /// <summary>A set of the same names and shapes, all zero (for gradients and optimizer state).</summary>
    public ParameterSet<T> ZerosLike() =>
        new(Tensors.Select(t => new ParameterTensor<T>(t.Name, (int[])t.Shape.Clone(), new T[t.Length])).ToArray());

    /// <summary>A deep copy.</summary>
    public ParameterSet<T> Clone() =>
        new(Tensors.Select(t => new ParameterTensor<T>(t.Name, (int[])t.Shape.Clone(), (T[])t.Values.Clone())).ToArray());

    /// <summary>Sets every value to zero.</summary>
    public void Clear() { foreach (var t in Tensors) Array.Clear(t.Values); }

    /// <summary>Whether <paramref name="other"/> has this set's tensors: the same names and shapes, in the same order.</summary>
    public bool HasShapeOf(ParameterSet<T> other)
    {
        if (other.Tensors.Count != Tensors.Count) return false;
        for (int i = 0; i < Tensors.Count; i++)
            if (Tensors[i].Name != other.Tensors[i].Name || !Tensors[i].Shape.AsSpan().SequenceEqual(other.Tensors[i].Shape)) return false;
        return true;
    }

    /// <summary>Overwrites every value with <paramref name="other"/>'s (same names and shapes), bit for bit.</summary>
    /// <exception cref="ArgumentException">The sets differ in their tensors.</exception>
    public void CopyFrom(ParameterSet<T> other)
    {
        if (!HasShapeOf(other))
            throw new ArgumentException($"parameter sets differ: [{string.Join(", ", other.Tensors.Select(t => t.Name))}] cannot overwrite [{string.Join(", ", Tensors.Select(t => t.Name))}]", nameof(other));
        for (int i = 0; i < Tensors.Count; i++) other.Tensors[i].Values.CopyTo(Tensors[i].Values, 0);
    }

    /// <summary>Adds <paramref name="other"/> (same names and shapes) element by element, in order.</summary>
    public void Add(ParameterSet<T> other)
    {
        if (other.Tensors.Count != Tensors.Count) throw new ArgumentException("parameter sets differ in their tensors", nameof(other));
        for (int i = 0; i < Tensors.Count; i++)
        {
            var a = Tensors[i].Values; var b = other.Tensors[i].Values;
            if (a.Length != b.Length || Tensors[i].Name != other.Tensors[i].Name)
                throw new ArgumentException($"tensor {i} is {Tensors[i].Name} here and {other.Tensors[i].Name} there", nameof(other));
            for (int j = 0; j < a.Length; j++) a[j] += b[j];
        }
    }

    /// <summary>
    /// The first 8 bytes (little-endian) of the SHA-256 of every value's bytes, tensor after tensor: equal fingerprints
    /// mean, but for a 2⁻⁶⁴ chance, bitwise equal sets. Replicas of a training run compare theirs after every step.
    /// </summary>
    public ulong Fingerprint()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var t in Tensors) sha.AppendData(MemoryMarshal.AsBytes(t.Values.AsSpan()));
        Span<byte> hash = stackalloc byte[32];
        sha.GetHashAndReset(hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }
}
