using System.Globalization;

namespace NeuroActors.Model;

/// <summary>
/// The values an integer parameter or state variable of a fixed-point model may hold: whole numbers in
/// [<see cref="Min"/>, <see cref="Max"/>], usually the range of a register of <see cref="Bits"/> bits.
/// </summary>
/// <param name="Min">The smallest valid value.</param>
/// <param name="Max">The largest valid value.</param>
/// <param name="Bits">The register's width, shown in messages; 0 when the range is not a register's.</param>
public sealed record IntegerRange(long Min, long Max, int Bits = 0)
{
    /// <summary>Whether <paramref name="value"/> is a whole number in the range.</summary>
    public bool Contains(double value) => value >= Min && value <= Max && value == Math.Floor(value);

    /// <summary>What a valid value is, for error messages: "an integer in 0..4095 (12 bits)".</summary>
    public string Describe() =>
        $"an integer in {Min.ToString(CultureInfo.InvariantCulture)}..{Max.ToString(CultureInfo.InvariantCulture)}" +
        (Bits > 0 ? $" ({Bits} bits{(Min < 0 ? ", signed" : "")})" : "");

    /// <summary>The unsigned range of a <paramref name="bits"/>-bit register: 0..2^bits − 1.</summary>
    public static IntegerRange Unsigned(int bits) => new(0, (1L << bits) - 1, bits);

    /// <summary>The two's-complement range of a <paramref name="bits"/>-bit register: −2^(bits−1)..2^(bits−1) − 1.</summary>
    public static IntegerRange Signed(int bits) => new(-(1L << (bits - 1)), (1L << (bits - 1)) - 1, bits);
}
