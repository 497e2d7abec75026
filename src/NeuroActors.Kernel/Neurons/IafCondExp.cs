namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// Leaky integrate-and-fire neuron with exponentially decaying conductances, as NEST's iaf_cond_exp:
/// C_m dV/dt = −g_L(V − E_L) − g_ex(V − E_ex) − g_in(V − E_in) + I. Conductances decay exactly; V is integrated
/// with classical fourth-order Runge-Kutta using the exact conductance at each stage (NEST uses adaptive RKF45;
/// the two agree to far below a microvolt at dt = 0.1 ms). Input of w nS arriving at step t is added to the
/// conductance at the end of t. During the refractory period V is clamped to the reset.
/// </summary>
public sealed class IafCondExp : NeuronGroup
{
    private static readonly string[] Names = { "v", "g_ex", "g_in" };
    private readonly double[] _v, _gEx, _gIn;
    private readonly int[] _refractory;
    private readonly double _cM, _gL, _eL, _eEx, _eIn, _vTh, _vReset, _iE, _h;
    private readonly double _decayExHalf, _decayInHalf;
    private readonly int _refSteps;

    /// <summary>Creates the group; parameters in ms, pF, nS, mV, pA.</summary>
    public IafCondExp(int count, double dtMs, double cM, double gL, double eL, double eEx, double eIn, double vTh,
        double vReset, double tRef, double tauSynEx, double tauSynIn, double iE) : base(count, dtMs)
    {
        _v = new double[count]; _gEx = new double[count]; _gIn = new double[count];
        _refractory = new int[count];
        _cM = cM; _gL = gL; _eL = eL; _eEx = eEx; _eIn = eIn; _vTh = vTh; _vReset = vReset; _iE = iE; _h = dtMs;
        _decayExHalf = Math.Exp(-0.5 * dtMs / tauSynEx);
        _decayInHalf = Math.Exp(-0.5 * dtMs / tauSynIn);
        _refSteps = RefractorySteps(tRef, dtMs);
        Array.Fill(_v, eL);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => Names;

    /// <inheritdoc/>
    public override double[] Variable(int index) => index switch { 0 => _v, 1 => _gEx, _ => _gIn };

    /// <inheritdoc/>
    public override int[]? Counters => _refractory;

    private double Derivative(double v, double gEx, double gIn, double i) =>
        (-_gL * (v - _eL) - gEx * (v - _eEx) - gIn * (v - _eIn) + i) / _cM;

    /// <inheritdoc/>
    public override int Update(long step, ReadOnlySpan<double> excitatory, ReadOnlySpan<double> inhibitory,
        ReadOnlySpan<double> current, Span<int> spiked)
    {
        var v = _v.AsSpan(0, Count);
        var gEx = _gEx.AsSpan(0, Count);
        var gIn = _gIn.AsSpan(0, Count);
        var r = _refractory.AsSpan(0, Count);
        double h = _h;
        int n = 0;
        for (int i = 0; i < v.Length; i++)
        {
            double ge0 = gEx[i], gi0 = gIn[i];
            double geMid = ge0 * _decayExHalf, giMid = gi0 * _decayInHalf;
            double ge1 = geMid * _decayExHalf, gi1 = giMid * _decayInHalf;
            if (r[i] == 0)
            {
                double iTotal = _iE + current[i];
                double y = v[i];
                double k1 = Derivative(y, ge0, gi0, iTotal);
                double k2 = Derivative(y + 0.5 * h * k1, geMid, giMid, iTotal);
                double k3 = Derivative(y + 0.5 * h * k2, geMid, giMid, iTotal);
                double k4 = Derivative(y + h * k3, ge1, gi1, iTotal);
                v[i] = y + h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
            }
            gEx[i] = ge1 + excitatory[i];
            gIn[i] = gi1 + inhibitory[i];
            if (r[i] > 0)
            {
                r[i]--;
                v[i] = _vReset;
            }
            else if (v[i] >= _vTh)
            {
                r[i] = _refSteps;
                v[i] = _vReset;
                spiked[n++] = i;
            }
        }
        return n;
    }
}
