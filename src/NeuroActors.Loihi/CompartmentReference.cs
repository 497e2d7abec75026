namespace NeuroActors.Loihi;

/// <summary>
/// The compartment step as a plain scalar loop over 64-bit intermediates, a line-by-line reading of Lava's
/// PyLifModelBitAcc (with the refractory option of nengo-loihi's emulator). The vectorised update
/// (<see cref="CompartmentLanes"/>) must equal it bit for bit; tests compare them.
/// </summary>
internal static class CompartmentReference
{
    /// <summary>One step of <paramref name="c"/>, as <see cref="LoihiCompartments.Step(long, Span{int}, Span{int})"/>.</summary>
    internal static int Step(LoihiCompartments c, long step, Span<int> aIn, Span<int> spiked)
    {
        const int M = LoihiFixedPoint.M;
        if (c.Reset is { } reset && reset.At(step))
        {
            Array.Clear(c.U);
            Array.Clear(c.V);
        }
        int n = 0;
        for (int i = 0; i < c.Count; i++)
        {
            int du = c.Parameter("du", i), dv = c.Parameter("dv", i);
            int bias = c.Parameter("bias_mant", i) << c.Parameter("bias_exp", i);
            int input = unchecked(aIn[i] << LoihiFixedPoint.InputShift);
            aIn[i] = 0;
            int u = unchecked(Truncate((long)c.U[i] * (4096 - (du + 1))) + input);
            if (u > M) u -= 2 * M;
            else if (u <= -M) u += 2 * M;
            c.U[i] = u;
            int v = unchecked(Truncate((long)c.V[i] * (4096 - dv)) + u + bias);
            v = Math.Clamp(v, -(M - 1), M - 1);
            bool held = c.RefractoryCounter[i] > 0;
            if (held)
            {
                v = 0;
                c.RefractoryCounter[i]--;
            }
            if (v > c.Parameter("vth", i) << LoihiFixedPoint.ThresholdShift)
            {
                v = 0;
                c.RefractoryCounter[i] = c.Parameter("refractory", i);
                spiked[n++] = i;
            }
            c.V[i] = v;
        }
        return n;
    }

    /// <summary>Toward zero: sign(x) · (|x| &gt;&gt; 12), then cast to int32 as numpy's np.int32 does (modulo 2^32).</summary>
    private static int Truncate(long x) => unchecked((int)(Math.Sign(x) * (Math.Abs(x) >> LoihiFixedPoint.DecayShift)));
}
