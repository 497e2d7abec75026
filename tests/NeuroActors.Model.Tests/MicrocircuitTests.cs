using System.Collections.Concurrent;
using static NeuroActors.Model.Tests.MicrocircuitReference;

namespace NeuroActors.Model.Tests;

/// <summary>
/// configs/microcircuit.yaml and its scaled versions, configs/microcircuit-small.yaml (10 %) and
/// configs/microcircuit-half.yaml (50 %), against the published tables: every size, synapse count, weight, delay,
/// input and initial condition is recomputed here (see <see cref="MicrocircuitReference"/>), without building a
/// single synapse.
/// </summary>
public class MicrocircuitTests
{
    private static readonly Lazy<NetworkSpec> Full = new(() => ModelLoader.Load(RepoFile("configs/microcircuit.yaml")));
    private static readonly ConcurrentDictionary<string, Lazy<NetworkSpec>> Scaled = new();

    /// <summary>The scaled files with their N_scaling = K_scaling.</summary>
    public static TheoryData<string, double> ScaledModels => new()
    {
        { "configs/microcircuit-small.yaml", 0.1 },
        { "configs/microcircuit-half.yaml", 0.5 },
    };

    private static NetworkSpec Load(string file) =>
        Scaled.GetOrAdd(file, f => new Lazy<NetworkSpec>(() => ModelLoader.Load(RepoFile(f)))).Value;

    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeuroActors.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, relative);
    }

    private static ProjectionSpec? Find(NetworkSpec spec, int target, int source) =>
        spec.Projections.SingleOrDefault(p => p.Target == Populations[target] && p.Source == Populations[source]);

    private static void AssertClose(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"{what}: expected {expected}, got {actual}");

    [Fact]
    public void The_full_model_has_the_published_populations()
    {
        var spec = Full.Value;

        Assert.Equal(Populations, spec.Populations.Select(p => p.Name));
        Assert.Equal(Sizes, spec.Populations.Select(p => p.Size));
        Assert.Equal(77_169, spec.TotalNeurons);
        Assert.Equal(0.1, spec.Simulation.DtMs);
        for (int i = 0; i < Populations.Length; i++)
        {
            var pop = spec.Populations[i];
            Assert.Equal(NeuronModel.IafPscExp, pop.Model);
            Assert.Equal((CmPf, TauMMs, TauSynMs, TauSynMs), (pop.Param("c_m"), pop.Param("tau_m"), pop.Param("tau_syn_ex"), pop.Param("tau_syn_in")));
            Assert.Equal((2.0, -65.0, -50.0, -65.0, 0.0), (pop.Param("t_ref"), pop.Param("e_l"), pop.Param("v_th"), pop.Param("v_reset"), pop.Param("i_e")));
            Assert.Equal(Distribution.Normal(InitialV[i].Mean, InitialV[i].Std), pop.Initial["v"]);
        }
    }

    [Fact]
    public void The_synapse_counts_follow_from_the_connection_probabilities()
    {
        var spec = Full.Value;
        long expectedTotal = 0;
        for (int i = 0; i < Populations.Length; i++)
            for (int j = 0; j < Populations.Length; j++)
            {
                var projection = Find(spec, i, j);
                if (ConnectionProbability[i, j] == 0)
                {
                    Assert.Null(projection);
                    continue;
                }
                long expected = (long)Math.Round(ExactSynapses(i, j));
                expectedTotal += expected;
                Assert.NotNull(projection);
                Assert.Equal(new ConnectorSpec(ConnectorKind.FixedTotalNumber, TotalNumber: expected), projection.Connector);
            }

        Assert.Equal(55, spec.Projections.Count);
        Assert.Equal(expectedTotal, spec.Projections.Sum(p => p.Connector.TotalNumber));
        Assert.InRange(expectedTotal, 290_000_000, 310_000_000); // "about 0.3 billion synapses"
    }

    [Fact]
    public void Weights_come_from_a_psp_of_0_15_mV_and_delays_are_clipped_at_dt()
    {
        // 87.8 pA is the figure the package (and NEST's example before it) and the paper's derivations quote.
        Assert.Equal(87.8, PscForPsp(ExcitatoryPspMv), 1);
        AssertSynapses(Full.Value, weightScale: 1);
    }

    [Fact]
    public void The_background_is_K_ext_Poisson_inputs_of_8_Hz()
    {
        var spec = Full.Value;
        Assert.Equal(Populations.Length, spec.Stimuli.Count);
        for (int i = 0; i < Populations.Length; i++)
        {
            var st = spec.Stimuli.Single(s => s.Target == Populations[i]);
            Assert.Equal((StimulusKind.PoissonGenerator, Receptor.Excitatory, null), (st.Kind, st.Receptor, st.Neurons));
            Assert.Equal(ExternalInDegree[i] * BackgroundRateHz, st.RateHz);
            AssertClose(PscForPsp(ExcitatoryPspMv), st.Weight, 1e-6, $"{Populations[i]} background weight");
        }
    }

    [Theory]
    [MemberData(nameof(ScaledModels))]
    public void The_scaled_models_scale_sizes_and_counts_as_the_package_does(string file, double scale)
    {
        var scaled = Load(file);
        // numpy rounds halves to even (10 %: L5I 106.5 → 106; 50 %: L5I 532.5 → 532, L23E 10341.5 → 10342), as
        // Math.Round does by default.
        Assert.Equal(Sizes.Select(n => (int)Math.Round(n * scale)), scaled.Populations.Select(p => p.Size));
        for (int i = 0; i < Populations.Length; i++)
            for (int j = 0; j < Populations.Length; j++)
            {
                var projection = Find(scaled, i, j);
                if (ConnectionProbability[i, j] == 0)
                {
                    Assert.Null(projection);
                    continue;
                }
                Assert.NotNull(projection);
                Assert.Equal((long)Math.Round(ExactSynapses(i, j) * scale * scale), projection.Connector.TotalNumber);
            }

        Assert.Equal(55, scaled.Projections.Count);
    }

    [Theory] // the totals that the files' headers, docs/microcircuit.md and README.md state
    [InlineData("configs/microcircuit-small.yaml", 7_717, 2_988_807)]
    [InlineData("configs/microcircuit-half.yaml", 38_586, 74_720_239)]
    public void The_scaled_models_have_the_stated_totals(string file, long neurons, long synapses)
    {
        var scaled = Load(file);
        Assert.Equal(neurons, scaled.TotalNeurons);
        Assert.Equal(synapses, scaled.Projections.Sum(p => p.Connector.TotalNumber));
    }

    [Theory]
    [MemberData(nameof(ScaledModels))]
    public void The_scaled_models_scale_weights_by_one_over_root_k(string file, double scale) =>
        AssertSynapses(Load(file), weightScale: 1 / Math.Sqrt(scale));

    [Theory]
    [MemberData(nameof(ScaledModels))]
    public void The_scaled_models_keep_the_neurons_and_compensate_the_lost_input_with_dc(string file, double scale)
    {
        var full = Full.Value;
        var scaled = Load(file);
        Assert.Equal(full.Simulation with { Name = scaled.Simulation.Name }, scaled.Simulation); // same dt, duration, seed
        for (int i = 0; i < Populations.Length; i++)
        {
            Assert.Equal(full.Populations[i].Model, scaled.Populations[i].Model);
            Assert.Equal(full.Populations[i].Parameters.OrderBy(x => x.Key), scaled.Populations[i].Parameters.OrderBy(x => x.Key));
            Assert.Equal(full.Populations[i].Initial["v"], scaled.Populations[i].Initial["v"]);
            var poisson = scaled.Stimuli.Single(s => s.Target == Populations[i] && s.Kind == StimulusKind.PoissonGenerator);
            Assert.Equal((Receptor.Excitatory, null), (poisson.Receptor, poisson.Neurons));
            Assert.Equal(Math.Round(ExternalInDegree[i] * scale) * BackgroundRateHz, poisson.RateHz);
            AssertClose(PscForPsp(ExcitatoryPspMv) / Math.Sqrt(scale), poisson.Weight, 1e-6, $"{Populations[i]} background weight");
            var dc = scaled.Stimuli.Single(s => s.Target == Populations[i] && s.Kind == StimulusKind.DcCurrent);
            Assert.Equal(0, dc.StartMs);
            Assert.Equal(double.PositiveInfinity, dc.StopMs);
            Assert.InRange(dc.AmplitudePa, DcCompensationPa(i, scale) - 1e-3, DcCompensationPa(i, scale) + 1e-3);
        }
        Assert.Equal(2 * Populations.Length, scaled.Stimuli.Count);
        Assert.Equal(full.Projections.Select(p => (p.Source, p.Target, p.Synapse.DelayMs)), scaled.Projections.Select(p => (p.Source, p.Target, p.Synapse.DelayMs)));
    }

    private static void AssertSynapses(NetworkSpec spec, double weightScale)
    {
        double dt = spec.Simulation.DtMs;
        foreach (var projection in spec.Projections)
        {
            int i = Array.IndexOf(Populations, projection.Target), j = Array.IndexOf(Populations, projection.Source);
            var (w, d) = (projection.Synapse.Weight, projection.Synapse.DelayMs);
            double mean = Weight(i, j) * weightScale;
            string what = projection.Label;

            Assert.Equal(IsExcitatory(j) ? Receptor.Excitatory : Receptor.Inhibitory, projection.Synapse.Receptor);
            Assert.Equal(DistributionKind.NormalClipped, w.Kind);
            AssertClose(mean, w.Mean, 1e-6, $"{what} weight");
            AssertClose(WeightRelativeStd * Math.Abs(mean), w.Std, 1e-6, $"{what} weight std");
            // Redrawn until the weight keeps its sign, and otherwise unbounded.
            Assert.Equal(IsExcitatory(j) ? (0, double.PositiveInfinity) : (double.NegativeInfinity, 0), (w.Low, w.High));

            double delay = IsExcitatory(j) ? 1.5 : 0.75;
            Assert.Equal(DistributionKind.NormalClipped, d.Kind);
            Assert.Equal((delay, delay / 2, dt), (d.Mean, d.Std, d.Low));
            Assert.True(d.High > delay + 100 * d.Std, $"{what}: the delay's upper bound {d.High} ms could be reached");
        }
    }
}
