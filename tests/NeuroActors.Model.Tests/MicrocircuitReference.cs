namespace NeuroActors.Model.Tests;

/// <summary>
/// The published Potjans &amp; Diesmann (2014) microcircuit as the `microcircuit` package states it
/// (github.com/INM-6/microcircuit-PD14-model, PyNEST/src/microcircuit/network_params.py), and the package's derivations
/// from it, written out independently of the model files so that the tests can recompute every number in
/// configs/microcircuit*.yaml.
/// </summary>
internal static class MicrocircuitReference
{
    public static readonly string[] Populations = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"];

    public static readonly int[] Sizes = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948];

    /// <summary>Connection probability from source population j (column) to target population i (row).</summary>
    public static readonly double[,] ConnectionProbability =
    {
        { 0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0 },
        { 0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0 },
        { 0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0 },
        { 0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0 },
        { 0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0 },
        { 0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0 },
        { 0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252 },
        { 0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443 },
    };

    /// <summary>External (Poisson) inputs per neuron.</summary>
    public static readonly int[] ExternalInDegree = [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100];

    public const double BackgroundRateHz = 8;

    /// <summary>
    /// Mean rates (spikes/s) of the package's full-scale NEST run with Poisson input ('full_mean_rates'), which the
    /// scaled models' DC compensation uses. (NEST's older PyNEST example had 0.943, 3.026, 4.368, 5.882, 7.733, 8.664,
    /// 1.096, 7.851.)
    /// </summary>
    public static readonly double[] FullScaleRates = [0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829];

    /// <summary>'optimized' initial membrane potentials, the package's default: mean and standard deviation in mV.</summary>
    public static readonly (double Mean, double Std)[] InitialV =
        [(-68.28, 5.36), (-63.16, 4.57), (-63.33, 4.74), (-63.45, 4.94), (-63.11, 4.94), (-61.66, 4.55), (-66.72, 5.46), (-61.43, 4.48)];

    public const double CmPf = 250, TauMMs = 10, TauSynMs = 0.5, ExcitatoryPspMv = 0.15, G = -4, WeightRelativeStd = 0.1;

    public static bool IsExcitatory(int population) => population % 2 == 0;

    /// <summary>
    /// ln(1 − p) / ln(1 − 1/M) with M = N_pre·N_post, unrounded. ln(1 − 1/M) loses most of its digits in floating
    /// point for M ~ 10⁸, so 1/ln(1 − 1/M) is taken from its series, −(M − 1/2 − 1/(12M)), exact to 10⁻¹⁷ relative.
    /// </summary>
    public static double ExactSynapses(int target, int source)
    {
        double m = (double)Sizes[target] * Sizes[source];
        return -Math.Log(1 - ConnectionProbability[target, source]) * (m - 0.5 - 1 / (12 * m));
    }

    /// <summary>
    /// The current amplitude (pA) of an exponential synapse whose PSP peaks at <paramref name="pspMv"/>, from the
    /// PSP of iaf_psc_exp, V(s) = (w/C)·τmτs/(τm − τs)·(e^(−s/τm) − e^(−s/τs)), at its peak s* = τmτs/(τm − τs)·ln(τm/τs).
    /// </summary>
    public static double PscForPsp(double pspMv)
    {
        double tauRatio = TauMMs * TauSynMs / (TauMMs - TauSynMs);
        double peak = tauRatio * Math.Log(TauMMs / TauSynMs);
        double voltPerPa = tauRatio / CmPf * (Math.Exp(-peak / TauMMs) - Math.Exp(-peak / TauSynMs));
        return pspMv / voltPerPa;
    }

    /// <summary>Mean weight (pA) from source j onto target i at full scale: g times for inhibition, L4E → L23E doubled.</summary>
    public static double Weight(int target, int source)
    {
        double w = PscForPsp(ExcitatoryPspMv);
        if (!IsExcitatory(source)) return G * w;
        return target == 0 && source == 2 ? 2 * w : w;
    }

    /// <summary>
    /// The package's DC compensation of a network whose in-degrees are scaled by k and weights by 1/√k, with Poisson
    /// background input (bg_input_type 'poisson'): the lost mean input τ_syn·(1 − √k)·(Σ_j w_ij K_ij ν_j + w_ext K_ext ν_bg),
    /// with full-scale weights, in-degrees and rates (pA).
    /// </summary>
    public static double DcCompensationPa(int target, double k)
    {
        double input = PscForPsp(ExcitatoryPspMv) * ExternalInDegree[target] * BackgroundRateHz;
        for (int j = 0; j < Populations.Length; j++)
            input += Weight(target, j) * ExactSynapses(target, j) / Sizes[target] * FullScaleRates[j];
        return TauSynMs / 1000 * (1 - Math.Sqrt(k)) * input;
    }
}
