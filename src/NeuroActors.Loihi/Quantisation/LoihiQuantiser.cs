using System.Globalization;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Kernel.Random;
using NeuroActors.Model;

namespace NeuroActors.Loihi.Quantisation;

/// <summary>
/// Quantises the float populations of a model that run on backend <c>loihi</c> (iaf_psc_exp, and the training
/// engine's snn_leaky and leaky_readout through <see cref="LeakyQuantiser"/>) onto Loihi's
/// fixed-point compartment, and the weights of their inputs onto mantissas and exponents. Pure: the result depends
/// on the model only, never on the cut, so every shard that holds part of a population or projection computes the
/// same integers. The derivation is in docs/loihi.md, "Quantising a float model".
/// </summary>
public static class LoihiQuantiser
{
    /// <summary>The largest threshold mantissa (17 bits).</summary>
    public const int MaxVth = 131071;

    /// <summary>The largest bias mantissa magnitude (13 bits signed, kept symmetric).</summary>
    public const int MaxBiasMant = 4095;

    /// <summary>The largest bias exponent (3 bits).</summary>
    public const int MaxBiasExp = 7;

    /// <summary>Draws of a weight distribution over which the report measures the weight error.</summary>
    public const int ErrorSample = 10_000;

    /// <summary>
    /// The quantisation of every float population on Loihi in <paramref name="spec"/> (a validated model) and of every
    /// projection and Poisson generator stimulus into one of them. loihi_lif populations, which are integer already,
    /// are not part of it.
    /// </summary>
    /// <exception cref="ModelException">A population cannot be represented in Loihi's ranges; one error per population, naming what does not fit.</exception>
    public static QuantisedNetwork Quantise(NetworkSpec spec)
    {
        var errors = new List<ModelError>();
        var populations = new List<QuantisedPopulation>();
        var inputs = new List<QuantisedInput>();
        for (int p = 0; p < spec.Populations.Count; p++)
        {
            var pop = spec.Populations[p];
            if (!pop.OnLoihi || pop.Model.NativeBackend is not null) continue;
            bool leaky = pop.Model == NeuronModel.SnnLeaky || pop.Model == NeuronModel.LeakyReadout;
            if (pop.Model != NeuronModel.IafPscExp && !leaky)
            {
                errors.Add(new ModelError($"populations[{p}].backend", $"'{pop.BackendName}'", $"{pop.Model.YamlName} cannot be quantised onto Loihi; only iaf_psc_exp, snn_leaky and leaky_readout can"));
                continue;
            }
            var found = Inputs(spec, p);
            if ((leaky ? LeakyQuantiser.Population(spec, p, found, errors) : Population(spec, p, found, errors)) is not { } quantised) continue;
            populations.Add(quantised.Population);
            inputs.AddRange(quantised.Inputs);
        }
        if (errors.Count > 0) throw new ModelException(errors);
        return new QuantisedNetwork(populations, inputs);
    }

    /// <summary>An input into a quantised population before its scale is known.</summary>
    internal sealed record Input(string Label, int Projection, int Stimulus, double MaxAbs, string MaxAbsFrom, int? WeightExp,
        int NumWeightBits, bool Inhibitory, double[] Weights, string WeightsFrom);

    internal static List<Input> Inputs(NetworkSpec spec, int population)
    {
        var inputs = new List<Input>();
        string name = spec.Populations[population].Name;
        for (int j = 0; j < spec.Projections.Count; j++)
        {
            var pr = spec.Projections[j];
            if (pr.Target != name) continue;
            var syn = pr.Synapse;
            var (maxAbs, from, weights, weightsFrom) = pr.Connector.Connections is { } list
                ? (list.Weights.Length == 0 ? 0 : list.Weights.Max(Math.Abs), $"the largest of {list.Count} connections", list.Weights,
                    $"{list.Count:N0} connections")
                : WeightsOf(syn.Weight, spec.Simulation.Seed, Streams.Synapse(j));
            inputs.Add(new Input(pr.Label, j, -1, maxAbs, from, syn.WeightExp, syn.NumWeightBits ?? SynapseSpec.DefaultNumWeightBits,
                syn.Receptor == Receptor.Inhibitory, weights, weightsFrom));
        }
        for (int s = 0; s < spec.Stimuli.Count; s++)
        {
            var st = spec.Stimuli[s];
            if (st.Target != name || st.Kind is not (StimulusKind.PoissonGenerator or StimulusKind.InhomogeneousPoissonGenerator)) continue;
            inputs.Add(new Input(st.Name ?? $"stimuli[{s}]", -1, s, Math.Abs(st.Weight), "the constant", null, SynapseSpec.DefaultNumWeightBits,
                st.Receptor == Receptor.Inhibitory, [st.Weight], "exact"));
        }
        return inputs;
    }

    /// <summary>
    /// The largest |weight| a distribution can give (its bounds; 5 standard deviations for the unbounded ones, whose
    /// rarer draws are clipped and counted) and the weights the error is measured over.
    /// </summary>
    private static (double MaxAbs, string From, double[] Weights, string WeightsFrom) WeightsOf(Distribution d, ulong seed, uint stream)
    {
        switch (d.Kind)
        {
            case DistributionKind.Constant:
                return (Math.Abs(d.Value), "the constant", [d.Value], "exact");
            case DistributionKind.Uniform or DistributionKind.NormalClipped:
                return (Math.Max(Math.Abs(d.Low), Math.Abs(d.High)), "the distribution's bounds", Sample(d, seed, stream), $"{ErrorSample:N0} draws");
            case DistributionKind.Lognormal:
                return (Math.Exp(d.Mu + 5 * d.Sigma), "e^(mu + 5 sigma)", Sample(d, seed, stream), $"{ErrorSample:N0} draws");
            default:
                return (Math.Abs(d.Mean) + 5 * d.Std, "|mean| + 5 std", Sample(d, seed, stream), $"{ErrorSample:N0} draws");
        }
    }

    private static double[] Sample(Distribution d, ulong seed, uint stream)
    {
        var draws = new double[ErrorSample];
        for (int i = 0; i < draws.Length; i++)
        {
            var rng = new RandomStream(seed, stream, (uint)i);
            draws[i] = d.Draw(ref rng);
        }
        return draws;
    }

    private static (QuantisedPopulation Population, List<QuantisedInput> Inputs)? Population(NetworkSpec spec, int p, List<Input> inputs, List<ModelError> errors)
    {
        var pop = spec.Populations[p];
        double h = spec.Simulation.DtMs;
        double tauM = pop.Param("tau_m"), cM = pop.Param("c_m"), eL = pop.Param("e_l"), vTh = pop.Param("v_th"),
            vReset = pop.Param("v_reset"), tRef = pop.Param("t_ref"), iE = pop.Param("i_e"), tauSyn = pop.Param("tau_syn_ex");

        // NEST's exact propagators of iaf_psc_exp over one step (the kernel's).
        double p11 = Math.Exp(-h / tauSyn), p22 = Math.Exp(-h / tauM), p20 = tauM / cM * -double.ExpM1(-h / tauM);
        double p21 = IafPscExp.CurrentToVoltage(tauSyn, tauM, cM, h);
        int du = DecayConstants.Du(p11), dv = DecayConstants.Dv(p22);
        double fu = DecayConstants.CurrentFactor(du), fv = DecayConstants.VoltageFactor(dv);
        // The quantised decays keep the mean drive exact: a constant current's steady voltage, and the time integral
        // of a PSC and of a PSP, scale with 1/(1 − factor); scaling input and bias by the ratio keeps them.
        double cu = 1 - p11 > 0 ? (1 - fu) / (1 - p11) : 1;
        double cv = dv > 0 && 1 - p22 > 0 ? (1 - fv) / (1 - p22) : 1;
        double biasMv = p20 * iE - double.ExpM1(-h / tauM) * (eL - vReset);

        // The finest voltage scale that leaves room below V_reset for as far below rest as the threshold lies above it.
        double floor = Math.Min(eL, vReset);
        double low = floor - (vTh - floor);
        double finest = Math.Max((vTh - vReset) / (64.0 * MaxVth), (vReset - low) / QuantisedPopulation.VMax);
        int vth = (int)Math.Clamp(Math.Floor((vTh - vReset) / (64 * finest) * (1 + 1e-12)), 1, MaxVth);
        for (; vth >= 1; vth >>= 1)
        {
            double mvPerUnit = (vTh - vReset) / (64.0 * vth);
            double bias = cv * biasMv / mvPerUnit;
            double unitsPerPa = cu * cv * p21 / mvPerUnit;
            if (BiasOf(bias) is not { } b) continue;
            if (inputs.Any(i => i.WeightExp is null && AutoExp(i.MaxAbs * unitsPerPa) is null)) continue;
            var population = new QuantisedPopulation(pop.Name, p, pop.Size, h, du, dv, vth, b.Mant, b.Exp,
                (int)Math.Round(tRef / h), mvPerUnit, vReset, unitsPerPa, p11, p22, bias, tauSyn, tauM);
            return (population, inputs.Select(i => Scaled(i, p, unitsPerPa)).ToList());
        }
        errors.Add(new ModelError($"populations[{p}]", $"'{pop.Name}'", string.Create(CultureInfo.InvariantCulture,
            $"cannot be quantised onto Loihi: with V_th − V_reset = {vTh - vReset} mV on the coarsest voltage scale, the bias of i_e ({iE} pA) " +
            $"or the largest weight ({(inputs.Count == 0 ? 0 : inputs.Max(i => i.MaxAbs))} pA) exceeds what bias_mant << bias_exp or a weight mantissa << 7 can hold")));
        return null;
    }

    /// <summary>The bias mantissa and the smallest exponent that holds <paramref name="bias"/>, or null when none does.</summary>
    internal static (int Mant, int Exp)? BiasOf(double bias)
    {
        for (int exp = 0; exp <= MaxBiasExp; exp++)
        {
            long mant = Mantissas.Round(bias / (1 << exp));
            if (Math.Abs(mant) <= MaxBiasMant) return ((int)mant, exp);
        }
        return null;
    }

    /// <summary>
    /// The smallest weight exponent in 0..7 at which an input of <paramref name="maxUnits"/> units of u has a mantissa
    /// of at most 255, or null when none has. Negative exponents are not chosen: Loihi floors the shifted sum
    /// (<c>acc &gt;&gt; −weight_exp</c>) every step, so they add no precision to one spike and bias small inputs downward.
    /// </summary>
    internal static int? AutoExp(double maxUnits)
    {
        for (int exp = 0; exp <= SynapseSpec.WeightExpRange.Max; exp++)
            if (Mantissas.Round(maxUnits / Math.Pow(2, 6 + exp)) <= QuantisedInput.MaxMantissa) return exp;
        return null;
    }

    /// <summary>
    /// Input <paramref name="i"/> at <paramref name="unitsPerPa"/> units of u per unit of weight, with the error of its
    /// weights. With <paramref name="signFromWeights"/> the sign mode is Lava's, detected from the input's mantissas (a
    /// trained network's weights have both signs); otherwise it is the receptor's.
    /// </summary>
    internal static QuantisedInput Scaled(Input i, int target, double unitsPerPa, bool signFromWeights = false)
    {
        int exp = i.WeightExp ?? AutoExp(i.MaxAbs * unitsPerPa) ?? 0;
        var error = new WeightError();
        double perPa = unitsPerPa / Math.Pow(2, 6 + exp);
        var mode = signFromWeights
            ? LoihiSynapseFormat.DetectSignMode(i.Weights.Select(w => (double)Mantissas.Round(w * perPa)).ToArray())
            : i.Inhibitory ? LoihiSignMode.Inhibitory : LoihiSignMode.Excitatory;
        var input = new QuantisedInput(i.Label, i.Projection, i.Stimulus, target, i.MaxAbs, i.MaxAbsFrom, perPa,
            exp, i.NumWeightBits, mode == LoihiSignMode.Inhibitory, i.WeightExp is not null)
        { Error = error, ErrorFrom = i.WeightsFrom, Mixed = mode == LoihiSignMode.Mixed };
        foreach (double w in i.Weights)
        {
            double back = input.RoundTrip(w, out bool clipped);
            error.Add(w, back, clipped);
        }
        return input;
    }
}
