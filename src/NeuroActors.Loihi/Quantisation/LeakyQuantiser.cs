using System.Globalization;
using NeuroActors.Model;

namespace NeuroActors.Loihi.Quantisation;

/// <summary>
/// Quantises the training engine's neurons onto Loihi's compartment (docs/loihi.md, "Quantising a trained network"):
/// an snn_leaky layer with reset zero and a leaky_readout, both without synaptic current (α = 0), whose structure is the
/// compartment's. The current does not persist (du = 4095: u is the step's input), v keeps (4096 − dv)/4096 ≈ β, a
/// spike sets v to 0. One scale k (units of v per unit of the model) per population: weights, bias and threshold are
/// multiplied by it; the threshold is exact (k = 64·vth/θ). The model's validator has refused what does not map.
/// </summary>
internal static class LeakyQuantiser
{
    /// <summary>The most a step's summed input may add to u without wrapping it (u wraps beyond 2^23).</summary>
    private const double UMax = (1L << 23) - 1;

    /// <summary>The readout's threshold, the highest: its v is kept at or below vth·2^6 = 2^23 − 64 and never spikes.</summary>
    private const long ReadoutThresholdUnits = (long)LoihiQuantiser.MaxVth << 6;

    /// <summary>
    /// Population <paramref name="p"/> of <paramref name="spec"/> (snn_leaky or leaky_readout on backend loihi) and its
    /// inputs, or null after adding an error naming what does not fit.
    /// </summary>
    public static (QuantisedPopulation Population, List<QuantisedInput> Inputs)? Population(NetworkSpec spec, int p,
        List<LoihiQuantiser.Input> inputs, List<ModelError> errors)
    {
        var pop = spec.Populations[p];
        bool readout = pop.Model == NeuronModel.LeakyReadout;
        double beta = pop.Param("beta", 0), theta = readout ? double.NaN : pop.Param("threshold", 0);
        int dv = DecayConstants.Dv(beta);
        double fv = DecayConstants.VoltageFactor(dv);
        var bias = Enumerable.Range(0, pop.Size).Select(i => pop.Param("bias", i)).ToArray();
        var (positive, negative) = Drive(spec, p, inputs);
        double maxBias = bias.Length == 0 ? 0 : bias.Max(Math.Abs);
        double maxWeight = inputs.Count == 0 ? 0 : inputs.Max(i => i.MaxAbs);
        // How far v can climb under a steady drive within a trial: Σ fv^n over its steps (the readout is never reset).
        long steps = Math.Max(1, spec.Simulation.Steps);
        double gain = fv >= 1 ? steps : (1 - Math.Pow(fv, steps)) / (1 - fv);

        // The largest scale every constraint allows, then smaller until the integers keep them all.
        var limits = new List<double>
        {
            maxWeight > 0 ? (QuantisedInput.MaxMantissa + 0.5) * Math.Pow(2, 6 + SynapseSpec.WeightExpRange.Max) / maxWeight : double.PositiveInfinity,
            maxBias > 0 ? (LoihiQuantiser.MaxBiasMant + 0.5) * (1 << LoihiQuantiser.MaxBiasExp) / maxBias : double.PositiveInfinity,
        };
        if (readout)
        {
            // A readout that nothing drives still needs a finite scale.
            limits.Add(1 << 30);
            limits.Add((ReadoutThresholdUnits - 1) / Math.Max(1e-300, (positive.Max() + Math.Max(0, bias.Max())) * gain));
            limits.Add((UMax - 1) / Math.Max(1e-300, (negative.Max() + Math.Max(0, -bias.Min())) * gain));
        }
        else
        {
            limits.Add(64.0 * LoihiQuantiser.MaxVth / theta);
            limits.Add(UMax / Math.Max(1e-300, Math.Max(positive.Max(), negative.Max())));
        }
        double k = limits.Min();
        for (int attempt = 0; attempt < 400 && double.IsFinite(k) && k > 0; attempt++, k *= 0.98)
        {
            int vth = LoihiQuantiser.MaxVth;
            if (!readout)
            {
                vth = (int)Math.Min(LoihiQuantiser.MaxVth, Math.Floor(theta * k / 64 * (1 + 1e-12)));
                if (vth < 1) break;
                k = 64.0 * vth / theta;
            }
            if (Fits(spec, p, inputs, bias, k, readout, gain) is not { } fit) continue;
            double tauM = beta <= 0 ? 0 : beta >= 1 ? double.PositiveInfinity : -spec.Simulation.DtMs / Math.Log(beta);
            var population = new QuantisedPopulation(pop.Name, p, pop.Size, spec.Simulation.DtMs, DecayConstants.Max, dv, vth,
                fit.Mant[0], fit.Exp[0], 0, 1 / k, 0, k, 0, beta, bias[0] * k, 0, tauM)
            {
                Model = pop.Model,
                InputLag = 0,
                BiasMantissas = fit.Mant,
                BiasExponents = fit.Exp,
                Hold = (int)pop.Param("start", 0),
            };
            return (population, fit.Inputs);
        }
        string what = readout ? "and the readout's range in v's 24 bits" : string.Create(CultureInfo.InvariantCulture, $"and the threshold ({theta})");
        errors.Add(new ModelError($"populations[{p}]", $"'{pop.Name}'", string.Create(CultureInfo.InvariantCulture,
            $"cannot be quantised onto Loihi: no scale fits the largest weight ({maxWeight}), the largest bias ({maxBias}) {what} into the mantissas and exponents")));
        return null;
    }

    /// <summary>The inputs, per-neuron biases and exponents at scale <paramref name="k"/>, or null when an integer breaks a limit.</summary>
    private static (List<QuantisedInput> Inputs, int[] Mant, int[] Exp)? Fits(NetworkSpec spec, int p, List<LoihiQuantiser.Input> inputs,
        double[] bias, double k, bool readout, double gain)
    {
        if (inputs.Any(i => i.WeightExp is null && LoihiQuantiser.AutoExp(i.MaxAbs * k) is null)) return null;
        var mant = new int[bias.Length];
        var exp = new int[bias.Length];
        for (int i = 0; i < bias.Length; i++)
        {
            if (LoihiQuantiser.BiasOf(bias[i] * k) is not { } b) return null;
            (mant[i], exp[i]) = b;
        }
        var scaled = inputs.Select(i => LoihiQuantiser.Scaled(i, p, k, signFromWeights: true)).ToList();
        // The drive of the integers themselves: what a step's input adds to u, from the kept mantissas.
        var (positive, negative) = Drive(spec, p, inputs, scaled);
        for (int j = 0; j < bias.Length; j++)
        {
            long b = (long)mant[j] << exp[j];
            if (readout
                ? (positive[j] + Math.Max(0, b)) * gain > ReadoutThresholdUnits || (negative[j] + Math.Max(0, -b)) * gain > UMax
                : Math.Max(positive[j], negative[j]) > UMax)
                return null;
        }
        return (scaled, mant, exp);
    }

    /// <summary>
    /// Per neuron of population <paramref name="p"/>, the most one step's input can add to u and take from it: the sums of
    /// its positive and of its negative weights (every source spiking), in the model's unit; with <paramref name="scaled"/>,
    /// of the kept mantissas in units of u. A projection not read from a file counts its largest weight once per source.
    /// </summary>
    private static (double[] Positive, double[] Negative) Drive(NetworkSpec spec, int p, List<LoihiQuantiser.Input> inputs,
        List<QuantisedInput>? scaled = null)
    {
        int size = spec.Populations[p].Size;
        double[] positive = new double[size], negative = new double[size];
        for (int n = 0; n < inputs.Count; n++)
        {
            var i = inputs[n];
            var q = scaled?[n];
            double Units(double w) => q is null ? w : q.Kept(q.Mantissa(w), out _) * Math.Pow(2, 6 + q.WeightExp);
            if (i.Projection >= 0 && spec.Projections[i.Projection].Connector.Connections is { } list)
            {
                for (int c = 0; c < list.Count; c++)
                {
                    double u = Units(list.Weights[c]);
                    if (u > 0) positive[list.Targets[c]] += u;
                    else negative[list.Targets[c]] -= u;
                }
                continue;
            }
            double sources = i.Projection >= 0 ? spec.Populations[spec.PopulationIndex(spec.Projections[i.Projection].Source)].Size : 1;
            double most = Units(i.MaxAbs), least = Units(-i.MaxAbs);
            for (int j = 0; j < size; j++)
            {
                positive[j] += sources * Math.Max(0, Math.Max(most, least));
                negative[j] += sources * Math.Max(0, -Math.Min(most, least));
            }
        }
        return (positive, negative);
    }
}
