using NeuroActors.Model;

namespace NeuroActors.Model.Tests;

public class ModelLoaderTests
{
    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeuroActors.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, relative);
    }

    [Theory]
    [InlineData("configs/brunel.yaml", 12500)]
    [InlineData("configs/vogels-abbott.yaml", 4000)]
    [InlineData("configs/vogels-abbott-brette2007.yaml", 4000)]
    [InlineData("configs/intro.yaml", 200)]
    [InlineData("configs/izhikevich.yaml", 5)]
    [InlineData("configs/microcircuit.yaml", 77169)]
    [InlineData("configs/microcircuit-small.yaml", 7717)]
    [InlineData("configs/microcircuit-half.yaml", 38586)]
    public void ShippedModelsLoad(string file, int neurons)
    {
        var spec = ModelLoader.Load(RepoFile(file));
        Assert.Equal(neurons, spec.TotalNeurons);
    }

    [Fact]
    public void BrunelMatchesThePublishedParameters()
    {
        var spec = ModelLoader.Load(RepoFile("configs/brunel.yaml"));
        var exc = spec.Population("excitatory");
        Assert.Equal(10000, exc.Size);
        Assert.Equal(20, exc.Param("tau_m"));
        Assert.Equal(Distribution.Uniform(0, 20), exc.Initial["v"]);
        Assert.Equal(1000, spec.Projections[0].Connector.Degree);
        Assert.Equal(-0.5, spec.Projections[2].Synapse.Weight.Value);
        Assert.Equal(20000, spec.Stimuli[0].RateHz);
        Assert.Equal(10000, spec.Simulation.Steps);
    }

    // The COBA network of the reference figures (docs/performance.md): Brian2's COBA script (I = 20 mV with g_L = 10 nS,
    // V uniform in [Vr, Vt), no initial conductance) and NEST's iaf_cond_exp version (I_e = 200 pA, delay 0.1 ms).
    [Fact]
    public void VogelsAbbottIsTheReferenceCobaNetwork()
    {
        var spec = ModelLoader.Load(RepoFile("configs/vogels-abbott.yaml"));

        Assert.Equal((0.1, 1000.0), (spec.Simulation.DtMs, spec.Simulation.DurationMs));
        Assert.Equal([("excitatory", 3200), ("inhibitory", 800)], spec.Populations.Select(p => (p.Name, p.Size)));
        foreach (var pop in spec.Populations)
        {
            Assert.Equal(NeuronModel.IafCondExp, pop.Model);
            Assert.Equal(20.0, pop.Param("c_m") / pop.Param("g_l")); // tau_m (ms)
            Assert.Equal((200.0, 10.0, -60.0, -50.0, -60.0, 5.0), (pop.Param("c_m"), pop.Param("g_l"), pop.Param("e_l"), pop.Param("v_th"), pop.Param("v_reset"), pop.Param("t_ref")));
            Assert.Equal((0.0, -80.0, 5.0, 10.0), (pop.Param("e_ex"), pop.Param("e_in"), pop.Param("tau_syn_ex"), pop.Param("tau_syn_in")));
            Assert.Equal(20.0, pop.Param("i_e") / pop.Param("g_l")); // Brian2's I = 20 mV
            Assert.Equal(Distribution.Uniform(-60, -50), Assert.Single(pop.Initial, kv => kv.Key == "v").Value);
            Assert.DoesNotContain("g_ex", pop.Initial.Keys); // conductances start at 0
            Assert.DoesNotContain("g_in", pop.Initial.Keys);
        }
        Assert.Equal(4, spec.Projections.Count);
        foreach (var projection in spec.Projections)
        {
            bool excitatory = projection.Source == "excitatory";
            Assert.Equal(new ConnectorSpec(ConnectorKind.FixedProbability, Probability: 0.02), projection.Connector); // autapses allowed
            Assert.Equal(new SynapseSpec(excitatory ? Receptor.Excitatory : Receptor.Inhibitory,
                Distribution.Constant(excitatory ? 6 : 67), Distribution.Constant(0.1)), projection.Synapse);
        }
        Assert.Empty(spec.Stimuli);
    }

    // Brette's original start differs from the reference network in the input current and the initial state only.
    [Fact]
    public void VogelsAbbottBrette2007DiffersOnlyInItsStart()
    {
        var reference = ModelLoader.Load(RepoFile("configs/vogels-abbott.yaml"));
        var brette = ModelLoader.Load(RepoFile("configs/vogels-abbott-brette2007.yaml"));

        Assert.Equal(reference.Simulation with { Name = brette.Simulation.Name }, brette.Simulation);
        Assert.Equal(reference.Projections, brette.Projections);
        static string Show(RecorderSpec r) => $"{r.Kind} {r.Population} [{string.Join(",", r.Neurons ?? [])}] [{string.Join(",", r.Variables ?? [])}] {r.IntervalSteps}";
        Assert.Equal(reference.Recorders.Select(Show), brette.Recorders.Select(Show));
        for (int i = 0; i < reference.Populations.Count; i++)
        {
            var (r, b) = (reference.Populations[i], brette.Populations[i]);
            Assert.Equal(0, b.Param("i_e"));
            Assert.Equal(r.Parameters.Where(kv => kv.Key != "i_e").OrderBy(kv => kv.Key), b.Parameters.OrderBy(kv => kv.Key));
            Assert.Equal(Distribution.Normal(-65, 5), b.Initial["v"]);
            Assert.Equal(Distribution.Normal(40, 15), b.Initial["g_ex"]);
            Assert.Equal(Distribution.Normal(200, 120), b.Initial["g_in"]);
        }
    }

    private const string Example = """
        simulation: {name: demo, dt: 0.1, duration: 50, seed: 3}
        populations:
          - {name: src, size: 3, model: spike_source_array, spike_times: [[1.0, 2.0], [], [5.5]]}
          - name: lif
            size: 10
            model: iaf_psc_exp
            parameters: {tau_m: 15, tau_syn_ex: 3}
            initial: {v: {normal_clipped: [-65, 2, -70, -60]}, i_syn_ex: 0}
          - {name: noise, size: 4, model: poisson_source, rates: [1, 2, 3, 4]}
        projections:
          - {source: src, target: lif, connector: {rule: explicit, pairs: [[0, 1], [2, 9]]}, synapse: {weight: 100, delay: 1}}
          - name: recurrent
            source: lif
            target: lif
            connector: {rule: fixed_indegree, indegree: 3, autapses: false, multapses: false}
            synapse: {receptor: inhibitory, weight: {uniform: [-20, -10]}, delay: {normal_clipped: [2, 0.5, 1, 3]}}
          - {source: noise, target: lif, connector: {rule: fixed_probability, p: 0.5}, synapse: {weight: {lognormal: [1, 0.2]}, delay: 0.5}}
        stimuli:
          - {type: poisson_generator, target: lif, rate: 100, weight: 5, neurons: {range: [0, 5]}}
          - {type: dc, target: lif, amplitude: 20, start: 10, stop: 20}
          - {type: step_current, target: lif, neurons: [1, 2], times: [0, 25], amplitudes: [5, -5]}
        recorders:
          - {type: spikes, population: lif}
          - {type: state, population: lif, neurons: [0, 3], variables: [v, i_syn_in], interval: 5}
        """;

    [Fact]
    public void YamlAndBuilderGiveTheSameModel()
    {
        var yaml = ModelLoader.Parse(Example);
        var built = new NetworkBuilder("demo", 0.1, 50, 3)
            .SpikeSourceArray("src", new[] { new[] { 1.0, 2.0 }, Array.Empty<double>(), new[] { 5.5 } })
            .Population("lif", 10, NeuronModel.IafPscExp, new() { ["tau_m"] = 15, ["tau_syn_ex"] = 3 },
                new() { ["v"] = Distribution.NormalClipped(-65, 2, -70, -60), ["i_syn_ex"] = Distribution.Constant(0) })
            .PoissonSource("noise", 4, 10, new double[] { 1, 2, 3, 4 })
            .Projection("src", "lif", new ConnectorSpec(ConnectorKind.Explicit, Pairs: new[] { (0, 1), (2, 9) }),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(100), Distribution.Constant(1)))
            .Projection("lif", "lif", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 3, AllowAutapses: false, AllowMultapses: false),
                new SynapseSpec(Receptor.Inhibitory, Distribution.Uniform(-20, -10), Distribution.NormalClipped(2, 0.5, 1, 3)), "recurrent")
            .Projection("noise", "lif", new ConnectorSpec(ConnectorKind.FixedProbability, Probability: 0.5),
                new SynapseSpec(Receptor.Excitatory, Distribution.Lognormal(1, 0.2), Distribution.Constant(0.5)))
            .Stimulus(new StimulusSpec(StimulusKind.PoissonGenerator, "lif", new[] { 0, 1, 2, 3, 4 }, RateHz: 100, Weight: 5))
            .Dc("lif", 20, 10, 20)
            .Stimulus(new StimulusSpec(StimulusKind.StepCurrent, "lif", new[] { 1, 2 }, TimesMs: new double[] { 0, 25 }, AmplitudesPa: new double[] { 5, -5 }))
            .RecordSpikes("lif")
            .RecordState("lif", new[] { "v", "i_syn_in" }, new[] { 0, 3 }, 5)
            .Build();
        Assert.Equal(Canonical(built), Canonical(yaml));
    }

    // Records holding lists compare by reference; compare a structural rendering instead.
    private static string Canonical(NetworkSpec spec) => SpecJson.Serialize(spec);

    [Fact]
    public void DefaultsAreFilledIn()
    {
        var spec = ModelLoader.Parse("populations: [{name: a, size: 2, model: iaf_psc_delta}]");
        Assert.Equal(0.1, spec.Simulation.DtMs);
        Assert.Equal(-70, spec.Populations[0].Param("e_l"));
        Assert.Empty(spec.Projections);
    }
}
