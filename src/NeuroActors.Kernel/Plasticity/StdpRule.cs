using NeuroActors.Model;

namespace NeuroActors.Kernel.Plasticity;

/// <summary>
/// One plastic projection's rule with its parameters, as the delivery loop uses them: the weight update of one
/// presynaptic spike, written as NEST's <c>send</c> of the synapse of the same name, in steps instead of ms.
/// </summary>
internal sealed class StdpRule
{
    private readonly PlasticityRule _rule;
    private readonly double _plusRate, _lambda, _alpha, _muPlus, _muMinus, _wMax, _mu;

    public StdpRule(PlasticitySpec spec, double dtMs)
    {
        _rule = spec.Rule;
        _plusRate = dtMs / spec.TauPlusMs;
        (_lambda, _alpha, _muPlus, _muMinus, _wMax, _mu) = (spec.Lambda, spec.Alpha, spec.MuPlus, spec.MuMinus, spec.WMax, spec.Mu);
    }

    /// <summary>
    /// The update of one synapse by a presynaptic spike at <paramref name="spike"/> whose previous one was at
    /// <paramref name="last"/> (-1 before the first: NEST's time 0), onto local neuron <paramref name="target"/> with
    /// dendritic delay <paramref name="delay"/>: potentiation by the postsynaptic spikes in (last − d, spike − d],
    /// then depression by the trace at spike − d. Weight and presynaptic trace are updated in place.
    /// </summary>
    public void Update(PostsynapticArchive archive, int target, long spike, long last, int delay, ref float weight, ref float kPlus)
    {
        double w = weight, k = kPlus;
        archive.ReadHistory(target, last - delay, spike - delay, out int from, out int to);
        switch (_rule)
        {
            case PlasticityRule.Stdp:
                for (int i = from; i < to; i++) w = Facilitate(w, k * Math.Exp((last - (archive.StepAt(target, i) + delay)) * _plusRate));
                archive.Traces(target, spike - delay, out double all, out _);
                w = Depress(w, all);
                k = k * Math.Exp((last - spike) * _plusRate) + 1;
                break;
            case PlasticityRule.StdpNnSymm:
                for (int i = from; i < to; i++) w = Facilitate(w, Math.Exp((last - (archive.StepAt(target, i) + delay)) * _plusRate));
                archive.Traces(target, spike - delay, out _, out double nearest);
                w = Depress(w, nearest);
                break;
            case PlasticityRule.StdpNnPreCentered:
                if (from < to)
                {
                    w = Facilitate(w, k * Math.Exp((last - (archive.StepAt(target, from) + delay)) * _plusRate));
                    // A postsynaptic spike erases the presynaptic trace: earlier presynaptic spikes are forgotten.
                    k = 0;
                }
                archive.Traces(target, spike - delay, out _, out nearest);
                w = Depress(w, nearest);
                k = k * Math.Exp((last - spike) * _plusRate) + 1;
                break;
            case PlasticityRule.StdpNnRestr:
                // Only pairs with no presynaptic spike between them: none unless a postsynaptic spike came since the last.
                if (from < to)
                {
                    w = Facilitate(w, Math.Exp((last - (archive.StepAt(target, from) + delay)) * _plusRate));
                    archive.Traces(target, spike - delay, out _, out nearest);
                    w = Depress(w, nearest);
                }
                break;
            default: // StdpPlSynapseHom
                for (int i = from; i < to; i++) w += _lambda * Math.Pow(w, _mu) * k * Math.Exp((last - (archive.StepAt(target, i) + delay)) * _plusRate);
                archive.Traces(target, spike - delay, out all, out _);
                w -= _lambda * _alpha * w * all;
                if (!(w > 0)) w = 0;
                k = k * Math.Exp((last - spike) * _plusRate) + 1;
                break;
        }
        weight = (float)w;
        kPlus = (float)k;
    }

    // Gütig et al. (2003), as NEST's stdp_synapse: the weight relative to Wmax moves by lambda · (1 − w)^mu_plus · K⁺ up
    // and alpha · lambda · w^mu_minus · K⁻ down, clipped to [0, 1].
    private double Facilitate(double w, double kPlus)
    {
        double norm = w / _wMax + _lambda * Math.Pow(1 - w / _wMax, _muPlus) * kPlus;
        return norm < 1 ? norm * _wMax : _wMax;
    }

    private double Depress(double w, double kMinus)
    {
        double norm = w / _wMax - _alpha * _lambda * Math.Pow(w / _wMax, _muMinus) * kMinus;
        return norm > 0 ? norm * _wMax : 0;
    }
}
