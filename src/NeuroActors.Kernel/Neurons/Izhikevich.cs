namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// Izhikevich (2003): dv/dt = 0.04v² + 5v + 140 − u + I, du/dt = a(bv − u); when v ≥ v_th (30 mV): v ← c, u ← u + d.
/// Integrated as NEST's izhikevich does (forward Euler with both updates from the old values); synaptic input of
/// w mV is added to v directly.
/// </summary>
public sealed class Izhikevich : NeuronGroup
{
    private static readonly string[] Names = { "v", "u" };
    private readonly double[] _v, _u;
    private readonly double _a, _b, _c, _d, _vTh, _iE;

    /// <summary>Creates the group with the paper's a, b, c, d.</summary>
    public Izhikevich(int count, double dtMs, double a, double b, double c, double d, double vTh, double iE) : base(count, dtMs)
    {
        _v = new double[count]; _u = new double[count];
        _a = a; _b = b; _c = c; _d = d; _vTh = vTh; _iE = iE;
        Array.Fill(_v, c);
        Array.Fill(_u, b * c);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => Names;

    /// <inheritdoc/>
    public override double[] Variable(int index) => index == 0 ? _v : _u;

    /// <inheritdoc/>
    public override int Update(long step, ReadOnlySpan<double> excitatory, ReadOnlySpan<double> inhibitory,
        ReadOnlySpan<double> current, Span<int> spiked)
    {
        var v = _v.AsSpan(0, Count);
        var u = _u.AsSpan(0, Count);
        double h = DtMs;
        int n = 0;
        for (int i = 0; i < v.Length; i++)
        {
            double v0 = v[i], u0 = u[i];
            v[i] = v0 + h * (0.04 * v0 * v0 + 5.0 * v0 + 140.0 - u0 + _iE + current[i]) + excitatory[i] + inhibitory[i];
            u[i] = u0 + h * _a * (_b * v0 - u0);
            if (v[i] >= _vTh)
            {
                v[i] = _c;
                u[i] += _d;
                spiked[n++] = i;
            }
        }
        return n;
    }
}
