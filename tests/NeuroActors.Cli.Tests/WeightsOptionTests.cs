using NeuroActors.Results;

namespace NeuroActors.Cli.Tests;

public class WeightsOptionTests
{
    // 40 targets with exactly 7 sources each, one weight and one delay: what weights.h5 must hold follows from the model alone.
    private const string Model = """
        simulation: {name: w, dt: 0.1, duration: 50, seed: 3}
        populations:
          - {name: input, size: 30, model: poisson_source, parameters: {rate: 20}}
          - {name: cells, size: 40, model: iaf_psc_delta}
        projections:
          - {source: input, target: cells, name: drive, connector: {rule: fixed_indegree, indegree: 7, multapses: false}, synapse: {receptor: excitatory, weight: 0.75, delay: 1.5}}
          - {source: cells, target: cells, connector: {rule: one_to_one}, synapse: {receptor: inhibitory, weight: -2, delay: 0.1}}
        """;

    [Fact]
    public void Chosen_projections_final_weights_are_in_weights_h5_the_same_for_any_number_of_shards()
    {
        string model = Cli.ModelFile(Model);
        var one = Path.Combine(Cli.TempDir(), "one");
        var three = Path.Combine(Cli.TempDir(), "three");

        Assert.Equal(0, Cli.Run("run", model, "--out", one, "-n", "1", "--weights", "drive").ExitCode);
        Assert.Equal(0, Cli.Run("run", model, "--out", three, "-n", "3", "--weights", "all").ExitCode);

        var drive = SonataEdges.Read(Path.Combine(one, SonataEdges.WeightsFileName)).Single();
        Assert.Equal(("drive", "input", "cells"), (drive.Name, drive.SourcePopulation, drive.TargetPopulation));
        Assert.Equal(40 * 7, drive.Count);
        Assert.All(drive.Target.GroupBy(t => t), g => Assert.Equal(7, g.Count()));
        Assert.All(drive.Target.Zip(drive.Source).GroupBy(x => x), g => Assert.Single(g));
        Assert.All(drive.Source, s => Assert.InRange(s, 0, 29));
        Assert.All(drive.Weight, w => Assert.Equal(0.75, w));
        Assert.All(drive.DelayMs, d => Assert.Equal(1.5, d, 1e-12));
        Assert.True(File.Exists(Path.Combine(one, WeightHistogramPlot.FileName)));

        var all = SonataEdges.Read(Path.Combine(three, SonataEdges.WeightsFileName)).ToDictionary(e => e.Name);
        Assert.Equal(drive.Source, all["drive"].Source);
        Assert.Equal(drive.Target, all["drive"].Target);
        var self = all["cells->cells"];
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), self.Source);
        Assert.Equal(self.Source, self.Target);
        Assert.All(self.Weight, w => Assert.Equal(-2, w));
    }

    [Fact]
    public void A_static_model_writes_no_weights_by_default_a_plastic_one_does_and_an_unknown_projection_is_one_line()
    {
        string model = Cli.ModelFile(Model);
        var dir = Path.Combine(Cli.TempDir(), "none");
        Assert.Equal(0, Cli.Run("run", model, "--out", dir, "-n", "2", "--no-plot").ExitCode);
        Assert.False(File.Exists(Path.Combine(dir, SonataEdges.WeightsFileName)));

        // The default, 'plastic', writes exactly the plastic projections.
        string plastic = Cli.ModelFile(Model.Replace("synapse: {receptor: excitatory, weight: 0.75, delay: 1.5}",
            "synapse: {model: stdp, receptor: excitatory, weight: 0.75, delay: 1.5, Wmax: 1.5}"));
        var learned = Path.Combine(Cli.TempDir(), "learned");
        Assert.Equal(0, Cli.Run("run", plastic, "--out", learned, "-n", "2", "--no-plot").ExitCode);
        Assert.Equal(["drive"], SonataEdges.Read(Path.Combine(learned, SonataEdges.WeightsFileName)).Select(e => e.Name));
        Assert.Equal(0, Cli.Run("run", plastic, "--out", dir, "-n", "2", "--no-plot", "--weights", "none").ExitCode);
        Assert.False(File.Exists(Path.Combine(dir, SonataEdges.WeightsFileName)));

        Cli.AssertUserError(Cli.Run("run", model, "--out", dir, "--weights", "drive,cells->input"),
            "--weights: got 'cells->input'; use 'plastic', 'none', 'all' or projections of the model: 'drive', 'cells->cells'");
    }

    [Fact]
    public void A_label_that_two_projections_share_is_refused_before_the_run_not_written_twice()
    {
        // Two unnamed projections cells -> cells: weights are gathered by label, so 'all' cannot tell them apart.
        string twice = Cli.ModelFile(Model + "\n  - {source: cells, target: cells, connector: {rule: one_to_one}, synapse: {receptor: excitatory, weight: 1, delay: 0.2}}\n");
        var dir = Path.Combine(Cli.TempDir(), "twice");
        Cli.AssertUserError(Cli.Run("run", twice, "--out", dir, "--weights", "all"),
            "--weights: 'cells->cells' is the label of 2 projections (unnamed projections between the same populations); give them names in the model, or choose other projections");
        Assert.False(File.Exists(Path.Combine(dir, "summary.json")));
        Assert.Equal(0, Cli.Run("run", twice, "--out", dir, "--weights", "drive", "--no-plot").ExitCode);
        Assert.Equal(["drive"], SonataEdges.Read(Path.Combine(dir, SonataEdges.WeightsFileName)).Select(e => e.Name));
    }

    [Fact]
    public void A_weights_file_is_a_connection_file_the_same_network_runs_from_with_the_same_spikes()
    {
        // weights.h5 is a SONATA edges file: a model whose projections read it (from_file) is the network that wrote it.
        // Inputs at 400 Hz, so that the cells fire.
        string model = Cli.ModelFile(Model.Replace("rate: 20", "rate: 400") +
            "\nrecorders:\n  - {type: spikes, population: cells}\n");
        var built = Path.Combine(Cli.TempDir(), "built");
        var first = Cli.Run("run", model, "--out", built, "-n", "2", "--weights", "all", "--no-plot");
        Assert.True(first.ExitCode == 0, first.Error);

        string weights = Path.Combine(built, SonataEdges.WeightsFileName);
        string fromFile = Cli.ModelFile($$$"""
            simulation: {name: w, dt: 0.1, duration: 50, seed: 3}
            populations:
              - {name: input, size: 30, model: poisson_source, parameters: {rate: 400}}
              - {name: cells, size: 40, model: iaf_psc_delta}
            projections:
              - {source: input, target: cells, name: drive, connector: {rule: from_file, file: '{{{weights}}}', edge_population: drive}, synapse: {receptor: excitatory}}
              - {source: cells, target: cells, connector: {rule: from_file, file: '{{{weights}}}', edge_population: 'cells->cells'}, synapse: {receptor: inhibitory}}
            recorders:
              - {type: spikes, population: cells}
            """);
        var again = Path.Combine(Cli.TempDir(), "again");
        var outcome = Cli.Run("run", fromFile, "--out", again, "-n", "3", "--no-plot");
        Assert.True(outcome.ExitCode == 0, outcome.Error);

        var a = ResultsReader.Read(built).Spikes.Single();
        var b = ResultsReader.Read(again).Spikes.Single();
        Assert.NotEmpty(a.TimesMs);
        Assert.Equal(a.NeuronIds, b.NeuronIds);
        Assert.Equal(a.TimesMs, b.TimesMs);
    }
}
