namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// Leaky integrate-and-fire neuron with delta synapses, as NEST's iaf_psc_delta: the subthreshold dynamics
/// dV/dt = −(V − E_L)/τ_m + I/C_m are integrated exactly; a synaptic event of weight w (mV) makes V jump by w;
/// events arriving during the refractory period are discarded and V is held at the reset.
/// </summary>
public sealed class IafPscDelta : NeuronGroup
{
    private static readonly string[] Names = { "v" };
    private readonly double[] _v;
    private readonly int[] _refractory;
    private readonly double _p33, _p30, _eL, _vTh, _vReset, _iE;
    private readonly int _refSteps;

    /// <summary>Creates the group; parameters in ms, pF, mV, pA as in docs/neuron-models.md.</summary>
    public IafPscDelta(int count, double dtMs, double tauM, double cM, double eL, double vTh, double vReset, double tRef, double iE)
        : base(count, dtMs)
    {
        _v = new double[count];
        _refractory = new int[count];
        _p33 = Math.Exp(-dtMs / tauM);
        _p30 = tauM / cM * -double.ExpM1(-dtMs / tauM);
        _eL = eL; _vTh = vTh; _vReset = vReset; _iE = iE;
        _refSteps = RefractorySteps(tRef, dtMs);
        Array.Fill(_v, eL);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => Names;

    /// <inheritdoc/>
    public override double[] Variable(int index) => _v;

    /// <inheritdoc/>
    public override int[]? Counters => _refractory;

    /// <inheritdoc/>
    public override int Update(long step, ReadOnlySpan<double> excitatory, ReadOnlySpan<double> inhibitory,
        ReadOnlySpan<double> current, Span<int> spiked)
    {
        var v = _v.AsSpan(0, Count);
        var r = _refractory.AsSpan(0, Count);
        int n = 0;
        for (int i = 0; i < v.Length; i++)
        {
            if (r[i] == 0)
                v[i] = _eL + _p33 * (v[i] - _eL) + _p30 * (_iE + current[i]) + (excitatory[i] + inhibitory[i]);
            else
                r[i]--;
            if (v[i] >= _vTh)
            {
                r[i] = _refSteps;
                v[i] = _vReset;
                spiked[n++] = i;
            }
        }
        return n;
    }
}
