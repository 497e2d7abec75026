using System.Globalization;
using NeuroActors.Results;

namespace NeuroActors.Cli.Tests;

public class WeightRecorderRunTests
{
    // 40 targets with 7 distinct sources each, learning with stdp; the recorder takes the synapses onto three targets.
    private const string Model = """
        simulation: {name: w, dt: 0.1, duration: 300, seed: 5}
        populations:
          - {name: input, size: 30, model: poisson_source, parameters: {rate: 40}}
          - {name: cells, size: 40, model: iaf_psc_delta, parameters: {v_th: -60}}
        projections:
          - {source: input, target: cells, name: drive, connector: {rule: fixed_indegree, indegree: 7, multapses: false}, synapse: {model: stdp, receptor: excitatory, weight: 4, delay: 1.5, Wmax: 8, lambda: 0.05, mu_plus: 0, mu_minus: 0}}
        recorders:
          - {type: spikes, population: cells}
          - {type: weights, projection: drive, targets: [0, 1, 2]}
        """;

    [Fact]
    public void Run_writes_weights_recorded_csv_the_same_for_any_number_of_shards_ending_at_the_final_weights()
    {
        string model = Cli.ModelFile(Model);
        var one = Path.Combine(Cli.TempDir(), "one");
        var three = Path.Combine(Cli.TempDir(), "three");
        Assert.Equal(0, Cli.Run("run", model, "--out", one, "-n", "1", "--no-plot").ExitCode);
        Assert.Equal(0, Cli.Run("run", model, "--out", three, "-n", "3", "--no-plot").ExitCode);

        var lines = File.ReadAllLines(Path.Combine(one, WeightRecordsCsv.FileName));
        Assert.Equal(File.ReadAllBytes(Path.Combine(one, WeightRecordsCsv.FileName)), File.ReadAllBytes(Path.Combine(three, WeightRecordsCsv.FileName)));
        Assert.Equal("projection,source,target,time_ms,weight", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).Select(p => (Projection: p[0], Source: int.Parse(p[1], CultureInfo.InvariantCulture),
            Target: int.Parse(p[2], CultureInfo.InvariantCulture), Time: double.Parse(p[3], CultureInfo.InvariantCulture),
            Weight: float.Parse(p[4], CultureInfo.InvariantCulture))).ToArray();
        Assert.True(rows.Length > 100, $"{rows.Length} records");
        Assert.All(rows, r => Assert.Equal("drive", r.Projection));
        Assert.Equal([0, 1, 2], rows.Select(r => r.Target).Distinct().Order());
        Assert.Equal(rows.OrderBy(r => r.Time).ThenBy(r => r.Source).ThenBy(r => r.Target), rows);
        Assert.Contains(rows, r => r.Weight != 4f);

        // The last record of each recorded synapse is its learned weight in weights.h5.
        var drive = SonataEdges.Read(Path.Combine(one, SonataEdges.WeightsFileName)).Single();
        int recorded = 0;
        for (int k = 0; k < drive.Count; k++)
        {
            if (drive.Target[k] > 2) continue;
            var mine = rows.Where(r => r.Source == drive.Source[k] && r.Target == drive.Target[k]).ToArray();
            if (mine.Length == 0) continue; // a source that never fired
            Assert.Equal(drive.Weight[k], (double)mine[^1].Weight);
            recorded++;
        }
        Assert.True(recorded >= 15, $"{recorded} synapses recorded");
    }
}
