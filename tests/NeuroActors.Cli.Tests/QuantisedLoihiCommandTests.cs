using System.Globalization;
using NeuroActors.Results;

namespace NeuroActors.Cli.Tests;

/// <summary>
/// A float population on backend loihi through the command line: inspect shows how it is quantised, run runs it
/// quantised with the energy estimate and, with --compare-float, the difference to the float run; the Loihi profile
/// comes from the model or --loihi-profile; a cluster of two node processes gives the spikes and counts of one process.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public class QuantisedLoihiCommandTests
{
    private const string Model = """
        simulation: {name: quantised, dt: 0.1, duration: 300, seed: 4}
        populations:
          - {name: noise, size: 20, model: poisson_source, parameters: {rate: 50}}
          - {name: exc, size: 10, model: iaf_psc_exp, backend: loihi, parameters: {tau_m: 10, i_e: 250}}
        projections:
          - {source: noise, target: exc, connector: {rule: all_to_all}, synapse: {receptor: excitatory, weight: 90, delay: 1}}
        recorders:
          - {type: spikes, population: exc}
          - {type: state, population: exc, neurons: [0], variables: [v, i_syn_ex]}
        """;

    /// <summary>A small balanced network of two quantised populations driven by Poisson generators: Loihi populations only.</summary>
    private const string Balanced = """
        simulation: {name: balanced, dt: 0.1, duration: 200, seed: 9, max_neurons_per_shard: 40}
        populations:
          - {name: exc, size: 160, model: iaf_psc_exp, backend: loihi, parameters: {tau_m: 20, c_m: 250, e_l: 0, v_th: 20, v_reset: 10, t_ref: 2, tau_syn_ex: 0.5, tau_syn_in: 0.5}, initial: {v: {uniform: [0, 20]}}}
          - {name: inh, size: 40, model: iaf_psc_exp, backend: loihi, parameters: {tau_m: 20, c_m: 250, e_l: 0, v_th: 20, v_reset: 10, t_ref: 2, tau_syn_ex: 0.5, tau_syn_in: 0.5}, initial: {v: {uniform: [0, 20]}}}
        projections:
          - {source: exc, target: exc, connector: {rule: fixed_indegree, indegree: 16}, synapse: {receptor: excitatory, weight: 50, delay: 1.5}}
          - {source: exc, target: inh, connector: {rule: fixed_indegree, indegree: 16}, synapse: {receptor: excitatory, weight: 50, delay: 1.5}}
          - {source: inh, target: exc, connector: {rule: fixed_indegree, indegree: 4}, synapse: {receptor: inhibitory, weight: -250, delay: 1.5}}
          - {source: inh, target: inh, connector: {rule: fixed_indegree, indegree: 4}, synapse: {receptor: inhibitory, weight: -250, delay: 1.5}}
        stimuli:
          - {type: poisson_generator, target: exc, rate: 20000, weight: 50}
          - {type: poisson_generator, target: inh, rate: 20000, weight: 50}
        recorders:
          - {type: spikes, population: exc}
          - {type: spikes, population: inh}
        """;

    [Fact]
    public void Inspect_prints_the_quantisation_and_the_profile_the_model_or_the_option_chooses()
    {
        string model = Cli.ModelFile(Model);
        var inspect = Cli.Run("inspect", model);
        Assert.True(inspect.ExitCode == 0, inspect.Error);
        Assert.Contains("Quantised onto Loihi's fixed point:", inspect.Output);
        Assert.Contains("Loihi cores (profile loihi2)", inspect.Output);
        Assert.Contains("Loihi cores (profile loihi1)", Cli.Run("inspect", model, "--loihi-profile", "loihi1").Output);
        string chosen = Cli.ModelFile(Model.Replace("seed: 4}", "seed: 4, loihi: {profile: loihi1}}"));
        var fromModel = Cli.Run("inspect", chosen);
        Assert.True(fromModel.ExitCode == 0, fromModel.Error);
        Assert.Contains("Loihi cores (profile loihi1)", fromModel.Output);
    }

    [Fact]
    public void Run_runs_the_population_quantised_with_the_energy_estimate_and_the_float_comparison()
    {
        string model = Cli.ModelFile(Model);
        var dir = Path.Combine(Cli.TempDir(), "quantised");
        var outcome = Cli.Run("run", model, "--out", dir, "-n", "2", "--format", "csv", "--no-plot", "--compare-float");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains("energy on Loihi (exc, estimate):", outcome.Output);
        Assert.Contains("quantised against float: exc:", outcome.Output);

        var results = ResultsReader.Read(dir);
        var loihi = results.Summary.Energy?.Loihi;
        Assert.NotNull(loihi);
        Assert.Equal(["exc"], loihi.Populations);
        Assert.Equal(10L * 3000, loihi.Counts["active_updates"] + loihi.Counts["inactive_updates"]);
        Assert.Equal(results.Summary.Populations.Single(p => p.Name == "exc").Spikes, loihi.Counts["spikes"]);
        Assert.True(loihi.Counts["synaptic_ops"] > 0);
        Assert.Equal(loihi.ComponentJoules["synaptic_ops"] + loihi.ComponentJoules["neuron_updates"] + loihi.ComponentJoules["spike_messages"]
            + loihi.ComponentJoules["stdp_updates"], loihi.Joules, 1e-18);
        Assert.Equal(loihi.Counts["synaptic_ops"] * 23.6e-12, loihi.ComponentJoules["synaptic_ops"], 1e-18);
        Assert.Equal(loihi.Joules / 0.3, loihi.JoulesPerBiologicalSecond!.Value, 1e-15);
        Assert.StartsWith("loihi2 cores", loihi.Hardware);

        var compared = Assert.Single(results.Summary.Quantisation!);
        var reference = ResultsReader.Read(Path.Combine(dir, "float-reference")).Summary.Populations.Single(p => p.Name == "exc");
        Assert.Equal(reference.Spikes, compared.FloatSpikes);
        Assert.Equal(compared.LoihiSpikes - compared.FloatSpikes, compared.SpikeDifference);
        Assert.True(compared.FloatSpikes > 50, $"{compared.FloatSpikes} float spikes");
        Assert.InRange(compared.RelativeDifference!.Value, -0.15, 0.15);

        // v is recorded in mV: between the reset (−70 mV) and the threshold (−55 mV).
        var v = results.Traces.Single(t => t.Variable == "v").Values.SelectMany(x => x).ToArray();
        Assert.All(v, x => Assert.InRange(x, -70.5, -55));
    }

    [Fact]
    public void A_profile_whose_limits_the_model_breaks_refuses_the_run_in_one_line()
    {
        const string wide = """
            simulation: {name: wide, dt: 0.1, duration: 5, seed: 1}
            populations:
              - {name: many, size: 5000, model: poisson_source, parameters: {rate: 10}}
              - {name: exc, size: 2, model: iaf_psc_exp, backend: loihi}
            projections:
              - {source: many, target: exc, connector: {rule: all_to_all}, synapse: {receptor: excitatory, weight: 1, delay: 1}}
            """;
        string model = Cli.ModelFile(wide);
        var dir = Path.Combine(Cli.TempDir(), "wide");
        Cli.AssertUserError(Cli.Run("run", model, "--out", dir, "-n", "2", "--no-plot", "--loihi-profile", "loihi1"),
            "simulation.loihi.profile: got 'loihi1'; population exc: core 0 has 5,000 input axons; loihi1 allows 4,096");
        Assert.False(File.Exists(Path.Combine(dir, "summary.json")));
        Cli.AssertUserError(Cli.Run("run", Cli.ModelFile(wide.Replace("seed: 1}", "seed: 1, loihi: {profile: loihi1}}")), "--out", dir, "-n", "2", "--no-plot"),
            "simulation.loihi.profile: got 'loihi1'; population exc: core 0 has 5,000 input axons");
        Cli.AssertUserError(Cli.Run("run", Cli.ModelFile(wide.Replace("seed: 1}", "seed: 1, loihi: {profile: loihi3}}")), "--out", dir, "-n", "2", "--no-plot"),
            "simulation.loihi.profile: got 'loihi3'; valid profiles are: loihi1, loihi2");
        var fits = Cli.Run("run", model, "--out", dir, "-n", "2", "--no-plot", "--format", "csv");
        Assert.True(fits.ExitCode == 0, fits.Error);
    }

    private static (string, double, int)[] Spikes(string dir) =>
        [.. ResultsReader.Read(dir).Spikes.SelectMany(p => p.TimesMs.Zip(p.NeuronIds, (t, n) => (p.Population, t, n))).Order()];

    [Fact]
    public async Task One_shard_three_shards_and_a_cluster_of_two_node_processes_give_the_same_spikes_and_energy_counts()
    {
        string model = Cli.ModelFile(Balanced);
        int workerPort = NodeProcess.FreePort(), runPort = NodeProcess.FreePort();
        using var worker = new NodeProcess($"node --seed 127.0.0.1:{workerPort} --port {workerPort} --insecure");
        await worker.Started();
        var dirs = new[] { "one", "three", "cluster" }.Select(n => Path.Combine(Cli.TempDir(), n)).ToArray();
        Assert.Equal(0, Cli.Run("run", model, "--out", dirs[0], "-n", "1", "--format", "csv", "--no-plot").ExitCode);
        Assert.Equal(0, Cli.Run("run", model, "--out", dirs[1], "-n", "3", "--format", "csv", "--no-plot").ExitCode);
        var outcome = Cli.Run("run", model, "--out", dirs[2], "--format", "csv", "--no-plot", "--cluster", $"127.0.0.1:{workerPort}", "--nodes", "2",
            "--host-shards", "--shards-per-node", "2", "--port", runPort.ToString(CultureInfo.InvariantCulture), "--join-timeout", "60", "--insecure");
        Assert.True(outcome.ExitCode == 0, outcome.Error + worker.Output);

        var summaries = dirs.Select(d => ResultsReader.Read(d).Summary).ToArray();
        Assert.Equal(4, summaries[2].Shards);
        Assert.True(summaries[0].Totals.Spikes > 1000, $"{summaries[0].Totals.Spikes} spikes");
        var counts = summaries.Select(s => s.Energy!.Loihi!.Counts.OrderBy(c => c.Key, StringComparer.Ordinal).ToArray()).ToArray();
        Assert.True(counts[0].Single(c => c.Key == "tile_hops").Value > 0);
        Assert.Equal(counts[0], counts[1]);
        Assert.Equal(counts[0], counts[2]);
        Assert.Equal(Spikes(dirs[0]), Spikes(dirs[1]));
        Assert.Equal(Spikes(dirs[0]), Spikes(dirs[2]));
    }

    [Fact]
    public void A_quantised_run_checkpointed_and_resumed_on_other_shards_gives_the_spikes_of_the_uninterrupted_run()
    {
        string model = Cli.ModelFile(Balanced);
        var dir = Cli.TempDir();
        string full = Path.Combine(dir, "full"), first = Path.Combine(dir, "first"), second = Path.Combine(dir, "second"), checkpoint = Path.Combine(dir, "at-100");
        Assert.Equal(0, Cli.Run("run", model, "--out", full, "-n", "2", "--format", "csv", "--no-plot").ExitCode);
        var written = Cli.Run("run", model, "--out", first, "-n", "3", "--duration", "100", "--checkpoint-at", "100", "--checkpoint-file", checkpoint,
            "--format", "csv", "--no-plot");
        Assert.True(written.ExitCode == 0, written.Error);
        var resumed = Cli.Run("run", model, "--out", second, "-n", "1", "--resume", checkpoint, "--duration", "100", "--format", "csv", "--no-plot");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(Spikes(full), Spikes(second));
        Assert.Contains(Spikes(full), s => s.Item2 > 100);
        // The energy counts cover what the resumed session simulated: its 100 ms of updates.
        Assert.Equal(200L * 1000, ResultsReader.Read(second).Summary.Energy!.Loihi!.Counts is var c ? c["active_updates"] + c["inactive_updates"] : 0);
    }
}
