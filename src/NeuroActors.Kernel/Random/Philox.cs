using System.Runtime.CompilerServices;

namespace NeuroActors.Kernel.Random;

/// <summary>
/// Philox4x32-10 (Salmon et al. 2011), a counter-based generator: the output is a pure function of (key, counter),
/// so a draw never depends on which shard made it or in which order. The key is the model seed; the counter
/// holds (index, global id, stream).
/// </summary>
public static class Philox
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    /// <summary>Four 32-bit words for counter (c0..c3) under key (k0, k1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint, uint, uint, uint) Generate(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c0 = n0; c1 = (uint)p1; c2 = n2; c3 = (uint)p0;
            k0 += W0; k1 += W1;
        }
        return (c0, c1, c2, c3);
    }

    /// <summary>First output word for (seed; stream, id, index): one 32-bit draw.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Word(ulong seed, uint stream, uint id, ulong index) =>
        Generate((uint)index, (uint)(index >> 32), id, stream, (uint)seed, (uint)(seed >> 32)).Item1;

    /// <summary>A uniform double in [0, 1) with 32 bits of resolution for (seed; stream, id, index).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Uniform32(ulong seed, uint stream, uint id, ulong index) =>
        Word(seed, stream, id, index) * (1.0 / 4294967296.0);
}

/// <summary>
/// A sequence of draws keyed by (seed, stream, id), starting at a counter offset. Two streams with the same key and
/// offset give the same sequence, whatever else ran before. Each Philox call yields two 64-bit draws (two 53-bit doubles).
/// </summary>
public struct RandomStream
{
    private readonly ulong _seed;
    private readonly uint _stream;
    private readonly uint _id;
    private ulong _index;
    private ulong _spare;
    private bool _hasSpare;

    /// <summary>Creates the stream (seed; stream, id) starting at counter <paramref name="index"/>.</summary>
    public RandomStream(ulong seed, uint stream, uint id, ulong index = 0)
    {
        _seed = seed; _stream = stream; _id = id; _index = index;
        _spare = 0; _hasSpare = false;
    }

    /// <summary>64 random bits: half of a Philox block (the other half is the next draw).</summary>
    public ulong NextBits()
    {
        if (_hasSpare) { _hasSpare = false; return _spare; }
        var (a, b, c, d) = Philox.Generate((uint)_index, (uint)(_index >> 32), _id, _stream, (uint)_seed, (uint)(_seed >> 32));
        _index++;
        _spare = ((ulong)c << 32) | d;
        _hasSpare = true;
        return ((ulong)a << 32) | b;
    }

    /// <summary>Uniform in [0, 1): the top 53 of <see cref="NextBits"/>.</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)(NextDouble() * n);

    /// <summary>Uniform in (0, 1]: safe for logarithms.</summary>
    public double NextOpenDouble() => 1.0 - NextDouble();

    /// <summary>Standard normal (<see cref="Ziggurat"/>).</summary>
    public double NextNormal() => Ziggurat.Next(ref this);
}

/// <summary>Stream numbers: what a draw is for, combined with a population/projection/stimulus index.</summary>
public static class Streams
{
    /// <summary>Initial state of population p.</summary>
    public static uint Initial(int population, int variable) => 0x1000_0000u | ((uint)population << 8) | (uint)variable;
    /// <summary>Which sources/targets projection j connects.</summary>
    public static uint Connect(int projection) => 0x2000_0000u | (uint)projection;
    /// <summary>Weights and delays of projection j.</summary>
    public static uint Synapse(int projection) => 0x3000_0000u | (uint)projection;
    /// <summary>Poisson generator stimulus s.</summary>
    public static uint Stimulus(int stimulus) => 0x4000_0000u | (uint)stimulus;
    /// <summary>Poisson source population p.</summary>
    public static uint Source(int population) => 0x5000_0000u | (uint)population;
    /// <summary>How a fixed_total_number projection j splits its total over the targets (one draw set per tree node).</summary>
    public static uint Split(int projection) => 0x6000_0000u | (uint)projection;
    /// <summary>Derives the key of a trial's random input from the model seed (see <see cref="TrialSeed"/>).</summary>
    public const uint Trial = 0x7000_0000u;

    /// <summary>
    /// The key that the random input (Poisson generators and sources) of trial <paramref name="trial"/> is drawn under:
    /// the seed itself for trial 0, so that a first run is what it always was, and for any other trial a Philox block of
    /// (trial; stream <see cref="Trial"/>) under the seed. Every draw stays a pure function of (seed, stream, gid, step,
    /// trial), whatever the partition.
    /// </summary>
    public static ulong TrialSeed(ulong seed, int trial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trial);
        if (trial == 0) return seed;
        var (a, b, _, _) = Philox.Generate((uint)trial, 0, 0, Trial, (uint)seed, (uint)(seed >> 32));
        return (ulong)a << 32 | b;
    }
}
