using static NeuroActors.Model.Tests.MicrocircuitReference;

namespace NeuroActors.Model.Tests;

/// <summary>
/// configs/microcircuit.yaml and configs/microcircuit-small.yaml against the published tables: every size, synapse
/// count, weight, delay, input and initial condition is recomputed here (see <see cref="MicrocircuitReference"/>),
/// without building a single synapse.
/// </summary>
public class MicrocircuitTests
{
    private const double Scale = 0.1; // the small file: NEST's default N_scaling = K_scaling

    private static readonly Lazy<NetworkSpec> Full = new(() => ModelLoader.Load(RepoFile("configs/microcircuit.yaml")));
    private static readonly Lazy<NetworkSpec> Small = new(() => ModelLoader.Load(RepoFile("configs/microcircuit-small.yaml")));

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
        // 87.8 pA is the figure NEST's example and the paper's derivations quote.
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

    [Fact]
    public void The_small_model_scales_sizes_and_counts_as_NEST_does()
    {
        var small = Small.Value;
        // numpy rounds halves to even (L5I: 106.5 → 106), as Math.Round does by default.
        Assert.Equal(Sizes.Select(n => (int)Math.Round(n * Scale)), small.Populations.Select(p => p.Size));
        for (int i = 0; i < Populations.Length; i++)
            for (int j = 0; j < Populations.Length; j++)
            {
                var projection = Find(small, i, j);
                if (ConnectionProbability[i, j] == 0)
                {
                    Assert.Null(projection);
                    continue;
                }
                Assert.NotNull(projection);
                Assert.Equal((long)Math.Round(ExactSynapses(i, j) * Scale * Scale), projection.Connector.TotalNumber);
            }
    }

    [Fact]
    public void The_small_model_scales_weights_by_one_over_root_k() => AssertSynapses(Small.Value, weightScale: 1 / Math.Sqrt(Scale));

    [Fact]
    public void The_small_model_keeps_the_neurons_and_compensates_the_lost_input_with_dc()
    {
        var full = Full.Value;
        var small = Small.Value;
        for (int i = 0; i < Populations.Length; i++)
        {
            Assert.Equal(full.Populations[i].Parameters.OrderBy(x => x.Key), small.Populations[i].Parameters.OrderBy(x => x.Key));
            Assert.Equal(full.Populations[i].Initial["v"], small.Populations[i].Initial["v"]);
            var poisson = small.Stimuli.Single(s => s.Target == Populations[i] && s.Kind == StimulusKind.PoissonGenerator);
            Assert.Equal(Math.Round(ExternalInDegree[i] * Scale) * BackgroundRateHz, poisson.RateHz);
            AssertClose(PscForPsp(ExcitatoryPspMv) / Math.Sqrt(Scale), poisson.Weight, 1e-6, $"{Populations[i]} background weight");
            var dc = small.Stimuli.Single(s => s.Target == Populations[i] && s.Kind == StimulusKind.DcCurrent);
            Assert.Equal(0, dc.StartMs);
            Assert.Equal(double.PositiveInfinity, dc.StopMs);
            Assert.InRange(dc.AmplitudePa, DcCompensationPa(i, Scale) - 1e-3, DcCompensationPa(i, Scale) + 1e-3);
        }
        Assert.Equal(2 * Populations.Length, small.Stimuli.Count);
        Assert.Equal(full.Projections.Select(p => (p.Source, p.Target, p.Synapse.DelayMs)), small.Projections.Select(p => (p.Source, p.Target, p.Synapse.DelayMs)));
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
