namespace NeuroActors.Kernel.Random;

/// <summary>
/// Standard normal draws by the ziggurat method in Doornik's form (J. A. Doornik, "An Improved Ziggurat Method to
/// Generate Normal Random Samples", 2005): 128 strips of equal area under the density, the sign and position from
/// one uniform and the strip from independent bits. About 98 % of draws are one table lookup, one multiply and one
/// comparison; only the wedges and the tail beyond <see cref="TailStart"/> need a logarithm or an exponential.
/// </summary>
public static class Ziggurat
{
    /// <summary>Number of strips.</summary>
    public const int Strips = 128;

    /// <summary>Where the tail strip starts (Doornik's R for 128 strips).</summary>
    public const double TailStart = 3.442619855899;

    // Area of each strip, the tail strip included (Doornik's V for 128 strips).
    private const double StripArea = 9.91256303526217e-3;

    // X[i]: right edge of strip i (X[0] is the tail strip's equivalent width V / f(R), X[128] = 0).
    // Ratio[i] = X[i+1] / X[i]: below it a point of strip i lies inside the strip above, so it is accepted at once.
    private static readonly double[] X = new double[Strips + 1];
    private static readonly double[] Ratio = new double[Strips];

    static Ziggurat()
    {
        double f = Math.Exp(-0.5 * TailStart * TailStart);
        X[0] = StripArea / f;
        X[1] = TailStart;
        X[Strips] = 0;
        for (int i = 2; i < Strips; i++)
        {
            X[i] = Math.Sqrt(-2 * Math.Log(StripArea / X[i - 1] + f));
            f = Math.Exp(-0.5 * X[i] * X[i]);
        }
        for (int i = 0; i < Strips; i++) Ratio[i] = X[i + 1] / X[i];
    }

    /// <summary>One standard normal draw from <paramref name="rng"/>.</summary>
    public static double Next(ref RandomStream rng)
    {
        while (true)
        {
            // 53 bits for the position in [-1, 1) and the 7 low bits, which the position does not use, for the strip.
            ulong bits = rng.NextBits();
            double u = 2 * ((bits >> 11) * (1.0 / 9007199254740992.0)) - 1;
            int i = (int)(bits & (Strips - 1));
            if (Math.Abs(u) < Ratio[i]) return u * X[i];
            if (i == 0) return Tail(ref rng, u < 0);
            // A wedge: accept under the density between the strip's two edges.
            double x = u * X[i];
            double f0 = Math.Exp(-0.5 * (X[i] * X[i] - x * x));
            double f1 = Math.Exp(-0.5 * (X[i + 1] * X[i + 1] - x * x));
            if (f1 + rng.NextDouble() * (f0 - f1) < 1.0) return x;
        }
    }

    // Marsaglia's tail method beyond R.
    private static double Tail(ref RandomStream rng, bool negative)
    {
        double x, y;
        do
        {
            x = Math.Log(rng.NextOpenDouble()) / TailStart;
            y = Math.Log(rng.NextOpenDouble());
        } while (-2 * y < x * x);
        return negative ? x - TailStart : TailStart - x;
    }
}
