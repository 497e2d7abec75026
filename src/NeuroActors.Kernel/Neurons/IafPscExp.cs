namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// Leaky integrate-and-fire neuron with exponentially decaying current synapses, as NEST's iaf_psc_exp, integrated
/// exactly on the grid (Rotter &amp; Diesmann 1999): the propagator matrix of (V, I_ex, I_in) is applied each step.
/// Synaptic input arriving at step t enters the currents at the end of t and moves V from t+1 on. During the
/// refractory period V is held at the reset but the synaptic currents keep integrating input.
/// </summary>
public sealed class IafPscExp : NeuronGroup
{
    private static readonly string[] Names = { "v", "i_syn_ex", "i_syn_in" };
    private readonly double[] _v, _iEx, _iIn;
    private readonly int[] _refractory;
    private readonly double _p22, _p20, _p11Ex, _p11In, _p21Ex, _p21In, _eL, _vTh, _vReset, _iE;
    private readonly int _refSteps;

    /// <summary>Creates the group; parameters in ms, pF, mV, pA.</summary>
    public IafPscExp(int count, double dtMs, double tauM, double cM, double eL, double vTh, double vReset, double tRef,
        double iE, double tauSynEx, double tauSynIn) : base(count, dtMs)
    {
        _v = new double[count]; _iEx = new double[count]; _iIn = new double[count];
        _refractory = new int[count];
        _p22 = Math.Exp(-dtMs / tauM);
        _p20 = tauM / cM * -double.ExpM1(-dtMs / tauM);
        _p11Ex = Math.Exp(-dtMs / tauSynEx);
        _p11In = Math.Exp(-dtMs / tauSynIn);
        _p21Ex = CurrentToVoltage(tauSynEx, tauM, cM, dtMs);
        _p21In = CurrentToVoltage(tauSynIn, tauM, cM, dtMs);
        _eL = eL; _vTh = vTh; _vReset = vReset; _iE = iE;
        _refSteps = RefractorySteps(tRef, dtMs);
        Array.Fill(_v, eL);
    }

    /// <summary>
    /// Voltage reached after one step by a unit current decaying with τ_syn into a membrane with τ_m and C_m:
    /// τ_s τ_m / (C_m (τ_m − τ_s)) · (e^(−h/τ_m) − e^(−h/τ_s)), and h/C_m · e^(−h/τ) in the degenerate case τ_s = τ_m.
    /// </summary>
    public static double CurrentToVoltage(double tauSyn, double tauM, double cM, double h)
    {
        if (Math.Abs(tauM - tauSyn) < 1e-12 * tauM) return h / cM * Math.Exp(-h / tauM);
        return tauSyn * tauM / (cM * (tauM - tauSyn)) * (Math.Exp(-h / tauM) - Math.Exp(-h / tauSyn));
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => Names;

    /// <inheritdoc/>
    public override double[] Variable(int index) => index switch { 0 => _v, 1 => _iEx, _ => _iIn };

    /// <inheritdoc/>
    public override int[]? Counters => _refractory;

    /// <inheritdoc/>
    public override int Update(long step, ReadOnlySpan<double> excitatory, ReadOnlySpan<double> inhibitory,
        ReadOnlySpan<double> current, Span<int> spiked)
    {
        var v = _v.AsSpan(0, Count);
        var iEx = _iEx.AsSpan(0, Count);
        var iIn = _iIn.AsSpan(0, Count);
        var r = _refractory.AsSpan(0, Count);
        int n = 0;
        for (int i = 0; i < v.Length; i++)
        {
            if (r[i] == 0)
                v[i] = _eL + _p22 * (v[i] - _eL) + _p21Ex * iEx[i] + _p21In * iIn[i] + _p20 * (_iE + current[i]);
            else
                r[i]--;
            iEx[i] = _p11Ex * iEx[i] + excitatory[i];
            iIn[i] = _p11In * iIn[i] + inhibitory[i];
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
