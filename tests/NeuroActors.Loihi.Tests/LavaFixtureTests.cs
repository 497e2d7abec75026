using System.Globalization;
using System.Text.Json;

namespace NeuroActors.Loihi.Tests;

/// <summary>
/// Lava's own run of Dense → LIF (Fixtures/lava, recorded by benchmarks/lava/lava_fixture.py from PyDenseModelBitAcc and
/// PyLifModelBitAcc, step by step), replayed through the synapse format, the input ring and the compartments:
/// every effective weight, every step's a_in, u, v and spike must be Lava's, integer for integer.
/// </summary>
public class LavaFixtureTests
{
    /// <summary>The recorded cases (see Fixtures/lava/README.md for what each covers).</summary>
    public static TheoryData<string> Cases => new() { "mixed8", "mixed6_exp-5", "excitatory_wrap", "inhibitory5_wrap" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WeightsAreClippedAndTruncatedAsLavasDense(string name)
    {
        var f = Fixture.Load(name);
        var format = f.Format();
        Assert.Equal(f.SignMode, format.SignMode);
        for (int t = 0; t < f.Targets; t++)
            for (int s = 0; s < f.Sources; s++)
                Assert.True(f.EffectiveWeights[t][s] == format.Mantissa(f.RawWeights[t][s]),
                    $"{name}: weight {s} → {t}: raw {f.RawWeights[t][s]}, Lava {f.EffectiveWeights[t][s]}, ours {format.Mantissa(f.RawWeights[t][s])}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void InputCurrentVoltageAndSpikesAreLavasEveryStep(string name)
    {
        var f = Fixture.Load(name);
        var format = f.Format();
        var ring = new LoihiInputRing(f.Targets, [format.ShiftsAccumulatedSum ? -format.WeightExp : 0]);
        var lif = new LoihiCompartments(f.Targets);
        lif.SetParameter("du", [f.Du]);
        lif.SetParameter("dv", [f.Dv]);
        lif.SetParameter("vth", [f.Vth]);
        lif.SetParameter("bias_mant", f.BiasMant);
        lif.SetParameter("bias_exp", f.BiasExp);
        f.U0.CopyTo(lif.U, 0);
        f.V0.CopyTo(lif.V, 0);
        var aIn = new int[f.Targets];
        var spiked = new int[f.Targets];

        // NeuroActors' step s (0-based) is Lava's step s + 1; rows of the fixture are indexed by Lava's step − 1.
        for (int s = 0; s < f.Steps; s++)
        {
            Array.Clear(aIn);
            ring.Take(s, aIn);
            Assert.True(f.AIn[s].SequenceEqual(aIn), $"{name}: a_in of Lava step {s + 1}: Lava [{string.Join(", ", f.AIn[s])}], ours [{string.Join(", ", aIn)}]");

            int n = lif.Step(s, aIn, spiked);
            Assert.True(f.U[s].SequenceEqual(lif.U), $"{name}: u after Lava step {s + 1}: Lava [{string.Join(", ", f.U[s])}], ours [{string.Join(", ", lif.U)}]");
            Assert.True(f.V[s].SequenceEqual(lif.V), $"{name}: v after Lava step {s + 1}: Lava [{string.Join(", ", f.V[s])}], ours [{string.Join(", ", lif.V)}]");
            Assert.Equal(f.Spikes[s], spiked[..n]);

            // The sources' spikes of Lava step s + 1 (NeuroActors' step s), delay 1: in a_in of NeuroActors' step s + 1.
            foreach (int source in f.SourceSpikes[s])
                for (int t = 0; t < f.Targets; t++)
                    ring.Add(0, s + 1, t, format.Stored(format.Mantissa(f.RawWeights[t][source])));
        }
    }

    /// <summary>One case's files, rows indexed by Lava's step − 1.</summary>
    private sealed record Fixture(
        int Sources, int Targets, int Steps, int Du, int Dv, int Vth, int[] BiasMant, int[] BiasExp, int[] U0, int[] V0,
        int WeightExp, int NumWeightBits, LoihiSignMode SignMode, double[][] RawWeights, int[][] EffectiveWeights,
        int[][] SourceSpikes, int[][] AIn, int[][] U, int[][] V, int[][] Spikes)
    {
        public LoihiSynapseFormat Format() =>
            new(LoihiSynapseFormat.DetectSignMode(RawWeights.SelectMany(r => r).ToArray()), NumWeightBits, WeightExp);

        public static Fixture Load(string name)
        {
            string dir = Path.Combine(Root(), "tests", "NeuroActors.Loihi.Tests", "Fixtures", "lava", name);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "case.json")));
            var c = json.RootElement;
            int Int(string key) => c.GetProperty(key).GetInt32();
            int[] Ints(string key) => [.. c.GetProperty(key).EnumerateArray().Select(e => e.GetInt32())];
            int sources = Int("n_in"), targets = Int("n_out"), steps = Int("steps");

            var raw = new double[targets][];
            for (int t = 0; t < targets; t++) raw[t] = new double[sources];
            foreach (var row in Rows(dir, "weights.csv", "source,target,weight,delay_ms"))
            {
                Assert.Equal(1, row[3]);
                raw[row[1]][row[0]] = row[2];
            }
            var effective = Rows(dir, "weights_effective.csv", "target," + string.Join(",", Enumerable.Range(0, sources).Select(i => $"s{i}")))
                .Select(r => r[1..]).ToArray();

            return new Fixture(sources, targets, steps, Int("du"), Int("dv"), Int("vth"), Ints("bias_mant"), Ints("bias_exp"),
                Ints("u0"), Ints("v0"), Int("weight_exp"), Int("num_weight_bits"),
                c.GetProperty("sign_mode").GetString() switch
                {
                    "mixed" => LoihiSignMode.Mixed,
                    "excitatory" => LoihiSignMode.Excitatory,
                    "inhibitory" => LoihiSignMode.Inhibitory,
                    var other => throw new InvalidDataException($"{name}/case.json: sign_mode {other}"),
                },
                raw, effective,
                PerStep(Rows(dir, "inputs.csv", "time_ms,source"), steps),
                Trace(dir, "a_in.csv", targets, steps), Trace(dir, "u.csv", targets, steps), Trace(dir, "v.csv", targets, steps),
                PerStep(Rows(dir, "spikes.csv", "time_ms,neuron"), steps));
        }

        /// <summary>(time_ms, index) rows grouped by step: entry k holds the indices, ascending, of Lava step k + 1.</summary>
        private static int[][] PerStep(IEnumerable<int[]> rows, int steps)
        {
            var lists = Enumerable.Range(0, steps).Select(_ => new List<int>()).ToArray();
            foreach (var r in rows) lists[r[0] - 1].Add(r[1]);
            return [.. lists.Select(l => l.Order().ToArray())];
        }

        /// <summary>A time_ms,n0..n(k−1) file: one row per step, time_ms = 1, 2, … in order.</summary>
        private static int[][] Trace(string dir, string file, int targets, int steps)
        {
            var rows = Rows(dir, file, "time_ms," + string.Join(",", Enumerable.Range(0, targets).Select(i => $"n{i}"))).ToArray();
            Assert.Equal(steps, rows.Length);
            for (int k = 0; k < steps; k++) Assert.Equal(k + 1, rows[k][0]);
            return [.. rows.Select(r => r[1..])];
        }

        private static IEnumerable<int[]> Rows(string dir, string file, string header)
        {
            var lines = File.ReadAllLines(Path.Combine(dir, file));
            Assert.Equal(header, lines[0]);
            return lines.Skip(1).Where(l => l.Length > 0)
                .Select(l => l.Split(',').Select(x => int.Parse(x, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToArray());
        }

        private static string Root()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeuroActors.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("NeuroActors.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
