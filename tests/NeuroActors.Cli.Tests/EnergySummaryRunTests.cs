using NeuroActors.Results;

namespace NeuroActors.Cli.Tests;

public class EnergySummaryRunTests
{
    [Fact]
    public void A_run_of_float_populations_gets_a_SpiNNaker_estimate_from_its_own_counts()
    {
        var outDir = Path.Combine(Cli.TempDir(), "energy");
        var outcome = Cli.Run("run", Cli.Config("intro.yaml"), "--out", outDir, "--shards", "2", "--duration", "300", "--no-plot");

        Assert.Equal(0, outcome.ExitCode);
        var summary = Summary.Read(Path.Combine(outDir, "summary.json"));
        var e = summary.Energy!.Spinnaker!;
        // Every population runs on the float kernel: its counts are the run's totals.
        Assert.Equal(summary.Totals.Spikes, e.Packets);
        Assert.Equal(summary.Totals.SynapticEvents, e.SynapticEvents);
        Assert.True(e.SynapticEvents > 0);
        Assert.Equal(0.3, e.BiologicalSeconds, 1e-12);
        Assert.Equal(e.SynapticEvents * 0.6e-6, e.Joules, 1e-12);
        Assert.Equal(e.Joules / 0.3, e.JoulesPerBiologicalSecond!.Value, 1e-12);
        Assert.Contains("energy on SpiNNaker (float populations, estimate): ", outcome.Output);
        Assert.Contains($"from {e.SynapticEvents:N0} synaptic events and {e.Packets:N0} packets", outcome.Output);
    }

    [Theory]
    [InlineData(0.18, "180 mJ")]
    [InlineData(2e-6, "2 µJ")]
    [InlineData(1.234e-11, "12.34 pJ")]
    [InlineData(0, "0 J")]
    public void Energies_are_printed_with_an_SI_prefix(double joules, string text) => Assert.Equal(text, SummaryTable.Si(joules, "J"));
}
