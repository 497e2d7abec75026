namespace NeuroActors.Model;

/// <summary>
/// The synapse models of a projection (<c>synapse.model</c> in YAML): <c>static</c>, or a spike-timing-dependent rule
/// with the semantics of the NEST synapse of the same name.
/// </summary>
public enum PlasticityRule
{
    /// <summary>NEST <c>stdp_synapse</c>: all-to-all pairing, Gütig et al. (2003) weight dependence.</summary>
    Stdp,
    /// <summary>NEST <c>stdp_nn_symm_synapse</c>: symmetric nearest-neighbour pairing.</summary>
    StdpNnSymm,
    /// <summary>NEST <c>stdp_nn_pre_centered_synapse</c>: presynaptic-centred nearest-neighbour pairing.</summary>
    StdpNnPreCentered,
    /// <summary>NEST <c>stdp_nn_restr_synapse</c>: restricted symmetric nearest-neighbour pairing.</summary>
    StdpNnRestr,
    /// <summary>NEST <c>stdp_pl_synapse_hom</c>: power-law weight dependence (Morrison et al. 2007), no upper bound.</summary>
    StdpPlSynapseHom,
}

/// <summary>
/// The plastic part of a synapse: its rule and parameters, with NEST's names and defaults. The postsynaptic trace's
/// time constant <c>tau_minus</c> belongs to the target population (<see cref="PopulationSpec.TauMinusMs"/>), as in NEST.
/// </summary>
/// <param name="Rule">The rule.</param>
/// <param name="TauPlusMs">Time constant of the presynaptic trace, ms (<c>tau_plus</c>).</param>
/// <param name="Lambda">Step size (<c>lambda</c>).</param>
/// <param name="Alpha">Asymmetry: depression steps are <c>alpha · lambda</c> (<c>alpha</c>).</param>
/// <param name="MuPlus">Weight-dependence exponent of potentiation (<c>mu_plus</c>; 0 additive, 1 multiplicative).</param>
/// <param name="MuMinus">Weight-dependence exponent of depression (<c>mu_minus</c>).</param>
/// <param name="WMax">Upper weight bound (<c>Wmax</c>), units of the weight.</param>
/// <param name="Mu">Power-law exponent of potentiation (<c>mu</c>, stdp_pl_synapse_hom only).</param>
public sealed record PlasticitySpec(
    PlasticityRule Rule,
    double TauPlusMs = 20,
    double Lambda = 0.01,
    double Alpha = 1,
    double MuPlus = 1,
    double MuMinus = 1,
    double WMax = 100,
    double Mu = 0.4)
{
    /// <summary>The YAML (and NEST, without <c>_synapse</c>) name of each rule, and <c>static</c> for none.</summary>
    public static readonly IReadOnlyList<(string Name, PlasticityRule? Rule)> Models =
    [
        ("static", null),
        ("stdp", PlasticityRule.Stdp),
        ("stdp_nn_symm", PlasticityRule.StdpNnSymm),
        ("stdp_nn_pre_centered", PlasticityRule.StdpNnPreCentered),
        ("stdp_nn_restr", PlasticityRule.StdpNnRestr),
        ("stdp_pl_synapse_hom", PlasticityRule.StdpPlSynapseHom),
    ];

    /// <summary>The YAML name of <paramref name="rule"/>.</summary>
    public static string NameOf(PlasticityRule rule) => Models.First(m => m.Rule == rule).Name;

    /// <summary>The parameters a rule takes (YAML names), each with its unit, NEST default and valid range.</summary>
    public static IReadOnlyList<ParameterInfo> ParametersOf(PlasticityRule rule) => rule == PlasticityRule.StdpPlSynapseHom
        ?
        [
            new("tau_plus", "ms", 20, 0, double.PositiveInfinity, true, "tau_plus"),
            new("lambda", "", 0.1, 0, double.PositiveInfinity, false, "lambda"),
            new("alpha", "", 1, 0, double.PositiveInfinity, false, "alpha"),
            new("mu", "", 0.4, 0, double.PositiveInfinity, false, "mu"),
        ]
        :
        [
            new("tau_plus", "ms", 20, 0, double.PositiveInfinity, true, "tau_plus"),
            new("lambda", "", 0.01, 0, double.PositiveInfinity, false, "lambda"),
            new("alpha", "", 1, 0, double.PositiveInfinity, false, "alpha"),
            new("mu_plus", "", 1, 0, double.PositiveInfinity, false, "mu_plus"),
            new("mu_minus", "", 1, 0, double.PositiveInfinity, false, "mu_minus"),
            new("Wmax", "(units of the weight)", 100, 0, double.PositiveInfinity, true, "Wmax"),
        ];

    /// <summary>A rule with NEST's defaults, then the given parameters (YAML names) applied.</summary>
    /// <exception cref="KeyNotFoundException">A name the rule does not take.</exception>
    public static PlasticitySpec Create(PlasticityRule rule, IReadOnlyDictionary<string, double>? parameters = null)
    {
        double Get(string name) => parameters is not null && parameters.TryGetValue(name, out var v) ? v
            : ParametersOf(rule).FirstOrDefault(p => p.Name == name)?.Default ?? 0;
        if (parameters is not null)
            foreach (var key in parameters.Keys)
                if (ParametersOf(rule).All(p => p.Name != key)) throw new KeyNotFoundException($"{NameOf(rule)} has no parameter '{key}'");
        return rule == PlasticityRule.StdpPlSynapseHom
            ? new PlasticitySpec(rule, Get("tau_plus"), Get("lambda"), Get("alpha"), MuPlus: 0, MuMinus: 0, WMax: double.PositiveInfinity, Mu: Get("mu"))
            : new PlasticitySpec(rule, Get("tau_plus"), Get("lambda"), Get("alpha"), Get("mu_plus"), Get("mu_minus"), Get("Wmax"), Mu: 0);
    }

    /// <summary>The value of parameter <paramref name="name"/> (a YAML name of <see cref="ParametersOf"/>).</summary>
    public double Value(string name) => name switch
    {
        "tau_plus" => TauPlusMs,
        "lambda" => Lambda,
        "alpha" => Alpha,
        "mu_plus" => MuPlus,
        "mu_minus" => MuMinus,
        "Wmax" => WMax,
        "mu" => Mu,
        _ => throw new KeyNotFoundException($"no plasticity parameter '{name}'"),
    };

    /// <summary>The largest weight the rule allows: <see cref="WMax"/>, or no bound for the power law.</summary>
    public double UpperBound => Rule == PlasticityRule.StdpPlSynapseHom ? double.PositiveInfinity : WMax;
}
